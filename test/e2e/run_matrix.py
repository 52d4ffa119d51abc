#!/usr/bin/env python3
"""End-to-end differential runner for one C coroutine program.

The program is written on coroslim/coro.h or on the second front end,
test/altcoro/altcoro.h (which maps -DCS_UNCHECKED to its own unchecked
mode).

Usage (from lit: `// RUN: %e2e %s`):

    run_matrix.py PROGRAM.c [--jobs N] [--only REGEX] [--list] [--keep]
                  [--update]

Builds PROGRAM.c in every configuration of the matrix, runs each binary and
compares its stdout with the checked-in PROGRAM.expected. The matrix:

  * -O0 -O1 -O2 -O3 -Os -Oz
      x  `--no-opt` (only coroslim-c-presplit) and the full plugin
      x  checked (default) and unchecked (-DCS_UNCHECKED) runtime mode;
  * the full plugin with -mllvm -coroslim-release (checked mode, -O1 and
    up: at -O0 only c-presplit runs), and -coroslim-done-resume=unreachable at -O2/-Os, when the
    loaded plugin has those options;
  * ASan+UBSan (-fno-sanitize-recover=all) at -O0 and -O2;
  * the `opt -verify-each` path at -O2: clang -Xclang -disable-llvm-passes
    -emit-llvm, then opt with the plugin and -passes='default<O2>'
    -verify-each, then clang to link;
  * an analysis check: the states report (print<coroslim-states<json>>,
    read by utils/coroslim/report.py) of the -O2 pre-split IR must
    recognise every await (no refused await, except of callees the program
    lists in a `// E2E-REFUSED-OK: name...` comment because it drives their
    handles by hand).

A run passes when it exits with 0, writes nothing to stderr and its stdout,
without the `frames: N` line (the frame-allocation count, which legitimately
differs between configurations because CoroElide removes allocations), is
exactly PROGRAM.expected. Every failing configuration is printed with the
commands that reproduce it and a diff; the exit status is 1 on any failure.

Environment: COROSLIM_BUILD (build tree: tools/coroslim-cc), COROSLIM_PLUGIN,
COROSLIM_CC (driver override), COROSLIM_LLVM_BIN (opt and clang; else
utils/coroslim/toolchain.py finds LLVM), COROSLIM_E2E_JOBS (parallel builds; default
half the CPUs, at least 1, since lit already runs programs in parallel),
COROSLIM_E2E_TIMEOUT (seconds per command, default 60), COROSLIM_E2E_MATRIX
(`reduced`: only -O0, -O2 and -Os, release at -O2 and ASan+UBSan at -O2
checked; what CI runs against LLVM 19, docs/testing.md "LLVM versions").
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

# The coroslim package (utils/coroslim); lit sets PYTHONPATH, this line
# serves a run by hand.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "utils"))
from coroslim import plugin as plugin_info  # noqa: E402
from coroslim import report, toolchain  # noqa: E402

LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]
REDUCED_LEVELS = ["O0", "O2", "Os"]
# The runtime and the programs must build warning-free.
WARN = ["-Wall", "-Wextra", "-Werror"]
FRAMES_LINE = re.compile(r"^frames: \d+$")


def normalise(text):
    """Drops the frame-allocation count line; it is not compared."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not FRAMES_LINE.match(line.rstrip("\n")))


def find_tool(name):
    return toolchain.tool(name)


class Config:
    """One build of the program: compile steps, then a run."""

    def __init__(self, name, steps, env=None, check=None):
        self.name = name
        self.steps = steps  # list of argv lists; the last one links exe
        self.env = env or {}
        # Instead of running a binary: check(stdout of the last step).
        self.check = check

    def commands(self, exe):
        lines = [" ".join(shlex.quote(a) for a in s) for s in self.steps]
        if self.check:
            return lines
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        lines.append((env + " " if env else "") + shlex.quote(exe))
        return lines


