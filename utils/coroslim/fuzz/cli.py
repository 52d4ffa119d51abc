"""Differential fuzzer for coroslim: random coroutine programs on coro.h.

    scripts/fuzz [--count N] [--seed S] [--jobs J] [--batch K] [--out DIR]
                 [--log FILE [--resume]]
    scripts/fuzz --check PROG.c        # rerun every configuration on a file
    scripts/fuzz --print --seed S      # print the program of seed S

Program k of a run with --seed S is generated from seed S+k alone, so
`scripts/fuzz --seed S+k --count 1` regenerates it exactly.

Each program is a well-defined C11 program on the runtime (include/coroslim/
coro.h): a handful of coroutines f0..fN (fK awaits only fJ with J < K), each
of kind suspend-free, single-suspend or multi-suspend, whose bodies mix
traced unsigned arithmetic, if/else, switch arms and ternary branches that
await the same callee with different arguments, bounded loops with breaks,
early CS_RETURNs, CS_SUSPEND / CS_YIELD / CS_SLEEP / CS_WAIT, and callees
driven by hand (cs_next with a bound, so some are destroyed while pending).
main spawns roots on the executor, fires events, cancels what is still
parked (destroy while pending), drives generators by hand and, in checked
mode, sometimes resumes a completed coroutine on purpose (the runtime's
post-completion trap). Every step prints a trace line; the run's stdout,
stderr and exit status are the observable result.

Every program is built in these configurations and all results must equal
the first one's:
  base-<L>     coroslim-cc --no-opt -<L>           L in O0 O1 O2 O3 Os Oz
  slim-<L>     coroslim-cc -<L>                    (the full plugin)
  release-<L>  coroslim-cc -<L> -mllvm -coroslim-release [done-resume mode]
               L in O1..Oz, only when the program never resumes a completed
               coroutine and the plugin has the option
  verify-O2    clang -O2 -Xclang -disable-llvm-passes -emit-llvm, then
               opt -passes='default<O2>' -verify-each with the plugin, then
               clang to link
With --batch K, K consecutive seeds are compiled as one file where they
can be (batch_key; C: emit_batch, same checked mode, no resume of a
completed coroutine; C++: emit_batch_cxx, same exceptions mode, that is
odd and even seeds apart), each still in every configuration above; a
failing batch is split and its programs checked one by one.
A mismatch, a crash of a compiler or program, a verifier error or a
timeout keeps the program under --out (default fuzz-out/), reduces it with
a statement-level delta reducer over the generator's syntax tree (only the
failing configuration and the baseline are rebuilt while reducing) and
prints the commands that reproduce it. A seed the generator itself fails
on (an exception) is reported with its traceback and skipped; the run goes
on. Exit status: 0 when every program agreed, 1 otherwise (a generator
failure included), 2 on a usage or setup error.

Environment: COROSLIM_BUILD (build tree; default build/), COROSLIM_PLUGIN,
COROSLIM_CC (driver; default <build>/tools/coroslim-cc, else clang-22 with
the flags coroslim-cc would add).
"""

import argparse
import concurrent.futures
import json
import os
import shlex
import sys
import tempfile
import time
import traceback

from . import generator, reducer
from .emitter import emit as emit_c, emit_batch
from .emitter_cxx import emit_batch_cxx, emit_cxx
from .generator import resumes_completed
from .runner import Toolchain, check_program, signature, subst


def emitter(args):
    """The program text of a model in the run's language."""
    return emit_cxx if args.lang == "cxx" else emit_c


def batch_emitter(args):
    """The text of several programs in one file, in the run's language."""
    return emit_batch_cxx if args.lang == "cxx" else emit_batch


def batch_key(seed, q, args):
    """Which programs may share a file: those that every configuration
    builds with the same flags. C: the same checked mode (CS_UNCHECKED is
    the file's), and a program that resumes a completed coroutine is alone
    (the checked-mode trap stops the process on purpose). C++: the same
    exceptions mode (configs_cxx: odd seeds -fno-exceptions); the C++ task
    has no trap (emitter_cxx drops the resume of a completed coroutine), so
    no program has to be alone."""
    if args.lang == "cxx":
        return "no-exceptions" if seed % 2 else "exceptions"
    return "alone" if resumes_completed(q) else q["checked"]


