#!/usr/bin/env python3
"""Robustness corpus: every coroslim pass over every IR input we have.

    run_corpus.py [--jobs J] [--filter REGEX] [--keep DIR] [-v]

Inputs (see docs/testing.md):
  * every C and C++ program in the repository (test/, bench/, examples/,
    tools/), as pre-split IR: clang -O0 -Xclang -disable-llvm-passes, and
    the same without optnone (-Xclang -disable-O0-optnone) so that the
    optimization passes do not just skip it; C with -Xclang -fcoroutines
    and the runtime's include directory, C++ with -std=c++20;
  * every .ll file under test/ (hand-written pass tests);
  * the edge cases in test/robustness/Inputs/ (.ll, .c, .cpp).

Runs on each input (opt with the plugin, -verify-each):
  * each registered coroslim pass alone (names read from the Passes[] table
    in passes/Plugin.cpp), with default options and, where the plugin has
    them, with -coroslim-release / -coroslim-done-resume=unreachable; the
    output is fed to the same pass again and must come back unchanged
    (idempotence);
  * each pass alone after what precedes it in the real pipeline
    (coroslim-c-presplit, coro-early, the early function simplification);
  * print<coroslim-states>, and its JSON form, which must be a report
    utils/coroslim/report.py reads;
  * the full pipelines default<O0>, default<O1>, default<O2>, default<Oz>.

A run passes when opt exits 0, or exits 1 with an `error:` diagnostic and
no crash (an input that a pass rejects on purpose, e.g. a C coroutine that
reads its promise before coro.begin). Failures: a crash (signal, "Stack
dump", "PLEASE submit a bug report", LLVM ERROR), a verifier error, a
non-idempotent pass. A pass that left a non-optnone pre-split coroutine
unchanged without any remark is counted (and listed with -v), not failed:
a coroutine with nothing to do for a pass is fully recognised. Prints one
line per failure and a summary; exits 1 on any failure.
"""

import argparse
import concurrent.futures
import glob
import itertools
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
# The coroslim package (utils/coroslim); lit sets PYTHONPATH, this line
# serves a run by hand.
sys.path.insert(0, os.path.join(SRC, "utils"))
from coroslim import report, toolchain  # noqa: E402
from coroslim.plugin import registered_passes  # noqa: E402

# Where opt and clang come from: COROSLIM_LLVM_BIN (lit sets it; the
# sanitizer wrappers of an ASan build, see docs/testing.md), else the
# toolchain's LLVM.
LLVM_BIN = toolchain.llvm_bin()
CRASH = re.compile(r"Stack dump|PLEASE submit a bug report|LLVM ERROR|"
                   r"Assertion .* failed|Segmentation fault")
VERIFY = re.compile(r"Broken module|verification failed|Broken function|"
                    r"Instruction does not dominate|"
                    r"Referring to an instruction in another function")
PRESPLIT_PREP = "coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg)"
PIPELINES = ["default<O0>", "default<O1>", "default<O2>", "default<Oz>"]


def sources():
    """C and C++ programs of the repository, and the edge cases."""
    out = []
    for pat in ("test/**/*.c", "test/**/*.cpp", "bench/**/*.c",
                "bench/**/*.cpp", "examples/**/*.c", "examples/**/*.cpp",
                "tools/*.c"):
        out += glob.glob(os.path.join(SRC, pat), recursive=True)
    return sorted(set(out))


def ir_files():
    return sorted(glob.glob(os.path.join(SRC, "test", "**", "*.ll"),
                            recursive=True))


