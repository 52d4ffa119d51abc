#!/usr/bin/env python3
"""The C++ end-to-end matrix: builds each C++20 coroutine program of
test/cxx/e2e (on the task types of test/cxx/tasks) in every configuration,
runs it and compares its output with the checked-in <program>.expected.

Usage:

    run_cxx_matrix.py PROGRAM.cpp|DIR... [--jobs N] [--only REGEX]
                      [--asan-only REGEX] [--never-larger] [--update]
                      [--keep] [--list]

A DIR stands for the *.cpp files in it. The matrix, per program:

  * -O0 -O1 -O2 -O3 -Os -Oz  x  -fexceptions / -fno-exceptions
      x  without / with -fpass-plugin=$COROSLIM_PLUGIN            (24 builds)
  * ASan+UBSan (-fsanitize=address,undefined -fno-sanitize-recover=all) at
    -O0 and -O2 with the plugin, -fexceptions                      (2 builds)

Each build compiles to an object (-Wall -Wextra -Werror), links and runs.
A run passes when it exits with 0, writes nothing to stderr, prints a
`frames: N` line, and its stdout without that line is exactly
PROGRAM.expected. (N counts the coroutine frames really allocated; CoroElide
removes allocations, so it may differ between builds: it is reported, not
compared.)

Also reported, per program: the frames at -Os and -O2 without and with the
plugin,
and the .text bytes (llvm-size -A) of each object with the plugin against
the same object without it. Growth fails the run only with --never-larger
(coroslim's C++ await passes are still being written).

The last line is `N builds, M mismatches`; the exit status is 1 on any
mismatch (or growth under --never-larger).

  --jobs N        parallel builds (default $COROSLIM_CXX_JOBS, else 2: the
                  machines this runs on have two cores; at most 2)
  --only REGEX    only the configurations whose name matches
  --asan-only R   the ASan+UBSan builds only for programs whose name matches
  --update        first write PROGRAM.expected from the -O0 -fexceptions
                  build without the plugin
  --keep          keep the work directory
  --list          print the configurations and exit

Environment: COROSLIM_PLUGIN (set by lit), COROSLIM_LLVM_BIN or the build
tree's LLVM (utils/coroslim/toolchain.py), COROSLIM_BUILD (the work
directory goes under <build>/test/cxx-work), COROSLIM_CXX_TIMEOUT (seconds
per command, default 120).
"""

import argparse
import concurrent.futures
import difflib
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

# The coroslim package (utils/coroslim); lit sets PYTHONPATH, this line
# serves a run by hand.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "utils"))
from coroslim import toolchain  # noqa: E402

LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]
EH = ["-fexceptions", "-fno-exceptions"]
ASAN_LEVELS = ["O0", "O2"]
# The levels whose frame counts are reported (-Os: the size-first build
# coroslim is for; -O2: where the inliner lets CoroElide act).
FRAMES_LEVELS = ["Os", "O2"]
WARN = ["-Wall", "-Wextra", "-Werror"]
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
       "-fno-omit-frame-pointer", "-g"]
SAN_ENV = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}
FRAMES_LINE = re.compile(r"^frames: (\d+)$")
MAX_JOBS = 2


