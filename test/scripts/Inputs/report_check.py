"""Unit test of utils/coroslim/report.py, the reader of
print<coroslim-states<json>> (test/scripts/report.test): what it reads
from a fixture, and what it refuses."""

import json
import os
import sys

from coroslim import report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def fixture(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


r = report.parse(fixture("states.json"))
for name, low in r.lowered().items():
    print(f"lowered {name} frame={low['frame_bytes']} states={low['states']} "
          f"traps={low['traps']}")
print("totals", json.dumps(r.totals(), sort_keys=True))
for f, a in r.awaits():
    print(f"await {f} -> {a['callee']} done={a['done']}@{a['flag_offset']}")
for f, a in r.refused_awaits():
    print(f"refused {f} -> {a['callee']}: {a['why']}")
for name, sm in r.state_machines().items():
    print(f"machine {name} {sm['dispatch']['form']} i{sm['dispatch']['bits']}"
          f"@{sm['dispatch']['offset']} traps="
          f"{sum(c['trap'] is not None for c in sm['cases'])}")
for n in r.not_coroutines():
    print(f"not {n['function']} stage={n['stage']}")

# An unknown frame makes the sum unknown; documents may be concatenated.
u = report.parse(fixture("states-unknown-frame.json"))
print("unknown", json.dumps(u.totals(), sort_keys=True))

# What the reader refuses.
for label, text in [
        ("empty", ""),
        ("text form", fixture("states.txt")),
        ("version 2", '{"version":2,"functions":[]}'),
        ("unknown kind", '{"version":1,"functions":[{"function":"f",'
         '"kind":"resumed"}]}'),
        ("missing field", '{"version":1,"functions":[{"function":"f",'
         '"kind":"lowered","states":1,"traps":0}]}')]:
    try:
        report.parse(text)
        print(f"refused {label}: NO")
    except report.ReportError as e:
        print(f"refused {label}: {e}")

sys.exit(0)
