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


def callgrind(exe, workdir, valgrind="valgrind"):
    """(instructions executed, None) or (None, why it is n/a). Runs a
    staged copy with an empty environment: glibc's start-up walks the
    environment, so its size would change the count from shell to shell."""
    rundir = stage(exe, workdir)
    rc, _, err = run([valgrind, "--tool=callgrind",
                      "--callgrind-out-file=callgrind.out", "./prog"],
                     cwd=rundir, env={"PATH": "/usr/bin:/bin"})
    if rc != 0:
        return None, "n/a (valgrind: %s)" % first_error(err)
    with open(os.path.join(rundir, "callgrind.out")) as f:
        m = re.search(r"^(?:summary|totals):\s*(\d+)", f.read(), re.M)
    return (int(m.group(1)), None) if m else (None, "n/a (no Ir total)")


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
