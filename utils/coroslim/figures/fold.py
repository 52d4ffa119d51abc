"""Before/after figures for coroslim-fold-suspend-free.

For every C e2e program (test/e2e/*.c with a .expected file) at -O2 and -Os
(x86-64, checked runtime mode) it builds, with the plugin loaded:

  stock        LLVM 22 as it is: -mllvm -coroslim-disable=all (only the
               required coroslim-c-presplit runs)
  fold         stock + coroslim-fold-suspend-free alone (every other
               coroslim pass disabled)
  all-but-fold every coroslim pass except fold-suspend-free
  all          every coroslim pass

and prints one markdown table per -O level: frame allocations (the
program's `frames:` line, the runtime's counter), .text bytes of the
object (llvm-size -A, .text* sections) and instructions executed
(valgrind --tool=callgrind, total Ir). Every variant must print exactly
what the stock build prints (the frames line aside); a difference is an
error.

    scripts/fold-figures [--build DIR] [--levels O2,Os] [--no-callgrind]
                         [--only REGEX]
"""
import argparse
import glob
import os
import re
import sys
import tempfile

from .. import measure, toolchain
from ..plugin import registered_passes

ROOT = toolchain.ROOT
FOLD = "coroslim-fold-suspend-free"


def other_passes():
    """Registered coroslim passes other than fold-suspend-free and the
    always-on c-presplit."""
    return [n for n in registered_passes()
            if n not in (FOLD, "coroslim-c-presplit")]


def variants():
    others = ",".join(other_passes())
    return [
        ("stock", ["-mllvm", "-coroslim-disable=all"]),
        ("fold", ["-mllvm", "-coroslim-disable=" + others] if others else []),
        ("all-but-fold", ["-mllvm", "-coroslim-disable=" + FOLD]),
        ("all", []),
    ]


def measure_variant(src, level, flags, plugin, tmp, callgrind):
    cc = [toolchain.tool("clang"), "-" + level, "-Xclang", "-fcoroutines",
          "-fpass-plugin=" + plugin, "-I", toolchain.include_dir()]
    cc += flags
    exe, obj = os.path.join(tmp, "a.out"), os.path.join(tmp, "a.o")
    measure.check(cc + [src, "-o", exe])
    measure.check(cc + ["-c", src, "-o", obj])
    out = measure.program_output(measure.check([exe]))
    text, _ = measure.text_bytes(obj)
    ir = measure.callgrind(exe, tmp)[0] if callgrind else None
    return {"frames": out["frames"], "text": text, "ir": ir,
            "out": out["behaviour"]}


def fmt(v):
    return "-" if v is None else str(v)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.environ.get(
        "COROSLIM_BUILD", os.path.join(ROOT, "build")))
    ap.add_argument("--levels", default="O2,Os")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args(argv)
    plugin = os.environ.get("COROSLIM_PLUGIN") or os.path.join(
        args.build, "passes", "CoroSlim.so")
    progs = [p for p in sorted(glob.glob(os.path.join(ROOT, "test", "e2e",
                                                      "*.c")))
             if os.path.exists(p[:-2] + ".expected")
             and re.search(args.only, os.path.basename(p))]
    vs = variants()
    errors = 0
    print("plugin: %s" % plugin)
    print("variants: " + "; ".join(
        "%s = %s" % (n, " ".join(f) or "(defaults)") for n, f in vs))
    for level in args.levels.split(","):
        print("\n-%s (frames / .text bytes / instructions)\n" % level)
        head = "| program | " + " | ".join(n for n, _ in vs) + " |"
        print(head)
        print("|" + "---|" * (len(vs) + 1))
        for src in progs:
            cells = []
            ref = None
            for name, flags in vs:
                with tempfile.TemporaryDirectory() as tmp:
                    r = measure_variant(src, level, flags, plugin, tmp,
                                not args.no_callgrind)
                if ref is None:
                    ref = r["out"]
                elif r["out"] != ref:
                    print("error: %s -%s %s prints something else than stock"
                          % (os.path.basename(src), level, name),
                          file=sys.stderr)
                    errors += 1
                cells.append("%s / %s / %s" % (fmt(r["frames"]), r["text"],
                                               fmt(r["ir"])))
            print("| %s | %s |" % (os.path.basename(src), " | ".join(cells)),
                  flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
