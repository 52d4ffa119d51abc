#!/usr/bin/env python3
"""Closure test: whatever the coroslim passes produce, every coroslim pass
accepts again, and finds nothing left to do.

Usage (from lit):

    closure.py [--levels O1,O2,Os] [--fuzz-seed N ...] [--break-ir]
               [--keep DIR] [--opt-flag=-coroslim-... ...] PROGRAM.c ...

For each C program (and each program `scripts/fuzz --print --seed N`
prints) at each level:

 1. clang -O<level> -Xclang -disable-llvm-passes -emit-llvm: the IR clang
    hands to the pipeline.
 2. The start of the real pipeline of that level, as
    `opt -passes='default<O..>' -print-pipeline-passes` prints it with the
    plugin loaded, up to and including coroslim-inline-single-suspend (so
    c-presplit, coro-early, the early simplification and both await
    passes), then the pre-split function passes of the ScalarOptimizerLate
    slot (coroslim-strip-done-traps<form=pre-split>, coroslim-merge-states):
    every coroslim pass that sees a pre-split coroutine, in pipeline order.
    Its output is OUT.
 3. Every coroslim pass alone on OUT. Each must leave OUT unchanged (IR
    text, as `opt -S` prints it) and must not give a refusal with a new
    reason: one that the passes did not already give on the code as the
    front end wrote it (IN, the IR before the await passes; there
    inline-single-suspend runs with max-size=1, so that it reports why it
    would refuse each callee as written instead of rewriting the chain
    first). Reasons that are limits and not shapes (a size or suspend
    count over a limit, merge-states' "different operations / callees")
    may be new: inlining makes coroutines larger.

Refusals are compared by their reason (the remark text after the names of
pass, caller and callee), with IR value names (%12) masked.

--break-ir leaves coroslim-inline-single-suspend out of step 2, as if the
pipeline had stopped early; then step 3 finds awaits to inline and the
script must exit 1 (lit checks that it does).

Environment: COROSLIM_PLUGIN (the plugin), COROSLIM_LLVM_BIN (clang, opt).
Exit status 1 when any program at any level breaks closure.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "utils"))
from coroslim import toolchain  # noqa: E402

BIN = toolchain.llvm_bin()
PLUGIN = toolchain.plugin()

# Every coroslim pass, as it is run alone in step 3.
AGAIN = [
    "coroslim-c-presplit",
    "coroslim-fold-suspend-free",
    "coroslim-inline-single-suspend",
    "function(coroslim-strip-done-traps<form=pre-split>)",
    "function(coroslim-merge-states)",
]
LATE = "function(coroslim-strip-done-traps<form=pre-split>,coroslim-merge-states)"


def cost_policy(level):
    """The cost policy the default pipeline gives the passes at \p level
    (docs/options.md, "Cost policy"): each pass run again must trade what
    the pipeline's did."""
    return "size" if level in ("Os", "Oz") else "speed"


def with_cost(passes, level):
    c = cost_policy(level)
    for name in ("coroslim-fold-suspend-free", "coroslim-inline-single-suspend",
                 "coroslim-merge-states"):
        passes = re.sub(re.escape(name) + r"(?![<\w-])",
                        "%s<cost=%s>" % (name, c), passes)
    return passes


def again_passes(level):
    return [with_cost(p, level) for p in AGAIN]


def late_passes(level):
    return with_cost(LATE, level)


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" %
                           (p.returncode, " ".join(cmd), p.stderr))
    return p


OPT_FLAGS = []


def opt(passes, src, out=None):
    cmd = ["%s/opt" % BIN, "-load-pass-plugin=" + PLUGIN, "-passes=" + passes,
           *OPT_FLAGS,
           "-pass-remarks-missed=coroslim-.*", "-verify-each", "-S", src]
    cmd += ["-o", out] if out else ["-o", "-"]
    return run(cmd)


def prefix(level):
    """The real pipeline of \\p level up to the await passes."""
    p = run(["%s/opt" % BIN, "-load-pass-plugin=" + PLUGIN,
             "-passes=default<%s>" % level, *OPT_FLAGS,
             "-print-pipeline-passes", "-disable-output",
             os.devnull]).stdout.strip()
    key = "coroslim-inline-single-suspend"
    i = p.find(key)
    if i < 0:
        raise RuntimeError("no %s in the %s pipeline" % (key, level))
    end = i + len(key)
    if p.startswith("<", end):  # its parameters (the level's cost policy)
        end = p.index(">", end) + 1
    cut = p[:end]
    if cut.count("(") != cut.count(")"):
        raise RuntimeError("%s is not a top-level pass at %s" % (key, level))
    return cut


