"""The reader of the plugin's states report, print<coroslim-states<json>>.

The printer writes one JSON document per module (docs/architecture.md has
the schema; this reader needs the fields below and ignores others):

    {"version": 1, "functions": [record, ...]}

where every record has "function" (the IR name) and "kind":

  pre-split        "suspends": {"initial", "internal", "final", "checked"},
                   "awaits": [{"callee", "at", "done", "flag_offset",
                   "destroys", "reads", "form"}], "refused_awaits":
                   [{"callee" (null for an already split callee), "at",
                   "why"}], "could": [{"pass", "count", "why"}]
  lowered          (function = the group f / f.resume, also when the ramp
                   was inlined away) "frame_bytes": n or null, "states",
                   "traps", "resume", "ramp_present"
  state-machine    "dispatch": {"form", "bits", "offset"}, "default",
                   "cases": [{"state", "dest", "trap": callee or null}]
  not-a-coroutine  "why", "stage" ("pre-split" or "half-lowered")

Every script reads the report through this module; none parses the
printer's text. Frame bytes have one definition, "frame_bytes" of the
"lowered" record, and so do states: "states" of the same record.
"""

import json
import os
import subprocess

from . import toolchain

VERSION = 1
PRINTER = "print<coroslim-states<json>>"
KINDS = ("pre-split", "lowered", "state-machine", "not-a-coroutine")


class ReportError(Exception):
    """The printer failed, or printed something that is not the schema."""


class Report:
    """The records of one module, in the printer's order."""

    def __init__(self, records):
        self.records = records

    def of_kind(self, kind):
        return [r for r in self.records if r["kind"] == kind]

    def presplit(self):
        return self.of_kind("pre-split")

    def lowered(self):
        """{ramp name: lowered record}: the coroutines left after CoroSplit."""
        return {r["function"]: r for r in self.of_kind("lowered")}

    def state_machines(self):
        return {r["function"]: r for r in self.of_kind("state-machine")}

    def not_coroutines(self):
        return self.of_kind("not-a-coroutine")

    def awaits(self):
        """(coroutine, await) for every recognised await."""
        return [(r["function"], a) for r in self.presplit()
                for a in r["awaits"]]

    def refused_awaits(self):
        return [(r["function"], a) for r in self.presplit()
                for a in r["refused_awaits"]]

    def totals(self):
        """Coroutines left (the lowered records), and the sums of their
        states and frame bytes (None where some coroutine's is unknown)."""
        low = self.lowered()
        states = [r["states"] for r in low.values()]
        frames = [r["frame_bytes"] for r in low.values()]
        return {
            "coroutines": len(low),
            "states": None if None in states else sum(states),
            "frame_bytes": None if None in frames else sum(frames),
            "per_coroutine": {n: {"states": r["states"],
                                  "frame": r["frame_bytes"]}
                              for n, r in sorted(low.items())},
        }


_REQUIRED = {
    "pre-split": ("suspends", "awaits", "refused_awaits", "could"),
    "lowered": ("frame_bytes", "states", "traps"),
    "state-machine": ("dispatch", "default", "cases"),
    "not-a-coroutine": ("why", "stage"),
}


def _check_record(r):
    if not isinstance(r, dict) or "function" not in r or "kind" not in r:
        raise ReportError("record without function/kind: %r" % (r,))
    if r["kind"] not in _REQUIRED:
        raise ReportError("record of unknown kind %r for @%s"
                          % (r["kind"], r["function"]))
    missing = [k for k in _REQUIRED[r["kind"]] if k not in r]
    if missing:
        raise ReportError("%s record for @%s lacks %s"
                          % (r["kind"], r["function"], ", ".join(missing)))


def parse(text):
    """A Report from the printer's output. One document per module; opt on
    one file prints one, but several (concatenated) are accepted."""
    dec = json.JSONDecoder()
    records, pos, docs = [], 0, 0
    text = text.strip()
    while pos < len(text):
        try:
            doc, end = dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise ReportError("not a JSON states report: %s" % e)
        if not isinstance(doc, dict) or doc.get("version") != VERSION or \
                not isinstance(doc.get("functions"), list):
            raise ReportError("expected {\"version\": %d, \"functions\": "
                              "[...]}, got %.80r" % (VERSION, doc))
        for r in doc["functions"]:
            _check_record(r)
            records.append(r)
        docs += 1
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if docs == 0:
        raise ReportError("the printer printed nothing")
    return Report(records)


def pipeline(prefix=None):
    """The -passes= value: the JSON printer, after prefix (a pipeline text)
    if given."""
    return "%s,%s" % (prefix, PRINTER) if prefix else PRINTER


def command(ir, plugin=None, prefix=None, opt=None, extra=()):
    """The opt command that prints the report of ir."""
    passes = pipeline(prefix)
    return [opt or toolchain.tool("opt"),
            "-load-pass-plugin=%s" % (plugin or toolchain.plugin())] + \
        list(extra) + ["-passes=%s" % passes, "-disable-output", str(ir)]


def read(ir, plugin=None, prefix=None, opt=None, extra=(), timeout=300):
    """Runs the printer on an IR file (.ll or .bc) and returns its Report.
    prefix: passes to run first (a pipeline text). Raises ReportError with
    opt's first error line when opt fails."""
    cmd = command(ir, plugin, prefix, opt, extra)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ReportError("%s: %s" % (os.path.basename(cmd[0]), e))
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        first = next((l for l in lines if "error" in l),
                     lines[0] if lines else "exit %d" % p.returncode)
        raise ReportError(first.strip()[:200])
    return parse(p.stdout)