def build_matrix(src, work, cc, plugin):
    base = os.path.splitext(os.path.basename(src))[0]
    opts = plugin_info.options(plugin, opt=find_tool("opt"))
    configs = []

    def exe(name):
        return os.path.join(work, f"{base}.{name}")

    def simple(name, level, flags, env=None):
        configs.append(Config(name, [[cc, f"-{level}", *WARN, *flags, src,
                                      "-o", exe(name)]], env))

    reduced = os.environ.get("COROSLIM_E2E_MATRIX") == "reduced"
    levels = REDUCED_LEVELS if reduced else LEVELS
    for level in levels:
        for plug, pflags in (("noopt", ["--no-opt"]), ("full", [])):
            for mode, mflags in (("checked", []),
                                 ("unchecked", ["-DCS_UNCHECKED"])):
                simple(f"{level}-{plug}-{mode}", level, pflags + mflags)
    if "coroslim-release" in opts:
        # Not at -O0: only c-presplit runs there, release or not.
        for level in ["O2"] if reduced else LEVELS[1:]:
            simple(f"{level}-release-checked", level,
                   ["-mllvm", "-coroslim-release"])
        if "coroslim-done-resume" in opts and not reduced:
            for level in ("O2", "Os"):
                simple(f"{level}-release-unreachable-checked", level,
                       ["-mllvm", "-coroslim-release", "-mllvm",
                        "-coroslim-done-resume=unreachable"])
    san = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
           "-fno-omit-frame-pointer", "-g"]
    san_env = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
               "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1"}
    for level in ("O2",) if reduced else ("O0", "O2"):
        simple(f"{level}-asan-ubsan-checked", level, san, san_env)
    if not reduced:
        simple("O2-asan-ubsan-unchecked", "O2", san + ["-DCS_UNCHECKED"],
               san_env)

    # clang (no LLVM passes) -> opt default<O2> -verify-each -> clang.
    name = "O2-opt-verify-each-checked"
    bc = os.path.join(work, f"{base}.{name}.bc")
    obc = os.path.join(work, f"{base}.{name}.opt.bc")
    configs.append(Config(name, [
        [cc, "-O2", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c",
         src, "-o", bc],
        [find_tool("opt"), f"-load-pass-plugin={plugin}",
         "-passes=default<O2>", "-verify-each", bc, "-o", obc],
        [find_tool("clang"), "-O2", "-Xclang", "-disable-llvm-passes", obc,
         "-o", exe(name)],
    ]))

    # The shared analysis must recognise every await the runtime emits.
    ll = os.path.join(work, f"{base}.awaits.ll")
    configs.append(Config("O2-analysis-awaits", [
        [cc, "-O2", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-S",
         src, "-o", ll],
        # no-verify-fixpoint, as in clang's pipeline: opt 19's instcombine
        # otherwise aborts on generators.c ("did not reach a fixpoint").
        report.command(ll, plugin, opt=find_tool("opt"),
                       prefix="coroslim-c-presplit,coro-early,function(sroa,"
                       "early-cse,simplifycfg,"
                       "instcombine<no-verify-fixpoint>)"),
    ], check=lambda out: check_awaits(src, out)))
    return configs, exe


def check_awaits(src, printed):
    """Fails on a refused await unless the program allows it with a line
    `// E2E-REFUSED-OK: callee...` (a handle it drives by hand)."""
    with open(src) as f:
        text = f.read()
    allowed = set()
    for m in re.finditer(r"E2E-REFUSED-OK:(.*)", text):
        allowed.update(m.group(1).split())
    try:
        states = report.parse(printed)
    except report.ReportError as e:
        return f"the states report cannot be read: {e}"
    problems = [f"refused await @{a['callee']} in @{f}: {a['why']}"
                for f, a in states.refused_awaits()
                if a["callee"] not in allowed]
    # coro.h's CS_AWAIT*, or the AC_AWAIT* of test/altcoro/altcoro.h.
    if re.search(r"\b(CS|AC)_AWAIT", text) and not states.awaits():
        problems.append("the program awaits, but no await was recognised")
    return ("print<coroslim-states> refused runtime awaits:\n" +
            "\n".join(problems)) if problems else None