def suffix(args):
    return ".cpp" if args.lang == "cxx" else ".c"


def fuzz_one(tc, seed, args):
    p = generator.Gen(seed).program()
    if args.self_test:
        p["inject"] = True
    text = emitter(args)(p)
    with tempfile.TemporaryDirectory(prefix="coroslim-fuzz-") as wd:
        fails, ncfg = check_program(tc, p, text, seed, wd, jobs=1,
                                    lang=args.lang)
    return seed, p, text, fails, ncfg


# The failure recorded for a seed the generator cannot make a program of
# (an exception in Gen or emit): that seed is reported with its traceback
# and skipped, so an unattended long run goes on with the next seed.
GENERATOR_FAILURE = ("generator", None, None, [])


def fuzz_batch(tc, seeds, args):
    """Checks the programs of \\p seeds in batches (emit_batch, or
    emit_batch_cxx for C++), one per batch_key. A program that has to be
    alone (batch_key) or is alone in its key is checked on its own. When a batch fails, each
    of its programs is checked on its own, so a failure is kept and reduced
    as one program; a batch whose programs all pass alone is kept whole.
    Returns (results, builds): per program (seed, p, text, fails,
    configurations, first seed of its batch or None; for a seed the
    generator fails on, p is None, text the traceback and fails
    [GENERATOR_FAILURE]), plus
    (None, members, text, fails, n, first) for such a batch; builds counts
    the compiles done."""
    progs = []
    results = []
    for seed in seeds:
        try:
            q = generator.Gen(seed).program()
            emitter(args)(q)
        except Exception:  # A generator bug: keep going with the next seed.
            results.append((seed, None, traceback.format_exc(),
                            [GENERATOR_FAILURE], 0, None))
            continue
        if args.self_test:
            q["inject"] = True
        progs.append((seed, q))
    groups = {}
    for seed, q in progs:
        groups.setdefault(batch_key(seed, q, args), []).append((seed, q))
    builds = 0

    def alone(members):
        nonlocal builds
        done = [fuzz_one(tc, seed, args) + (None,) for seed, _ in members]
        builds += sum(r[4] for r in done)
        return done

    for key, members in groups.items():
        if key == "alone" or len(members) == 1:
            results += alone(members)
            continue
        text = batch_emitter(args)(members)
        bp = {"funcs": [], "main": [],
              "inject": any(q.get("inject") for _, q in members)}
        with tempfile.TemporaryDirectory(prefix="coroslim-fuzz-") as wd:
            fails, ncfg = check_program(tc, bp, text, members[0][0], wd,
                                        lang=args.lang)
        builds += ncfg
        first = members[0][0]
        if not fails:
            results += [(seed, q, emitter(args)(q), [], ncfg, first)
                        for seed, q in members]
            continue
        each = alone(members)
        results += each
        if not any(r[3] for r in each):
            results.append((None, members, text, fails, ncfg, first))
    results.sort(key=lambda r: -1 if r[0] is None else r[0])
    return results, builds


