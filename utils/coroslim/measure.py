"""Measurements shared by scripts/bench and the figure scripts: running a
command, code bytes of an object, instructions executed under callgrind,
what a program prints (frames, result), clang's -ftime-report, and the
coroutines left in an IR file (through the states report)."""

import os
import re
import shutil
import subprocess

from . import report, toolchain


def run(cmd, cwd=None, env=None, timeout=600):
    """Runs cmd; returns (returncode, stdout, stderr) and never raises for
    a failing command (a missing executable gives 127, a timeout 124)."""
    try:
        p = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except FileNotFoundError as e:
        return 127, "", str(e)
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after %d s" % timeout
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def check(cmd, **kw):
    """Runs cmd and returns its stdout; raises CalledProcessError if it
    fails."""
    return subprocess.run([str(c) for c in cmd], check=True,
                          capture_output=True, text=True, **kw).stdout


def first_error(stderr):
    """The line of a tool's stderr that says what went wrong."""
    for line in stderr.splitlines():
        if "error" in line:
            return line.strip()[:160]
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[0].strip()[:160] if lines else "failed"


def code_bytes_of(size_output):
    """Bytes of code in `llvm-size -A` output: the .text* sections, CODE
    for wasm. None when there is no such section."""
    total, seen = 0, False
    for line in size_output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and (parts[0].startswith(".text")
                                or parts[0] == "CODE") and parts[1].isdigit():
            total += int(parts[1])
            seen = True
    return total if seen else None


def text_bytes(obj, size=None):
    """(bytes of code in an object, None) or (None, why it is n/a). An
    object without code sections has 0 bytes."""
    rc, out, err = run([size or toolchain.tool("llvm-size"), "-A", obj])
    if rc != 0:
        return None, "n/a (llvm-size: %s)" % first_error(err)
    n = code_bytes_of(out)
    return (n or 0), None


FRAMES = re.compile(r"^frames(?: allocated)?:\s*(\d+)", re.M)


def program_output(stdout):
    """What a benchmark or e2e program prints: its `result:` checksum, its
    `frames: N` allocation count, and everything else (which must not
    differ between variants)."""
    result = re.findall(r"^result:\s*(\S+)", stdout, re.M)
    frames = FRAMES.findall(stdout)
    behaviour = "\n".join(l for l in stdout.splitlines()
                          if not re.match(r"frames(?: allocated)?:", l))
    return {"result": result[-1] if result else None,
            "frames": int(frames[-1]) if frames else None,
            "behaviour": behaviour}


def stage(exe, workdir):
    """Copies exe to <workdir>/run/prog: the dynamic loader's work depends
    on the length of the program's path, so every variant runs under one
    name. Returns the run directory."""
    rundir = os.path.join(str(workdir), "run")
    os.makedirs(rundir, exist_ok=True)
    shutil.copy2(str(exe), os.path.join(rundir, "prog"))
    return rundir


def callgrind(exe, workdir, valgrind="valgrind", within=None):
    """(instructions executed, None) or (None, why it is n/a). Runs a
    staged copy with an empty environment: glibc's start-up walks the
    environment, so its size would change the count from shell to shell.
    With within (a callgrind function pattern), counts only inside
    the functions it names and what they call (--toggle-collect)."""
    rundir = stage(exe, workdir)
    # The pattern names symbols as the object file does (mangled).
    opts = ["--demangle=no", "--toggle-collect=%s" % within] if within else []
    rc, _, err = run([valgrind, "--tool=callgrind",
                      "--callgrind-out-file=callgrind.out"] + opts
                     + ["./prog"],
                     cwd=rundir, env={"PATH": "/usr/bin:/bin"})
    if rc != 0:
        return None, "n/a (valgrind: %s)" % first_error(err)
    with open(os.path.join(rundir, "callgrind.out")) as f:
        m = re.search(r"^(?:summary|totals):\s*(\d+)", f.read(), re.M)
    if not m or (within and int(m.group(1)) == 0):
        return None, "n/a (no Ir total%s)" % (
            " in %s" % within if within else "")
    return int(m.group(1)), None


