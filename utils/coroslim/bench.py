"""scripts/bench: side-by-side figures for every coroslim pass and target.

Part of coroslim. See docs/benchmarks.md (what every figure means).

  scripts/bench OUTDIR [--quick] [--programs a,b] [--levels O2,Os]
                [--targets x86-64,thumbv7em] [--build-dir DIR] [--no-build]
                [--plugin SO] [--no-callgrind] [--no-plots] [--no-refs]
                [--no-split] [--no-gate] [--exceptions FILE]
  scripts/bench OUTDIR --gate-only [--exceptions FILE]

Builds the plugin (scripts/build, BUILD_DIR=build unless --build-dir),
then for every program x -O level x variant compiles, sizes, runs and
counts, and writes OUTDIR/results.json, OUTDIR/results.md and PNG plots.

Variants of a C coroutine program (coroslim/coro.h, checked mode):
  baseline      only coroslim-c-presplit (-mllvm -coroslim-disable=all)
  <pass> alone  every other coroslim pass disabled (strip-done-traps
                alone also gets -coroslim-release: it does nothing without)
  all           every coroslim pass
  all+release   every coroslim pass and -mllvm -coroslim-release
Reference points, for the programs under bench/ that have them:
  hand-written  bench/<p>/<p>_pt.c, a protothreads-style switch machine
  C++ clang++   bench/<p>/<p>.cpp, clang++-22 -std=c++20, without and with
                the plugin
  C++ g++-12    the same source, g++-12 -std=c++20

Metrics (all deterministic except compile time, which is only reported):
  .text bytes of the object for x86-64, thumbv7em-none-eabi, riscv32 and
  wasm32 (llvm-size -A; .text* sections, CODE for wasm; embedded targets
  and wasm are built -ffreestanding); lowered states and frame bytes
  (x86-64 IR after the pipeline: "states" and "frame_bytes" of the
  "lowered" records of print<coroslim-states<json>>, report.py); frame
  allocations (printed by the program);
  instructions executed (valgrind --tool=callgrind, Ir total, run with an
  empty environment so the count does not depend on the caller); share of
  the optimisation pipeline spent in coroslim passes (clang -ftime-report).

The "never worse" gate (utils/coroslim/gate.py) then checks that no
variant that runs coroslim passes has more .text (any target) or frame
bytes than the baseline (all+release: nor than all; C++ with the plugin:
than C++ without); a growing cell not
listed in bench/never-worse-exceptions.txt makes the exit status 1, a
listed one is printed as known, a listed one that no longer grows as
stale (a warning). --gate-only re-checks OUTDIR/results.json.

Missing tools (valgrind, g++-12, matplotlib, a pass that is not built yet)
turn their cells into "n/a (...)" and are named once at the start; a
missing LLVM 22 or a program whose output differs between variants is an
error (exit status 1), and so is a growing cell the exceptions do not
list.
"""

import argparse
import datetime
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import gate as never_worse
from . import measure, report, toolchain
from . import plugin as plugin_info
from .measure import first_error, run

ROOT = Path(toolchain.ROOT)

# Every coroslim pass that can be switched off, in pipeline order (docs/design.md).
# Which of them exist is asked from the plugin at start-up.
PASSES = [
    "coroslim-fold-suspend-free",
    "coroslim-inline-single-suspend",
    "coroslim-strip-done-traps",
    "coroslim-merge-states",
]

TARGETS = {
    "x86-64": [],
    "thumbv7em": ["--target=thumbv7em-none-eabi", "-mcpu=cortex-m4",
                  "-ffreestanding"],
    "riscv32": ["--target=riscv32-unknown-elf", "-march=rv32imac",
                "-mabi=ilp32", "-ffreestanding"],
    "wasm32": ["--target=wasm32-unknown-unknown", "-ffreestanding"],
}
QUICK_TARGETS = ["x86-64", "thumbv7em"]

NOT_BUILT = "n/a (pass not built)"


def short(name):
    return name[len("coroslim-"):] if name.startswith("coroslim-") else name


# ---------------------------------------------------------------------------
# Progress and errors


def say(msg):
    print(msg, flush=True)


def warn(msg):
    print("bench: warning: " + msg, file=sys.stderr, flush=True)


def die(msg):
    print("bench: error: " + msg, file=sys.stderr, flush=True)
    sys.exit(1)


# ---------------------------------------------------------------------------
# Tools


class Tools:
    def __init__(self, args):
        try:
            self.llvm_bin = Path(toolchain.llvm_bin(str(args.build_dir)))
        except toolchain.NotFound as e:
            die(str(e))
        self.clang = self.llvm_bin / "clang"
        self.clangxx = self.llvm_bin / "clang++"
        self.opt = self.llvm_bin / "opt"
        self.size = self.llvm_bin / "llvm-size"
        self.objdump = self.llvm_bin / "llvm-objdump"
        self.dwarfdump = self.llvm_bin / "llvm-dwarfdump"
        missing = [str(t) for t in (self.clang, self.clangxx, self.opt,
                                    self.size, self.objdump, self.dwarfdump)
                   if not os.access(t, os.X_OK)]
        if missing:
            die("LLVM 22 tools not found (%s); install %s "
                "(scripts/install-deps)" % (", ".join(missing),
                                            toolchain.PACKAGES))
        self.gxx = shutil.which("g++-12")
        self.valgrind = None if args.no_callgrind else shutil.which("valgrind")
        self.plt = None if args.no_plots else load_matplotlib()
        self.notes = []
        if not self.gxx:
            self.notes.append("g++-12 not found: the C++ g++-12 rows are n/a "
                              "(apt-get install g++-12)")
        if args.no_callgrind:
            self.notes.append("--no-callgrind: instructions are n/a")
        elif not self.valgrind:
            self.notes.append("valgrind not found: instructions are n/a "
                              "(apt-get install valgrind)")
        if args.no_plots:
            self.notes.append("--no-plots: no PNG plots")
        elif not self.plt:
            self.notes.append("matplotlib not found for %s: no PNG plots "
                              "(apt-get install python3-matplotlib)"
                              % sys.executable)


