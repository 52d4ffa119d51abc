"""Before/after figures for coroslim-inline-single-suspend.

For every C program of bench/, examples/ and test/e2e/ (those with a
.expected file) at -O2 and -Os (x86-64, checked runtime mode) it builds
three variants with the plugin, at the default -coroslim-inline-max-size:

  before   every coroslim pass but inline-single-suspend
           (-mllvm -coroslim-disable=coroslim-inline-single-suspend)
  ms=1     every coroslim pass, -mllvm -coroslim-inline-max-suspends=1
  ms=2     every coroslim pass, -mllvm -coroslim-inline-max-suspends=2

and reports, as a markdown table: frame allocations (the program's
`frames:` line), coroutines and lowered states after the whole pipeline
("states" of the lowered records of print<coroslim-states<json>>), .text
bytes of the object (llvm-size -A, .text* sections) and instructions
executed (valgrind --tool=callgrind, Ir). It also checks that every variant
prints the same (frames line aside).

    scripts/inline-figures [--build DIR] [--levels O2,Os] [--no-callgrind]
                           [--only REGEX]

With --grid it chooses the defaults of -coroslim-inline-max-suspends and
-coroslim-inline-max-size by measurement instead: for every C program of
bench/, examples/ and test/e2e/ at every level it compiles an x86-64
object with inlining off (every other coroslim pass on) and one for every
(max-suspends, max-size) pair, and prints the grid: total .text of all
objects, and the largest growth of one program against inlining off. The
choice is the pair with the smallest total that grows no program by more
than --max-growth percent (2), the smaller parameters on a tie.

    scripts/inline-figures --grid [--suspends 1,2,3] [--sizes 50,100,...]
                           [--max-growth 2] [--json FILE]
    scripts/inline-figures --frames 1,125 1,250 ...

.text alone does not see what a budget buys: --frames SETTING... builds
and runs every program of the grid (and test/inline-single-suspend/
raw-chain.c, the chains of a second front end) with inlining off and with
each (max-suspends, max-size) setting, and prints the frame allocations
of each run.
"""
import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile

from .. import measure, report, toolchain

ROOT = toolchain.ROOT
VARIANTS = [
    ("before", ["-mllvm", "-coroslim-disable=coroslim-inline-single-suspend"]),
    ("ms=1", ["-mllvm", "-coroslim-inline-max-suspends=1"]),
    ("ms=2", ["-mllvm", "-coroslim-inline-max-suspends=2"]),
]


def measure_variant(src, level, flags, plugin, tmp, callgrind):
    base = [toolchain.tool("clang"), "-" + level, "-Xclang", "-fcoroutines",
            "-fpass-plugin=" + plugin, "-I", toolchain.include_dir()]
    base += flags
    exe, obj, ll = (os.path.join(tmp, n) for n in ("a.out", "a.o", "a.ll"))
    measure.check(base + [src, "-o", exe])
    measure.check(base + ["-c", src, "-o", obj])
    measure.check(base + ["-S", "-emit-llvm", src, "-o", ll])
    out = measure.program_output(measure.check([exe], env={}))
    # The coroutines left after the pipeline and their states: the
    # "lowered" records of the states report.
    left = report.read(ll, plugin=plugin).totals()
    text, _ = measure.text_bytes(obj)
    return {
        "out": out["behaviour"],
        "frames": out["frames"],
        "coros": left["coroutines"],
        "states": left["states"],
        "text": text,
        "ir": measure.callgrind(exe, tmp)[0] if callgrind else None,
    }


def pct(a, b):
    if a is None or b is None or a == 0:
        return ""
    return " (%+.0f%%)" % (100.0 * (b - a) / a)


OFF = ["-mllvm", "-coroslim-disable=coroslim-inline-single-suspend"]


