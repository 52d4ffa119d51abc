// A promise operator new the program can observe (it counts the frames it
// allocates) is no reason to refuse: a removed frame no longer calls it, as
// with LLVM's CoroElide. The suspend-free task is run in place and the
// task that suspends keeps running on its own; both get their frames
// inside their caller's; the count of frames drops and the rest of the output stays
// the same (docs/frontends.md, "C++20 front end").
//
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fno-exceptions %s -o %t.Os -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.base -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %clangxx -Os -fno-exceptions %s -o %t.bases -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %t.O2 > %t.O2.out && FileCheck %s --check-prefixes=OUT,O2 < %t.O2.out
// RUN: %t.Os > %t.Os.out && FileCheck %s --check-prefixes=OUT,OS < %t.Os.out
// RUN: %t.base > %t.base.out && FileCheck %s --check-prefixes=OUT,BASE2 < %t.base.out
// RUN: %t.bases > %t.bases.out && FileCheck %s --check-prefixes=OUT,BASES < %t.bases.out
// The same output but for the count of frames:
// RUN: grep -v '^frames' %t.O2.out > %t.O2.cmp && grep -v '^frames' %t.base.out > %t.base.cmp && diff %t.O2.cmp %t.base.cmp
// RUN: grep -v '^frames' %t.Os.out > %t.Os.cmp && grep -v '^frames' %t.bases.out > %t.bases.cmp && diff %t.Os.cmp %t.bases.cmp
//
// OUT: total 36
// Without the passes: 2 per iteration (4 iterations), and at -Os the
// outer task's (at -O2 CoroElide removes it in main); with them none at
// -O2 and only the outer one at -Os.
// BASE2-NEXT: frames 8
// BASES-NEXT: frames 9
// O2-NEXT: frames 0
// OS-NEXT: frames 1

#include "Inputs/task.hpp"

task leaf(int x) { co_return x * 3 + 1; }

task waits(int x) {
  // REMARK-DAG: counting-allocator.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await gate{};
  co_return x + 2;
}

task top(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    // REMARK-DAG: counting-allocator.cpp:[[@LINE+1]]:14: remark: C++ await of '_Z4leafi' runs it in place: no suspend point and no symmetric transfer (its frame is part of the caller's)
    total += co_await leaf(i);
    // REMARK-DAG: counting-allocator.cpp:[[@LINE+2]]:14: remark: C++ await of '_Z5waitsi' not run in place: its resume function stores its own handle
    // REMARK-DAG: counting-allocator.cpp:[[@LINE+1]]:14: remark: C++ await of '_Z5waitsi': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
    total += co_await waits(i);
  }
  co_return total;
}

int main(int argc, char **) {
  task t = top(3 + argc);
  t.h.resume();
  while (Queued)
    run_queue();
  std::printf("total %d\n", t.h.promise().value);
  std::printf("frames %d\n", Frames);
}
