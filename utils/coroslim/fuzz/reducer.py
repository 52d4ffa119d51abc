"""The fuzzer's reducer: greedy statement-level delta debugging over the
generator's syntax tree. It knows programs, not compilers: the caller says
which candidates are still interesting."""

import copy
import time

from .generator import collect_lists

def edits(p):
    """Yields candidate smaller programs, biggest cuts first."""
    # Drop main actions.
    for i in range(len(p["main"])):
        q = copy.deepcopy(p)
        del q["main"][i]
        yield q
    # Drop whole statements, or replace a compound one with a sub-block.
    for fi in range(len(p["funcs"])):
        lists = []
        collect_lists(p["funcs"][fi]["body"], lists)
        for li in range(len(lists)):
            for si in range(len(lists[li])):
                q = copy.deepcopy(p)
                ql = []
                collect_lists(q["funcs"][fi]["body"], ql)
                del ql[li][si]
                yield q
                s = lists[li][si]
                subs = [s.get(k) for k in ("then", "else", "body")] + \
                    s.get("arms", [])
                for sub in subs:
                    if sub:
                        q = copy.deepcopy(p)
                        ql = []
                        collect_lists(q["funcs"][fi]["body"], ql)
                        ql[li][si:si + 1] = copy.deepcopy(sub)
                        yield q
                if s["t"] == "loop" and s["n"] > 1:
                    q = copy.deepcopy(p)
                    ql = []
                    collect_lists(q["funcs"][fi]["body"], ql)
                    ql[li][si]["n"] = 1
                    yield q
    # Options.
    if p["cleanup_trace"]:
        q = copy.deepcopy(p)
        q["cleanup_trace"] = False
        yield q


def prune_unused(p):
    """Removes functions nothing refers to (keeps the program compiling)."""
    while True:
        used = set()
        for a in p["main"]:
            if "f" in a:
                used.add(a["f"])
        for f in p["funcs"]:
            lists = []
            collect_lists(f["body"], lists)
            for l in lists:
                for s in l:
                    if "f" in s:
                        used.add(s["f"])
        keep = [f for f in p["funcs"] if f["name"] in used]
        if len(keep) == len(p["funcs"]):
            return p
        p["funcs"] = keep


def reduce(p, interesting, budget_s):
    """Shrinks p while interesting(candidate) holds, for at most budget_s
    seconds. Returns (smallest program found, candidates tried, seconds)."""
    start = time.time()
    tests = 0
    progress = True
    while progress and time.time() - start < budget_s:
        progress = False
        for q in edits(p):
            if time.time() - start >= budget_s:
                break
            q = prune_unused(q)
            if not q["main"] or not q["funcs"]:
                continue
            tests += 1
            if interesting(q):
                p = q
                progress = True
                break
    return p, tests, time.time() - start
