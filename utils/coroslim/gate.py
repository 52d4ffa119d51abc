"""The "never worse" gate of scripts/bench (issue 21, docs/benchmarks.md).

Part of coroslim. No coroslim pass may make the code or a frame bigger than
LLVM alone would: for every program x -O level of a bench run, every
C variant that runs coroslim passes must have .text (each target) and
frame bytes no larger than its reference row:

  <pass> alone, all, all+release   against baseline (c-presplit only)
  all+release                      also against all (the release flag
                                   alone must not grow what the passes
                                   left: this check is named all+release/all)
  C++20 clang++-22 + coroslim      against C++20 clang++-22 (the plugin in
                                   a C++20 build: check clang++)

A cell that grows is a violation. It fails the run unless the exceptions
file (bench/never-worse-exceptions.txt) lists it with a reason; then it is
printed as known. An exception whose cell was measured and no longer grows
is stale: a warning, so that the list shrinks.

Exceptions file: one entry a line, `#` starts a comment,

  <program> <level> <check> <metric> <reason ...>

  program  as in results.json: sensor, examples/blink, e2e/nested_await
  level    O0 O1 O2 O3 Os Oz (no dash)
  check    fold-suspend-free, inline-single-suspend, strip-done-traps,
           merge-states (the pass alone), all, all+release (against the
           baseline), all+release/all (against all passes), clang++ (the
           C++ version with the plugin against without)
  metric   text:x86-64, text:thumbv7em, text:riscv32, text:wasm32,
           frame_bytes
  reason   the rest of the line, required: why the cell may grow

Every field is exact (no globs): an entry names one cell.
"""

import json

LEVELS = ("O0", "O1", "O2", "O3", "Os", "Oz")
TEXT_TARGETS = ("x86-64", "thumbv7em", "riscv32", "wasm32")
METRICS = tuple("text:" + t for t in TEXT_TARGETS) + ("frame_bytes",)
PASS_CHECKS = ("fold-suspend-free", "inline-single-suspend",
               "strip-done-traps", "merge-states")
# check name -> (variant key in results.json, reference variant key)
CHECKS = dict(
    [(p, ("alone:coroslim-" + p, "baseline")) for p in PASS_CHECKS] +
    [("all", ("all", "baseline")),
     ("all+release", ("all+release", "baseline")),
     ("all+release/all", ("all+release", "all")),
     ("clang++", ("ref:clang++coroslim", "ref:clang++"))])


class ExceptionsError(Exception):
    pass


