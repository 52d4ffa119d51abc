"""The fuzzer's program generator: one program model per seed.

A program is a dict (checked mode, coroutines f0..fN with statement trees,
main's actions); statements are small dicts so that the reducer can copy,
delete and replace them and the emitter can turn them into C. Program k of
a run with --seed S comes from seed S+k alone.
"""

import random

# Kinds of coroutine, by the number of internal suspend points once awaits
# of suspend-free callees are folded: none, exactly one, any number.
FREE, SINGLE, MULTI = "free", "single", "multi"

U32 = 0xFFFFFFFF



class Gen:
    """Generates one program from one seed."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.next_id = 0

    def uid(self):
        self.next_id += 1
        return self.next_id

    def const(self):
        r = self.rng
        return r.choice([0, 1, 2, 3, 5, 7, 10, 100, 255, 1000,
                         r.randrange(0, 1 << 16), r.randrange(0, 1 << 32)])

    def expr(self):
        """An unsigned expression over x, a and b (no UB: unsigned, no
        division by a non-constant, shifts by constants below 32)."""
        r = self.rng
        k = r.randrange(1, 1 << 16)
        return r.choice([
            "x", "a", "b", f"x + {k}u", f"x * {k | 1}u", f"x ^ {k}u",
            f"(x >> {r.randrange(1, 31)}) + a", f"a * {k}u + b",
            f"x % {r.randrange(1, 50)}u", f"b - x",
        ])

    def cond(self):
        r = self.rng
        m = r.randrange(2, 9)
        return f"(x ^ {r.randrange(0, 1 << 16)}u) % {m}u < {r.randrange(1, m)}u"

    def update(self):
        r = self.rng
        return r.choice([
            f"x = x * {r.randrange(1, 1 << 16) | 1}u + {r.randrange(0, 1 << 16)}u",
            f"x = (x ^ (x >> {r.randrange(1, 31)})) + a",
            f"x = x + b * {r.randrange(1, 100)}u",
            f"x = (x << {r.randrange(1, 31)}) ^ {r.randrange(0, 1 << 32)}u",
            f"x = x - {r.randrange(0, 1 << 32)}u",
        ])

    # -- program -----------------------------------------------------------

    def program(self):
        r = self.rng
        p = {
            "checked": r.random() < 0.7,
            "cleanup_trace": r.random() < 0.5,
            "events": 2,
            "funcs": [],
            "main": [],
        }
        nfuncs = r.randrange(2, 8)
        for i in range(nfuncs):
            kind = r.choice([FREE, FREE, SINGLE, SINGLE, MULTI])
            # "exec" coroutines may park the executor task (CS_SLEEP,
            # CS_WAIT): they run only under cs_run (spawned, or awaited by
            # an exec coroutine), never driven by hand.
            f = {"name": f"f{i}", "kind": kind,
                 "exec": kind == MULTI and r.random() < 0.5, "body": []}
            self.fn = f
            self.funcs = p["funcs"]
            for _ in range(4):
                self.next_suspends = 0
                body = self.block(depth=0, kind=kind, in_loop=False)
                if kind == SINGLE:
                    self.insert_one_suspend(body)
                f["body"] = body
                if cost_of_func(p, f) <= 400:
                    break
            else:
                f["body"] = [self.step()]
                if kind == SINGLE:
                    f["body"].append({"t": "suspend", "id": self.uid()})
            p["funcs"].append(f)
        self.main(p)
        return p

    def main(self, p):
        r = self.rng
        funcs = p["funcs"]
        acts = []
        # Executor roots: later (bigger) functions are likelier.
        # The last function is the biggest await tree: always run it.
        last = funcs[-1]
        spawn_last = last["exec"] or r.random() < 0.5
        nroots = r.randrange(0, 3) + (1 if spawn_last else 0)
        roots = ([last] if spawn_last else []) + \
            [r.choice(funcs[len(funcs) // 2:]) for _ in range(nroots - 1)]
        if roots:
            for f in roots:
                acts.append({"t": "spawn", "f": f["name"],
                             "args": [self.const(), self.const()],
                             "id": self.uid()})
            acts.append({"t": "run", "id": self.uid()})
            for _ in range(r.randrange(0, 4)):
                acts.append({"t": "fire", "ev": r.randrange(p["events"]),
                             "id": self.uid()})
                acts.append({"t": "run", "id": self.uid()})
            acts.append({"t": "cancel_all", "id": self.uid()})
        # Every function may be an executor one (seed 404): then nothing is
        # driven by hand. (The random calls stay as they were, so that every
        # other seed keeps its program.)
        plain = [f for f in funcs if not f["exec"]]
        drives = [] if spawn_last else [last]
        n = r.randrange(0, 2)
        drives += [r.choice(plain) for _ in range(n if plain else 0)]
        # Every function runs somewhere: drive (or spawn) the unused ones.
        used = {f["name"] for f in roots + drives}
        for f in funcs:
            lists = []
            collect_lists(f["body"], lists)
            used.update(s["f"] for l in lists for s in l if "f" in s)
        for f in funcs:
            if f["name"] not in used:
                if f["exec"]:
                    roots.append(f)
                    acts.insert(0, {"t": "spawn", "f": f["name"],
                                    "args": [self.const(), self.const()],
                                    "id": self.uid()})
                else:
                    drives.append(f)
        if roots and not any(a["t"] == "run" for a in acts):
            acts.append({"t": "run", "id": self.uid()})
            acts.append({"t": "cancel_all", "id": self.uid()})
        for f in drives:
            acts.append({"t": "drive", "f": f["name"],
                         "args": [self.const(), self.const()],
                         "limit": r.choice([0, 1, 2, 3, 5, 50, 1000]),
                         "id": self.uid()})
        if p["checked"] and r.random() < 0.2 and plain:
            # Ends the program: the runtime's checked mode aborts.
            f = r.choice(plain)
            acts.append({"t": "resume_done", "f": f["name"],
                         "args": [self.const(), self.const()],
                         "id": self.uid()})
        p["main"] = acts

    # -- bodies --------------------------------------------------------------

    def callees(self, kinds):
        """Functions this one may await: earlier ones, of the given kinds;
        exec functions only from exec functions."""
        return [g for g in self.funcs
                if g["kind"] in kinds and (self.fn["exec"] or not g["exec"])]

    def pick(self, funcs):
        """A callee, favouring recent (bigger) functions so that await
        trees get deep."""
        idx = [int(g["name"][1:]) for g in funcs]
        return self.rng.choices(funcs, weights=[(i + 1) ** 2 for i in idx])[0]

    def block(self, depth, kind, in_loop):
        n = self.rng.randrange(1, 5 if depth < 2 else 3)
        return [self.stmt(depth, kind, in_loop) for _ in range(n)]

    def step(self):
        return {"t": "step", "code": self.update(), "id": self.uid()}

    def stmt(self, depth, kind, in_loop):
        r = self.rng
        free_callees = self.callees([FREE])
        any_callees = self.callees([FREE, SINGLE, MULTI])
        plain_callees = [g for g in self.funcs if not g["exec"]]
        choices = ["step", "step", "step"]
        if depth < 3:
            choices += ["if", "loop", "switch"]
        choices += ["ret"]
        if free_callees:
            choices += ["await_free", "await_free"]
        if plain_callees:
            choices += ["drive"]
        if kind == MULTI:
            choices += ["suspend", "yield"]
            if any_callees:
                choices += ["await_any", "await_any", "await_branches"]
            if self.fn["exec"]:
                choices += ["sleep", "wait"]
        elif free_callees:
            choices += ["await_branches_free"]
        if in_loop:
            choices += ["break"]
        c = r.choice(choices)
        if c == "step":
            return self.step()
        if c == "if":
            return {"t": "if", "cond": self.cond(), "id": self.uid(),
                    "then": self.block(depth + 1, kind, in_loop),
                    "else": (self.block(depth + 1, kind, in_loop)
                             if r.random() < 0.5 else [])}
        if c == "loop":
            return {"t": "loop", "n": r.randrange(0, 4), "depth": depth,
                    "id": self.uid(),
                    "body": self.block(depth + 1, kind, True)}
        if c == "switch":
            arms = [self.block(depth + 1, kind, False)
                    for _ in range(r.randrange(2, 5))]
            return {"t": "switch", "id": self.uid(), "arms": arms,
                    "default": r.random() < 0.5}
        if c == "ret":
            # Rarely taken, so that most of a body runs.
            m = r.randrange(3, 10)
            cond = f"(x ^ {r.randrange(0, 1 << 16)}u) % {m}u == {r.randrange(m)}u"
            return {"t": "ret", "cond": cond, "val": self.expr(),
                    "id": self.uid()}
        if c == "break":
            return {"t": "break", "cond": self.cond(), "id": self.uid()}
        if c in ("await_free", "await_any"):
            g = self.pick(free_callees if c == "await_free" else any_callees)
            return {"t": "await", "f": g["name"], "void": r.random() < 0.2,
                    "args": [self.expr(), self.expr()], "id": self.uid()}
        if c in ("await_branches", "await_branches_free"):
            g = self.pick(any_callees if c == "await_branches" else
                          free_callees)
            # Arms that await the same callee with different constant
            # arguments and continue identically: merge-states' level 2.
            n = r.randrange(2, 5)
            common = self.expr()
            return {"t": "await_arms", "f": g["name"], "id": self.uid(),
                    "style": r.choice(["switch", "if"]) if n == 2 else "switch",
                    "consts": [self.const() for _ in range(n)],
                    "common": common}
        if c == "drive":
            g = self.pick(plain_callees)
            return {"t": "drive", "f": g["name"],
                    "args": [self.expr(), self.expr()],
                    "limit": r.choice([0, 1, 2, 3, 100]), "id": self.uid()}
        if c == "suspend":
            return {"t": "suspend", "id": self.uid()}
        if c == "yield":
            return {"t": "yield", "val": self.expr(), "id": self.uid()}
        if c == "sleep":
            return {"t": "sleep", "ticks": r.randrange(0, 4), "id": self.uid()}
        if c == "wait":
            # Fired by main between cs_run calls; what still waits at the
            # end is cancelled (destroy while pending).
            return {"t": "wait", "ev": r.randrange(2), "id": self.uid()}
        raise AssertionError(c)

    def insert_one_suspend(self, body):
        """Puts exactly one suspending statement somewhere in body."""
        r = self.rng
        lists = []
        collect_lists(body, lists)
        target = r.choice(lists)
        single = self.callees([SINGLE, MULTI])
        opts = ["suspend", "yield"] + (["await"] if single else [])
        c = r.choice(opts)
        if c == "suspend":
            s = {"t": "suspend", "id": self.uid()}
        elif c == "yield":
            s = {"t": "yield", "val": self.expr(), "id": self.uid()}
        else:
            # A single-suspend coroutine may await a suspending callee once
            # (its own one suspend point is the await loop's).
            g = self.pick(single)
            s = {"t": "await", "f": g["name"], "void": False,
                 "args": [self.expr(), self.expr()], "id": self.uid()}
        target.insert(r.randrange(len(target) + 1), s)


def collect_lists(body, out):
    """Every statement list in body (for insertion and reduction)."""
    out.append(body)
    for s in body:
        for key in ("then", "else", "body"):
            if key in s:
                collect_lists(s[key], out)
        for arm in s.get("arms", []):
            collect_lists(arm, out)


def func_by_name(p, name):
    for f in p["funcs"]:
        if f["name"] == name:
            return f
    raise KeyError(name)


def cost_of_func(p, f, memo=None):
    return cost_of(p, f["body"], memo if memo is not None else {})


def cost_of(p, body, memo):
    """Upper bound of trace lines one run of body prints (keeps programs
    and their traces small)."""
    total = 0
    for s in body:
        t = s["t"]
        if t in ("await", "drive"):
            name = s["f"]
            if name not in memo:
                memo[name] = cost_of(p, func_by_name(p, name)["body"], memo)
            total += memo[name] + 2
        elif t == "await_arms":
            name = s["f"]
            if name not in memo:
                memo[name] = cost_of(p, func_by_name(p, name)["body"], memo)
            total += memo[name] + 2
        elif t == "if":
            total += 1 + max(cost_of(p, s["then"], memo),
                             cost_of(p, s["else"], memo))
        elif t == "loop":
            total += 1 + s["n"] * cost_of(p, s["body"], memo)
        elif t == "switch":
            total += 1 + max(cost_of(p, a, memo) for a in s["arms"])
        else:
            total += 1
    return total


def resumes_completed(p):
    return any(a["t"] == "resume_done" for a in p["main"])
