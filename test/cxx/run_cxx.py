#!/usr/bin/env python3
"""Builds a C++20 coroutine program with clang++-22 at -O0, -O2 and -Os,
with exceptions on and off, with and without the coroslim plugin, runs each
and checks that every build prints the same output.

Usage: run_cxx.py <program.cpp> [--states FUNC]
  --states FUNC  also print, for -O2, the lowered dispatch states of FUNC
                 with and without coroslim-merge-states (print<coroslim-states>)
Needs COROSLIM_PLUGIN (set by lit) and the LLVM 22 tools.
"""
import os
import subprocess
import sys
import tempfile

# The sanitizer configuration points COROSLIM_LLVM_BIN at wrappers that
# can load the ASan-built plugin (docs/testing.md, "Sanitizers").
TOOLS = os.environ.get("COROSLIM_LLVM_BIN", "/usr/lib/llvm-22/bin")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def main():
    src = sys.argv[1]
    states = sys.argv[sys.argv.index("--states") + 1] if "--states" in sys.argv else None
    plugin = os.environ["COROSLIM_PLUGIN"]
    outputs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for opt in ("-O0", "-O2", "-Os"):
            for eh in ("-fexceptions", "-fno-exceptions"):
                for use in (False, True):
                    exe = os.path.join(tmp, "a.out")
                    cmd = [f"{TOOLS}/clang++", "-std=c++20", opt, eh, src, "-o", exe]
                    if use:
                        cmd.insert(1, f"-fpass-plugin={plugin}")
                    run(cmd)
                    key = f"{opt} {eh} {'plugin' if use else 'plain'}"
                    outputs[key] = run([exe]).stdout
        ref = outputs["-O0 -fexceptions plain"]
        bad = [k for k, v in outputs.items() if v != ref]
        for k in bad:
            print(f"MISMATCH {k}:\n{outputs[k]}")
        print(f"{len(outputs)} builds, {len(bad)} mismatches")
        if states:
            for flags in ([], ["-mllvm", "-coroslim-disable=coroslim-merge-states"]):
                ll = os.path.join(tmp, "o.ll")
                run([f"{TOOLS}/clang++", "-std=c++20", "-O2", f"-fpass-plugin={plugin}",
                     "-S", "-emit-llvm", src, "-o", ll] + flags)
                out = run([f"{TOOLS}/opt", f"-load-pass-plugin={plugin}",
                           "-passes=print<coroslim-states>", "-disable-output", ll]).stdout
                tag = "without-merge" if flags else "with-merge"
                for line in out.splitlines():
                    if line.startswith(f"lowered @{states}:"):
                        print(f"{tag}: {line}")
        sys.stdout.write(ref)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
