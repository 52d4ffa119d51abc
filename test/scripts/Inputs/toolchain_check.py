"""Unit test of utils/coroslim/toolchain.py, the one place that locates
LLVM (test/scripts/toolchain.test): the order of the candidates, on fake
LLVM trees under a temporary directory (argv[1])."""

import os
import stat
import sys

from coroslim import toolchain

tmp = os.path.abspath(sys.argv[1])


def exe(path, text="#!/bin/sh\nexit 0\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)


def fake_llvm(prefix):
    exe(os.path.join(prefix, "bin", "clang"))
    cm = os.path.join(prefix, "lib", "cmake", "llvm")
    os.makedirs(cm, exist_ok=True)
    open(os.path.join(cm, "LLVMConfig.cmake"), "w").close()
    return prefix


def show(label, build=None):
    try:
        prefix, bindir = toolchain.locate(build)
        print(f"{label}: {bindir.replace(tmp, '<tmp>')}")
    except toolchain.NotFound as e:
        print(f"{label}: error: {str(e).replace(tmp, '<tmp>')}")


a = fake_llvm(os.path.join(tmp, "a"))
b = fake_llvm(os.path.join(tmp, "b"))
c = fake_llvm(os.path.join(tmp, "c"))
build = os.path.join(tmp, "build")
os.makedirs(build, exist_ok=True)
with open(os.path.join(build, "CMakeCache.txt"), "w") as f:
    f.write(f"LLVM_DIR:PATH={b}/lib/cmake/llvm\n")
# llvm-config-22 names c; a plain llvm-config of another major is skipped.
path = os.path.join(tmp, "path")
exe(os.path.join(path, "llvm-config-22"), f"#!/bin/sh\necho 22.1.0\necho {c}\n")
exe(os.path.join(path, "llvm-config"), "#!/bin/sh\necho 14.0.6\necho /old\n")
os.environ["PATH"] = path + os.pathsep + os.environ["PATH"]
for var in ("COROSLIM_LLVM_BIN", "LLVM_DIR"):
    os.environ.pop(var, None)

os.environ["COROSLIM_LLVM_BIN"] = os.path.join(a, "bin")
os.environ["LLVM_DIR"] = os.path.join(b, "lib", "cmake", "llvm")
show("COROSLIM_LLVM_BIN first", build)
del os.environ["COROSLIM_LLVM_BIN"]
show("LLVM_DIR (CMake package dir)", build)
os.environ["LLVM_DIR"] = a
show("LLVM_DIR (prefix)", build)
del os.environ["LLVM_DIR"]
show("the build tree's LLVM_DIR", build)
show("llvm-config-22")
# A failing llvm-config-22 (it shadows the real one) is skipped.
exe(os.path.join(path, "llvm-config-22"), "#!/bin/sh\nexit 1\n")
exe(os.path.join(path, "llvm-config"), f"#!/bin/sh\necho 22.0.0\necho {a}\n")
show("llvm-config reporting 22")
os.environ["LLVM_DIR"] = os.path.join(tmp, "missing")
show("an explicit LLVM_DIR without clang", build)
