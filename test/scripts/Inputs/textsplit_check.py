"""Unit test of the .text split of utils/coroslim/measure.py
(test/scripts/textsplit.test), on fixtures: which functions the
unoptimised IR says are coroutines, runtime or the rest; the extents of
the object's function symbols; and the coroutine code that debug info
places inside another function."""

import json
import os

from coroslim import measure

HERE = os.path.dirname(os.path.abspath(__file__))


def fixture(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


funcs = measure.ir_functions(fixture("textsplit.ll"))
for name in sorted(funcs):
    print("ir %s presplit=%s file=%s" % (name, funcs[name]["presplit"],
                                         funcs[name]["file"]))
classes = measure.attribute(funcs, "/src/bench/p/prog.c",
                            ("/src/bench/common/bench.h",))
print("classes", json.dumps(classes, sort_keys=True))
for sym in ("task.resume", "task.destroy", "task.resume.cold.1",
            "cs_run.specialized.1", "unknown", "helper.cold.1",
            "_ZN3ns1fEPZNS_1fEvE13_ZN3ns1fEv.Frame.actor"):
    print("part %s %s" % (sym, measure.part_of(
        sym, dict(classes, _ZN3ns1fEv="coroutine"))))

sections = measure.section_sizes(fixture("textsplit.size"))
print("code", measure.code_bytes_of(fixture("textsplit.size")))
spans = measure.function_extents(
    measure.function_symbols(fixture("textsplit.objdump")), sections,
    classes)
for sec in sorted(spans):
    print("spans %s %s" % (sec, spans[sec]))

# By symbols alone (main's alias, unknown to the IR, gets no bytes).
res, fns = measure.split_bytes(spans, [], classes, "/src/bench/p/prog.c")
print("symbols", json.dumps(res, sort_keys=True))
# With debug info: the 24 bytes of task inlined into main are coroutine
# code, the cs_run inlined into them too; the cs_run inlined into main
# outside task stays the rest (main's).
dies = measure.dwarf_dies(fixture("textsplit.dwarf"))
print("dies", [(d["tag"][7:], d["depth"], d["ranges"]) for d in dies])
res, fns = measure.split_bytes(spans, dies, classes, "/src/bench/p/prog.c")
print("dwarf", json.dumps(res, sort_keys=True))
print("sum", sum(res.values()))
