"""Where LLVM, the build tree, the plugin and the driver are.

This is the one place that knows where LLVM lives; every script (and, through
`python3 -m coroslim.toolchain`, every shell script) asks it. coroslim builds
against LLVM 22 (the default) or LLVM 19; COROSLIM_LLVM_VERSION=19 (or
--llvm 19) makes 19 the version steps 4 and 5 look for. The first of these
that names an LLVM wins:

  1. COROSLIM_LLVM_BIN  a directory of tools, used as it is (lit sets it to
                        the LLVM the build was configured with, or to the
                        sanitizer wrappers of an ASan build);
  2. LLVM_DIR           the environment variable, as for CMake: the CMake
                        package directory (<prefix>/lib/cmake/llvm) or the
                        prefix itself;
  3. the build tree     LLVM_DIR in <build>/CMakeCache.txt, so that scripts
                        use the LLVM the plugin was built against;
  4. llvm-config-N, then llvm-config (only if it reports N.x), on PATH;
  5. /usr/lib/llvm-N    (Debian's packages), N = 22 unless told otherwise.

    python3 -m coroslim.toolchain [--bin | --prefix | --cmake-dir | --lit |
                                   --major] [--build DIR] [--llvm N]

prints the tools directory (default), the prefix, the CMake package
directory, the lit to run or the LLVM major version of the tools found, or
exits 1 with what to install.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

# The LLVM versions coroslim builds against (CMakeLists.txt); the first is
# the default.
SUPPORTED = (22, 19)
MAJOR = SUPPORTED[0]


def set_major(major):
    """Makes \p major the LLVM version the search looks for (steps 4, 5)."""
    global MAJOR, DEBIAN_PREFIX, PACKAGES
    major = int(major)
    if major not in SUPPORTED:
        raise NotFound("LLVM %d is not supported (%s)"
                       % (major, ", ".join(map(str, SUPPORTED))))
    MAJOR = major
    DEBIAN_PREFIX = "/usr/lib/llvm-%d" % MAJOR
    # What scripts/install-deps installs; named in the error when nothing is
    # found.
    PACKAGES = ("llvm-{0}-dev clang-{0} llvm-{0}-tools libclang-rt-{0}-dev "
                "lld-{0}".format(MAJOR))

# The repository root: utils/coroslim/toolchain.py -> ../..
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class NotFound(Exception):
    pass


_bad_version = None
try:
    set_major(os.environ.get("COROSLIM_LLVM_VERSION") or MAJOR)
except (NotFound, ValueError) as e:
    _bad_version = NotFound("COROSLIM_LLVM_VERSION: %s" % e)


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
    if _bad_version:
        raise _bad_version
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


_major_cache = {}


def llvm_major(build=None):
    """The major version of the LLVM tools llvm_bin() finds (clang
    --version), or None if clang does not say."""
    bindir = llvm_bin(build)
    if bindir not in _major_cache:
        try:
            out = subprocess.run([os.path.join(bindir, "clang"), "--version"],
                                 capture_output=True, text=True,
                                 timeout=60).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        m = re.search(r"version (\d+)\.", out)
        _major_cache[bindir] = int(m.group(1)) if m else None
    return _major_cache[bindir]


def clang_plugin_args(plugin=None, build=None):
    """What makes clang load \p plugin (default: plugin()) and accept its
    -mllvm -coroslim-* options: -fpass-plugin, and on LLVM 19, whose clang
    parses -mllvm options before it loads pass plugins, also -Xclang -load
    (coroslim-cc does the same; docs/install.md, "LLVM versions")."""
    plugin = plugin or globals()["plugin"](build)
    args = ["-fpass-plugin=%s" % plugin]
    major = llvm_major(build)
    if major is not None and major < 22:
        args += ["-Xclang", "-load", "-Xclang", plugin]
    return args


def include_dir():
    return os.path.join(ROOT, "include")


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m coroslim.toolchain",
        description="Print where LLVM is (the tools directory unless told "
        "otherwise).")
    what = ap.add_mutually_exclusive_group()
    what.add_argument("--bin", action="store_true",
                      help="the tools directory (default)")
    what.add_argument("--prefix", action="store_true")
    what.add_argument("--cmake-dir", action="store_true",
                      help="the directory to give CMake as LLVM_DIR")
    what.add_argument("--lit", action="store_true", help="the lit to run")
    what.add_argument("--major", action="store_true",
                      help="the LLVM major version of the tools found")
    ap.add_argument("--build", help="build tree whose CMakeCache.txt to "
                    "consult (default: $COROSLIM_BUILD or build/)")
    ap.add_argument("--llvm", metavar="N", help="the LLVM version to look "
                    "for (%s; default $COROSLIM_LLVM_VERSION, else %d)"
                    % (", ".join(map(str, SUPPORTED)), MAJOR))
    args = ap.parse_args(argv)
    build = args.build or default_build()
    try:
        if args.llvm:
            global _bad_version
            _bad_version = None
            set_major(args.llvm)
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
    elif args.major:
        major = llvm_major(build)
        if major is None:
            print("toolchain: %s/clang does not say its version" % bindir,
                  file=sys.stderr)
            return 1
        print(major)
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
