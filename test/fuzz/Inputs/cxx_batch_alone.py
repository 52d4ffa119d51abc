"""Builds the C++ batch of the seeds argv[1..] (emit_batch_cxx, all of one
exceptions mode) and each of its programs alone with the compiler command
after `--`, runs them, and prints "same" when the batch prints what its
programs print alone, each after its "== seed N" line; else the first line
that differs. (fz_reset between the programs is what makes them equal: a
batch without it crashes on the previous program's cancelled handles.)"""

import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "..")
sys.path.insert(0, os.path.join(ROOT, "utils"))
from coroslim.fuzz import generator  # noqa: E402
from coroslim.fuzz.emitter_cxx import emit_batch_cxx, emit_cxx  # noqa: E402

split = sys.argv.index("--")
seeds = [int(s) for s in sys.argv[1:split]]
compiler = sys.argv[split + 1:]
members = [(seed, generator.Gen(seed).program()) for seed in seeds]


def output(text, wd, name):
    src = os.path.join(wd, name + ".cpp")
    exe = os.path.join(wd, name)
    with open(src, "w") as fh:
        fh.write(text)
    subprocess.run(compiler + [src, "-o", exe], check=True)
    r = subprocess.run([exe], capture_output=True, text=True)
    return r.stdout + (f"exit {r.returncode}\n" if r.returncode else "")


with tempfile.TemporaryDirectory(prefix="cxx-batch-alone-") as wd:
    alone = "".join(f"== seed {seed}\n" + output(emit_cxx(q), wd, f"s{seed}")
                    for seed, q in members)
    batch = output(emit_batch_cxx(members), wd, "batch")
if batch == alone:
    print(f"same ({len(batch.splitlines())} lines)")
else:
    a, b = alone.splitlines(), batch.splitlines()
    i = next(i for i in range(max(len(a), len(b)))
             if i >= len(a) or i >= len(b) or a[i] != b[i])
    print(f"line {i + 1}: alone {a[i] if i < len(a) else '<end>'!r}, "
          f"batch {b[i] if i < len(b) else '<end>'!r}")
    sys.exit(1)
