"""Do two builds of the plugin compile the fuzzer's programs the same?

    scripts/plugin-equiv OLD.so NEW.so [--seed S] [--count N] [--batch K]
                         [--cflag FLAG ...]

Builds the programs of seeds S..S+N-1 (in batches of K, as scripts/fuzz
--batch does) with coroslim-cc -c at -O0..-Oz, with each plugin, and
compares the two object files byte for byte: the machine code the fuzzer
runs. (The IR may differ where the code does not, e.g. in a call's
attributes.) Exit 0 when every object is the same. Used to carry a long fuzzing run
made on OLD over to NEW when NEW only adds refusals for shapes the
generator never makes (docs/testing.md)."""

import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile

from . import toolchain
from .fuzz.emitter import emit, emit_batch
from .fuzz.generator import Gen
from .fuzz.runner import LEVELS


def compile_obj(cc, plugin, level, src, out, cflags):
    env = dict(os.environ, COROSLIM_PLUGIN=plugin)
    subprocess.run([cc, f"-{level}", "-w"] + cflags + ["-c", src, "-o", out],
                   env=env, check=True, capture_output=True)
    with open(out, "rb") as fh:
        return fh.read()


def check_batch(args, cc, members, wd):
    src = os.path.join(wd, f"b{members[0][0]}.c")
    with open(src, "w") as fh:
        fh.write(emit_batch(members) if len(members) > 1
                 else emit(members[0][1]))
    differ = []
    for level in LEVELS:
        a = compile_obj(cc, args.old, level, src, src + ".old.o", args.cflag)
        b = compile_obj(cc, args.new, level, src, src + ".new.o", args.cflag)
        if a != b:
            differ.append(level)
    return members, differ


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--batch", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cflag", action="append", default=[],
                    help="one more compiler argument for both builds, such "
                    "as --cflag=-mllvm --cflag=-coroslim-release (repeatable)")
    args = ap.parse_args(argv)
    cc = toolchain.driver()
    progs = [(s, Gen(s).program())
             for s in range(args.seed, args.seed + args.count)]
    # One file per mode, as scripts/fuzz batches them.
    batches = []
    for i in range(0, len(progs), args.batch):
        groups = {}
        for seed, q in progs[i:i + args.batch]:
            groups.setdefault(q["checked"], []).append((seed, q))
        batches += groups.values()
    bad = 0
    with tempfile.TemporaryDirectory(prefix="coroslim-equiv-") as wd, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for members, differ in ex.map(
                lambda m: check_batch(args, cc, m, wd), batches):
            if differ:
                bad += 1
                print(f"DIFFER seeds {', '.join(str(s) for s, _ in members)}"
                      f" at {' '.join(differ)}")
    print(f"plugin-equiv: {args.count} programs in {len(batches)} files x "
          f"{len(LEVELS)} levels, {bad} files differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
