"""scripts/rust-crates: real crates as the acceptance corpus. Builds, with
cargo offline against Debian's packaged crate sources, the futures crate's
integration tests and a tokio program of ours (test/rust/Inputs/crates/
tokio_prog.rs), with plain rustc and with the plugin in both release modes,
at several opt-levels; runs them, compares every result with plain rustc's,
counts the post-completion panic sites left and reports .text.
docs/rust.md ("Real crates") has the figures; test/rust/crates.test runs a
subset.

  scripts/rust-crates [--projects futures,tokio] [--levels 3,s]
                      [--configs plain,return,unreachable]
                      [--futures-tests a,b] [--workdir DIR]
                      [--perturb-baseline] [--check-targets] [--reasons N]

Cargo reads crate sources only from Debian's registry directory
(/usr/share/cargo/registry, librust-*-dev; $COROSLIM_CARGO_REGISTRY
overrides): <workdir>/.cargo/config.toml replaces crates.io with that
directory source and sets net.offline. The futures crate is copied from the
registry into the work directory (a package of its own, so cargo can build
its tests). Debian's copy has its tests patched (its debian/patches) not to
need futures-test, assert_matches and futures 0.1 / tokio 0.1: both of the
first are packaged (futures-test 0.3.25, whose Debian manifest takes any
futures 0.3), so the copy undoes those two patches and declares the
dev-dependency on futures-test again, and every test in tests/ but the
compat ones (feature compat: futures 0.1 and tokio 0.1 are not packaged)
is built. tests_disabled/ is disabled upstream too.

Each build: `cargo test --no-run --tests` (futures, feature thread-pool, as
its tests require) or `cargo build` (tokio), --release with
CARGO_PROFILE_RELEASE_OPT_LEVEL set to the level (cargo's other release
settings kept: 16 codegen units, panic=unwind, thin-local LTO), --target
<host> so that RUSTFLAGS stay off build scripts and proc macros
(tokio-macros, futures-macro, syn), RUSTC_BOOTSTRAP=1 and the plugin flags
of rust.CONFIGS in CARGO_ENCODED_RUSTFLAGS, with -C
remark=coroslim-strip-done-traps -Z remark-dir for the remarks. Every crate
of the build (tokio, futures-util, ... and the tests) goes through the
plugin; the target's artifacts are removed before each build, so every
configuration compiles every crate.

Figures per project, opt-level and configuration:
  tests     futures: `test NAME ... ok|FAILED|ignored` of every test binary
            (libtest), compared test by test with plain rustc's at the same
            opt-level; tokio: the program's exit status and stdout;
  sites     call sites of core::panicking::panic_const::
            panic_const_async_fn_resumed(_panic) in the final executables'
            disassembly (llvm-objdump; direct calls and jumps, and calls
            through the GOT, resolved with the dynamic relocations), summed
            over the executables: the crates' code and what they
            instantiate (std's precompiled code has no async fn of its
            own here);
  stripped  the share of plain rustc's sites gone;
  .text     the .text* sections of the final executables (std included,
            which is the same in every configuration), summed;
  kept      the plugin's missed remarks for the traps it kept (name and
            reason), one per (function, trap, reason) however many times
            the pipeline ran over it.
"""

import argparse
import collections
import glob
import json
import os
import re
import shutil
import sys

from . import measure, rust, toolchain

REGISTRY_DEFAULT = "/usr/share/cargo/registry"
PROGRAM = os.path.join(rust.INPUTS, "crates", "tokio_prog.rs")
# The packages each project needs (directories of the registry, by crate
# name): futures' dev-dependencies, tokio's features of tokio_prog.rs.
NEEDS = {
    "futures": ("futures", "futures-executor", "futures-test", "num_cpus",
                "pin-project", "pin-utils", "static_assertions",
                "assert_matches"),
    "tokio": ("tokio", "tokio-macros"),
}
PROJECTS = ("futures", "tokio")
# Debian's patches of the futures crate undone in our copy (the packages
# they avoid are in NEEDS): the tests they comment out run too.
REVERTED_PATCHES = ("disable-futures-test.patch",
                    "disable-assert-matches.patch")