def load_matplotlib():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        return None


def reexec_with_system_python():
    """Debian's python3-matplotlib lives in /usr/bin/python3's path; a pyenv
    or venv python3 earlier on PATH does not see it. Re-run under the
    system interpreter once, before any work is done."""
    if os.environ.get("COROSLIM_BENCH_REEXEC") or load_matplotlib():
        return
    system = "/usr/bin/python3"
    if not os.access(system, os.X_OK) or \
            os.path.realpath(system) == os.path.realpath(sys.executable):
        return
    rc, _, _ = run([system, "-c", "import matplotlib"])
    if rc != 0:
        return
    os.environ["COROSLIM_BENCH_REEXEC"] = "1"
    # sys.argv[0] is the entry point (scripts/bench), not this module.
    os.execv(system, [system, str(Path(sys.argv[0]).resolve())] +
             sys.argv[1:])


def build(args):
    if args.no_build:
        return
    say("bench: building the plugin into %s (scripts/build)" % args.build_dir)
    env = dict(os.environ, BUILD_DIR=str(args.build_dir))
    p = subprocess.run([str(ROOT / "scripts" / "build")], cwd=ROOT, env=env)
    if p.returncode != 0:
        die("scripts/build failed (exit %d)" % p.returncode)


def probe_plugin(tools, plugin):
    """Asks the plugin which passes and flags it has: a flag that names an
    unknown pass is rejected by -coroslim-disable, so this is exact."""
    def accepts(*flags):
        return plugin_info.accepts(plugin, *flags, opt=tools.opt)
    if not accepts():
        die("the plugin %s does not load into %s" % (plugin, tools.opt))
    found = [p for p in PASSES if accepts("-coroslim-disable=%s" % p)]
    release = accepts("-coroslim-release")
    return found, release


# ---------------------------------------------------------------------------
# Programs


class Program:
    def __init__(self, name, src, refs=None):
        self.name = name
        self.src = src
        self.refs = refs or {}  # "pt" -> path, "cxx" -> path


def discover_programs():
    progs = []
    bench = ROOT / "bench"
    for d in sorted(bench.iterdir()) if bench.is_dir() else []:
        src = d / (d.name + ".c")
        if d.name == "common" or not src.is_file():
            continue
        refs = {}
        if (d / (d.name + "_pt.c")).is_file():
            refs["pt"] = d / (d.name + "_pt.c")
        if (d / (d.name + ".cpp")).is_file():
            refs["cxx"] = d / (d.name + ".cpp")
        progs.append(Program(d.name, src, refs))
    for group in ("examples", "test/e2e"):
        for src in sorted((ROOT / group).glob("*.c")):
            progs.append(Program("%s/%s" % (Path(group).name, src.stem), src))
    return progs


def select_programs(args, progs):
    if args.programs:
        pats = [p.strip() for p in args.programs.split(",") if p.strip()]
        chosen = [p for p in progs
                  if any(fnmatch.fnmatch(p.name, pat) for pat in pats)]
        unknown = [pat for pat in pats
                   if not any(fnmatch.fnmatch(p.name, pat) for p in progs)]
        if unknown:
            die("no program matches %s; known: %s"
                % (", ".join(unknown), ", ".join(p.name for p in progs)))
        return chosen
    if args.quick:
        ex = [p for p in progs if p.name.startswith("examples/")]
        if ex:
            return ex
        warn("examples/ has no programs yet: --quick runs bench/sensor")
        return [p for p in progs if p.name == "sensor"]
    # The full run: the bench programs and the bundled examples. The e2e
    # programs are correctness tests; name them (--programs 'e2e/*') to
    # include them.
    return [p for p in progs if not p.name.startswith("e2e/")]


# ---------------------------------------------------------------------------
# Variants


class Variant:
    """One way of compiling a program. kind: c (coroslim/coro.h source),
    pt (hand-written C), cxx (C++ with clang++), gxx (C++ with g++-12)."""

    def __init__(self, key, label, kind, mllvm=(), plugin=True, missing=None):
        self.key = key
        self.label = label
        self.kind = kind
        self.mllvm = list(mllvm)
        self.plugin = plugin
        self.missing = missing  # why the variant cannot be built, or None


def c_variants(found, release):
    vs = [Variant("baseline", "baseline (c-presplit only)", "c",
                  ["-coroslim-disable=all"])]
    for p in PASSES:
        label = short(p) + " alone"
        if p not in found:
            vs.append(Variant("alone:" + p, label, "c", missing=NOT_BUILT))
            continue
        others = [o for o in found if o != p]
        flags = ["-coroslim-disable=" + ",".join(others)] if others else []
        if p == "coroslim-strip-done-traps":
            label += " (release)"
            if not release:
                vs.append(Variant("alone:" + p, label, "c",
                                  missing="n/a (no -coroslim-release flag)"))
                continue
            flags.append("-coroslim-release")
        vs.append(Variant("alone:" + p, label, "c", flags))
    vs.append(Variant("all", "all passes", "c"))
    vs.append(Variant("all+release", "all passes + release", "c",
                      ["-coroslim-release"],
                      missing=None if release
                      else "n/a (no -coroslim-release flag)"))
    return vs


