#!/usr/bin/env python3
"""Builds a C++20 coroutine program with the clang++ of the build's LLVM at -O0, -O2 and -Os,
with exceptions on and off, with and without the coroslim plugin, runs each
and checks that every build prints the same output.

Usage: run_cxx.py <program.cpp> [--states FUNC]
  --states FUNC  also print, for -O2, the frame bytes and lowered states of
                 FUNC with and without coroslim-merge-states (its "lowered"
                 record in print<coroslim-states<json>>, utils/coroslim/report.py)
Needs COROSLIM_PLUGIN (set by lit) and the LLVM tools the plugin was built
against.
"""
import os
import subprocess
import sys
import tempfile

# The coroslim package (utils/coroslim); lit sets PYTHONPATH, this line
# serves a run by hand.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
from coroslim import report, toolchain  # noqa: E402

# COROSLIM_LLVM_BIN, set by lit, points at the wrappers that can load an
# ASan-built plugin (docs/testing.md, "Sanitizers").
TOOLS = toolchain.llvm_bin()


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
                        cmd[1:1] = toolchain.clang_plugin_args(plugin)
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
                run([f"{TOOLS}/clang++", "-std=c++20", "-O2"] +
                    toolchain.clang_plugin_args(plugin) +
                    ["-S", "-emit-llvm", src, "-o", ll] + flags)
                low = report.read(ll, plugin=plugin,
                                  opt=f"{TOOLS}/opt").lowered().get(states)
                tag = "without-merge" if flags else "with-merge"
                if low:
                    print(f"{tag}: lowered @{states}: "
                          f"frame={low['frame_bytes']} states={low['states']}")
        sys.stdout.write(ref)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