CONFIGS = ("plain",) + rust.MODES
LEVELS = ("3", "s")
TARGETS_SIZE_LEVELS = ("s", "z")
RESUMED = "async_fn_resumed"

TEST_LINE = re.compile(r"^test (\S+) \.\.\. (ok|FAILED|ignored)\b", re.M)


def registry():
    return os.environ.get("COROSLIM_CARGO_REGISTRY") or REGISTRY_DEFAULT


def crate_dir(name):
    """The registry directory of crate \\p name (the newest version if
    there are several), None if it is not there."""
    found = [d for d in glob.glob(os.path.join(registry(), name + "-*"))
             if re.fullmatch(re.escape(name) + r"-\d[\w.+-]*",
                             os.path.basename(d))
             and os.path.exists(os.path.join(d, "Cargo.toml"))]

    def version(d):
        return [int(x) if x.isdigit() else 0 for x in
                re.split(r"[.+-]", os.path.basename(d)[len(name) + 1:])]
    return max(found, key=version) if found else None


def missing(projects=PROJECTS):
    """What stops the given projects from building: [] when nothing."""
    why = []
    for tool in ("cargo", "patch"):
        if not shutil.which(tool):
            why.append("%s not on PATH" % tool)
    for p in projects:
        why += ["%s (for %s) not in %s" % (c, p, registry())
                for c in NEEDS[p] if not crate_dir(c)]
    return why


def available():
    """True when cargo and every package of every project are present (the
    lit feature rust-crates)."""
    return not missing()


def host_triple():
    rc, out, _ = measure.run(["rustc", "-vV"])
    m = re.search(r"^host: (\S+)", out, re.M)
    if rc != 0 or not m:
        raise rust.BuildError("rustc -vV: no host triple")
    return m.group(1)


CARGO_CONFIG = """\
# Written by scripts/rust-crates: crate sources from Debian's packages
# only, never the network.
[source.crates-io]
replace-with = "debian-packages"

[source.debian-packages]
directory = "{registry}"

[net]
offline = true
"""

TOKIO_MANIFEST = """\
# Written by scripts/rust-crates.
[package]
name = "tokio-prog"
version = "0.1.0"
edition = "2021"

[[bin]]
name = "tokio-prog"
path = "{program}"

[dependencies.tokio]
version = "1"
default-features = false
features = ["macros", "rt", "sync", "time", "test-util"]

[workspace]
"""


def setup(work):
    """Writes the cargo configuration and both projects under \\p work."""
    os.makedirs(os.path.join(work, ".cargo"), exist_ok=True)
    with open(os.path.join(work, ".cargo", "config.toml"), "w") as f:
        f.write(CARGO_CONFIG.format(registry=registry()))
    fut = os.path.join(work, "futures")
    if not os.path.exists(os.path.join(fut, "Cargo.toml")):
        shutil.rmtree(fut, ignore_errors=True)
        src = crate_dir("futures")
        shutil.copytree(src, fut, symlinks=True,
                        ignore=shutil.ignore_patterns("debian"))
        # Debian's patches that comment out the tests needing futures-test
        # and assert_matches, undone: both are packaged too.
        for name in REVERTED_PATCHES:
            patch = os.path.join(src, "debian", "patches", name)
            if not os.path.exists(patch):
                continue
            rc, _, err = measure.run(["patch", "-R", "-p1", "-s", "-i",
                                      patch], cwd=fut)
            if rc != 0:
                raise rust.BuildError("patch -R %s: %s"
                                      % (patch, measure.first_error(err)))
        with open(os.path.join(fut, "Cargo.toml"), "a") as f:
            # debcargo drops the dev-dependency on futures-test; its tests
            # use it. A package of its own, not a member of an enclosing
            # workspace.
            f.write("\n[dev-dependencies.futures-test]\nversion = \"0.3\"\n"
                    "\n[workspace]\n")
    tok = os.path.join(work, "tokio-prog")
    os.makedirs(tok, exist_ok=True)
    with open(os.path.join(tok, "Cargo.toml"), "w") as f:
        f.write(TOKIO_MANIFEST.format(program=PROGRAM))
    return {"futures": fut, "tokio": tok}