def time_report(stderr):
    """(seconds in coroslim passes, seconds in the whole pass pipeline),
    user+system, from clang -ftime-report's pass execution timing report;
    None when there is none."""
    m = re.search(r"Pass execution timing report.*?\n(.*?)\n\s*=+", stderr,
                  re.S)
    if not m:
        return None
    total = ours = 0.0
    for line in m.group(1).splitlines():
        nums = re.findall(r"([0-9.]+) \(\s*[0-9.]+%\)", line)
        if len(nums) < 3:
            continue
        name = re.split(r"\)\s+", line.strip())[-1].strip()
        secs = float(nums[2]) if len(nums) >= 4 else float(nums[-1])
        if name == "Total":
            total = secs
        elif "coroslim" in name.lower():
            ours += secs
    return (ours, total) if total > 0 else None


def coroutines(ll, plugin=None, opt=None):
    """The coroutines left in an IR file after the pipeline: the totals of
    its states report (report.Report.totals). Raises report.ReportError."""
    return report.read(ll, plugin=plugin, opt=opt).totals()


# ---------------------------------------------------------------------------
# .text by part: coroutine state machines, runtime, the rest
#
# The bytes come from the object's symbol table, the attribution from the
# program's IR before any optimisation (the front end's output, plus
# coroslim-c-presplit for C), so that neither depends on a naming
# convention of coro.h:
#
#   coroutine  a function that is a pre-split coroutine in that IR (the
#              `presplitcoroutine` attribute, which CoroSplit reads), and
#              its clones: LLVM's CoroSplit names them <f>.resume,
#              <f>.destroy, <f>.cleanup (and <f>.noalloc), g++ <f>.actor
#              and <f>.destroy;
#   runtime    a function defined in a file other than the program's own
#              source (include/coroslim/coro.h, bench/common/bench_coro.h,
#              task.hpp, pt.h, the C++ library's headers), except the
#              bench harness (bench/common/bench.h: bench_mix, main);
#   rest       everything else: main, the driver, the program's own
#              helpers, and bytes before an object's first function.
#
# A function counts whole, with what it inlined (runtime code inlined into
# a .resume function is state machine code), except that a coroutine
# inlined into another function (at -O2 LLVM inlines static ramps into
# `run`) is moved to "coroutine" when debug info is given (split_bytes).

UNATTRIBUTED = "(before the first function)"
PARTS = ("coroutine", "runtime", "rest")


def section_sizes(size_output):
    """{section: bytes} of `llvm-size -A` output."""
    out = {}
    for line in size_output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit() and parts[0] != "Total":
            out[parts[0]] = out.get(parts[0], 0) + int(parts[1])
    return out


def is_code_section(name):
    return name.startswith(".text") or name == "CODE"


OBJDUMP_SYM = re.compile(r"^([0-9a-fA-F]+) (.{7}) (\S+)\t([0-9a-fA-F]+) (.*)$")


def function_symbols(objdump_output):
    """[(section, address, name)] of the function symbols in `llvm-objdump
    -t` output (flag F; the Thumb bit is already cleared there)."""
    syms = []
    for line in objdump_output.splitlines():
        m = OBJDUMP_SYM.match(line)
        if not m or m.group(2)[6] != "F" or not is_code_section(m.group(3)):
            continue
        name = m.group(5).split()[-1]  # drop ".hidden" and the like
        syms.append((m.group(3), int(m.group(1), 16), name))
    return syms


def function_extents(syms, sections, known=()):
    """{section: [(start, end, function)]}: a function owns the bytes from
    its address to the next function of its section (its alignment padding
    and any literal pool included) or to the end of the section, so the
    extents add up to the code sections' size (code_bytes_of). Bytes before
    a section's first function belong to UNATTRIBUTED; of two symbols at
    one address (aliases) one in known (the IR's functions) gets the
    bytes, else the first by name."""
    def rank(name):
        return (name not in known, name)
    out = {}
    for sec, size in sections.items():
        if not is_code_section(sec):
            continue
        starts = {}
        for s, addr, name in syms:
            if s == sec and (addr not in starts or
                             rank(name) < rank(starts[addr])):
                starts[addr] = name
        addrs = sorted(a for a in starts if a < size)
        spans = []
        first = addrs[0] if addrs else size
        if first:
            spans.append((0, first, UNATTRIBUTED))
        for i, a in enumerate(addrs):
            end = addrs[i + 1] if i + 1 < len(addrs) else size
            spans.append((a, end, starts[a]))
        out[sec] = spans
    return out