def normalise(text):
    """stdout without the `frames: N` line, which is not compared."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not FRAMES_LINE.match(line.rstrip("\n")))


def frames_of(text):
    for line in text.splitlines():
        m = FRAMES_LINE.match(line)
        if m:
            return int(m.group(1))
    return None


class Build:
    """One configuration of one program: compile, link, run."""

    def __init__(self, program, level, eh, plugin, asan=False):
        self.program = program  # Program
        self.level, self.eh, self.plugin, self.asan = level, eh, plugin, asan
        tag = "asan-ubsan" if asan else ("plugin" if plugin else "plain")
        self.name = "%s-%s-%s" % (
            level, "eh" if eh == "-fexceptions" else "noeh", tag)
        self.obj = os.path.join(program.work, self.name + ".o")
        self.exe = os.path.join(program.work, self.name)
        self.env = SAN_ENV if asan else {}
        # Filled in by run_build():
        self.failure = None
        self.frames = None
        self.text = None

    def commands(self, clangxx, plugin_args):
        # The programs include ../tasks/<style>.hpp: no -I, so that any
        # clang++ -std=c++20 (the robustness corpus's too) builds them.
        flags = ["-std=c++20", f"-{self.level}", self.eh, *WARN]
        if self.asan:
            flags += SAN
        if self.plugin:
            flags = plugin_args + flags
        compile_ = [clangxx, *flags, "-c", self.program.src, "-o", self.obj]
        link = [clangxx, *(SAN if self.asan else []), self.obj, "-o",
                self.exe]
        return [compile_, link]

    def reproduce(self, clangxx, plugin_args):
        lines = [" ".join(shlex.quote(a) for a in c)
                 for c in self.commands(clangxx, plugin_args)]
        env = " ".join(f"{k}={v}" for k, v in self.env.items())
        lines.append((env + " " if env else "") + shlex.quote(self.exe))
        return lines


class Program:
    def __init__(self, src, work_root):
        self.src = os.path.abspath(src)
        self.name = os.path.splitext(os.path.basename(src))[0]
        self.expected_path = os.path.splitext(self.src)[0] + ".expected"
        self.work = os.path.join(work_root, self.name)
        os.makedirs(self.work, exist_ok=True)


def text_bytes(llvm_size, obj):
    out = subprocess.run([llvm_size, "-A", obj], check=True,
                         capture_output=True, text=True).stdout
    return sum(int(line.split()[1]) for line in out.splitlines()
               if line.startswith(".text"))


def run_build(b, clangxx, plugin_args, llvm_size, expected, timeout):
    """Builds and runs \p b; sets b.failure (None on success), b.frames and
    b.text."""
    for step in b.commands(clangxx, plugin_args):
        try:
            p = subprocess.run(step, capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            b.failure = f"build step timed out after {timeout}s"
            return
        if p.returncode != 0:
            b.failure = (f"build step failed (exit {p.returncode}):\n"
                         + p.stdout + p.stderr)
            return
    if not b.asan:
        b.text = text_bytes(llvm_size, b.obj)
    try:
        p = subprocess.run([b.exe], capture_output=True, text=True,
                           timeout=timeout, env=dict(os.environ, **b.env))
    except subprocess.TimeoutExpired:
        b.failure = f"program timed out after {timeout}s"
        return
    problems = []
    if p.returncode != 0:
        problems.append(f"exit status {p.returncode}")
    if p.stderr:
        problems.append("stderr:\n" + p.stderr.rstrip("\n"))
    b.frames = frames_of(p.stdout)
    if b.frames is None:
        problems.append("no `frames: N` line")
    got = normalise(p.stdout)
    if expected is not None and got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), got.splitlines(keepends=True),
            "expected", b.name)
        problems.append("stdout differs:\n" + "".join(diff).rstrip("\n"))
    b.failure = "\n".join(problems) or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("programs", nargs="+")
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("COROSLIM_CXX_JOBS", "0"))
                    or MAX_JOBS)
    ap.add_argument("--only")
    ap.add_argument("--asan-only")
    ap.add_argument("--never-larger", action="store_true")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    jobs = max(1, min(args.jobs, MAX_JOBS))

    sources = []
    for arg in args.programs:
        if os.path.isdir(arg):
            sources += sorted(glob.glob(os.path.join(arg, "*.cpp")))
        else:
            sources.append(arg)
    if not sources:
        sys.exit("run_cxx_matrix: no programs")

    clangxx = toolchain.tool("clang++")
    llvm_size = toolchain.tool("llvm-size")
    plugin = toolchain.plugin()
    if not os.path.exists(plugin):
        sys.exit(f"run_cxx_matrix: plugin not found: {plugin} (set "
                 "COROSLIM_PLUGIN or COROSLIM_BUILD)")
    plugin_args = toolchain.clang_plugin_args(plugin)
    timeout = int(os.environ.get("COROSLIM_CXX_TIMEOUT", "120"))

    build_dir = os.environ.get("COROSLIM_BUILD")
    work_parent = os.path.join(build_dir, "test", "cxx-work") \
        if build_dir else None
    if work_parent:
        os.makedirs(work_parent, exist_ok=True)
    work_root = tempfile.mkdtemp(prefix="cxx-matrix.", dir=work_parent)

    programs = [Program(s, work_root) for s in sources]
    builds = []
    for prog in programs:
        for level in LEVELS:
            for eh in EH:
                for use in (False, True):
                    builds.append(Build(prog, level, eh, use))
        if not args.asan_only or re.search(args.asan_only, prog.name):
            for level in ASAN_LEVELS:
                builds.append(Build(prog, level, "-fexceptions", True,
                                    asan=True))
    if args.only:
        builds = [b for b in builds
                  if re.search(args.only, f"{b.program.name}:{b.name}")]
    if args.list:
        for b in builds:
            print(f"{b.program.name}: {b.name}")
        return 0

    expected = {}
    for prog in programs:
        if args.update:
            ref = Build(prog, "O0", "-fexceptions", False)
            run_build(ref, clangxx, plugin_args, llvm_size, None, timeout)
            if ref.failure:
                sys.exit(f"run_cxx_matrix: {prog.name}: {ref.failure}")
            out = subprocess.run([ref.exe], capture_output=True, text=True,
                                 check=True).stdout
            with open(prog.expected_path, "w") as f:
                f.write(normalise(out))
            print(f"wrote {prog.expected_path}")
        try:
            with open(prog.expected_path) as f:
                expected[prog.name] = f.read()
        except OSError as e:
            sys.exit(f"run_cxx_matrix: no expected output: {e}")

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for fut in [ex.submit(run_build, b, clangxx, plugin_args, llvm_size,
                              expected[b.program.name], timeout)
                    for b in builds]:
            fut.result()
    elapsed = time.monotonic() - start

    failures = [b for b in builds if b.failure]
    for b in failures:
        print(f"FAIL {b.program.name} [{b.name}]")
        print("  reproduce:")
        for line in b.reproduce(clangxx, plugin_args):
            print("    " + line)
        for line in b.failure.splitlines():
            print("  " + line)

    by_key = {(b.program.name, b.level, b.eh, b.plugin, b.asan): b
              for b in builds}

    def get(prog, level, eh, use):
        return by_key.get((prog.name, level, eh, use, False))

    for level in FRAMES_LEVELS:
        print(f"frames allocated at -{level}, without -> with the plugin "
              "(-fexceptions, -fno-exceptions):")
        for prog in programs:
            cells = []
            for eh in EH:
                a, b = get(prog, level, eh, False), get(prog, level, eh, True)
                if a and b:
                    cells.append(f"{a.frames} -> {b.frames}")
            if cells:
                print(f"  {prog.name}: frames " + ", ".join(cells))

    grew = []
    print(".text bytes with the plugin minus without, per level "
          "(-fexceptions/-fno-exceptions):")
    for prog in programs:
        cells = []
        for level in LEVELS:
            deltas = []
            for eh in EH:
                a, b = get(prog, level, eh, False), get(prog, level, eh, True)
                if not (a and b) or a.text is None or b.text is None:
                    deltas.append("?")
                    continue
                d = b.text - a.text
                deltas.append(f"{d:+d}")
                if d > 0:
                    grew.append(f"{prog.name} -{level} {eh}: .text "
                                f"{a.text} -> {b.text}")
            cells.append(f"{level} {'/'.join(deltas)}")
        print(f"  {prog.name}: " + "  ".join(cells))
    if grew:
        print(f".text grows with the plugin in {len(grew)} objects"
              + (":" if args.never_larger else
                 " (not a failure without --never-larger)"))
        if args.never_larger:
            for g in grew:
                print("  GROWS " + g)

    print(f"programs: {len(programs)}, jobs: {jobs}, "
          f"{elapsed:.0f}s")
    print(f"{len(builds)} builds, {len(failures)} mismatches")
    if failures or args.keep:
        print(f"work directory: {work_root}")
    else:
        shutil.rmtree(work_root, ignore_errors=True)
    return 1 if failures or (grew and args.never_larger) else 0


if __name__ == "__main__":
    sys.exit(main())
