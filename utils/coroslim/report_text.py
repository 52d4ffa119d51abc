"""TRANSITIONAL: the states report of a plugin that predates the JSON form.

print<coroslim-states<json>> is what every script reads (report.py). A
plugin built before it existed prints only the text form; with
COROSLIM_STATES_TEXT=1 in the environment, report.command() asks for the
text printer and report.parse() has this module turn its output into the
same records. Nothing uses it by default. Delete this file, _text_form()
and its two callers in report.py, and the COROSLIM_STATES_TEXT lines of
test/lit.cfg.py once no plugin without the JSON form is in use.
"""

import re

_PRESPLIT = re.compile(r"^coroutine @(\S+): pre-split initial=(\d+) "
                       r"internal=(\d+) final=(\d+) checked=(\d+)")
_AWAIT = re.compile(r"^  await @(\S+) at (\S+): done=([\w.-]+)(?:@(\d+))?"
                    r".* destroys=(\d+) reads=(\d+)")
_REFUSED = re.compile(r"^  refused await @(\S+) at (\S+): (.*)$")
_COULD = re.compile(r"^  could: (\S+) \(((\d+).*)\)$")
_LOWERED = re.compile(r"^lowered @(\S+): frame=(\d+|\?) states=(\d+) "
                      r"traps=(\d+)")
_MACHINE = re.compile(r"^state machine @(\S+): dispatch=(br )?i(\d+)@(\d+) "
                      r"cases=\d+ default=(\w+)")
_CASE = re.compile(r"^  case (\d+) -> (\S+?)(?:: post-completion trap "
                   r"\(@?(.*)\))?$")
_NOT = re.compile(r"^not a coroutine @(\S+): (.*)$")


def parse(text):
    """The records report.parse() would return for the JSON form."""
    records = []
    cur = None
    for line in text.splitlines():
        m = _PRESPLIT.match(line)
        if m:
            cur = {"function": m.group(1), "kind": "pre-split",
                   "suspends": dict(zip(("initial", "internal", "final",
                                         "checked"),
                                        map(int, m.group(2, 3, 4, 5)))),
                   "awaits": [], "refused_awaits": [], "could": []}
            records.append(cur)
            continue
        m = _LOWERED.match(line)
        if m:
            cur = None
            records.append({"function": m.group(1), "kind": "lowered",
                            "frame_bytes": None if m.group(2) == "?"
                            else int(m.group(2)),
                            "states": int(m.group(3)),
                            "traps": int(m.group(4)),
                            "resume": m.group(1) + ".resume",
                            "ramp_present": True})
            continue
        m = _MACHINE.match(line)
        if m:
            cur = {"function": m.group(1), "kind": "state-machine",
                   "dispatch": {"form": "br" if m.group(2) else "switch",
                                "bits": int(m.group(3)),
                                "offset": int(m.group(4))},
                   "default": m.group(5), "cases": []}
            records.append(cur)
            continue
        m = _NOT.match(line)
        if m:
            cur = None
            records.append({"function": m.group(1), "kind": "not-a-coroutine",
                            "why": m.group(2), "stage": None})
            continue
        if cur is None:
            continue
        if cur["kind"] == "pre-split":
            m = _AWAIT.match(line)
            if m:
                cur["awaits"].append({
                    "callee": m.group(1), "at": m.group(2),
                    "done": m.group(3),
                    "flag_offset": int(m.group(4)) if m.group(4) else None,
                    "destroys": int(m.group(5)), "reads": int(m.group(6))})
                continue
            m = _REFUSED.match(line)
            if m:
                cur["refused_awaits"].append({"callee": m.group(1),
                                              "at": m.group(2),
                                              "why": m.group(3)})
                continue
            m = _COULD.match(line)
            if m:
                cur["could"].append({"pass": m.group(1),
                                     "count": int(m.group(3)),
                                     "why": m.group(2)})
        elif cur["kind"] == "state-machine":
            m = _CASE.match(line)
            if m:
                cur["cases"].append({"state": int(m.group(1)),
                                     "dest": m.group(2),
                                     "trap": m.group(3)})
    # The text printer of an old plugin has no lowered line for a
    # coroutine whose ramp was inlined away (C++ at -Os); the JSON printer
    # has, with frame bytes. Give it one from its .resume dispatch, with
    # the states the plugin counts (cases, plus a reachable default).
    lowered = {r["function"] for r in records if r["kind"] == "lowered"}
    for r in list(records):
        ramp = r["function"][:-len(".resume")]
        if r["kind"] == "state-machine" and \
                r["function"].endswith(".resume") and ramp not in lowered:
            records.append({"function": ramp, "kind": "lowered",
                            "frame_bytes": None,
                            "states": len(r["cases"]) +
                            (r["default"] != "unreachable"),
                            "traps": sum(c["trap"] is not None
                                         for c in r["cases"]),
                            "resume": r["function"], "ramp_present": False})
    return records