def grid_programs():
    """(name, source) of every C coroutine program: bench/<p>/<p>.c,
    examples/*.c and the e2e programs with an expected output."""
    progs = []
    for src in sorted(glob.glob(os.path.join(ROOT, "bench", "*", "*.c"))):
        d = os.path.basename(os.path.dirname(src))
        if os.path.basename(src) == d + ".c":
            progs.append((d, src))
    for src in sorted(glob.glob(os.path.join(ROOT, "examples", "*.c"))):
        progs.append(("examples/" + os.path.basename(src)[:-2], src))
    for src in sorted(glob.glob(os.path.join(ROOT, "test", "e2e", "*.c"))):
        if os.path.exists(src[:-2] + ".expected"):
            progs.append(("e2e/" + os.path.basename(src)[:-2], src))
    return progs


def object_text(src, level, flags, plugin, obj):
    cmd = [toolchain.tool("clang"), "-" + level, "-Xclang", "-fcoroutines",
           "-fpass-plugin=" + plugin, "-I", toolchain.include_dir(), "-c",
           src, "-o", obj] + flags
    measure.check(cmd)
    return measure.text_bytes(obj)[0]


def choose(grid, off, max_growth):
    """The settings (max-suspends, max-size) with the smallest total .text
    among those that grow no program by more than max_growth percent
    against inlining off; the smaller parameters on a tie. Returns
    (setting or None, {setting: (total, worst growth %, worst program)})."""
    summary = {}
    for setting, sizes in grid.items():
        total = sum(sizes.values())
        worst = max(((100.0 * (sizes[k] - off[k]) / off[k], k)
                     for k in sizes), default=(0.0, None))
        summary[setting] = (total, worst[0], worst[1])
    ok = [s for s, (t, w, _) in summary.items() if w <= max_growth]
    best = min(ok, key=lambda s: (summary[s][0], s)) if ok else None
    return best, summary


def grid_main(args, plugin):
    suspends = [int(x) for x in args.suspends.split(",")]
    sizes = [int(x) for x in args.sizes.split(",")]
    levels = args.levels.split(",")
    progs = grid_programs()
    off, grid = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "a.o")
        for name, src in progs:
            for level in levels:
                key = (name, level)
                off[key] = object_text(src, level, OFF, plugin, obj)
                for n in suspends:
                    for m in sizes:
                        flags = ["-mllvm",
                                 "-coroslim-inline-max-suspends=%d" % n,
                                 "-mllvm", "-coroslim-inline-max-size=%d" % m]
                        grid.setdefault((n, m), {})[key] = \
                            object_text(src, level, flags, plugin, obj)
                print("grid: %s -%s done" % key, file=sys.stderr, flush=True)
    best, summary = choose(grid, off, args.max_growth)
    off_total = sum(off.values())
    print("%d programs x %s, x86-64 objects; inlining off: %d bytes in all"
          % (len(progs), ", ".join("-" + l for l in levels), off_total))
    print()
    print("| max-suspends | max-size | total .text | vs off | largest growth "
          "| programs grown > %g %% |" % args.max_growth)
    print("| --- | --- | --- | --- | --- | --- |")
    for setting in sorted(summary):
        total, worst, who = summary[setting]
        over = sorted("%s -%s" % k for k, v in grid[setting].items()
                      if 100.0 * (v - off[k]) / off[k] > args.max_growth)
        print("| %d | %d | %d%s | %+.2f%% | %s | %s |" % (
            setting[0], setting[1], total,
            " **chosen**" if setting == best else "",
            100.0 * (total - off_total) / off_total,
            "%+.1f%% (%s -%s)" % (worst, who[0], who[1]) if worst > 0
            else "none grows", ", ".join(over) or "none"))
    print()
    if best is None:
        print("No setting grows every program by at most %g %%."
              % args.max_growth)
    else:
        print("Chosen: max-suspends=%d, max-size=%d." % best)
        print()
        print("| program | level | off | chosen | growth |")
        print("| --- | --- | --- | --- | --- |")
        for key in sorted(off):
            v = grid[best][key]
            print("| %s | -%s | %d | %d | %+.1f%% |" % (
                key[0], key[1], off[key], v,
                100.0 * (v - off[key]) / off[key]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"off": {"%s -%s" % k: v for k, v in off.items()},
                       "grid": {"%d,%d" % s: {"%s -%s" % k: v
                                              for k, v in g.items()}
                                for s, g in grid.items()},
                       "chosen": list(best) if best else None}, f, indent=1)
    return 0