def cargo_args(project, tests=None):
    if project == "futures":
        sel = (["--test=%s" % t for t in tests] if tests else ["--tests"])
        return ["test", "--no-run", "--features", "thread-pool"] + sel
    return ["build", "--bins"]


def build(project, pdir, config, level, outdir, triple, plugin, tests=None):
    """One cargo build; returns the executables (copied to \\p outdir) and
    the remark directory (None for plain rustc)."""
    target = os.path.join(pdir, "target")
    # Host artifacts (target/release: build scripts, proc macros) are
    # shared by every configuration; the target's are rebuilt every time.
    shutil.rmtree(os.path.join(target, triple), ignore_errors=True)
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    flags = rust.rustc_flags(config, plugin)
    remarks = None
    if flags:
        remarks = os.path.join(outdir, "remarks")
        flags += ["-C", "remark=coroslim-strip-done-traps",
                  "-Z", "remark-dir=%s" % remarks]
    env = rust.rustc_env()
    env.pop("RUSTFLAGS", None)
    env["CARGO_ENCODED_RUSTFLAGS"] = "\x1f".join(flags)
    env["CARGO_PROFILE_RELEASE_OPT_LEVEL"] = level
    cmd = (["cargo"] + cargo_args(project, tests)
           + ["--release", "--offline", "--target", triple,
              "--target-dir", target, "--message-format=json"])
    rc, out, err = measure.run(cmd, cwd=pdir, env=env, timeout=3600)
    exes, errors = [], []
    for line in out.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            exes.append((msg["target"]["name"], msg["executable"]))
        elif (msg.get("reason") == "compiler-message"
              and msg["message"].get("level") in ("error", "error: internal "
                                                  "compiler error")):
            errors.append(msg["message"].get("rendered") or "")
    if rc != 0 or not exes:
        raise rust.BuildError("%s %s -O%s: cargo failed: %s\n  $ (cd %s && "
                              "CARGO_ENCODED_RUSTFLAGS=%r %s)" % (
                                  project, config, level,
                                  ("".join(errors) or measure.first_error(err)
                                   or "no executable")[:2000],
                                  pdir, " ".join(flags), " ".join(cmd)))
    copied = []
    for name, exe in sorted(exes):
        dst = os.path.join(outdir, name)
        shutil.copy2(exe, dst)
        copied.append(dst)
    return copied, remarks


def run_tests(exe):
    """({test: ok|FAILED|ignored}, exit status) of a libtest binary."""
    rc, out, err = measure.run([exe], timeout=600)
    return dict(TEST_LINE.findall(out + err)), rc


def resumed_sites(exe):
    """Call sites of the resumed-after-completion panics in an executable's
    disassembly: direct calls and jumps, and calls and jumps through a GOT
    slot that holds one of them (rustc calls through the GOT: -Z plt=no)."""
    nm = measure.check([toolchain.tool("llvm-nm"), "--defined-only", exe])
    targets = set()
    for line in nm.splitlines():
        p = line.split()
        if len(p) == 3 and RESUMED in p[2]:
            targets.add(int(p[0], 16))
    slots = set()
    rel = measure.check([toolchain.tool("llvm-readelf"), "-rW", exe])
    for line in rel.splitlines():
        p = line.split()
        if len(p) >= 4 and p[2] == "R_X86_64_RELATIVE":
            try:
                if int(p[-1], 16) in targets:
                    slots.add(int(p[0], 16))
            except ValueError:
                pass
        elif len(p) >= 5 and RESUMED in line and p[2] in (
                "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT"):
            slots.add(int(p[0], 16))
    dis = measure.check([toolchain.tool("llvm-objdump"), "-d",
                         "--no-show-raw-insn", exe])
    insn = re.compile(r"^\s+[0-9a-f]+:\s+(?:call|jmp)q?\s+(\*?)(\S+)"
                      r"(?:.*?# 0x([0-9a-f]+))?")
    n = 0
    for line in dis.splitlines():
        m = insn.match(line)
        if not m:
            continue
        if m.group(1):
            if m.group(3) and int(m.group(3), 16) in slots:
                n += 1
        else:
            try:
                if int(m.group(2), 16) in targets:
                    n += 1
            except ValueError:
                pass
    return n