class Runner:
    def __init__(self, args, tmp):
        self.plugin = toolchain.plugin()
        self.opt = [os.path.join(LLVM_BIN, "opt"),
                    f"-load-pass-plugin={self.plugin}"]
        self.tmp = tmp
        self.verbose = args.verbose
        # Only the table rows the loaded plugin knows (the table may be
        # ahead of the build).
        self.passes = [p for p in registered_passes()
                       if self.has_option(None, f"-passes={p}")]
        self.option_sets = [[]]
        extra = [o for o in ("-coroslim-release",
                             "-coroslim-done-resume=unreachable",
                             "-coroslim-inline-max-suspends=3")
                 if self.has_option(o)]
        if extra:
            self.option_sets.append(extra)
        self.failures = []
        self.silent = []
        self.serial = itertools.count()
        self.runs = 0
        self.clean_errors = 0
        self.remarks = {}

    def has_option(self, flag, passes="-passes=verify"):
        r = subprocess.run(self.opt + ([flag] if flag else []) +
                           [passes, "-disable-output"],
                           input="", capture_output=True, text=True)
        return r.returncode == 0

    def emit_ir(self, src):
        """Pre-split IR of a program: [(label, path)], or a skip reason."""
        is_cxx = src.endswith(".cpp")
        clang = os.path.join(LLVM_BIN, "clang++" if is_cxx else "clang")
        lang = ["-std=c++20"] if is_cxx else [
            "-Xclang", "-fcoroutines", f"-I{os.path.join(SRC, 'include')}"]
        rel = os.path.relpath(src, SRC)
        base = os.path.join(self.tmp, rel.replace("/", "__"))
        out = []
        for label, flags in (("O0", []),
                             ("O0-no-optnone", ["-Xclang",
                                                "-disable-O0-optnone"])):
            ll = f"{base}.{label}.ll"
            r = subprocess.run([clang, "-O0", "-Xclang", "-disable-llvm-passes",
                                "-S", "-emit-llvm", "-w"] + lang + flags +
                               [src, "-o", ll], capture_output=True, text=True)
            if r.returncode != 0:
                return None, (r.stderr.strip().splitlines() or ["?"])[0]
            out.append((f"{rel}[{label}]", ll))
        return out, None

    def opt_run(self, label, what, args, inp, out="-disable-output"):
        """Runs opt; returns {pass name: remark count} (from the YAML
        remarks file), or None when the run failed."""
        # next() on a count is atomic under the GIL: unique across threads.
        yaml = (out if out != "-disable-output" else
                os.path.join(self.tmp, f"r{next(self.serial)}")) + ".yaml"
        cmd = self.opt + args + ["-verify-each", inp]
        cmd += ["-o", out] if out != "-disable-output" else [out]
        cmd += [f"-pass-remarks-output={yaml}",
                "-pass-remarks-filter=coroslim-.*"]
        r = subprocess.run(cmd, capture_output=True, text=True,
                           errors="replace", timeout=300)
        self.runs += 1
        text = r.stderr
        shown = " ".join(cmd)
        if r.returncode < 0 or CRASH.search(text):
            self.fail(label, what, "crash", text, shown)
            return None
        if VERIFY.search(text):
            self.fail(label, what, "verifier", text, shown)
            return None
        if r.returncode != 0:
            if re.search(r"\berror:", text):
                self.clean_errors += 1
                return None
            self.fail(label, what, f"exit {r.returncode}", text, shown)
            return None
        counts = {}
        if os.path.exists(yaml):
            for m in re.finditer(r"^Pass:\s+'?([A-Za-z0-9<>-]+)",
                                 open(yaml, errors="replace").read(), re.M):
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
            os.unlink(yaml)
        for k, v in counts.items():
            self.remarks[k] = self.remarks.get(k, 0) + v
        return counts

    def fail(self, label, what, kind, text, cmd):
        lines = [l for l in text.splitlines() if l.strip()]
        head = next((l for l in lines if CRASH.search(l) or VERIFY.search(l)),
                    lines[0] if lines else "")
        self.failures.append(f"FAIL {kind}: {label}: {what}: {head[:200]}\n"
                             f"  {cmd}")

    def check_file(self, label, ll):
        """All runs over one IR file."""
        # Inputs that do not even verify are not ours to judge.
        r = subprocess.run([os.path.join(LLVM_BIN, "opt"), "-passes=verify",
                            "-disable-output", ll], capture_output=True,
                           text=True)
        if r.returncode != 0:
            return "skipped (input does not verify)"
        # Nor are inputs LLVM's own coroutine passes reject on purpose (a
        # refusal test of the analysis): they say so in a CORPUS-SKIP line.
        with open(ll, errors="replace") as f:
            marker = re.search(r"CORPUS-SKIP: (.*)", f.read())
        if marker:
            return "skipped (%s)" % marker.group(1).strip()
        stem = os.path.join(self.tmp, re.sub(r"[^A-Za-z0-9_.-]", "_", label))
        has_presplit = self.has_presplit(ll)
        prep = f"{stem}.prep.ll"
        # clang -O0 output is optnone throughout: the passes must skip it;
        # run each alone and two pipelines, the rest on the variant without
        # optnone.
        optnone = label.endswith("[O0]")
        prepared = not optnone and self.opt_run(
            label, PRESPLIT_PREP, [f"-passes={PRESPLIT_PREP}", "-S"], ll,
            prep) is not None
        for k, opts in enumerate(self.option_sets[:1] if optnone else
                                 self.option_sets):
            for p in self.passes:
                what = p + (" " + " ".join(opts) if opts else "")
                o1, o2 = f"{stem}.{p}.{k}.1.ll", f"{stem}.{p}.{k}.2.ll"
                rem = self.opt_run(label, what, opts + [f"-passes={p}", "-S"],
                                   ll, o1)
                if rem is None:
                    continue
                if self.opt_run(label, what + " (second run)",
                                opts + [f"-passes={p}", "-S"], o1,
                                o2) is None:
                    continue
                if not same_ir(o1, o2):
                    self.failures.append(
                        f"FAIL idempotence: {label}: {what}: a second run "
                        f"changed the output\n  diff {o1} {o2}")
                if prepared:
                    o3 = f"{stem}.{p}.{k}.3.ll"
                    rem = self.opt_run(label, f"{PRESPLIT_PREP},{what}",
                                       opts + [f"-passes={p}", "-S"], prep, o3)
                    if rem is not None:
                        if has_presplit and p != "coroslim-c-presplit" and \
                                same_ir(prep, o3) and p not in rem and \
                                self.has_presplit(prep, optimisable=True):
                            # Not a failure: a coroutine a pass has
                            # nothing to do on (no trap, one suspend) is
                            # fully recognised; listed with -v.
                            self.silent.append(
                                f"note silent: {label}: {what}: left a "
                                "pre-split coroutine unchanged without a "
                                "remark")
        self.opt_run(label, "print<coroslim-states>",
                     ["-passes=print<coroslim-states>"], ll)
        try:
            self.runs += 1
            report.read(ll, plugin=self.plugin, opt=self.opt[0])
        except report.ReportError as e:
            self.fail(label, report.PRINTER, "report", str(e),
                      " ".join(report.command(ll, self.plugin, opt=self.opt[0])))
        for pl in (PIPELINES[::2] if optnone else PIPELINES):
            self.opt_run(label, pl, [f"-passes={pl}"], ll)
        if not optnone and len(self.option_sets) > 1:
            self.opt_run(label, "default<O2> " + " ".join(self.option_sets[1]),
                         self.option_sets[1] + ["-passes=default<O2>"], ll)
        return "ok"

    def has_presplit(self, ll, optimisable=False):
        """Does ll define a pre-split coroutine (C or C++)? optimisable:
        one without optnone (passes skip optnone functions)."""
        text = open(ll, errors="replace").read()
        if "llvm.coro.id(" not in text:
            return False
        if not optimisable:
            return True
        groups = dict(re.findall(r"^attributes (#\d+) = \{(.*)\}$", text, re.M))
        for m in re.finditer(r"^define [^\n]*?\)\s*((?:#\d+\s*)*)[^\n]*\{(.*?)^\}",
                             text, re.M | re.S):
            if "llvm.coro.id(" not in m.group(2):
                continue
            attrs = " ".join(groups.get(g, "") for g in m.group(1).split())
            if "optnone" not in attrs:
                return True
        return False


