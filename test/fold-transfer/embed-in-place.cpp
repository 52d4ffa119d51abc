// A suspend-free task run in place under -fexceptions: the caller's value
// has a destructor, so every await sits between landing pads, and the task
// object's destructor tests the handle for null before destroying it.
// LLVM's CoroElide, left with the frame, does not prove that it dies
// before the caller returns (4 frames at -Os, as without the plugin);
// coroslim-fold-transfer moves it into the caller's frame itself, on the
// shared analysis' lifetime proof, which follows the destructor's null
// test through the landing pads: only the outer task allocates. The output
// is the same.
//
// RUN: %clangxx -Os -fexceptions %s -o %t.Os -Rpass=coroslim-fold-transfer 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -O2 -fexceptions %s -o %t.O2 -Rpass=coroslim-fold-transfer 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -Os -fno-exceptions %s -o %t.noex
// RUN: %clangxx -Os -fexceptions -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame %s -o %t.base
// RUN: %t.Os > %t.Os.out && FileCheck %s --check-prefixes=OUT,ONE < %t.Os.out
// RUN: %t.O2 > %t.O2.out && FileCheck %s --check-prefixes=OUT,ONE < %t.O2.out
// RUN: %t.noex | FileCheck %s --check-prefixes=OUT,ONE
// RUN: %t.base > %t.base.out && FileCheck %s --check-prefixes=OUT,BASE < %t.base.out
// RUN: grep -v '^frames' %t.Os.out > %t.Os.cmp && grep -v '^frames' %t.base.out > %t.base.cmp && diff %t.Os.cmp %t.base.cmp
// RUN: grep -v '^frames' %t.O2.out > %t.O2.cmp && diff %t.O2.cmp %t.base.cmp
//
// REMARK: embed-in-place.cpp:[[# @LINE + 22]]:17: remark: C++ await of '_ZL4makei' runs it in place: no suspend point and no symmetric transfer (its frame is part of the caller's)
// OUT: drop 6
// OUT: sum 9
// ONE-NEXT: frames 1
// BASE-NEXT: frames 4
#include "../cxx/tasks/cppcoro_style.hpp"

#include <cstdio>

using cppcoro_style::task;

struct tracked {
  int v;
  explicit tracked(int v) : v(v) {}
  ~tracked() { std::printf("drop %d\n", v); }
};

static task<tracked> make(int v) { co_return tracked(v * 3); }

static task<int> run() {
  int sum = 0;
  for (int i = 0; i < 3; ++i) {
    tracked t = co_await make(i);
    sum += t.v;
  }
  co_return sum;
}

int main() {
  int r = cppcoro_style::sync_wait(run());
  std::printf("sum %d\n", r);
  std::printf("frames %lu\n", cxxtest::frames_allocated);
}