def read_remarks(d):
    """{(kind, name, reason): count} of strip-done-traps' remarks about
    traps in \\p d (YAML of -Z remark-dir), each (function, trap, reason)
    once."""
    seen = set()
    for path in glob.glob(os.path.join(d or "", "*.yaml")):
        with open(path, errors="replace") as f:
            text = f.read()
        for doc in text.split("\n--- !")[0:]:
            doc = doc.lstrip("-! ")
            kind = doc.split("\n", 1)[0].strip()
            name = re.search(r"^Name:\s+(\S+)", doc, re.M)
            if not name or name.group(1) == "Stripped":
                continue
            fn = re.search(r"^Function:\s+(\S+)", doc, re.M)
            callee = re.search(r"- Callee:\s+(\S+)", doc)
            strings = re.findall(r"- String:\s+(.*)$", doc, re.M)
            reason = strings[-1].strip("'\" ") if strings else ""
            seen.add((kind, name.group(1), reason,
                      fn.group(1) if fn else "",
                      callee.group(1) if callee else ""))
    counts = collections.Counter(s[:3] for s in seen)
    return dict(counts)


def measure_build(project, exes, remarks):
    res = {"exes": len(exes), "sites": 0, "text": 0, "remarks":
           read_remarks(remarks) if remarks else {}}
    if project == "futures":
        res["tests"] = {}
        res["status"] = {}
    for exe in exes:
        res["sites"] += resumed_sites(exe)
        text, why = measure.text_bytes(exe)
        if text is None:
            raise rust.BuildError("%s: %s" % (exe, why))
        res["text"] += text
        name = os.path.basename(exe)
        if project == "futures":
            tests, rc = run_tests(exe)
            res["tests"].update({"%s::%s" % (name, t): r
                                 for t, r in tests.items()})
            res["status"][name] = rc
        else:
            res["output"] = rust.run_program(exe, timeout=120)
    return res


def tally(tests):
    c = collections.Counter(tests.values())
    return "%d passed, %d failed, %d ignored" % (c["ok"], c["FAILED"],
                                                 c["ignored"])


def compare(project, res, base):
    """What differs from plain rustc's run: [] when nothing."""
    if project == "futures":
        diff = ["%s: %s (plain: %s)" % (t, res["tests"].get(t, "missing"),
                                        base["tests"].get(t, "missing"))
                for t in sorted(set(res["tests"]) | set(base["tests"]))
                if res["tests"].get(t) != base["tests"].get(t)]
        diff += ["%s: exit %s (plain: %s)" % (e, res["status"][e],
                                             base["status"].get(e))
                 for e in sorted(res["status"])
                 if res["status"][e] != base["status"].get(e)]
        return diff
    if res["output"] != base["output"]:
        (rc, out), (brc, bout) = res["output"], base["output"]
        return ["exit %d (plain %d); %s" % (rc, brc,
                                            rust.first_difference(bout, out))]
    return []