def report_batch(members, text, fails, args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    first = members[0][0]
    path = os.path.join(out, f"batch-{first}{suffix(args)}")
    with open(path, "w") as fh:
        fh.write(text)
    print(f"FAIL batch of seeds {', '.join(str(s) for s, _ in members)}: "
          f"{len(fails)} configuration(s) differ ("
          + ", ".join(f[0] for f in fails)
          + "), but every program passes on its own")
    print_first_failure(fails)
    print(f"  program: {path} (not reduced)")
    print("  reproduce:")
    print(f"    {shlex.quote(sys.argv[0])} --check {shlex.quote(path)}"
          f" --seed {first}" + (" --lang=cxx" if args.lang == "cxx" else ""))


def describe(res):
    if res is None:
        return "(none)"
    if res[0] == "build":
        return f"build failed (exit {res[1]}):\n{res[3]}"
    return f"exit {res[1]}, {len(res[2].splitlines())} stdout lines, " \
        f"stderr {res[3][:200]!r}"


def first_diff(a, b):
    al, bl = a.splitlines(), b.splitlines()
    for i in range(max(len(al), len(bl))):
        x = al[i] if i < len(al) else "<end>"
        y = bl[i] if i < len(bl) else "<end>"
        if x != y:
            return f"line {i + 1}: expected {x!r}, got {y!r}"
    return "stdout equal"


def print_first_failure(fails):
    """The first failing configuration, against the baseline."""
    name, res, ref, _ = fails[0]
    print(f"  {name}: {describe(res)}")
    if ref is not None:
        print(f"  baseline: {describe(ref)}")
        if res[0] == "run":
            print(f"  first difference: {first_diff(ref[2], res[2])}")


def report_generator_failure(seed, trace):
    print(f"FAIL seed {seed}: the generator raised an exception (no program "
          "was built; the run goes on)")
    for line in trace.rstrip().splitlines():
        print("  " + line)
    print("  reproduce:")
    print(f"    {shlex.quote(sys.argv[0])} --print --seed {seed}")


def still_fails(tc, seed, failure, workdir, args):
    """The reducer's test: the configuration that failed still fails the
    same way against the baseline (only those two are rebuilt)."""
    cfg_name = failure[0]
    want = signature(failure[1])

    def interesting(q):
        fails, _ = check_program(tc, q, emitter(args)(q), seed, workdir,
                                 only={cfg_name}, jobs=2, lang=args.lang)
        return any(f[0] == cfg_name and signature(f[1]) == want
                   for f in fails)
    return interesting


def report(tc, seed, p, text, fails, args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, f"seed-{seed}")
    ext = suffix(args)
    with open(base + ext, "w") as fh:
        fh.write(text)
    with open(base + ".json", "w") as fh:
        json.dump(p, fh)
    print(f"FAIL seed {seed}: {len(fails)} configuration(s) differ: "
          + ", ".join(f[0] for f in fails))
    print_first_failure(fails)
    name = fails[0][0]
    print(f"  program: {base}{ext}")
    reduced = None
    if not args.no_reduce:
        with tempfile.TemporaryDirectory(prefix="coroslim-reduce-") as wd:
            q, tests, secs = reducer.reduce(
                p, still_fails(tc, seed, fails[0], wd, args),
                args.reduce_budget)
        reduced = base + ".reduced" + ext
        with open(reduced, "w") as fh:
            fh.write(emitter(args)(q))
        with open(base + ".reduced.json", "w") as fh:
            json.dump(q, fh)
        print(f"  reduced ({tests} tests, {secs:.0f}s): {reduced}")
    src = reduced or base + ext
    cfgs = dict(tc.configs(p, seed, args.lang))
    print("  reproduce:")
    print(f"    {shlex.quote(sys.argv[0])} --check {shlex.quote(src)}"
          f" --seed {seed}" + (" --lang=cxx" if args.lang == "cxx" else ""))
    cfg = name.split(" ")[0]
    for c in cfgs[cfg]:
        c = subst(c, src, f"{base}.{cfg}.exe", f"{base}.{cfg}")
        print("    " + " ".join(shlex.quote(x) for x in c))
    print(f"    {shlex.quote(base)}.{cfg}.exe")


def seeds_logged_ok(path):
    """The seeds that a --log file records as ok (first field: the seed,
    third: the verdict)."""
    done = set()
    if not os.path.exists(path):
        return done
    with open(path) as fh:
        for line in fh:
            f = line.split()
            if len(f) >= 3 and f[0].isdigit() and f[2] == "ok":
                done.add(int(f[0]))
    return done


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Differential fuzzer for the coroslim plugin.")
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1,
                    help="programs checked in parallel")
    ap.add_argument("--out", default="fuzz-out",
                    help="where failing programs are kept")
    ap.add_argument("--plugin", help="plugin .so (default: the build tree's)")
    ap.add_argument("--no-reduce", action="store_true")
    ap.add_argument("--reduce-budget", type=float, default=600,
                    help="seconds the reducer may spend per failure")
    ap.add_argument("--print", action="store_true",
                    help="print the program of --seed and exit")
    ap.add_argument("--check", metavar="PROG.c",
                    help="build and compare every configuration of a file")
    ap.add_argument("--self-test", action="store_true",
                    help="plant a difference in slim-O2 after every CS_AWAIT "
                    "(tests the failure path and the reducer)")
    ap.add_argument("--log", help="append one line per program to this file")
    ap.add_argument("--resume", action="store_true",
                    help="skip the seeds that --log already records as ok "
                    "(to continue a long run; failing seeds are checked "
                    "again)")
    ap.add_argument("--lang", choices=["c", "cxx"], default="c",
                    help="c: programs on coro.h (default); cxx: the same "
                    "programs as C++20 tasks (fuzz/cxx/fuzz_task.hpp), "
                    "built with clang++, odd seeds with -fno-exceptions")
    ap.add_argument("--batch", type=int, default=1, metavar="K",
                    help="compile K programs per file (emit_batch, "
                    "emit_batch_cxx; C: about twice as fast at K=10); 1: one "
                    "program per file")
    args = ap.parse_args(argv)

    if args.resume and not args.log:
        ap.error("--resume needs --log")
    if args.print:
        sys.stdout.write(emitter(args)(generator.Gen(args.seed).program()))
        return 0
    tc = Toolchain(args)
    if args.check:
        text = open(args.check).read()
        # The configurations only depend on whether the program resumes a
        # completed coroutine; read that from the text.
        p = {"main": [{"t": "resume_done"}] if
             "resuming a completed coroutine" in text else [],
             "inject": "COROSLIM_FUZZ_INJECT" in text}
        with tempfile.TemporaryDirectory(prefix="coroslim-fuzz-") as wd:
            fails, n = check_program(tc, p, text, args.seed, wd,
                                     jobs=args.jobs, lang=args.lang)
        for name, res, ref, cmds in fails:
            print(f"{name}: {describe(res)}")
            if ref is not None and res[0] == "run":
                print(f"  first difference: {first_diff(ref[2], res[2])}")
            for c in cmds:
                print("  " + " ".join(shlex.quote(x) for x in c))
        print(f"{n} configurations, {len(fails)} differ from the baseline")
        return 1 if fails else 0

    start = time.time()
    failed = 0
    builds = 0
    seeds = range(args.seed, args.seed + args.count)
    skipped = ""
    if args.resume:
        done = seeds_logged_ok(args.log)
        left = [s for s in seeds if s not in done]
        skipped = f" ({len(seeds) - len(left)} already ok in {args.log})"
        seeds = left
    log = open(args.log, "a") if args.log else None
    print(f"fuzz: seeds {args.seed}..{args.seed + args.count - 1}{skipped}, "
          f"plugin {tc.plugin}, driver {tc.cc[0]}, release configs "
          f"{'on' if tc.has_release else 'off (plugin lacks -coroslim-release)'}")
    sys.stdout.flush()
    k = max(1, args.batch)
    chunks = [seeds[i:i + k] for i in range(0, len(seeds), k)]
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
        for results, n in ex.map(lambda c: fuzz_batch(tc, c, args), chunks):
            builds += n
            for seed, p, text, fails, ncfg, first in results:
                if seed is None:
                    failed += 1
                    report_batch(p, text, fails, args)
                    continue
                if p is None:
                    failed += 1
                    if log:
                        log.write(f"{seed} 0 FAIL generator\n")
                        log.flush()
                    report_generator_failure(seed, text)
                    continue
                if log:
                    # seed, configurations, verdict[, batch it was built in]
                    log.write(f"{seed} {ncfg} {'FAIL' if fails else 'ok'}"
                              + (f" batch={first}" if first else "") + "\n")
                    log.flush()
                if fails:
                    failed += 1
                    report(tc, seed, p, text, fails, args)
            sys.stdout.flush()
    secs = time.time() - start
    print(f"fuzz: {len(seeds)} programs, {builds} builds, {failed} failing, "
          f"{secs:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