# Refusals that are limits, not shapes the pass failed to read.
LIMIT = re.compile(r"allowed by -coroslim-|internal suspend points? "
                   r"|different operations|different callees|recursion"
                   r"|the cost model \(cost=")


def reasons(stderr):
    """The reasons of the missed remarks, masked."""
    out = set()
    for line in stderr.splitlines():
        if "remark:" not in line:
            continue
        text = line[line.index("remark:") + len("remark:"):]
        text = re.sub(r"^\s*\S*:\d+:\d+:\s*", "", text)
        text = re.sub(r"\s*\[-R?pass.*\]$", "", text)
        # "not inlining 'bar' into twice: WHY", "cannot fold the await of bar
        # in twice: WHY", "coroutine twice: WHY"
        m = re.match(r"(not inlining|cannot fold|coroutine|not stripping|"
                     r"kept)[^:]*: (.*)$", text)
        why = m.group(2) if m else text
        out.add(re.sub(r"%[\w.]+", "%_", why))
    return out


def check(name, src_c, level, tmp, keep, broken):
    ll = os.path.join(tmp, "in.ll")
    run(["%s/clang" % BIN, "-" + level, "-Xclang", "-fcoroutines",
         "-I", os.path.join(ROOT, "include"), "-Xclang",
         "-disable-llvm-passes", "-emit-llvm", "-S", src_c, "-o", ll])
    pre = prefix(level)
    # The two await passes, with the parameters the level gives them.
    m = re.search(r",coroslim-fold-suspend-free(<[^>]*>)?"
                  r",coroslim-inline-single-suspend(<[^>]*>)?$", pre)
    assert m, pre
    start = pre[:m.start()]
    fold = "coroslim-fold-suspend-free" + (m.group(1) or "")
    # IN: before the await passes; what each pass says about it as written.
    inp = os.path.join(tmp, "before.ll")
    opt(start, ll, inp)
    known = set()
    for p in again_passes(level):
        if p.startswith("coroslim-inline-single-suspend"):
            p = p.replace("<", "<max-size=1;")
        known |= reasons(opt(p, inp).stderr)
    out = os.path.join(tmp, "out.ll")
    steps = pre + "," + late_passes(level)
    if broken:
        steps = start + "," + fold + "," + late_passes(level)
    opt(steps, ll, out)
    text = open(out).read()
    # The reference text: OUT as opt prints it with no pass.
    ref = opt("verify", out).stdout
    bad = []
    for p in again_passes(level):
        again = opt(p, out)
        if again.stdout != ref:
            diff = "".join(list(difflib.unified_diff(
                ref.splitlines(True), again.stdout.splitlines(True),
                "OUT", "OUT after " + p, n=1))[:40])
            bad.append("%s changed its own output:\n%s" % (p, diff))
        for r in sorted(reasons(again.stderr) - known):
            if not LIMIT.search(r):
                bad.append("%s: new refusal on the output: %s" % (p, r))
    if keep:
        os.makedirs(keep, exist_ok=True)
        base = os.path.join(keep, "%s-%s" % (name, level))
        open(base + ".in.ll", "w").write(open(inp).read())
        open(base + ".out.ll", "w").write(text)
    status = "FAIL" if bad else "ok"
    print("%s -%s: %s" % (name, level, status))
    for b in bad:
        print("  " + b.replace("\n", "\n  "))
    return not bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("programs", nargs="*")
    ap.add_argument("--levels", default="O1,O2,Os")
    ap.add_argument("--fuzz-seed", type=int, action="append", default=[])
    ap.add_argument("--break-ir", action="store_true")
    ap.add_argument("--keep")
    ap.add_argument("--opt-flag", action="append", default=[],
                    help="extra opt option for every run (-coroslim-...)")
    args = ap.parse_args()
    OPT_FLAGS.extend(args.opt_flag)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        progs = [(os.path.basename(p)[:-2], p) for p in args.programs]
        for seed in args.fuzz_seed:
            path = os.path.join(tmp, "fuzz-%d.c" % seed)
            src = run([sys.executable, os.path.join(ROOT, "scripts", "fuzz"),
                       "--print", "--seed", str(seed)]).stdout
            open(path, "w").write(src)
            progs.append(("fuzz-%d" % seed, path))
        for name, path in progs:
            for level in args.levels.split(","):
                ok &= check(name, path, level, tmp, args.keep, args.break_ir)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