def same_ir(a, b):
    # A block's "; preds = ..." comment lists its predecessors in use-list
    # order, which opt -S does not keep across a print and a parse: a pass
    # that adds a branch can print a different order than the same IR read
    # back, with nothing changed.
    def body(path):
        return [re.sub(r"\s*; preds = .*$", "", l)
                for l in open(path).read().splitlines()
                if not l.startswith("; ModuleID")]
    return body(a) == body(b)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--filter", help="only inputs whose path matches REGEX")
    ap.add_argument("--keep", help="keep the generated IR in this directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    tmpctx = None
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        tmp = args.keep
    else:
        tmpctx = tempfile.TemporaryDirectory(prefix="coroslim-corpus-")
        tmp = tmpctx.name
    run = Runner(args, tmp)
    inputs, skipped = [], []
    srcs = sources()
    lls = ir_files()
    if args.filter:
        srcs = [s for s in srcs if re.search(args.filter, s)]
        lls = [s for s in lls if re.search(args.filter, s)]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        for src, (got, why) in zip(srcs, ex.map(run.emit_ir, srcs)):
            if got is None:
                skipped.append(f"{os.path.relpath(src, SRC)}: {why}")
            else:
                inputs += got
    inputs += [(os.path.relpath(l, SRC), l) for l in lls]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda i: (i[0], run.check_file(*i)), inputs))
    for label, res in results:
        if res != "ok":
            skipped.append(f"{label}: {res}")
        elif args.verbose:
            print(f"ok {label}")
    for s in skipped:
        print(f"skipped {s}")
    if args.verbose:
        for n in run.silent:
            print(n)
    for f in run.failures:
        print(f)
    print(f"corpus: {len(srcs)} programs and {len(lls)} IR files -> "
          f"{len(inputs)} inputs, {len(skipped)} skipped; passes: "
          f"{', '.join(run.passes)}; option sets: {len(run.option_sets)}")
    print(f"corpus: {run.runs} opt runs, {run.clean_errors} clean errors, "
          f"{sum(run.remarks.values())} remarks "
          f"({', '.join(f'{k} {v}' for k, v in sorted(run.remarks.items()))}), "
          f"{len(run.silent)} silent no-ops, {len(run.failures)} failures")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
