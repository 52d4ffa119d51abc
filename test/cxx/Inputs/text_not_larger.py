#!/usr/bin/env python3
"""Never worse: the .text of each object built with coroslim is not larger
than the same object built without it.

Usage: text_not_larger.py LLVM_BIN WITHOUT.o WITH.o [WITHOUT.o WITH.o ...]
Prints one line per pair (`<with> .text A -> B`) and exits 1 if B > A.
"""
import subprocess
import sys


def text_bytes(llvm_bin, obj):
    out = subprocess.run([f"{llvm_bin}/llvm-size", "-A", obj], check=True,
                         capture_output=True, text=True).stdout
    return sum(int(line.split()[1]) for line in out.splitlines()
               if line.startswith(".text"))


def main():
    llvm_bin, objs = sys.argv[1], sys.argv[2:]
    grew = False
    for without, with_ in zip(objs[::2], objs[1::2]):
        a, b = text_bytes(llvm_bin, without), text_bytes(llvm_bin, with_)
        print(f"{with_.rsplit('/', 1)[-1]}: .text {a} -> {b}"
              + (" GROWS" if b > a else ""))
        grew |= b > a
    return 1 if grew else 0


if __name__ == "__main__":
    sys.exit(main())
