"""scripts/rust-matrix: builds every Rust input of test/rust/Inputs with
coroslim by both routes (rustc loading the plugin; opt on rustc's bitcode,
utils/coroslim/rust.py), with the plugin's defaults and in both release
modes, runs it, and checks that it prints what plain rustc's build prints
at the same opt-level, codegen units and panic strategy.
test/rust/matrix.test runs it; docs/rust.md describes it.

  scripts/rust-matrix matrix [--workdir DIR] [--jobs N] [--programs a,b]
                             [--full] [--only s/1/abort,...] [--modes return]
                             [--perturb-baseline] [--keep]
  scripts/rust-matrix traps [--programs a,b] [--require-fewer P[:C+C],...]
                            [--require-none P[:C+C],...] [--level s]
                            [--units 1] [--panic abort]

matrix: opt-level s, z, 3 x codegen-units 1, 4 x panic abort, unwind. Route
rustc in `return` mode runs the full product; its other modes (`default`,
`unreachable`) and all three of route opt run the pairwise subset PAIRWISE
(every level with both unit counts and both panic strategies, every
units/panic pair), unless --full. --perturb-baseline adds a line to every
baseline output, so that every comparison must fail: the test's own check
that it can fail.

traps: counts the calls and invokes of the resumed-after-completion panics
in the IR after the pipeline (rustc --emit=llvm-ir; opt's output for route
opt) per configuration of rust.CONFIGS, and checks --require-fewer P (fewer
than plain rustc, which must have some) and --require-none P (none left),
for every release configuration or for those named after P (for example
firmware:unreachable+opt-unreachable). One codegen unit: rustc writes one
.ll file only for one.
"""

import argparse
import concurrent.futures
import itertools
import os
import sys
import tempfile

from . import rust

FULL = list(itertools.product(rust.LEVELS, rust.UNITS, rust.PANICS))
# A pairwise cover of FULL: every (level, units), (level, panic) and
# (units, panic) pair appears.
PAIRWISE = [("s", 1, "abort"), ("s", 4, "unwind"), ("z", 1, "unwind"),
            ("z", 4, "abort"), ("3", 1, "abort"), ("3", 4, "unwind")]


# What the matrix compares with plain rustc: the plugin's defaults (its
# pipeline changes rustc's poll functions without release mode too) and the
# two release modes.
CHECKED = ("default",) + rust.MODES


def plan(full, only=None, modes=CHECKED):
    """{(route, mode): [configurations]}: which builds are compared."""
    rest = FULL if full else PAIRWISE
    todo = {(route, mode): rest for route in ("rustc", "opt")
            for mode in CHECKED}
    todo[("rustc", "return")] = FULL
    if only:
        todo = {k: [c for c in FULL if c in only] for k in todo}
    return {k: v for k, v in todo.items() if k[1] in modes}


def parse_cfg(s):
    """LEVEL/UNITS/PANIC, as cfg_name prints it."""
    try:
        level, units, panic = s.split("/")
        cfg = (level, int(units), panic)
    except ValueError:
        cfg = None
    if cfg not in FULL:
        raise argparse.ArgumentTypeError(
            "%r is not LEVEL/UNITS/PANIC of %s x %s x %s" % (
                s, ",".join(rust.LEVELS), ",".join(map(str, rust.UNITS)),
                ",".join(rust.PANICS)))
    return cfg


def cfg_name(cfg):
    return "%s/%d/%s" % cfg


