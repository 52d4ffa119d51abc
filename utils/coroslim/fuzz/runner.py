"""The fuzzer's configurations, and building, running and comparing a
program in all of them."""

import concurrent.futures
import os
import subprocess
import sys

from .. import plugin as plugin_info
from .. import toolchain
from .generator import resumes_completed

LEVELS = ["O0", "O1", "O2", "O3", "Os", "Oz"]


class Toolchain:
    def __init__(self, args):
        build = toolchain.default_build()
        self.plugin = args.plugin or toolchain.plugin(build)
        if not os.path.exists(self.plugin):
            sys.exit(f"fuzz: no plugin at {self.plugin} (build first, or set "
                     "COROSLIM_PLUGIN / COROSLIM_BUILD)")
        try:
            llvm_bin = toolchain.llvm_bin(build)
        except toolchain.NotFound as e:
            sys.exit(f"fuzz: {e}")
        self.clang = os.path.join(llvm_bin, "clang")
        self.clangxx = os.path.join(llvm_bin, "clang++")
        self.opt = os.path.join(llvm_bin, "opt")
        cc = toolchain.driver(build)
        env = dict(os.environ, COROSLIM_PLUGIN=self.plugin)
        env.setdefault("COROSLIM_CLANG", self.clang)
        self.env = env
        if os.access(cc, os.X_OK):
            self.cc = [cc]
            self.no_opt = ["--no-opt"]
        else:
            # What coroslim-cc adds, for trees that do not have it built.
            self.cc = [self.clang, "-Xclang", "-fcoroutines",
                       f"-fpass-plugin={self.plugin}",
                       f"-I{toolchain.include_dir()}"]
            self.no_opt = ["-mllvm", "-coroslim-disable=all"]
        self.has_release = self.plugin_has_option("-coroslim-release")
        self.has_done_resume = self.plugin_has_option(
            "-coroslim-done-resume=unreachable")

    def plugin_has_option(self, flag):
        return plugin_info.accepts(self.plugin, flag, opt=self.opt,
                                   env=self.env)

    def configs(self, p, seed, lang="c"):
        """(name, list of commands (with {src} {exe} {tmp}), run it)"""
        if lang == "cxx":
            return self.configs_cxx(p, seed)
        cfgs = []
        common = ["-w", "-fno-color-diagnostics"]
        for lvl in LEVELS:
            cfgs.append((f"base-{lvl}", [self.cc + self.no_opt + [
                f"-{lvl}"] + common + ["{src}", "-o", "{exe}"]]))
        for lvl in LEVELS:
            inject = ["-DCOROSLIM_FUZZ_INJECT"] if p.get("inject") and \
                lvl == "O2" else []
            cfgs.append((f"slim-{lvl}", [self.cc + [f"-{lvl}"] + inject +
                                         common + ["{src}", "-o", "{exe}"]]))
        if self.has_release and not resumes_completed(p):
            for k, lvl in enumerate(LEVELS[1:]):
                extra = ["-mllvm", "-coroslim-release"]
                # Alternate the two release modes between programs/levels.
                if self.has_done_resume and (seed + k) % 2:
                    extra += ["-mllvm", "-coroslim-done-resume=unreachable"]
                cfgs.append((f"release-{lvl}", [self.cc + [f"-{lvl}"] + extra +
                                                common + ["{src}", "-o", "{exe}"]]))
        inc = f"-I{toolchain.include_dir()}"
        opt_extra = []
        if self.has_release and not resumes_completed(p) and seed % 3 == 0:
            opt_extra = ["-coroslim-release"]
        cfgs.append(("verify-O2", [
            [self.clang, "-O2", "-Xclang", "-fcoroutines", "-Xclang",
             "-disable-llvm-passes", inc] + common +
            ["-emit-llvm", "-c", "{src}", "-o", "{tmp}.bc"],
            [self.opt, f"-load-pass-plugin={self.plugin}"] + opt_extra +
            ["-passes=default<O2>", "-verify-each", "{tmp}.bc", "-o",
             "{tmp}.opt.bc"],
            [self.clang, "-O2", "-Xclang", "-disable-llvm-passes", "-w",
             "{tmp}.opt.bc", "-o", "{exe}"],
        ]))
        return cfgs


    def configs_cxx(self, p, seed):
        """The C++ program (emitter_cxx.py) with clang++: without and with
        the plugin at every level, and through opt -verify-each. Odd seeds
        build with -fno-exceptions, even ones with exceptions."""
        common = ["-std=c++20", "-w", "-fno-color-diagnostics",
                  f"-I{CXX_RUNTIME_DIR}"]
        if seed % 2:
            common.append("-fno-exceptions")
        plugin = [f"-fpass-plugin={self.plugin}"]
        cfgs = []
        for lvl in LEVELS:
            cfgs.append((f"base-{lvl}", [[self.clangxx, f"-{lvl}"] + common +
                                         ["{src}", "-o", "{exe}"]]))
        for lvl in LEVELS:
            inject = ["-DCOROSLIM_FUZZ_INJECT"] if p.get("inject") and \
                lvl == "O2" else []
            cfgs.append((f"slim-{lvl}", [[self.clangxx, f"-{lvl}"] + plugin +
                                         inject + common +
                                         ["{src}", "-o", "{exe}"]]))
        cfgs.append(("verify-O2", [
            [self.clangxx, "-O2", "-Xclang", "-disable-llvm-passes"] + common +
            ["-emit-llvm", "-c", "{src}", "-o", "{tmp}.bc"],
            [self.opt, f"-load-pass-plugin={self.plugin}",
             "-passes=default<O2>", "-verify-each", "{tmp}.bc", "-o",
             "{tmp}.opt.bc"],
            [self.clangxx, "-O2", "-Xclang", "-disable-llvm-passes", "-w",
             "{tmp}.opt.bc", "-o", "{exe}"],
        ]))
        return cfgs


