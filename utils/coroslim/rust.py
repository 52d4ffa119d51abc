"""coroslim on Rust programs: the plugin configurations and the two build
routes that scripts/rust-matrix (rust_matrix.py) and scripts/rust-figures
(rust_figures.py) share. docs/rust.md explains both routes.

Route "rustc": rustc loads build/passes/CoroSlimRust.so itself
(-Z llvm-plugins, hence RUSTC_BOOTSTRAP=1) and takes the plugin's options as
the parameters of coroslim-options in -C passes (rustc parses -C llvm-args
before it loads plugins, so -coroslim-release cannot go there).

Route "opt": rustc emits each codegen unit's bitcode before any optimisation
(-C no-prepopulate-passes -C lto=off --emit=llvm-bc --out-dir), opt with
build/passes/CoroSlim.so runs default<Os|Oz|O3> on each, llc compiles each to
an object, and rustc links the objects into a program through a stub crate
(#![no_main]: the objects hold `main`) that brings std, the panic runtime and
the allocator shim; -Z pre-link-arg puts the objects before the rlibs, so the
link does not depend on the linker resolving archives out of order.
"""

import glob
import os
import re
import shutil

from . import measure, toolchain

INPUTS = os.path.join(toolchain.ROOT, "test", "rust", "Inputs")
EDITION = "2021"

# ---------------------------------------------------------------------------
# The plugin flags of every configuration, in one place. "rustc" is what
# route rustc adds after `-Z llvm-plugins=CoroSlimRust.so` (None: plugin not
# loaded at all), "opt" what route opt adds after
# `-load-pass-plugin=CoroSlim.so`. rustc takes the plugin's options as the
# parameters of the pseudo-pass coroslim-options in -C passes (the spelling
# of -coroslim-release, -coroslim-done-resume= and -coroslim-disable= there,
# docs/options.md); opt takes the flags. A per-fix variant is one more row,
# for example
#   "no-merge": {"rustc": ["-C", "passes=coroslim-options<release;"
#                          "disable=coroslim-merge-states>"],
#                "opt": ["-coroslim-release",
#                        "-coroslim-disable=coroslim-merge-states"]},
CONFIGS = {
    # rustc without the plugin: the baseline.
    "plain": {"rustc": None, "opt": None},
    # The plugin loaded with its defaults (no release mode): strip-done-traps
    # keeps every trap, the pipeline's other fixes run.
    "default": {"rustc": [], "opt": []},
    # Release mode, a completed future answers Pending when polled again.
    "return": {
        "rustc": ["-C", "passes=coroslim-options<release>"],
        "opt": ["-coroslim-release"],
    },
    # Release mode, polling a completed future is undefined behaviour.
    "unreachable": {
        "rustc": ["-C", "passes=coroslim-options<release;"
                  "done-resume=unreachable>"],
        "opt": ["-coroslim-release", "-coroslim-done-resume=unreachable"],
    },
}

# Each fix alone, for the figures of docs/rust.md (`scripts/rust-figures
# --configs plain,default,strip-return,...`): `default` is merge-states'
# lowered form alone (strip-done-traps does nothing without release), these
# are strip-done-traps alone. The matrix and the trap counts use CONFIGS.
FIX_CONFIGS = {
    "strip-return": {
        "rustc": ["-C", "passes=coroslim-options<release;"
                  "disable=coroslim-merge-states>"],
        "opt": ["-coroslim-release", "-coroslim-disable=coroslim-merge-states"],
    },
    "strip-unreachable": {
        "rustc": ["-C", "passes=coroslim-options<release;"
                  "done-resume=unreachable;disable=coroslim-merge-states>"],
        "opt": ["-coroslim-release", "-coroslim-done-resume=unreachable",
                "-coroslim-disable=coroslim-merge-states"],
    },
}
ALL_CONFIGS = {**CONFIGS, **FIX_CONFIGS}

# The release modes the matrix checks against plain rustc.
MODES = ("return", "unreachable")

LEVELS = ("s", "z", "3")
UNITS = (1, 4)
PANICS = ("abort", "unwind")

# opt's pipeline and llc's codegen level for a rustc opt-level (rustc
# generates code at Default for s and z, Aggressive for 3).
OPT_PIPELINE = {"s": "default<Os>", "z": "default<Oz>", "3": "default<O3>",
                "2": "default<O2>", "1": "default<O1>"}
LLC_LEVEL = {"s": "-O2", "z": "-O2", "3": "-O3", "2": "-O2", "1": "-O1"}

# Programs that re-poll a completed future on purpose: their output differs
# in release mode by design (test/rust/strip-done-traps.test and
# repoll-shapes.test check it), so the matrix and the figures leave them out.
REPOLL = ("repoll", "repoll_shapes")

RESUMED_CALL = re.compile(
    r"^\s*(?:%\S+ = )?(?:tail |musttail |notail )?(?:call|invoke)\b"
    r"[^\n]*async_fn_resumed", re.M)


class BuildError(Exception):
    pass


def programs(names=None):
    """{name: path} of the Rust inputs (test/rust/Inputs/*.rs), less the
    re-poll programs; \\p names (a list) selects some."""
    found = {os.path.splitext(os.path.basename(p))[0]: p
             for p in sorted(glob.glob(os.path.join(INPUTS, "*.rs")))}
    if names:
        missing = [n for n in names if n not in found]
        if missing:
            raise BuildError("no such program: %s (have %s)"
                             % (", ".join(missing), ", ".join(found)))
        return {n: found[n] for n in names}
    return {n: p for n, p in found.items() if n not in REPOLL}


def rust_plugin(build=None):
    """$COROSLIM_RUST_PLUGIN, else the build tree's CoroSlimRust.so."""
    return os.environ.get("COROSLIM_RUST_PLUGIN") or os.path.join(
        build or toolchain.default_build(), "passes", "CoroSlimRust.so")