class Job:
    """One program in one configuration: the baseline, a route rustc build,
    or a route opt build (the bitcode once, then every mode asked for)."""

    def __init__(self, kind, prog, src, cfg, modes, workdir):
        self.kind, self.prog, self.src, self.cfg, self.modes = \
            kind, prog, src, cfg, modes
        self.dir = os.path.join(workdir, prog, "%s-%s-%d-%s"
                                % ((kind,) + cfg))

    def __call__(self):
        """{mode: (exit status, stdout) or BuildError}."""
        level, units, panic = self.cfg
        out = {}
        try:
            if self.kind == "plain":
                exe = rust.build_rustc(self.src, self.dir, level, units,
                                       panic, "plain")
                out["plain"] = rust.run_program(exe)
            elif self.kind == "rustc":
                for m in self.modes:
                    exe = rust.build_rustc(self.src, os.path.join(self.dir, m),
                                           level, units, panic, m)
                    out[m] = rust.run_program(exe)
            else:
                bcs = rust.emit_bitcode(self.src, os.path.join(self.dir, "bc"),
                                        level, units, panic)
                for m in self.modes:
                    exe = rust.build_opt(bcs, os.path.join(self.dir, m),
                                         level, panic, m)
                    out[m] = rust.run_program(exe)
        except rust.BuildError as e:
            for m in self.modes:
                out.setdefault(m, e)
        return out


def matrix(args):
    progs = rust.programs(args.programs)
    work = args.workdir or tempfile.mkdtemp(prefix="rust-matrix.")
    todo = plan(args.full, args.only, args.modes)
    cfgs = [c for c in FULL if any(c in v for v in todo.values())]
    jobs = []
    for prog, src in progs.items():
        for cfg in cfgs:
            jobs.append(Job("plain", prog, src, cfg, ["plain"], work))
            for route in ("rustc", "opt"):
                modes = [m for m in args.modes
                         if cfg in todo.get((route, m), ())]
                if modes:
                    jobs.append(Job(route, prog, src, cfg, modes, work))
    for (route, mode), which in sorted(todo.items()):
        print("route %s, %s: %d configurations x %d programs"
              % (route, mode, len(which), len(progs)))
    sys.stdout.flush()

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {ex.submit(j): j for j in jobs}
        for fut in concurrent.futures.as_completed(futs):
            j = futs[fut]
            got = fut.result()
            for mode, r in got.items():
                results[(j.prog, j.cfg, j.kind, mode)] = r
            if not args.keep and not any(isinstance(r, rust.BuildError)
                                         for r in got.values()):
                rust.clean(j.dir)

    compared = differ = broken = 0
    for prog in progs:
        for cfg in cfgs:
            base = results[(prog, cfg, "plain", "plain")]
            where = "%s %s" % (prog, cfg_name(cfg))
            if isinstance(base, rust.BuildError):
                print("error: %s plain rustc: %s" % (where, base))
                broken += 1
                continue
            if args.perturb_baseline:
                base = (base[0], base[1] + "(perturbed baseline)\n")
            for route in ("rustc", "opt"):
                for mode in args.modes:
                    if cfg not in todo[(route, mode)]:
                        continue
                    r = results[(prog, cfg, route, mode)]
                    what = "%s route %s %s" % (where, route, mode)
                    if isinstance(r, rust.BuildError):
                        print("error: %s: %s" % (what, r))
                        broken += 1
                        continue
                    compared += 1
                    if r != base:
                        differ += 1
                        print("differ: %s: exit %d (plain %d); %s"
                              % (what, r[0], base[0],
                                 rust.first_difference(base[1], r[1])))
    print("summary: %d programs, %d builds compared with plain rustc, "
          "%d differ, %d failed to build"
          % (len(progs), compared, differ, broken))
    return 1 if differ or broken else 0