def ref_variants(prog, tools):
    vs = []
    if "pt" in prog.refs:
        vs.append(Variant("ref:pt", "hand-written (protothreads)", "pt",
                          plugin=False))
    if "cxx" in prog.refs:
        vs.append(Variant("ref:clang++", "C++20 clang++-22", "cxx",
                          plugin=False))
        vs.append(Variant("ref:clang++coroslim", "C++20 clang++-22 + coroslim",
                          "cxx"))
        vs.append(Variant("ref:g++", "C++20 g++-12", "gxx", plugin=False,
                          missing=None if tools.gxx
                          else "n/a (g++-12 not installed)"))
    return vs


def compiler(tools, plugin, prog, v, level):
    """The compile command (without -c/-S/-o) and the source."""
    if v.kind == "c":
        cmd = [tools.clang, "-Xclang", "-fcoroutines"] + \
            toolchain.clang_plugin_args(plugin) + \
            ["-I%s" % (ROOT / "include"), "-" + level]
        for f in v.mllvm:
            cmd += ["-mllvm", f]
        return cmd, prog.src
    if v.kind == "pt":
        return [tools.clang, "-" + level], prog.refs["pt"]
    if v.kind == "cxx":
        cmd = [tools.clangxx, "-std=c++20", "-" + level]
        if v.plugin:
            cmd += toolchain.clang_plugin_args(plugin)
        return cmd, prog.refs["cxx"]
    return [tools.gxx, "-std=c++20", "-" + level], prog.refs["cxx"]


# ---------------------------------------------------------------------------
# Measurements


def text_bytes(tools, obj):
    return measure.text_bytes(obj, size=tools.size)


class Attribution:
    """Which part of .text each function of a program belongs to
    (measure.attribute), from the program's unoptimised IR with debug
    info: one front-end compile per program, source (C, hand-written, C++)
    and hosted/freestanding, whatever the variant and level, so every
    variant of a program is split by the same rule."""

    HARNESS = (ROOT / "bench" / "common" / "bench.h",)

    def __init__(self, tools, plugin, workdir):
        self.tools, self.plugin, self.workdir = tools, plugin, workdir
        self.cache = {}

    def classes(self, prog, kind, target):
        """({function: part}, None) or (None, why it is n/a)."""
        group = "cxx" if kind in ("cxx", "gxx") else kind
        hosted = target == "x86-64"
        key = (prog.name, group, hosted)
        if key not in self.cache:
            self.cache[key] = self._make(prog, group, target)
        return self.cache[key]

    @staticmethod
    def source(prog, kind):
        return {"c": prog.src, "pt": prog.refs.get("pt"),
                "cxx": prog.refs.get("cxx"),
                "gxx": prog.refs.get("cxx")}[kind]

    def _make(self, prog, group, target):
        t = self.tools
        src = self.source(prog, group)
        stem = "%s-%s-%s-attr" % (prog.name.replace("/", "_"), group,
                                  "hosted" if target == "x86-64"
                                  else "freestanding")
        fe = self.workdir / (stem + ".ll")
        cmd = ([t.clangxx, "-std=c++20"] if group == "cxx" else
               [t.clang, "-Xclang", "-fcoroutines",
                "-I%s" % (ROOT / "include")] if group == "c" else [t.clang])
        cmd += ["-g", "-O0", "-Xclang", "-disable-llvm-passes", "-S",
                "-emit-llvm"] + TARGETS[target] + [src, "-o", fe]
        rc, _, err = run(cmd)
        if rc != 0:
            return None, "n/a (attribution IR: %s)" % first_error(err)
        if group == "c":
            # The C runtime's coroutines are marked by coroslim-c-presplit.
            marked = self.workdir / (stem + "-presplit.ll")
            rc, _, err = run([t.opt, "-load-pass-plugin=%s" % self.plugin,
                              "-passes=coroslim-c-presplit", fe, "-S", "-o",
                              marked])
            if rc != 0:
                return None, "n/a (coroslim-c-presplit: %s)" \
                    % first_error(err)
            fe = marked
        classes = measure.attribute(measure.ir_functions(fe.read_text()),
                                    src, self.HARNESS)
        if group == "pt":
            # The floor has no coroutines: its state machines are its own
            # functions that the coroutine version does not also have as
            # plain functions. Both have main/bench_entry and the driver
            # `run` (the rest); the floor's tasks and the channels they
            # implement by hand are its state machines.
            c, why = self.classes(prog, "c", target)
            if c is None:
                return None, why
            for name, part in classes.items():
                if part == "rest" and c.get(name) != "rest":
                    classes[name] = "coroutine"
        return classes, None