def rustc_env():
    """The environment for rustc: -Z llvm-plugins and -Z pre-link-arg are
    unstable, RUSTC_BOOTSTRAP lets stable rustc take them."""
    env = dict(os.environ)
    env["RUSTC_BOOTSTRAP"] = "1"
    return env


def codegen_flags(level, units, panic):
    return ["--edition", EDITION, "-C", "opt-level=%s" % level,
            "-C", "codegen-units=%d" % units, "-C", "panic=%s" % panic]


def _check(cmd, what, cwd=None):
    rc, out, err = measure.run(cmd, cwd=cwd, env=rustc_env())
    if rc != 0:
        raise BuildError("%s: %s\n  $ %s" % (what, measure.first_error(err),
                                             " ".join(map(str, cmd))))
    return out


def rustc_flags(config, plugin=None):
    """What route rustc adds to a rustc command line for \\p config."""
    extra = ALL_CONFIGS[config]["rustc"]
    if extra is None:
        return []
    return ["-Z", "llvm-plugins=%s" % (plugin or rust_plugin())] + extra


def build_rustc(src, outdir, level, units, panic, config, emit=("link",),
                plugin=None):
    """Route rustc: compiles \\p src to <outdir>/prog (plus prog.ll /
    prog.o for emit llvm-ir / obj). Returns the program's path."""
    os.makedirs(outdir, exist_ok=True)
    exe = os.path.join(outdir, "prog")
    _check(["rustc"] + codegen_flags(level, units, panic)
           + rustc_flags(config, plugin)
           + ["--emit=%s" % ",".join(emit), src, "-o", exe],
           "rustc (%s)" % config)
    return exe


def emit_bitcode(src, outdir, level, units, panic):
    """Route opt, step 1: each codegen unit's bitcode before any LLVM
    optimisation (no local ThinLTO either: -C lto=off). Returns the .bc
    files."""
    os.makedirs(outdir, exist_ok=True)
    _check(["rustc"] + codegen_flags(level, units, panic)
           + ["-C", "no-prepopulate-passes", "-C", "lto=off",
              "--emit=llvm-bc", "--out-dir", outdir, src],
           "rustc --emit=llvm-bc")
    bcs = sorted(glob.glob(os.path.join(outdir, "*.bc")))
    if not bcs:
        raise BuildError("rustc --emit=llvm-bc wrote no bitcode in %s"
                         % outdir)
    return bcs


STUB = "// Links objects that define `main` with std.\n#![no_main]\n"


def link_objects(objs, outdir, panic, level="s"):
    """Route opt, step 3: links \\p objs with std through a #![no_main]
    stub crate. Returns the program's path."""
    stub = os.path.join(outdir, "stub.rs")
    with open(stub, "w") as f:
        f.write(STUB)
    exe = os.path.join(outdir, "prog")
    cmd = ["rustc", "--edition", EDITION, "-C", "opt-level=%s" % level,
           "-C", "panic=%s" % panic]
    for o in objs:
        cmd += ["-Z", "pre-link-arg=%s" % os.path.abspath(o)]
    _check(cmd + [stub, "-o", exe], "link through the stub crate")
    return exe


def build_opt(bcs, outdir, level, panic, config, plugin=None, keep_ir=False):
    """Route opt, steps 2 and 3: opt (with the plugin's \\p config flags)
    and llc on every bitcode file, then the link. Returns the program's
    path; with \\p keep_ir also writes <outdir>/<cgu>.ll."""
    os.makedirs(outdir, exist_ok=True)
    extra = ALL_CONFIGS[config]["opt"]
    load = [] if extra is None else [
        "-load-pass-plugin=%s" % (plugin or toolchain.plugin())] + extra
    objs = []
    for bc in bcs:
        base = os.path.join(outdir, os.path.basename(bc)[:-3])
        _check([toolchain.tool("opt")] + load
               + ["-passes=%s" % OPT_PIPELINE[level], bc,
                  "-o", base + ".opt.bc"],
               "opt (%s)" % config)
        if keep_ir:
            _check([toolchain.tool("llvm-dis"), base + ".opt.bc", "-o",
                    base + ".ll"], "llvm-dis")
        _check([toolchain.tool("llc"), LLC_LEVEL[level], "-filetype=obj",
                "-relocation-model=pic", base + ".opt.bc", "-o", base + ".o"],
               "llc")
        objs.append(base + ".o")
    return link_objects(objs, outdir, panic, level)


def run_program(exe, timeout=60):
    """(exit status, stdout) of a program."""
    rc, out, _ = measure.run([exe], timeout=timeout)
    return rc, out


def resumed_calls(ll_text):
    """Calls (and invokes) of the resumed-after-completion panics
    (…panic_const_async_fn_resumed, …_resumed_panic) in LLVM IR."""
    return len(RESUMED_CALL.findall(ll_text))


def clean(path):
    shutil.rmtree(path, ignore_errors=True)


def names(s):
    """The names of a comma-separated command-line list (empty ones
    dropped): --programs, --configs, --levels of the rust-* scripts."""
    return [n for n in s.split(",") if n] if s else []


def first_difference(want, got):
    """Where the text \\p got first differs from \\p want, for a report."""
    a, b = want.splitlines(), got.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d: want %r, got %r" % (i + 1, x, y)
    if len(a) != len(b):
        return "want %d lines, got %d" % (len(a), len(b))
    return "same text"


def signed(d):
    """\\p d with its sign for a table cell: +5, \u22125, \u00b10."""
    return ("+" if d > 0 else "\u2212" if d < 0 else "\u00b1") + str(abs(d))