# The C++ programs' runtime (fuzz_task.hpp).
CXX_RUNTIME_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "cxx")


def subst(cmd, src, exe, tmp):
    return [c.replace("{src}", src).replace("{exe}", exe).replace("{tmp}", tmp)
            for c in cmd]


def build_and_run(tc, cfg, src, workdir, timeout=60):
    """Builds src in configuration cfg and runs it. Returns (result, cmds)
    where result is ("ok", exit, stdout, stderr) or ("build", ...)."""
    name, cmds = cfg
    exe = os.path.join(workdir, name + ".exe")
    tmp = os.path.join(workdir, name)
    done = []
    for cmd in cmds:
        c = subst(cmd, src, exe, tmp)
        done.append(c)
        try:
            r = subprocess.run(c, capture_output=True, text=True, env=tc.env,
                               timeout=timeout * 4, errors="replace")
        except subprocess.TimeoutExpired:
            return ("build", "timeout", "", ""), done
        if r.returncode != 0:
            err = r.stderr.strip().splitlines()
            return ("build", r.returncode, "", "\n".join(err[-30:])), done
    try:
        r = subprocess.run([exe], capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return ("run", "timeout", "", ""), done + [[exe]]
    return ("run", r.returncode, r.stdout, r.stderr), done + [[exe]]


def signature(res):
    """What kind of failure a result is, for the reducer to preserve."""
    if res[0] == "build":
        first = res[3].splitlines()[0] if res[3] else ""
        # A verifier or crash message names the pass; keep its head only.
        return ("build", first[:60])
    return ("run",)


def check_program(tc, p, src_text, seed, workdir, only=None, jobs=1,
                  lang="c"):
    """Builds and runs every configuration. Returns (failures, cfg count)
    where failures is a list of (cfg, result, reference result, cmds)."""
    src = os.path.join(workdir, "prog.cpp" if lang == "cxx" else "prog.c")
    with open(src, "w") as fh:
        fh.write(src_text)
    cfgs = tc.configs(p, seed, lang)
    if only:
        cfgs = [c for c in cfgs if c[0] in only or c[0] == cfgs[0][0]]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as ex:
        futs = {ex.submit(build_and_run, tc, c, src, workdir): c for c in cfgs}
        for fut in concurrent.futures.as_completed(futs):
            results[futs[fut][0]] = fut.result()
    ref_name = cfgs[0][0]
    ref, _ = results[ref_name]
    failures = []
    if ref[0] == "build":
        failures.append((ref_name, ref, None, results[ref_name][1]))
        return failures, len(cfgs)
    # The baseline itself must behave as generated: exit 0 with every frame
    # freed, or (checked mode, on purpose) the post-completion abort. Else
    # the generator or the runtime is wrong, not the plugin.
    if p.get("funcs") is not None:
        if resumes_completed(p) and "resumed after completion" in ref[3]:
            pass
        elif ref[1] != 0 or not ref[2].endswith(" live 0\n"):
            failures.append((ref_name + " (sanity)", ref, None,
                             results[ref_name][1]))
    for name, _ in cfgs[1:]:
        res, cmds = results[name]
        if res != ref:
            failures.append((name, res, ref, cmds))
    return failures, len(cfgs)