def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="rust-crates", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=rust.names, default=list(PROJECTS))
    ap.add_argument("--levels", type=rust.names, default=list(LEVELS))
    ap.add_argument("--configs", type=rust.names, default=list(CONFIGS),
                    help="rows of rust.CONFIGS; plain comes first (the "
                    "baseline) and is added if left out")
    ap.add_argument("--futures-tests", type=rust.names,
                    help="only these test targets of the futures crate "
                    "(tests/NAME.rs)")
    ap.add_argument("--workdir", help="default: <build>/rust-crates")
    ap.add_argument("--perturb-baseline", action="store_true",
                    help="change plain rustc's results, so that every "
                    "comparison must fail (the check's own test)")
    ap.add_argument("--check-targets", action="store_true",
                    help="exit status 1 also when a target of issue 22 is "
                    "missed (>= 90%% of sites stripped; .text not larger "
                    "at s and z)")
    ap.add_argument("--reasons", type=int, default=6,
                    help="kept-trap reasons listed per build (default 6)")
    args = ap.parse_args(argv)
    bad = [p for p in args.projects if p not in PROJECTS]
    bad += [c for c in args.configs if c not in rust.CONFIGS]
    bad += [l for l in args.levels if l not in rust.OPT_PIPELINE]
    if bad:
        ap.error("unknown project, configuration or level: %s"
                 % ", ".join(bad))
    configs = ["plain"] + [c for c in args.configs if c != "plain"]
    why = missing(args.projects)
    if why:
        print("error: cannot build: %s" % "; ".join(why), file=sys.stderr)
        return 2
    work = os.path.abspath(args.workdir or os.path.join(
        toolchain.default_build(), "rust-crates"))
    plugin = rust.rust_plugin()
    if not os.path.exists(plugin):
        print("error: no %s (build with the Rust plugin on)" % plugin,
              file=sys.stderr)
        return 2
    triple = host_triple()
    dirs = setup(work)
    print("crates from %s: futures %s, tokio %s; plugin %s" % (
        registry(), os.path.basename(crate_dir("futures")),
        os.path.basename(crate_dir("tokio")), plugin))
    failures = 0
    missed = []
    rows = []
    for project in args.projects:
        for level in args.levels:
            res = {}
            for config in configs:
                out = os.path.join(work, "out", project,
                                   "%s-%s" % (config, level))
                try:
                    exes, remarks = build(project, dirs[project], config,
                                          level, out, triple, plugin,
                                          args.futures_tests)
                    res[config] = measure_build(project, exes, remarks)
                except (rust.BuildError, OSError) as e:
                    print("error: %s" % e)
                    failures += 1
                    continue
                print("built %s -O%s %s: %d executables" % (
                    project, level, config, len(exes)), flush=True)
            base = res.get("plain")
            if base is None:
                continue
            if args.perturb_baseline:
                if project == "futures":
                    base["tests"] = {t: "FAILED" if r == "ok" else r
                                     for t, r in base["tests"].items()}
                else:
                    base["output"] = (base["output"][0],
                                      base["output"][1] + "perturbed\n")
            for config in configs:
                r = res.get(config)
                if r is None:
                    continue
                if project == "futures":
                    tests = tally(r["tests"])
                else:
                    tests = "exit %d, %d lines" % (
                        r["output"][0], len(r["output"][1].splitlines()))
                diff = compare(project, r, base) if config != "plain" else []
                if diff:
                    failures += 1
                    for d in diff:
                        print("differ: %s -O%s %s: %s" % (project, level,
                                                         config, d))
                same = ("" if config == "plain" else
                        " (differs from plain)" if diff else " (as plain)")
                stripped = ""
                if config != "plain" and base["sites"]:
                    pct = 100.0 * (base["sites"] - r["sites"]) / base["sites"]
                    stripped = "%.0f %%" % pct
                    if pct < 90:
                        missed.append("%s -O%s %s: %s of sites stripped"
                                      % (project, level, config, stripped))
                dtext = ("" if config == "plain" else
                         " (%s)" % rust.signed(r["text"] - base["text"]))
                if (config != "plain" and level in TARGETS_SIZE_LEVELS
                        and r["text"] > base["text"]):
                    missed.append("%s -O%s %s: .text %s bytes" % (
                        project, level, config, rust.signed(r["text"]
                                                       - base["text"])))
                rows.append((project, level, config, tests + same,
                             str(r["sites"]), stripped or "-",
                             "%d%s" % (r["text"], dtext), r["remarks"]))
    print()
    print("| project | opt-level | config | tests | panic sites | stripped "
          "| .text bytes |")
    print("| --- | --- | --- | --- | ---: | ---: | ---: |")
    for row in rows:
        print("| %s |" % " | ".join(row[:7]))
    print()
    for row in rows:
        kept = sorted(((n, k) for k, n in row[7].items() if k[0] == "Missed"),
                      reverse=True)
        removed = sum(n for k, n in row[7].items() if k[1] == "TrapRemoved")
        if row[2] == "plain":
            continue
        print("kept %s -O%s %s: %d TrapRemoved remarks; %s" % (
            row[0], row[1], row[2], removed,
            "; ".join("%d %s (%s)" % (n, k[1], k[2])
                      for n, k in kept[:args.reasons]) or "no missed remarks"))
    for m in missed:
        print("target missed: %s" % m)
    print("summary: %d builds, %d differ or failed, %d targets missed"
          % (len(rows), failures, len(missed)))
    return 1 if failures or (args.check_targets and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