def split_text_of(tools, attribution, prog, v, target, obj, cmd):
    """The .text of obj by part (measure.text_split), with a second compile
    of the same command plus -gline-tables-only (g++: -g) for the inlined
    functions' bytes. Line tables only: they have every inlined subroutine's address
    ranges, and no variable locations, which full -g adds and which
    merge-states declines to merge over (different debug records in two
    awaits), so the code stays the same."""
    classes, why = attribution.classes(prog, v.kind, target)
    if classes is None:
        return None, why
    gobj = obj.with_name(obj.stem + "-g.o")
    # g++ has no -gline-tables-only; its -g keeps the code as it is.
    debug = "-g" if v.kind == "gxx" else "-gline-tables-only"
    rc, _, err = run(cmd + [debug, "-o", gobj])
    if rc != 0:
        return None, "n/a (compile with line tables: %s)" % first_error(err)
    return measure.text_split(obj, classes, attribution.source(prog, v.kind),
                              Attribution.HARNESS, dwarf_obj=gobj,
                              objdump=tools.objdump, size=tools.size,
                              dwarfdump=tools.dwarfdump)


def callgrind(tools, exe, workdir):
    return measure.callgrind(exe, workdir, valgrind=tools.valgrind)


def measure_variant(tools, plugin, prog, v, level, targets, workdir,
                    attribution, split=True):
    """Returns {metric: value} and {metric: why it is n/a}. split=False
    skips the .text split (and its second compile of every object)."""
    vals, why = {}, {}

    def split_text(*a):
        if not split:
            return None, "n/a (--no-split)"
        return split_text_of(*a)

    base, src = compiler(tools, plugin, prog, v, level)
    stem = "%s-%s-%s" % (prog.name.replace("/", "_"), level,
                         re.sub(r"[^A-Za-z0-9]+", "_", v.key))
    timed = v.plugin and v.kind in ("c", "cxx")

    # x86-64: object (+ time report), executable, run, callgrind, IR.
    obj = workdir / (stem + ".o")
    cmd = base + ["-c", src, "-o", obj] + (["-ftime-report"] if timed else [])
    rc, _, err = run(cmd)
    if rc != 0:
        return None, {"error": "x86-64 compile failed: " + first_error(err)}
    vals["text:x86-64"], w = text_bytes(tools, obj)
    if w:
        why["text:x86-64"] = w
    vals["split:x86-64"], w = split_text(tools, attribution, prog, v,
                                         "x86-64", obj,
                                         base + ["-c", src])
    if w:
        why["split:x86-64"] = w
    if timed:
        tr = measure.time_report(err)
        if tr:
            vals["coroslim_s"], vals["pipeline_s"] = tr
            vals["compile_pct"] = round(100.0 * tr[0] / tr[1], 2)
        else:
            why["compile_pct"] = "n/a (no -ftime-report output)"
    else:
        why["compile_pct"] = "n/a (no plugin)"

    exe = workdir / stem
    linker = base[:1] if v.kind != "c" else [tools.clang]
    rc, _, err = run(linker + [obj, "-o", exe])
    if rc != 0:
        return None, {"error": "link failed: " + first_error(err)}
    rc, out, err = run(["./prog"], cwd=measure.stage(exe, workdir),
                       timeout=120)
    if rc != 0:
        return None, {"error": "run failed (exit %d): %s"
                      % (rc, first_error(err))}
    o = measure.program_output(out)
    vals["result"], vals["behaviour"] = o["result"], o["behaviour"]
    vals["frames"] = o["frames"]
    if o["frames"] is None:
        why["frames"] = "n/a (the program prints no frame count)"
    if tools.valgrind:
        vals["ir"], w = callgrind(tools, exe, workdir)
        if w:
            why["ir"] = w
    else:
        why["ir"] = "n/a (valgrind not run)"

    if v.kind == "gxx":
        for k in ("states", "frame_bytes", "coroutines"):
            why[k] = "n/a (g++ has no LLVM IR)"
    elif v.kind == "pt":
        vals["coroutines"] = 0
        for k in ("states", "frame_bytes"):
            why[k] = "n/a (hand-written)"
    else:
        ll = workdir / (stem + ".ll")
        rc, _, err = run(base + ["-S", "-emit-llvm", src, "-o", ll])
        if rc != 0:
            why["states"] = why["frame_bytes"] = \
                "n/a (IR: %s)" % first_error(err)
        else:
            try:
                st = report.read(ll, plugin=plugin, opt=tools.opt).totals()
            except report.ReportError as e:
                st = {"coroutines": None, "states": None,
                      "frame_bytes": None, "per_coroutine": {}}
                why["coroutines"] = "n/a (print<coroslim-states>: %s)" % e
            vals["coroutines"] = st["coroutines"]
            vals["per_coroutine"] = st["per_coroutine"]
            for k in ("states", "frame_bytes"):
                vals[k] = st[k]
                if st[k] is None:
                    # per_coroutine names the coroutine whose frame size
                    # the report does not know.
                    why[k] = why.get("coroutines") or (
                        "n/a (frame size not in the states report)"
                        if k == "frame_bytes" else
                        "n/a (print<coroslim-states>: not recognised)")

    # Other targets: freestanding objects.
    for t in targets:
        if t == "x86-64":
            continue
        if v.kind == "gxx":
            why["text:" + t] = why["split:" + t] = "n/a (x86-64 only)"
            continue
        tobj = workdir / ("%s-%s.o" % (stem, t))
        rc, _, err = run(base + TARGETS[t] + ["-c", src, "-o", tobj])
        if rc != 0:
            reason = first_error(err)
            if v.kind == "cxx" and "file not found" in reason:
                reason = "no C++ standard library for this target"
            why["text:" + t] = why["split:" + t] = "n/a (%s)" % reason
            continue
        vals["text:" + t], w = text_bytes(tools, tobj)
        if w:
            why["text:" + t] = w
        vals["split:" + t], w = split_text(tools, attribution, prog, v, t,
                                           tobj, base + TARGETS[t] +
                                           ["-c", src])
        if w:
            why["split:" + t] = w
    return vals, why


