"""Where LLVM 22, the build tree, the plugin and the driver are.

This is the one place that knows where LLVM lives; every script (and, through
`python3 -m coroslim.toolchain`, every shell script) asks it. The first of
these that names an LLVM 22 wins:

  1. COROSLIM_LLVM_BIN  a directory of tools, used as it is (lit sets it to
                        the LLVM the build was configured with, or to the
                        sanitizer wrappers of an ASan build);
  2. LLVM_DIR           the environment variable, as for CMake: the CMake
                        package directory (<prefix>/lib/cmake/llvm) or the
                        prefix itself;
  3. the build tree     LLVM_DIR in <build>/CMakeCache.txt, so that scripts
                        use the LLVM the plugin was built against;
  4. llvm-config-22, then llvm-config (only if it reports 22.x), on PATH;
  5. /usr/lib/llvm-22   (Debian's apt.llvm.org packages).

    python3 -m coroslim.toolchain [--bin | --prefix | --cmake-dir | --lit]
                                  [--build DIR]

prints the tools directory (default), the prefix, the CMake package
directory or the lit to run, or exits 1 with what to install.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

MAJOR = 22
DEBIAN_PREFIX = "/usr/lib/llvm-%d" % MAJOR
# What scripts/install-deps installs; named in the error when nothing is found.
PACKAGES = "llvm-22-dev clang-22 llvm-22-tools libclang-rt-22-dev lld-22"

# The repository root: utils/coroslim/toolchain.py -> ../..
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class NotFound(Exception):
    pass


def _prefix_of_llvm_dir(llvm_dir):
    """LLVM_DIR is <prefix>/lib/cmake/llvm for CMake; a prefix is accepted
    too."""
    d = os.path.abspath(llvm_dir)
    if os.path.isfile(os.path.join(d, "LLVMConfig.cmake")):
        # <prefix>/lib/cmake/llvm, or a symlink to it (Debian's
        # /usr/lib/llvm-22/cmake): resolve, then go up three levels.
        d = os.path.realpath(d)
        return os.path.dirname(os.path.dirname(os.path.dirname(d)))
    return d


def _cached(build, var):
    """A variable of a configured build tree's CMakeCache.txt, or None."""
    if not build:
        return None
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            m = re.search(r"^%s:\w+=(.+)$" % var, f.read(), re.M)
    except OSError:
        return None
    return m.group(1).strip() if m else None


def _llvm_config(name):
    exe = shutil.which(name)
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--version", "--prefix"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.stdout.split()
    if out.returncode != 0 or len(lines) < 2 or \
            not lines[0].startswith("%d." % MAJOR):
        return None
    return lines[1]


def candidates(build=None):
    """(where the candidate came from, prefix or None, bin dir), in order."""
    env_bin = os.environ.get("COROSLIM_LLVM_BIN")
    if env_bin:
        yield "COROSLIM_LLVM_BIN", None, env_bin
    env_dir = os.environ.get("LLVM_DIR")
    if env_dir:
        p = _prefix_of_llvm_dir(env_dir)
        yield "LLVM_DIR", p, os.path.join(p, "bin")
    cached = _cached(build, "LLVM_DIR")
    if cached:
        p = _prefix_of_llvm_dir(cached)
        yield "%s/CMakeCache.txt" % build, p, os.path.join(p, "bin")
    for name in ("llvm-config-%d" % MAJOR, "llvm-config"):
        p = _llvm_config(name)
        if p:
            yield name, p, os.path.join(p, "bin")
    yield DEBIAN_PREFIX, DEBIAN_PREFIX, os.path.join(DEBIAN_PREFIX, "bin")


def _explicit(source):
    return source in ("COROSLIM_LLVM_BIN", "LLVM_DIR") or \
        source.endswith("CMakeCache.txt")


def locate(build=None):
    """(prefix or None, bin dir) of the LLVM to use. An explicit choice
    (COROSLIM_LLVM_BIN, LLVM_DIR, the build tree's) that has no clang is an
    error, not a reason to fall through to another LLVM."""
    for source, prefix, bindir in candidates(build):
        if os.access(os.path.join(bindir, "clang"), os.X_OK):
            return prefix, bindir
        if _explicit(source):
            raise NotFound("%s names %s, which has no clang; install %s or "
                           "fix %s" % (source, bindir, PACKAGES, source))
    raise NotFound("LLVM %d not found (LLVM_DIR, llvm-config-%d, llvm-config, "
                   "%s); run scripts/install-deps (Debian: %s)"
                   % (MAJOR, MAJOR, DEBIAN_PREFIX, PACKAGES))


def default_build():
    """The build tree scripts use: $COROSLIM_BUILD, else <root>/$BUILD_DIR
    (default build)."""
    if os.environ.get("COROSLIM_BUILD"):
        return os.environ["COROSLIM_BUILD"]
    return os.path.join(ROOT, os.environ.get("BUILD_DIR", "build"))


_bin_cache = {}


def llvm_bin(build=None):
    """The LLVM tools directory (see the module comment)."""
    build = build or default_build()
    if build not in _bin_cache:
        _bin_cache[build] = locate(build)[1]
    return _bin_cache[build]


def tool(name, build=None):
    """Full path of an LLVM tool (clang, opt, llvm-size, ...)."""
    return os.path.join(llvm_bin(build), name)


def plugin(build=None):
    """$COROSLIM_PLUGIN, else the build tree's passes/CoroSlim.so."""
    return os.environ.get("COROSLIM_PLUGIN") or os.path.join(
        build or default_build(), "passes", "CoroSlim.so")


def driver(build=None):
    """$COROSLIM_CC, else the build tree's tools/coroslim-cc."""
    return os.environ.get("COROSLIM_CC") or os.path.join(
        build or default_build(), "tools", "coroslim-cc")


def lit(build=None):
    """The lit the build tree was configured with, else the one next to
    the LLVM tools, else lit on PATH (None if there is none)."""
    build = build or default_build()
    for path in (_cached(build, "LLVM_EXTERNAL_LIT"),
                 os.path.join(llvm_bin(build), "lit")):
        if path and os.access(path, os.X_OK):
            return path
    return shutil.which("lit")


def include_dir():
    return os.path.join(ROOT, "include")


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m coroslim.toolchain",
        description="Print where LLVM %d is (the tools directory unless "
        "told otherwise)." % MAJOR)
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--bin", action="store_true",
                      help="the tools directory (default)")
    what.add_argument("--prefix", action="store_true")
    what.add_argument("--cmake-dir", action="store_true",
                      help="the directory to give CMake as LLVM_DIR")
    what.add_argument("--lit", action="store_true", help="the lit to run")
    ap.add_argument("--build", help="build tree whose CMakeCache.txt to "
                    "consult (default: $COROSLIM_BUILD or build/)")
    args = ap.parse_args(argv)
    build = args.build or default_build()
    try:
        prefix, bindir = locate(build)
    except NotFound as e:
        print("toolchain: " + str(e), file=sys.stderr)
        return 1
    if args.lit:
        path = lit(build)
        if not path:
            print("toolchain: no lit (LLVM_EXTERNAL_LIT, %s/lit, PATH); "
                  "install llvm-%d-tools" % (bindir, MAJOR), file=sys.stderr)
            return 1
        print(path)
    elif args.prefix or args.cmake_dir:
        if prefix is None:
            # COROSLIM_LLVM_BIN names tools only; their prefix is its parent.
            prefix = os.path.dirname(os.path.abspath(bindir))
        print(os.path.join(prefix, "lib", "cmake", "llvm")
              if args.cmake_dir else prefix)
    else:
        print(bindir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
