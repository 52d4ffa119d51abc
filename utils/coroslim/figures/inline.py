"""Before/after figures for coroslim-inline-single-suspend.

For every C e2e program (test/e2e/*.c with a .expected file) at -O2 and -Os
(x86-64, checked runtime mode) it builds three variants with the plugin:

  before   every coroslim pass but inline-single-suspend
           (-mllvm -coroslim-disable=coroslim-inline-single-suspend)
  after    every coroslim pass (defaults: max-suspends=1)
  after-2  every coroslim pass, -mllvm -coroslim-inline-max-suspends=2

and reports, as a markdown table: frame allocations (the program's
`frames:` line), coroutines and lowered states after the whole pipeline
("states" of the lowered records of print<coroslim-states<json>>), .text
bytes of the object (llvm-size -A, .text* sections) and instructions
executed (valgrind --tool=callgrind, Ir). It also checks that every variant
prints the same (frames line aside).

    scripts/inline-figures [--build DIR] [--levels O2,Os] [--no-callgrind]
"""
import argparse
import glob
import os
import shutil
import sys
import tempfile

from .. import measure, report, toolchain

ROOT = toolchain.ROOT
VARIANTS = [
    ("before", ["-mllvm", "-coroslim-disable=coroslim-inline-single-suspend"]),
    ("after", []),
    ("after-2", ["-mllvm", "-coroslim-inline-max-suspends=2"]),
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


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--levels", default="O2,Os")
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args(argv)
    plugin = os.path.join(args.build, "passes", "CoroSlim.so")
    callgrind = not args.no_callgrind and shutil.which("valgrind")
    progs = sorted(p for p in glob.glob(os.path.join(ROOT, "test/e2e/*.c"))
                   if os.path.exists(p[:-2] + ".expected"))
    print("| program | level | variant | frame allocs | coroutines / states "
          "| .text bytes | instructions |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in progs:
            name = os.path.basename(src)[:-2]
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