DIE_HEAD = re.compile(r"^0x([0-9a-f]+):(\s+)(DW_TAG_\w+|NULL)")
DIE_ATTR = re.compile(r"^\s+(DW_AT_\w+)\s+\((.*)$")
DIE_RANGE = re.compile(r"\[0x([0-9a-f]+), 0x([0-9a-f]+)\)")
DIE_REF = re.compile(r"^0x([0-9a-f]+)(?: \"(.*)\")?\)?$")


def dwarf_dies(dump):
    """The DIEs of `llvm-dwarfdump --debug-info` output: [{"offset",
    "tag", "depth", "parent", attribute: text}], ranges as "ranges":
    [(lo, hi)] (from DW_AT_low_pc/high_pc or DW_AT_ranges)."""
    dies, stack, cur, attr = [], [], None, None
    for line in dump.splitlines():
        m = DIE_HEAD.match(line)
        if m:
            indent = len(m.group(2))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            cur = {"offset": int(m.group(1), 16), "tag": m.group(3),
                   "depth": len(stack),
                   "parent": stack[-1][1] if stack else None}
            if cur["tag"] != "NULL":
                dies.append(cur)
                stack.append((indent, cur))
            attr = None
            continue
        m = DIE_ATTR.match(line)
        if m and cur is not None:
            attr = m.group(1)
            cur[attr] = m.group(2)
        elif attr and cur is not None and line.strip().startswith("["):
            cur[attr] += " " + line.strip()
    for d in dies:
        rs = []
        if "DW_AT_low_pc" in d and "DW_AT_high_pc" in d:
            lo = int(d["DW_AT_low_pc"].split(")")[0], 16)
            hi = d["DW_AT_high_pc"].split(")")[0]
            hi = int(hi, 16) if hi.startswith("0x") else lo + int(hi)
            rs.append((lo, hi))
        for lo, hi in DIE_RANGE.findall(d.get("DW_AT_ranges", "")):
            rs.append((int(lo, 16), int(hi, 16)))
        d["ranges"] = rs
    return dies


def _unquote(v):
    v = v.rstrip(")")
    return v[1:-1] if v.startswith('"') and v.endswith('"') else v


def die_names(die, by_offset):
    """(linkage name, name, decl file) of a subprogram or inlined
    subroutine, following DW_AT_abstract_origin and DW_AT_specification."""
    linkage = name = decl = None
    seen = set()
    d = die
    while d is not None and d["offset"] not in seen:
        seen.add(d["offset"])
        linkage = linkage or (_unquote(d["DW_AT_linkage_name"])
                              if "DW_AT_linkage_name" in d else None)
        name = name or (_unquote(d["DW_AT_name"]) if "DW_AT_name" in d
                        else None)
        decl = decl or (_unquote(d["DW_AT_decl_file"])
                        if "DW_AT_decl_file" in d else None)
        ref = d.get("DW_AT_abstract_origin") or d.get("DW_AT_specification")
        m = DIE_REF.match(ref or "")
        d = by_offset.get(int(m.group(1), 16)) if m else None
    return linkage, name, decl


def part_of_die(die, by_offset, classes, source, harness):
    linkage, name, decl = die_names(die, by_offset)
    for n in (linkage, name):
        if n and n in classes:
            return classes[n]
    own = {os.path.realpath(str(p)) for p in (source,) + tuple(harness)}
    if decl is None or os.path.realpath(decl) in own:
        return "rest"
    return "runtime"


