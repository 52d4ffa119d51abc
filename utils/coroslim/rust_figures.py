"""scripts/rust-figures: code size and instructions executed of the Rust
inputs (test/rust/Inputs) per plugin configuration (rust.CONFIGS), as
Markdown tables for docs/rust.md.

  scripts/rust-figures [--programs a,b] [--configs plain,default,...]
                       [--level s] [--units 1] [--panic abort]
                       [--no-callgrind] [--jobs N] [--workdir DIR]

Every program is built by route rustc (rustc loading CoroSlimRust.so, the
plugin flags of rust.CONFIGS) with --emit=obj,link at the given opt-level,
codegen units and panic strategy (default s, 1, abort). Figures:

  .text      bytes of code in the crate's own object (llvm-size -A: every
             .text* section; std's code lives in the rlibs and is not
             counted, what the crate instantiates from std is);
  instr.     instructions executed in the crate's `main` and what it
             calls (valgrind --tool=callgrind --toggle-collect=MAIN,
             measure.callgrind): std's start-up is left out, whose count
             moves by thousands with the binary's layout (it parses
             /proc/self/maps with sscanf, a line per mapping).

A configuration whose program prints something else than plain rustc's is
an error (exit status 1): its figures would be meaningless.
"""

import argparse
import concurrent.futures
import os
import sys
import tempfile

from . import measure, rust


# The crate's `main` in v0 mangling (crate-hash, crate name, `main`).
MAIN = "_RNvCs*4main"


def measure_one(prog, src, config, cfg, d, callgrind):
    """Builds, sizes, runs and counts one program in one configuration in
    directory \p d."""
    exe = rust.build_rustc(src, d, *cfg, config=config, emit=("obj", "link"))
    text, why = measure.text_bytes(exe + ".o")
    rc, out = rust.run_program(exe)
    instr = None
    if callgrind:
        instr, why2 = measure.callgrind(exe, d, within=MAIN)
        why = why or why2
    return {"text": text, "instr": instr, "why": why, "output": (rc, out)}


def cell(value, base):
    if value is None:
        return "n/a"
    if base is None:
        return str(value)
    return "%d (%s)" % (value, rust.signed(value - base))


def table(title, key, progs, configs, res):
    lines = ["| %s | %s |" % (title, " | ".join(configs)),
             "| --- |" + " ---: |" * len(configs)]
    totals = {c: 0 for c in configs}
    for p in progs:
        row = []
        base = res[(p, configs[0])][key]
        for c in configs:
            v = res[(p, c)][key]
            row.append(cell(v, None if c == configs[0] else base))
            if v is None or totals[c] is None:
                totals[c] = None
            else:
                totals[c] += v
        lines.append("| %s | %s |" % (p, " | ".join(row)))
    lines.append("| total | %s |" % " | ".join(
        cell(totals[c], None if c == configs[0] else totals[configs[0]])
        for c in configs))
    return "\n".join(lines)



def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="rust-figures", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--programs", type=rust.names)
    ap.add_argument("--configs", type=rust.names,
                    default=list(rust.CONFIGS),
                    help="rows of rust.CONFIGS or rust.FIX_CONFIGS (default: "
                    "the CONFIGS; the first is the one the others are "
                    "compared with)")
    ap.add_argument("--level", default="s", choices=sorted(rust.OPT_PIPELINE))
    ap.add_argument("--units", type=int, default=1)
    ap.add_argument("--panic", default="abort", choices=rust.PANICS)
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workdir")
    args = ap.parse_args(argv)
    unknown = [c for c in args.configs if c not in rust.ALL_CONFIGS]
    if unknown:
        ap.error("unknown configuration %s (have %s)"
                 % (", ".join(unknown), ", ".join(rust.ALL_CONFIGS)))
    try:
        progs = rust.programs(args.programs)
    except rust.BuildError as e:
        ap.error(str(e))
    cfg = (args.level, args.units, args.panic)
    work = args.workdir or tempfile.mkdtemp(prefix="rust-figures.")
    keys = [(p, c) for p in progs for c in args.configs]
    res = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        # Every build gets a directory name of the same length: the number
        # of instructions the program executes depends on the length of
        # the directory it runs in (measure.stage keeps only the program's
        # name the same).
        futs = {ex.submit(measure_one, p, progs[p], c, cfg,
                          os.path.join(work, "%03d" % i),
                          not args.no_callgrind): (p, c)
                for i, (p, c) in enumerate(keys)}
        for fut in concurrent.futures.as_completed(futs):
            try:
                res[futs[fut]] = fut.result()
            except rust.BuildError as e:
                print("error: %s %s: %s" % (futs[fut] + (e,)), file=sys.stderr)
                return 1
    bad = 0
    for p in progs:
        for c in args.configs[1:]:
            if res[(p, c)]["output"] != res[(p, args.configs[0])]["output"]:
                print("error: %s: %s prints something else than %s"
                      % (p, c, args.configs[0]), file=sys.stderr)
                bad += 1
        for c in args.configs:
            if res[(p, c)]["why"]:
                print("note: %s %s: %s" % (p, c, res[(p, c)]["why"]),
                      file=sys.stderr)
    print("opt-level=%s, codegen-units=%d, panic=%s; cells: value "
          "(difference from %s)\n" % (args.level, args.units, args.panic,
                                      args.configs[0]))
    print(table(".text bytes", "text", progs, args.configs, res))
    if not args.no_callgrind:
        print()
        print(table("instructions", "instr", progs, args.configs, res))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