# ---------------------------------------------------------------------------
# Report


METRICS = [
    ("text:x86-64", "x86-64 .text"),
    ("text:thumbv7em", "thumbv7em .text"),
    ("text:riscv32", "riscv32 .text"),
    ("text:wasm32", "wasm32 code"),
    ("states", "states"),
    ("frame_bytes", "frame B"),
    ("frames", "allocations"),
    ("ir", "instructions (Ir)"),
    ("compile_pct", "coroslim % of compile"),
]

# What each column means, printed under the tables (scripts/demo shows it).
# docs/benchmarks.md ("Columns") is the long form; keep the two in step.
LEGEND = {
    "text": "bytes of code in the object (llvm-size -A: the .text* "
            "sections; CODE for wasm32); embedded targets and wasm32 are "
            "built -ffreestanding",
    "states": "dispatch states of the coroutines left after the whole "
              "pipeline, summed (\"states\" of print<coroslim-states<json>>'s "
              "lowered records); a coroutine folded or inlined away no "
              "longer counts",
    "frame_bytes": "bytes of coroutine frame, summed over the same "
                   "coroutines (\"frame_bytes\" of the same records): the "
                   "state one instance of each needs",
    "frames": "frames the program allocated from the heap in one run (its "
              "`frames:` line); CoroElide puts some on the stack",
    "ir": "instructions the x86-64 program executed (valgrind "
          "--tool=callgrind), whole process",
    "compile_pct": "share of clang's pass pipeline time spent in coroslim "
                   "passes (-ftime-report); the only figure that varies "
                   "from run to run",
}


def cell(row, key, base):
    if row.get("missing"):
        return row["missing"]
    if row.get("error"):
        return "error"
    v = row["values"].get(key)
    if v is None:
        w = row["why"].get(key, "n/a")
        return w if w.startswith("n/a") else "n/a"
    if key == "compile_pct":
        return "%.1f%%" % v
    s = str(v)
    b = base["values"].get(key) if base and base.get("values") else None
    if isinstance(b, int) and b > 0 and row["variant"] != "baseline" \
            and key != "compile_pct":
        s += " (%+.1f%%)" % (100.0 * (v - b) / b)
    return s


SPLIT_LEGEND = (
    "**.text by part** (`coroutines / runtime / rest`, bytes, every "
    "target): each function of the object owns its bytes up to the next "
    "function, so the parts add up to the .text column. *coroutines*: the "
    "functions of the program's coroutines, told from its unoptimised IR "
    "(`presplitcoroutine`, which coroslim-c-presplit sets for the C "
    "runtime), their ramps and CoroSplit clones (`.resume`, `.destroy`, "
    "`.cleanup`; g++'s `.actor`), with whatever was inlined into them, and "
    "also a coroutine inlined into another function (a ramp inlined into "
    "`run` at -O2), found through the debug info of a second compile with "
    "-gline-tables-only; "
    "for the hand-written floor, its task functions (those the coroutine "
    "version does not also have as plain functions), inlined or not. "
    "*runtime*: functions defined outside the program's source "
    "(coroslim/coro.h, bench_coro.h, task.hpp, pt.h, C++ headers) that "
    "stayed functions. *rest*: main, the driver, the program's helpers, "
    "and the runtime inlined into them. `(×N)`: the coroutines part over "
    "the floor's state machines, same target. `†`: the debug info changed "
    "the code, so inlined coroutines were not looked for (split by "
    "symbols alone)")


def split_cell(row, target, floor):
    if row.get("missing"):
        return row["missing"]
    if row.get("error"):
        return "error"
    sp = row["values"].get("split:" + target)
    if not sp:
        w = row["why"].get("split:" + target, "n/a")
        return w if w.startswith("n/a") else "n/a"
    s = "%d / %d / %d" % (sp["coroutine"], sp["runtime"], sp["rest"])
    if sp.get("g_differs"):
        s += "†"
    fl = floor["values"].get("split:" + target) \
        if floor and floor.get("values") else None
    if fl and fl["coroutine"] and row is not floor:
        s += " (×%.1f)" % (float(sp["coroutine"]) / fl["coroutine"])
    return s


def split_table(results, meta, level):
    out = ["", "### -%s: .text by part, coroutines / runtime / rest" % level,
           ""]
    out.append("| program | variant | " + " | ".join(
        "%s" % t for t in meta["targets"]) + " |")
    out.append("|---|---|" + "---|" * len(meta["targets"]))
    for prog in meta["programs"]:
        rows = [r for r in results
                if r["program"] == prog and r["level"] == level]
        floor = next((r for r in rows if r["variant"] == "ref:pt"), None)
        for r in rows:
            out.append("| %s | %s | %s |" % (prog, r["label"], " | ".join(
                split_cell(r, t, floor) for t in meta["targets"])))
    return out