def split_bytes(spans, dies, classes, source, harness=()):
    """{part: bytes} and {function: [part, bytes]}. A function's bytes go
    to its symbol's part (part_of), whatever it inlined: runtime code
    inlined into a .resume function is state machine code. Except that
    where debug info (dies, from a -g compile) shows a coroutine inlined
    into another function (a ramp inlined into its caller at -O2, the
    floor's task functions inlined into its driver), those bytes, and what
    was inlined into them, go to "coroutine" too. With -gline-tables-only
    an inlined C++ function has only its source name (attribute())."""
    owner = {sec: [None] * (sp[-1][1] if sp else 0)
             for sec, sp in spans.items()}
    fns = {}
    for sec, sp in spans.items():
        for lo, hi, name in sp:
            part = "rest" if name == UNATTRIBUTED else part_of(name, classes)
            owner[sec][lo:hi] = [part] * (hi - lo)
            fns[name] = [part, hi - lo]
    by_offset = {d["offset"]: d for d in dies}
    # The object symbol each concrete subprogram is: the one whose extent
    # holds its low address (wasm symbols start a few bytes before the
    # code, at the body's size), by name when several sections do.
    top = {}
    for d in dies:
        if d["tag"] != "DW_TAG_subprogram" or not d["ranges"]:
            continue
        lo = d["ranges"][0][0]
        linkage, name, _ = die_names(d, by_offset)
        cands = [sec for sec, sp in spans.items()
                 for a, b, n in sp if a <= lo < b and n != UNATTRIBUTED]
        named = [sec for sec, sp in spans.items()
                 for a, b, n in sp if a <= lo < b and n in (linkage, name)]
        if named:
            top[d["offset"]] = named[0]
        elif len(set(cands)) == 1:
            top[d["offset"]] = cands[0]
    for d in dies:
        if d["tag"] != "DW_TAG_inlined_subroutine" or \
                part_of_die(d, by_offset, classes, source,
                            harness) != "coroutine":
            continue
        p = d
        while p is not None and p["offset"] not in top:
            p = p["parent"]
        if p is None:
            continue
        own = owner[top[p["offset"]]]
        for lo, hi in d["ranges"]:
            lo, hi = max(0, lo), min(len(own), hi)
            if hi > lo:
                own[lo:hi] = ["coroutine"] * (hi - lo)
    res = {p: 0 for p in PARTS}
    for own in owner.values():
        for part in own:
            res[part or "rest"] += 1
    return res, fns


IR_DEFINE = re.compile(r'^define [^@]*@("(?:[^"\\]|\\.)*"|[-\w$.]+)\(')
IR_ATTRS = re.compile(r"^attributes #(\d+) = \{(.*)\}")
IR_SUBPROGRAM = re.compile(r'^!(\d+) = (?:distinct )?!DISubprogram\('
                           r'name: "([^"]*)".*?\bfile: !(\d+)')
IR_FILE = re.compile(r'^!(\d+) = !DIFile\(filename: "([^"]*)", '
                     r'directory: "([^"]*)"')


def ir_functions(ll_text):
    """{function: {"presplit": bool, "file": path or None}} for every
    function an IR file defines: whether it carries `presplitcoroutine`,
    and the file its debug info (-g) says it was written in."""
    funcs, attrs, subs, files = {}, {}, {}, {}
    for line in ll_text.splitlines():
        m = IR_DEFINE.match(line)
        if m:
            name = m.group(1).strip('"')
            rest = line[m.end():]
            groups = re.findall(r"\s#(\d+)\b", rest)
            dbg = re.search(r"!dbg !(\d+)", rest)
            funcs[name] = (groups, "presplitcoroutine" in rest,
                           dbg.group(1) if dbg else None)
            continue
        m = IR_ATTRS.match(line)
        if m:
            attrs[m.group(1)] = "presplitcoroutine" in m.group(2).split()
            continue
        m = IR_SUBPROGRAM.match(line)
        if m:
            subs[m.group(1)] = (m.group(2), m.group(3))
            continue
        m = IR_FILE.match(line)
        if m:
            files[m.group(1)] = os.path.normpath(
                os.path.join(m.group(3), m.group(2)))
    out = {}
    for name, (groups, inline, dbg) in funcs.items():
        short, f = subs.get(dbg, (None, None))
        out[name] = {"presplit": inline or any(attrs.get(g) for g in groups),
                     "file": files.get(f), "short": short}
    return out


