"""Code size with and without -coroslim-release (coroslim-strip-done-traps).

For every checked-mode C e2e program (test/e2e/*.c) and each target
(x86-64, thumbv7em-none-eabi objects at -Os) it builds four objects --
checked without the flag, checked with -coroslim-release in `return` and in
`unreachable` mode, and CS_UNCHECKED (no checks at all: the floor) -- and
reports the bytes of code (.text* sections) as a markdown table. The Rust
figure is not automated yet (see docs/passes/strip-done-traps.md).

    scripts/trap-figures [--build DIR]

Small on purpose: scripts/bench will grow out of it.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

from .. import measure, toolchain

ROOT = toolchain.ROOT
TARGETS = ["x86_64-linux-gnu", "thumbv7em-none-eabi"]
CONFIGS = [  # name, extra clang flags
    ("checked", []),
    ("release", ["-mllvm", "-coroslim-release"]),
    ("release-unreachable", ["-mllvm", "-coroslim-release", "-mllvm",
                             "-coroslim-done-resume=unreachable"]),
    ("unchecked", ["-DCS_UNCHECKED"]),
]
# Freestanding targets have no libc headers; the programs only print.
STUB_STDIO = """#pragma once
typedef struct FILE FILE; extern FILE *stdout, *stderr;
int printf(const char *, ...); int puts(const char *); int putchar(int);
int fflush(FILE *); int fprintf(FILE *, const char *, ...);
"""


def code_bytes(obj):
    """Bytes in the object's code sections (.text and .text.*)."""
    return measure.text_bytes(obj)[0]


def c_figures(plugin, tmp):
    stub = os.path.join(tmp, "stub")
    os.makedirs(stub, exist_ok=True)
    with open(os.path.join(stub, "stdio.h"), "w") as f:
        f.write(STUB_STDIO)
    rows = []
    for src in sorted(glob.glob(os.path.join(ROOT, "test/e2e/*.c"))):
        for target in TARGETS:
            sizes = {}
            for name, flags in CONFIGS:
                obj = os.path.join(tmp, f"{os.path.basename(src)}.{target}.{name}.o")
                cmd = [toolchain.tool("clang"), f"--target={target}", "-Os",
                       "-Xclang", "-fcoroutines", f"-fpass-plugin={plugin}",
                       f"-I{ROOT}/include", "-c", src, "-o", obj] + flags
                if "none" in target:
                    cmd += ["-ffreestanding", "-isystem", stub]
                r = subprocess.run(cmd, capture_output=True, text=True)
                sizes[name] = code_bytes(obj) if r.returncode == 0 else None
                if r.returncode:
                    print(f"# {os.path.basename(src)} {target} {name}: build "
                          f"failed: {r.stderr.strip().splitlines()[:1]}",
                          file=sys.stderr)
            rows.append((os.path.basename(src), target, sizes))
    return rows


def pct(a, b):
    return f"{100.0 * (b - a) / a:+.1f}%" if a and b is not None else "n/a"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build directory holding passes/CoroSlim.so")
    args = ap.parse_args(argv)
    plugin = os.path.join(os.path.abspath(args.build), "passes/CoroSlim.so")
    tmp = tempfile.mkdtemp(prefix="trap-figures.")
    try:
        rows = c_figures(plugin, tmp)
    finally:
        shutil.rmtree(tmp)
    print("| program | target | checked | release (return) | release "
          "(unreachable) | unchecked | release vs checked | checks' cost "
          "(checked - unchecked) |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for prog, target, s in rows:
        c, r, u = s.get("checked"), s.get("release"), s.get("unchecked")
        cost = f"{c - u}" if c is not None and u is not None else "n/a"
        print(f"| {prog} | {target} | {c} | {r} | "
              f"{s.get('release-unreachable')} | {u if u is not None else 'n/a'} | "
              f"{pct(c, r)} | {cost} |")


if __name__ == "__main__":
    main()