def markdown(results, meta, gate=None, exceptions=None):
    out = ["# coroslim benchmark results", ""]
    out.append("Generated %s by `scripts/bench %s` at commit %s."
               % (meta["date"], " ".join(meta["argv"]), meta["commit"]))
    out.append("")
    out.append("Passes built: %s. Targets: %s. Percentages are relative "
               "to the baseline row of the same program and level."
               % (", ".join(short(p) for p in meta["passes"]) or "none",
                  ", ".join(meta["targets"])))
    for n in meta["notes"]:
        out.append("")
        out.append("Note: " + n)
    metrics = [(k, h) for k, h in METRICS
               if not k.startswith("text:") or k[5:] in meta["targets"]]
    for level in meta["levels"]:
        out += ["", "## -%s" % level, ""]
        out.append("| program | variant | " +
                   " | ".join(h for _, h in metrics) + " |")
        out.append("|---|---|" + "---|" * len(metrics))
        for prog in meta["programs"]:
            rows = [r for r in results
                    if r["program"] == prog and r["level"] == level]
            base = next((r for r in rows if r["variant"] == "baseline"), None)
            for r in rows:
                cells = [cell(r, k, base) for k, _ in metrics]
                label = r["label"]
                if r.get("error"):
                    label += " — " + r["error"]
                elif r.get("mismatch"):
                    label += " — OUTPUT DIFFERS FROM BASELINE"
                out.append("| %s | %s | %s |" % (prog, label,
                                                 " | ".join(cells)))
        out += split_table(results, meta, level)
    if gate is not None:
        out += never_worse.markdown(gate, exceptions)
    out += ["", "## What the columns mean", ""]
    out.append("Percentages compare with the baseline row (only "
               "coroslim-c-presplit) of the same program and level; "
               "`n/a (...)` says why a figure is missing.")
    out.append("")
    for key, head in metrics:
        if key.startswith("text:") and key != metrics[0][0]:
            continue
        name = "<target> .text" if key.startswith("text:") else head
        out.append("- **%s**: %s." % (name, LEGEND[key.split(":")[0]]))
        if key.startswith("text:"):
            out.append("- " + SPLIT_LEGEND + ".")
    out += ["", "How each figure is made, and the rows: docs/benchmarks.md.",
            ""]
    return "\n".join(out)


def plot(plt, results, meta, outdir):
    """Per level: text.png (.text relative to baseline, one panel per
    target), split.png (.text by part, stacked, beside the floor),
    runtime.png (instructions and allocations relative to
    baseline), states.png (lowered states and frame bytes, absolute)."""
    files = []
    for level in meta["levels"]:
        progs = [p for p in meta["programs"]
                 if any(r["program"] == p and r["level"] == level
                        and r.get("values") for r in results)]
        if not progs:
            continue
        labels = []
        for r in results:
            if r["level"] == level and r.get("values") and \
                    r["label"] not in labels:
                labels.append(r["label"])

        def series(key, relative):
            data = {}
            for lab in labels:
                ys = []
                for p in progs:
                    rows = [r for r in results if r["program"] == p and
                            r["level"] == level]
                    base = next((r for r in rows
                                 if r["variant"] == "baseline"), None)
                    row = next((r for r in rows if r["label"] == lab), None)
                    v = row["values"].get(key) if row and \
                        row.get("values") else None
                    b = base["values"].get(key) if base and \
                        base.get("values") else None
                    if v is None or (relative and not b):
                        ys.append(None)
                    else:
                        ys.append(100.0 * v / b if relative else v)
                data[lab] = ys
            return data

        def bars(ax, data, title, ylabel, ref100=False):
            n = max(1, len(labels))
            width = 0.8 / n
            cmap = plt.get_cmap("tab20")
            for i, lab in enumerate(labels):
                xs = [j + (i - (n - 1) / 2) * width for j in range(len(progs))]
                ys = data[lab]
                ax.bar([x for x, y in zip(xs, ys) if y is not None],
                       [y for y in ys if y is not None], width,
                       label=lab, color=cmap(i % 20))
            ax.set_xticks(range(len(progs)))
            ax.set_xticklabels(progs, rotation=20, fontsize=8)
            ax.set_title(title, fontsize=10)
            ax.set_ylabel(ylabel, fontsize=8)
            if ref100:
                ax.axhline(100, color="black", linewidth=0.6)

        targets = meta["targets"]
        fig, axes = plt.subplots(len(targets), 1,
                                 figsize=(11, 3.2 * len(targets)),
                                 squeeze=False)
        for ax, t in zip(axes[:, 0], targets):
            bars(ax, series("text:" + t, True), "%s .text, -%s" % (t, level),
                 "% of baseline", True)
        axes[0, 0].legend(fontsize=7, ncol=3, loc="lower left")
        fig.tight_layout()
        name = "text-%s.png" % level
        fig.savefig(outdir / name, dpi=90)
        plt.close(fig)
        files.append(name)

        fig, axes = plt.subplots(2, 1, figsize=(11, 6.4), squeeze=False)
        bars(axes[0, 0], series("ir", True),
             "instructions executed (callgrind Ir), x86-64, -%s" % level,
             "% of baseline", True)
        bars(axes[1, 0], series("frames", False),
             "frame allocations, x86-64, -%s" % level, "allocations")
        axes[0, 0].legend(fontsize=7, ncol=3, loc="lower left")
        fig.tight_layout()
        name = "runtime-%s.png" % level
        fig.savefig(outdir / name, dpi=90)
        plt.close(fig)
        files.append(name)

        # .text by part, stacked: the rows that frame the gap to the floor.
        keep = ["baseline", "all", "all+release", "ref:pt", "ref:clang++"]
        fig, axes = plt.subplots(len(targets), 1,
                                 figsize=(11, 3.2 * len(targets)),
                                 squeeze=False)
        colours = {"coroutine": "tab:red", "runtime": "tab:blue",
                   "rest": "tab:gray"}
        for ax, t in zip(axes[:, 0], targets):
            width = 0.8 / len(keep)
            names = {}
            for j, p in enumerate(progs):
                for i, key in enumerate(keep):
                    row = next((r for r in results if r["program"] == p and
                                r["level"] == level and r["variant"] == key
                                and r.get("values")), None)
                    sp = row["values"].get("split:" + t) if row else None
                    if not sp:
                        continue
                    names[key] = row["label"]
                    x = j + (i - (len(keep) - 1) / 2) * width
                    bottom = 0
                    for part in measure.PARTS:
                        ax.bar(x, sp[part], width, bottom=bottom,
                               color=colours[part], edgecolor="white",
                               linewidth=0.4,
                               label=part if (j, i) == (0, 0) else None)
                        bottom += sp[part]
            ax.set_xticks(range(len(progs)))
            ax.set_xticklabels(progs, rotation=20, fontsize=8)
            ax.set_title("%s .text by part, -%s; bars: %s" % (
                t, level, ", ".join(names.get(k, k) for k in keep)),
                fontsize=8)
            ax.set_ylabel("bytes", fontsize=8)
        axes[0, 0].legend(fontsize=7, loc="upper right")
        fig.tight_layout()
        name = "split-%s.png" % level
        fig.savefig(outdir / name, dpi=90)
        plt.close(fig)
        files.append(name)

        fig, axes = plt.subplots(2, 1, figsize=(11, 6.4), squeeze=False)
        bars(axes[0, 0], series("states", False),
             "lowered dispatch states (sum over coroutines), -%s" % level,
             "states")
        bars(axes[1, 0], series("frame_bytes", False),
             "frame bytes (sum over coroutines), -%s" % level, "bytes")
        axes[0, 0].legend(fontsize=7, ncol=3, loc="upper right")
        fig.tight_layout()
        name = "states-%s.png" % level
        fig.savefig(outdir / name, dpi=90)
        plt.close(fig)
        files.append(name)
    return files