def traps(args):
    progs = rust.programs(args.programs)
    cfg = (args.level, args.units, args.panic)
    work = args.workdir or tempfile.mkdtemp(prefix="rust-traps.")
    configs = list(rust.CONFIGS)

    def count(prog, src):
        counts = {}
        for c in configs:
            d = os.path.join(work, prog, c)
            exe = rust.build_rustc(src, d, *cfg, config=c,
                                   emit=("llvm-ir", "link"))
            with open(exe + ".ll") as f:
                counts[c] = rust.resumed_calls(f.read())
        for m in rust.MODES:
            d = os.path.join(work, prog, "opt-" + m)
            bcs = rust.emit_bitcode(src, os.path.join(d, "bc"), *cfg)
            rust.build_opt(bcs, d, args.level, args.panic, m, keep_ir=True)
            n = 0
            for bc in bcs:
                ll = os.path.join(d, os.path.basename(bc)[:-3] + ".ll")
                with open(ll) as f:
                    n += rust.resumed_calls(f.read())
            counts["opt-" + m] = n
        if not args.keep:
            rust.clean(os.path.join(work, prog))
        return counts

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        got = dict(zip(progs, ex.map(lambda p: count(p, progs[p]),
                                     progs)))
    known = set(rust.CONFIGS) | {"opt-" + m for m in rust.MODES}
    for prog, which in args.require_fewer + args.require_none:
        if prog not in got or not set(which) <= known:
            print("error: requirement on %s:%s: not a program counted or "
                  "not a configuration (%s)" % (prog, "+".join(which),
                                                ", ".join(sorted(known))))
            return 1
    bad = 0
    released = [c for c in got[next(iter(got))]
                if c not in ("plain", "default")]
    for prog, counts in got.items():
        print("traps %s %s: %s" % (prog, cfg_name(cfg), " ".join(
            "%s=%d" % kv for kv in counts.items())))
    for prog, which in args.require_fewer:
        counts = got[prog]
        if counts["plain"] == 0:
            print("error: %s: plain rustc leaves no resumed panic to remove"
                  % prog)
            bad += 1
        for c in which or released:
            if counts[c] >= counts["plain"]:
                print("error: %s: %s leaves %d calls, plain rustc %d"
                      % (prog, c, counts[c], counts["plain"]))
                bad += 1
    for prog, which in args.require_none:
        for c in which or released:
            if got[prog][c]:
                print("error: %s: %s leaves %d calls"
                      % (prog, c, got[prog][c]))
                bad += 1
    return 1 if bad else 0


def requirements(s):
    """PROG[:CONFIG+CONFIG...],...: the configurations (of the traps line:
    return, unreachable, opt-return, opt-unreachable) a requirement is on;
    none named means every release configuration."""
    out = []
    for item in rust.names(s):
        prog, _, which = item.partition(":")
        out.append((prog, [c for c in which.split("+") if c]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="rust-matrix", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("matrix", "traps"):
        p = sub.add_parser(name)
        p.add_argument("--workdir", help="build directory (default: a new "
                       "temporary one)")
        p.add_argument("--jobs", type=int, default=2)
        p.add_argument("--programs", type=rust.names, default=None,
                       help="comma-separated names of test/rust/Inputs/*.rs "
                       "(default: all but %s)" % ", ".join(rust.REPOLL))
        p.add_argument("--keep", action="store_true",
                       help="keep every build (default: only those that "
                       "failed to build)")
    m = sub.choices["matrix"]
    m.add_argument("--full", action="store_true",
                   help="the full product for every route and mode")
    m.add_argument("--only",
                   type=lambda s: [parse_cfg(c) for c in s.split(",")],
                   help="comma-separated LEVEL/UNITS/PANIC configurations, "
                   "for every route and mode (default: the plan above)")
    m.add_argument("--modes", type=rust.names, default=list(CHECKED),
                   help="plugin configurations to check (default: %s)"
                   % ",".join(CHECKED))
    m.add_argument("--perturb-baseline", action="store_true",
                   help="change every baseline output (every build must "
                   "then differ)")
    t = sub.choices["traps"]
    t.add_argument("--require-fewer", type=requirements, default=[],
                   help="PROG[:CONFIG+...],...: fewer calls than plain rustc")
    t.add_argument("--require-none", type=requirements, default=[],
                   help="PROG[:CONFIG+...],...: no call left")
    t.add_argument("--level", default="s", choices=sorted(rust.OPT_PIPELINE))
    t.add_argument("--units", type=int, default=1, choices=(1,))
    t.add_argument("--panic", default="abort", choices=rust.PANICS)
    args = ap.parse_args(argv)
    if args.cmd == "matrix" and not set(args.modes) <= set(CHECKED):
        ap.error("--modes: the modes are %s" % ",".join(CHECKED))
    try:
        return matrix(args) if args.cmd == "matrix" else traps(args)
    except rust.BuildError as e:
        print("error: %s" % e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