def read_exceptions(path):
    """{(program, level, check, metric): reason}; raises ExceptionsError
    with file:line for a malformed entry, or when the file cannot be read
    (a mistyped path must not look like an empty list)."""
    entries = {}
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise ExceptionsError("cannot read the exceptions file: %s" % e)
    for n, line in enumerate(text.splitlines(), 1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        parts = body.split(None, 4)
        where = "%s:%d" % (path, n)
        if len(parts) < 5:
            raise ExceptionsError(
                "%s: expected '<program> <level> <check> <metric> <reason>'"
                % where)
        prog, level, check, metric, reason = parts
        if level not in LEVELS:
            raise ExceptionsError("%s: unknown level '%s' (%s)"
                                  % (where, level, " ".join(LEVELS)))
        if check not in CHECKS:
            raise ExceptionsError("%s: unknown check '%s' (%s)"
                                  % (where, check, " ".join(CHECKS)))
        if metric not in METRICS:
            raise ExceptionsError("%s: unknown metric '%s' (%s)"
                                  % (where, metric, " ".join(METRICS)))
        key = (prog, level, check, metric)
        if key in entries:
            raise ExceptionsError("%s: a second entry for %s"
                                  % (where, " ".join(key)))
        entries[key] = reason
    return entries


def cells(results):
    """Every gated cell of a run: (key, reference value, value), key as in
    the exceptions file; only cells where both rows have the figure."""
    rows = {(r["program"], r["level"], r["variant"]): r for r in results}
    out = []
    for (prog, level, variant), row in sorted(rows.items()):
        for check, (var, ref) in CHECKS.items():
            if var != variant:
                continue
            base = rows.get((prog, level, ref))
            vals = row.get("values") or {}
            bvals = (base or {}).get("values") or {}
            for metric in METRICS:
                v, b = vals.get(metric), bvals.get(metric)
                if isinstance(v, int) and isinstance(b, int):
                    out.append(((prog, level, check, metric), b, v))
    return out


def check(results, exceptions):
    """{"violations": [...], "known": [...], "stale": [...], "cells": N}:
    each violation or known entry {"key", "reference", "value", "reason"
    (known only)}; each stale entry {"key", "reference", "value", "reason"}
    for an exception whose cell was measured and does not grow."""
    out = {"violations": [], "known": [], "stale": [], "cells": 0}
    measured = {}
    for key, b, v in cells(results):
        out["cells"] += 1
        measured[key] = (b, v)
        if v <= b:
            continue
        item = {"key": list(key), "reference": b, "value": v}
        if key in exceptions:
            item["reason"] = exceptions[key]
            out["known"].append(item)
        else:
            out["violations"].append(item)
    for key, reason in sorted(exceptions.items()):
        if key in measured and measured[key][1] <= measured[key][0]:
            b, v = measured[key]
            out["stale"].append({"key": list(key), "reference": b,
                                 "value": v, "reason": reason})
    return out


def describe(item):
    """One line: the exceptions-file key, then reference -> value."""
    prog, level, check, metric = item["key"]
    b, v = item["reference"], item["value"]
    ref = CHECKS[check][1]
    pct = " (%+.1f%%)" % (100.0 * (v - b) / b) if b else ""
    return "%s %s %s %s: %s %d -> %d%s" % (
        prog, level, check, metric, ref, b, v, pct)


def report_lines(gate, exceptions_path):
    """(lines for stdout, warning lines, error lines)."""
    out, warn, err = [], [], []
    for item in gate["known"]:
        out.append("never-worse: known %s [%s]" % (describe(item),
                                                   item["reason"]))
    for item in gate["stale"]:
        warn.append("never-worse: stale exception (no longer grows; "
                    "remove it from %s): %s" % (exceptions_path,
                                               describe(item)))
    for item in gate["violations"]:
        err.append("never-worse: GROWS %s" % describe(item))
    out.append("never-worse: %d cells checked, %d grow: %d listed in %s, "
               "%d not listed; %d stale exceptions"
               % (gate["cells"], len(gate["known"]) + len(gate["violations"]),
                  len(gate["known"]), exceptions_path,
                  len(gate["violations"]), len(gate["stale"])))
    return out, warn, err


def markdown(gate, exceptions_path):
    """The "never worse" section of results.md."""
    out = ["", "## Never worse", ""]
    out.append("Every `<pass> alone`, `all passes` and `all passes + "
               "release` cell of .text and frame bytes against the "
               "baseline row, `all passes + release` against `all "
               "passes` (`all+release/all`), and C++ with the plugin "
               "against without (`clang++`): %d cells, %d grow "
               "(exceptions: `%s`; docs/benchmarks.md, \"Never worse\")."
               % (gate["cells"], len(gate["known"]) + len(gate["violations"]),
                  exceptions_path))
    if gate["known"] or gate["violations"]:
        out += ["", "| program | level | check | metric | reference -> "
                "value | listed |", "|---|---|---|---|---|---|"]
        for item, listed in ([(i, "NO") for i in gate["violations"]] +
                             [(i, i["reason"]) for i in gate["known"]]):
            prog, level, check, metric = item["key"]
            out.append("| %s | %s | %s | %s | %d -> %d | %s |" % (
                prog, level, check, metric, item["reference"],
                item["value"], listed))
    if gate["stale"]:
        out += ["", "Stale exceptions (their cells no longer grow): " +
                "; ".join(" ".join(i["key"]) for i in gate["stale"]) + "."]
    return out


def load_results(path):
    with open(path) as f:
        return json.load(f)
