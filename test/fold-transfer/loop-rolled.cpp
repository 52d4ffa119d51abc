// A loop whose await coroslim-fold-transfer runs in place stays rolled:
// with the suspend in it the loop body was the whole await machinery, which
// LLVM keeps rolled; run in place it is a multiply, which -O3 unrolled in
// full, growing the program (test/cxx/e2e/fold_loop.cpp: +1013 bytes of
// .text against no plugin). The pass marks the loop llvm.loop.unroll.disable,
// unless the program asks for unrolling itself (the second loop). The output
// is the same either way.
//
// RUN: %clangxx -O3 -fno-exceptions -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -O3 -fno-exceptions -S -emit-llvm -mllvm -coroslim-disable=coroslim-fold-transfer %s -o - | FileCheck %s --check-prefix=NOFOLD
// RUN: %clangxx -O3 -fno-exceptions %s -o %t && %t | FileCheck %s --check-prefix=OUT
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 && %t.O2 | FileCheck %s --check-prefix=OUT
#include "../cxx/tasks/cppcoro_style.hpp"

#include <cstdio>

using cppcoro_style::task;

static task<long> mul(long a, long b) { co_return a * b; }

// Run in place, kept rolled: one loop, no other copy of the multiply.
// CHECK-LABEL: define internal fastcc void @_ZL7factorsv.resume(
// CHECK: = mul {{.*}}i64
// CHECK-NOT: = mul 
// CHECK: br i1 %{{.*}}, !llvm.loop ![[ROLLED:[0-9]+]]
// CHECK: }
static task<long> factors() {
  long p = 1;
  for (int i = 1; i <= 10; ++i)
    p = co_await mul(p, i);
  co_return p;
}

// The program asks for the loop unrolled: no loop is left.
// CHECK-LABEL: define internal fastcc void @_ZL6hintedv.resume(
// CHECK-NOT: !llvm.loop
// CHECK: }
static task<long> hinted() {
  long p = 1;
#pragma clang loop unroll(full)
  for (int i = 1; i <= 6; ++i)
    p = co_await mul(p, i + 1);
  co_return p;
}

static task<long> run() { co_return co_await factors() + co_await hinted(); }

int main() {
  // OUT: result 3633840
  std::printf("result %ld\n", cppcoro_style::sync_wait(run()));
  return 0;
}

// CHECK: ![[ROLLED]] = distinct !{![[ROLLED]], {{.*}}![[DISABLE:[0-9]+]]{{[,}]}}
// CHECK: ![[DISABLE]] = !{!"llvm.loop.unroll.disable"}

// Without the pass the await keeps its suspend and the loop its state
// machine; nothing marks it.
// NOFOLD-NOT: llvm.loop.unroll.disable