# ---------------------------------------------------------------------------


def git_commit():
    rc, out, _ = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    if rc != 0:
        return "unknown"
    rc2, st, _ = run(["git", "-C", ROOT, "status", "--porcelain",
                      "--untracked-files=no"])
    return out.strip() + ("+dirty" if rc2 == 0 and st.strip() else "")


EXCEPTIONS = ROOT / "bench" / "never-worse-exceptions.txt"


def rel(path):
    """path as the repository names it, for messages."""
    try:
        return str(Path(path).resolve().relative_to(ROOT.resolve()))
    except ValueError:
        return str(path)


def run_gate(results, exceptions, path, gate=None):
    """Prints the never-worse gate's findings; True when a cell grows that
    the exceptions do not list."""
    if gate is None:
        gate = never_worse.check(results, exceptions)
    out, warns, errs = never_worse.report_lines(gate, rel(path))
    for line in out[:-1]:
        say("bench: " + line)
    for line in errs:
        print("bench: " + line, file=sys.stderr, flush=True)
    for line in warns:
        warn(line)
    say("bench: " + out[-1])
    return bool(gate["violations"])


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Benchmark every coroslim pass: .text per target, "
        "states, frame bytes, allocations, instructions, compile time. "
        "Writes results.json, results.md and PNG plots into OUTDIR.")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--quick", action="store_true",
                    help="the bundled examples/ only, x86-64 + thumbv7em, "
                    "-Os")
    ap.add_argument("--programs", help="comma-separated names or globs "
                    "(sensor, examples/*, e2e/nested_await)")
    ap.add_argument("--levels", help="comma-separated -O levels "
                    "(default O2,Os; --quick: Os)")
    ap.add_argument("--targets", help="comma-separated, from %s"
                    % ",".join(TARGETS))
    ap.add_argument("--build-dir", type=Path,
                    default=Path(os.environ.get("BUILD_DIR", "build")),
                    help="build tree (default $BUILD_DIR or build)")
    ap.add_argument("--no-build", action="store_true",
                    help="use the build tree as it is")
    ap.add_argument("--plugin", type=Path,
                    help="use this CoroSlim.so (implies --no-build)")
    ap.add_argument("--no-callgrind", action="store_true",
                    help="skip valgrind (instructions n/a)")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--no-refs", action="store_true",
                    help="only the C variants: no hand-written or C++ rows")
    ap.add_argument("--no-split", action="store_true",
                    help="no .text by part (saves the second compile of "
                    "every object)")
    ap.add_argument("--no-gate", action="store_true",
                    help="skip the never-worse gate: a cell that grows "
                    "against its reference row does not fail the run")
    ap.add_argument("--exceptions", type=Path, default=EXCEPTIONS,
                    help="the gate's list of cells allowed to grow "
                    "(default bench/never-worse-exceptions.txt)")
    ap.add_argument("--gate-only", action="store_true",
                    help="build and measure nothing: run the gate on "
                    "OUTDIR/results.json")
    args = ap.parse_args(argv)
    if not (args.no_plots or args.gate_only):
        reexec_with_system_python()
    try:
        exceptions = never_worse.read_exceptions(args.exceptions)
    except never_worse.ExceptionsError as e:
        die(str(e))
    if args.gate_only:
        try:
            data = never_worse.load_results(args.outdir / "results.json")
        except (OSError, ValueError) as e:
            die("cannot read %s: %s" % (args.outdir / "results.json", e))
        sys.exit(1 if run_gate(data["results"], exceptions,
                               args.exceptions) else 0)

    levels = (args.levels or ("Os" if args.quick else "O2,Os")).split(",")
    levels = [l.strip().lstrip("-") for l in levels if l.strip()]
    for l in levels:
        if l not in ("O0", "O1", "O2", "O3", "Os", "Oz"):
            die("unknown -O level '%s' (O0 O1 O2 O3 Os Oz)" % l)
    targets = (args.targets.split(",") if args.targets
               else QUICK_TARGETS if args.quick else list(TARGETS))
    for t in targets:
        if t not in TARGETS:
            die("unknown target '%s' (%s)" % (t, ", ".join(TARGETS)))
    if "x86-64" not in targets:
        targets.insert(0, "x86-64")  # runs and IR are x86-64

    build_dir = args.build_dir if args.build_dir.is_absolute() \
        else ROOT / args.build_dir
    args.build_dir = build_dir
    tools = Tools(args)
    if args.plugin:
        args.no_build = True
    build(args)
    plugin = (args.plugin.resolve() if args.plugin
              else build_dir / "passes" / "CoroSlim.so")
    if not plugin.is_file():
        die("plugin %s not found; build it (scripts/build) or drop "
            "--no-build" % plugin)
    found, release = probe_plugin(tools, plugin)
    for p in PASSES:
        if p not in found:
            tools.notes.append("%s is not in the plugin yet: its rows are "
                               "%s" % (p, NOT_BUILT))
    for n in tools.notes:
        say("bench: " + n)

    progs = select_programs(args, discover_programs())
    if not progs:
        die("no benchmark programs found")
    outdir = args.outdir if args.outdir.is_absolute() \
        else Path.cwd() / args.outdir
    workdir = outdir / "work"
    workdir.mkdir(parents=True, exist_ok=True)

    cvars = c_variants(found, release)
    attribution = Attribution(tools, plugin, workdir)
    jobs = [(p, l, v) for p in progs for l in levels
            for v in cvars + ([] if args.no_refs else ref_variants(p, tools))]
    say("bench: %d programs x %d levels, %d builds, targets %s"
        % (len(progs), len(levels), len(jobs), ",".join(targets)))

    results, failed = [], []
    start = time.time()
    for i, (prog, level, v) in enumerate(jobs, 1):
        say("[%d/%d] %s -%s %s" % (i, len(jobs), prog.name, level, v.label))
        row = {"program": prog.name, "level": level, "variant": v.key,
               "label": v.label, "values": {}, "why": {}}
        if v.missing:
            row["missing"] = v.missing
            results.append(row)
            continue
        vals, why = measure_variant(tools, plugin, prog, v, level, targets,
                                    workdir, attribution,
                                    split=not args.no_split)
        if vals is None:
            row["error"] = why["error"]
            say("    error: " + row["error"])
            failed.append("%s -%s %s: %s" % (prog.name, level, v.label,
                                             row["error"]))
        else:
            row["values"], row["why"] = vals, why
        results.append(row)

    # Every variant of a program must behave like its baseline; the
    # reference implementations must compute the same result.
    for r in results:
        if not r.get("values"):
            continue
        base = next((b for b in results if b["program"] == r["program"]
                     and b["level"] == r["level"]
                     and b["variant"] == "baseline" and b.get("values")),
                    None)
        if not base or r is base:
            continue
        if r["variant"].startswith("ref:"):
            same = r["values"].get("result") == base["values"].get("result")
        else:
            same = r["values"].get("behaviour") == \
                base["values"].get("behaviour")
        if not same:
            r["mismatch"] = True
            failed.append("%s -%s %s: output differs from the baseline"
                          % (r["program"], r["level"], r["label"]))
    for r in results:
        r.get("values", {}).pop("behaviour", None)

    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "argv": sys.argv[1:],
        "commit": git_commit(),
        "llvm_bin": str(tools.llvm_bin),
        "plugin": str(plugin),
        "passes": found,
        "release_flag": release,
        "levels": levels,
        "targets": targets,
        "programs": [p.name for p in progs],
        "notes": tools.notes,
        "seconds": round(time.time() - start, 1),
    }
    gate = None
    if not args.no_gate:
        gate = never_worse.check(results, exceptions)
    (outdir / "results.json").write_text(
        json.dumps({"meta": meta, "results": results, "never_worse": gate},
                   indent=1) + "\n")
    md = markdown(results, meta, gate, rel(args.exceptions))
    (outdir / "results.md").write_text(md)
    plots = []
    if tools.plt:
        plots = plot(tools.plt, results, meta, outdir)
    say("bench: wrote %s/results.json, results.md%s (%.0f s)"
        % (outdir, "".join(", " + p for p in plots), time.time() - start))
    if gate is not None and run_gate(results, exceptions, args.exceptions,
                                     gate):
        failed.append("never-worse: %d cells grow and are not listed in %s"
                      % (len(gate["violations"]), rel(args.exceptions)))
    if failed:
        for f in failed:
            print("bench: FAILED " + f, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