def run_config(cfg, exe, expected, timeout):
    """Returns None on success, else a failure report (str)."""
    for step in cfg.steps:
        try:
            p = subprocess.run(step, capture_output=True, text=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"build step timed out after {timeout}s:\n  " + \
                " ".join(shlex.quote(a) for a in step)
        if p.returncode != 0:
            return (f"build step failed (exit {p.returncode}):\n  " +
                    " ".join(shlex.quote(a) for a in step) + "\n" +
                    p.stdout + p.stderr)
    if cfg.check:
        return cfg.check(p.stdout)
    env = dict(os.environ, **cfg.env)
    try:
        p = subprocess.run([exe], capture_output=True, text=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return f"program timed out after {timeout}s"
    problems = []
    if p.returncode != 0:
        problems.append(f"exit status {p.returncode}")
    if p.stderr:
        problems.append("stderr:\n" + p.stderr.rstrip("\n"))
    got = normalise(p.stdout)
    if got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), got.splitlines(keepends=True),
            "expected", cfg.name)
        problems.append("stdout differs:\n" + "".join(diff).rstrip("\n"))
    if not any(FRAMES_LINE.match(l) for l in p.stdout.splitlines()):
        problems.append("no `frames: N` line (frame-allocation count)")
    return "\n".join(problems) or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("program")
    ap.add_argument("--jobs", type=int,
                    default=int(os.environ.get("COROSLIM_E2E_JOBS", "0")) or
                    max(1, (os.cpu_count() or 2) // 2))
    ap.add_argument("--only", help="run configurations matching this regex")
    ap.add_argument("--list", action="store_true", help="list configurations")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--update", action="store_true",
                    help="write PROGRAM.expected from O0-noopt-checked first")
    args = ap.parse_args()

    src = os.path.abspath(args.program)
    expected_path = os.path.splitext(src)[0] + ".expected"
    build = os.environ.get("COROSLIM_BUILD", "")
    cc = toolchain.driver(build or None)
    plugin = toolchain.plugin(build or None)
    timeout = int(os.environ.get("COROSLIM_E2E_TIMEOUT", "60"))
    for what, path in (("driver", cc), ("plugin", plugin)):
        if not os.path.exists(path):
            sys.exit(f"run_matrix: {what} not found: {path} (set "
                     "COROSLIM_BUILD to the build tree)")

    work_root = os.path.join(build, "test", "e2e-work") if build else None
    if work_root:
        os.makedirs(work_root, exist_ok=True)
    work = tempfile.mkdtemp(prefix=os.path.basename(src) + ".",
                            dir=work_root)
    configs, exe = build_matrix(src, work, cc, plugin)
    if args.only:
        configs = [c for c in configs if re.search(args.only, c.name)]
    if args.list:
        for c in configs:
            print(c.name)
        return 0

    if args.update:
        ref = next(c for c in build_matrix(src, work, cc, plugin)[0]
                   if c.name == "O0-noopt-checked")
        for step in ref.steps:
            subprocess.run(step, check=True)
        out = subprocess.run([exe(ref.name)], capture_output=True, text=True,
                             check=True).stdout
        with open(expected_path, "w") as f:
            f.write(normalise(out))
        print(f"wrote {expected_path}")
    try:
        with open(expected_path) as f:
            expected = f.read()
    except OSError as e:
        sys.exit(f"run_matrix: no expected output: {e}")

    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futures = {ex.submit(run_config, c, exe(c.name), expected, timeout): c
                   for c in configs}
        for fut in concurrent.futures.as_completed(futures):
            cfg = futures[fut]
            report = fut.result()
            if report:
                failures.append((cfg, report))

    order = {c.name: i for i, c in enumerate(configs)}
    failures.sort(key=lambda f: order[f[0].name])
    for cfg, report in failures:
        print(f"FAIL {os.path.basename(src)} [{cfg.name}]")
        print("  reproduce:")
        for line in cfg.commands(exe(cfg.name)):
            print("    " + line)
        for line in report.splitlines():
            print("  " + line)
    print(f"{os.path.basename(src)}: {len(configs) - len(failures)} of "
          f"{len(configs)} configurations passed")
    if failures or args.keep:
        print(f"work directory: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