def attribute(funcs, source, harness=()):
    """{function: "coroutine" | "runtime" | "rest"} from ir_functions()'s
    result; source is the program's own file, harness the files whose
    functions count as the program's (not the runtime). A C++ function's
    source name (its DISubprogram's, which is all that -gline-tables-only
    keeps of an inlined function) is a key too when it names one part
    only and no function has it as its IR name."""
    own = {os.path.realpath(str(p)) for p in (source,) + tuple(harness)}
    out = {}
    for name, f in funcs.items():
        if f["presplit"]:
            out[name] = "coroutine"
        elif f["file"] is None or os.path.realpath(f["file"]) in own:
            out[name] = "rest"
        else:
            out[name] = "runtime"
    shorts = {}
    for name, f in funcs.items():
        if f.get("short") and f["short"] != name:
            shorts.setdefault(f["short"], set()).add(out[name])
    for short, parts in shorts.items():
        if len(parts) == 1 and short not in out:
            out[short] = parts.pop()
    return out


GXX_CLONE = re.compile(r"\d(_Z\w+)\.Frame\.(?:actor|destroy)$")


def part_of(name, classes):
    """The part a symbol of the object belongs to, by classes
    (attribute()'s result): its own name, or for a clone the function it
    was cloned from, the name before the first dot that the IR knows
    (CoroSplit's <f>.resume, <f>.cold.1,
    <f>.specialized.1; C identifiers and mangled C++ names have no dot).
    A symbol the IR does not know is "rest"."""
    if name in classes:
        return classes[name]
    # g++ names a coroutine's clones after the frame type it makes,
    # <f>::<f>.Frame: _ZN..<f>EP..<len><f>.Frame.actor (and .destroy).
    m = GXX_CLONE.search(name)
    if m and m.group(1) in classes:
        return classes[m.group(1)]
    base = name
    while "." in base:
        base = base.rsplit(".", 1)[0]
        if base in classes:
            return classes[base]
    return "rest"


def text_split(obj, classes, source, harness=(), dwarf_obj=None,
               objdump=None, size=None, dwarfdump=None):
    """({"coroutine": n, "runtime": n, "rest": n, "functions": {name: [part,
    bytes]}, "inlined_coroutines": bool, "g_differs": (with debug info,
    without)},
    None) or (None, why it is n/a). The three parts add up to
    text_bytes(obj). dwarf_obj is the same compile with debug info (-g or
    -gline-tables-only), for the
    coroutines inlined into other functions (split_bytes); when its code
    sections differ in size from obj's, the debug info would describe
    other code, so the split is by symbols alone and "g_differs" says
    so."""
    def sizes(o):
        rc, out, err = run([size or toolchain.tool("llvm-size"), "-A", o])
        return (section_sizes(out), None) if rc == 0 else \
            (None, "n/a (llvm-size: %s)" % first_error(err))
    sections, why = sizes(obj)
    if why:
        return None, why
    dies, g_differs = [], None
    if dwarf_obj:
        gsections, why = sizes(dwarf_obj)
        if why:
            return None, why
        code = {k: v for k, v in sections.items() if is_code_section(k)}
        gcode = {k: v for k, v in gsections.items() if is_code_section(k)}
        if code != gcode:
            # The debug info would describe other code: split by symbols
            # alone, and say so.
            g_differs = (sum(gcode.values()), sum(code.values()))
        else:
            obj = dwarf_obj
            rc, out, err = run([dwarfdump or
                                toolchain.tool("llvm-dwarfdump"),
                                "--debug-info", obj])
            if rc != 0:
                return None, "n/a (llvm-dwarfdump: %s)" % first_error(err)
            dies = dwarf_dies(out)
    rc, out, err = run([objdump or toolchain.tool("llvm-objdump"), "-t", obj])
    if rc != 0:
        return None, "n/a (llvm-objdump: %s)" % first_error(err)
    spans = function_extents(function_symbols(out), sections, classes)
    res, fns = split_bytes(spans, dies, classes, source, harness)
    res["functions"] = fns
    res["inlined_coroutines"] = bool(dies)
    if g_differs:
        res["g_differs"] = g_differs
    return res, None