def frames_main(args, plugin):
    settings = [tuple(int(x) for x in s.split(",")) for s in args.frames]
    progs = grid_programs() + [
        ("raw-chain", os.path.join(ROOT, "test", "inline-single-suspend",
                                   "raw-chain.c"))]
    heads = ["off"] + ["%d,%d" % s for s in settings]
    print("| program | level | " + " | ".join(heads) + " |")
    print("|---|---|" + "---|" * len(heads))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "a.out")
        for name, src in progs:
            for level in args.levels.split(","):
                cells, outs = [], set()
                for flags in [OFF] + [
                        ["-mllvm", "-coroslim-inline-max-suspends=%d" % n,
                         "-mllvm", "-coroslim-inline-max-size=%d" % m]
                        for n, m in settings]:
                    measure.check([toolchain.tool("clang"), "-" + level,
                                   "-Xclang", "-fcoroutines",
                                   "-fpass-plugin=" + plugin, "-I",
                                   toolchain.include_dir(), src, "-o", exe]
                                  + flags)
                    out = measure.program_output(measure.check([exe],
                                                               env={}))
                    outs.add(out["behaviour"])
                    cells.append(str(out["frames"]))
                if len(outs) != 1:
                    print("OUTPUT DIFFERS: %s -%s" % (name, level),
                          file=sys.stderr)
                    bad = 1
                print("| %s | -%s | %s |" % (name, level, " | ".join(cells)),
                      flush=True)
    return bad


def main(argv=None):
    ap = argparse.ArgumentParser(prog="scripts/inline-figures")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--levels", default="O2,Os")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--only", help="programs whose name matches (re)")
    ap.add_argument("--grid", action="store_true",
                    help="choose the defaults by measurement (see above)")
    ap.add_argument("--suspends", default="1,2,3")
    ap.add_argument("--sizes",
                    default="50,100,125,150,175,200,225,250,300")
    ap.add_argument("--max-growth", type=float, default=2.0)
    ap.add_argument("--json", help="--grid: also write every figure here")
    ap.add_argument("--frames", nargs="+", metavar="SUSPENDS,SIZE",
                    help="frame allocations with inlining off and with "
                    "each setting")
    args = ap.parse_args(argv)
    plugin = os.path.join(args.build, "passes", "CoroSlim.so")
    if args.grid:
        return grid_main(args, plugin)
    if args.frames:
        return frames_main(args, plugin)
    callgrind = not args.no_callgrind and shutil.which("valgrind")
    progs = [(n, p) for n, p in grid_programs()
             if not args.only or re.search(args.only, n)]
    print("| program | level | variant | frame allocs | coroutines / states "
          "| .text bytes | instructions |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in progs:
            for level in args.levels.split(","):
                res = {}
                for var, flags in VARIANTS:
                    res[var] = measure_variant(src, level, flags, plugin, tmp,
                                       callgrind)
                    r, b = res[var], res["before"]
                    if r["out"] != b["out"]:
                        print("OUTPUT DIFFERS: %s -%s %s" % (name, level, var),
                              file=sys.stderr)
                        bad = 1
                    print("| %s | -%s | %s | %s%s | %d / %d | %d%s | %s%s |" % (
                        name, level, var, r["frames"],
                        pct(b["frames"], r["frames"]) if var != "before" else "",
                        r["coros"], r["states"], r["text"],
                        pct(b["text"], r["text"]) if var != "before" else "",
                        r["ir"] if r["ir"] is not None else "n/a",
                        pct(b["ir"], r["ir"]) if var != "before" else ""))
    return bad


if __name__ == "__main__":
    sys.exit(main())
