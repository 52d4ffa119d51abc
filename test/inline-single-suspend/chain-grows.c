// Never worse (issue 21): a 3-deep chain (top -> mid -> leaf, each level
// suspending once at the bottom) in which the callees are kept by the
// linker (not static) and have loops and calls that survive in every copy.
// Inlining it all would take the program from 8 frame allocations to 3 and
// still grow .text at -Os by a fifth (3106 -> 3789 bytes on x86-64): the
// cost model (cost=size) refuses each level with its figures, and the
// object is the one built without the pass. At -O2 (cost=speed) the chain
// collapses.
//
// On LLVM 19 some awaits here are refused (cleanup switch default; docs/testing.md).
// UNSUPPORTED: llvm-19
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang_cc -Os -c %s -o %t/size.o -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: %clang_cc -Os -c %s -o %t/none.o -mllvm -coroslim-disable=coroslim-inline-single-suspend
// RUN: %clang_cc -Os -c %s -o %t/off.o -mllvm -coroslim-cost=off
// RUN: cmp %t/size.o %t/none.o
// RUN: not %python %S/../cxx/Inputs/text_not_larger.py %llvm_bin %t/none.o %t/off.o | FileCheck %s --check-prefix=GROWS
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=SPEED
// RUN: %clang_cc -Os %s -o %t/run && %t/run | FileCheck %s --check-prefixes=OUT,FRAMES8
// RUN: %clang_cc -Os -mllvm -coroslim-cost=off %s -o %t/run.off && %t/run.off | FileCheck %s --check-prefixes=OUT,FRAMES3

// SIZE-DAG: remark: {{.*}}not inlining 'leaf' into mid: inlining its 2 await(s): the cost model (cost=size) predicts a frame -32 bytes and code +{{[0-9]+}}
// SIZE-DAG: remark: {{.*}}not inlining 'mid' into top1: inlining its 2 await(s): the cost model (cost=size) predicts a frame -32 bytes and code +{{[0-9]+}}
// SIZE-DAG: remark: {{.*}}not inlining 'leaf' into top3: inlining its 2 await(s): the cost model (cost=size)
// GROWS: off.o: .text {{[0-9]+}} -> {{[0-9]+}} GROWS
// SPEED-DAG: remark: {{.*}}inlined coroutine leaf into mid
// SPEED-DAG: remark: {{.*}}inlined coroutine mid into top1
// SPEED-DAG: remark: {{.*}}inlined coroutine mid into top2
// SPEED-DAG: remark: {{.*}}inlined coroutine leaf into top3
// OUT: leaf 3 1038
// OUT-NEXT: leaf 5 35
// OUT-NEXT: leaf 5 246
// OUT-NEXT: leaf 5 12071
// OUT-NEXT: leaf 7 2410
// OUT-NEXT: leaf 7 118115
// OUT-NEXT: leaf 7 826810
// OUT-NEXT: mid 3 14
// OUT-NEXT: top1 15
// OUT-NEXT: mid 5 21
// OUT-NEXT: top2 22
// OUT-NEXT: top3 28
// FRAMES8: frames: 8
// FRAMES3: frames: 3
#include "coroslim/coro.h"
#include <stdio.h>
static cs_event tick;
volatile int sink;
CS_CORO(int, leaf, int n)
{
  int i, acc = n;
  CS_BEGIN(leaf);
  for (i = 0; i < n; ++i) {
    acc = acc * 7 + i;
    if (acc & 2)
      printf("leaf %d %d\n", n, acc);
  }
  CS_WAIT(&tick);
  CS_RETURN(acc & 0xff);
  CS_END();
}
CS_CORO(int, mid, int n)
{
  int r, k;
  CS_BEGIN(mid);
  CS_AWAIT(r, leaf, n);
  for (k = 0; k < r % 5; ++k)
    sink = k + r;
  printf("mid %d %d\n", n, r);
  CS_RETURN(r + 1);
  CS_END();
}
CS_CORO_STATIC(int, top1, int n)
{
  int r;
  CS_BEGIN(top1);
  CS_AWAIT(r, mid, n);
  printf("top1 %d\n", r);
  CS_END();
}
CS_CORO_STATIC(int, top2, int n)
{
  int r;
  CS_BEGIN(top2);
  CS_AWAIT(r, mid, n + 1);
  printf("top2 %d\n", r);
  CS_END();
}
CS_CORO_STATIC(int, top3, int n)
{
  int r;
  CS_BEGIN(top3);
  CS_AWAIT(r, leaf, n + 2);
  printf("top3 %d\n", r);
  CS_END();
}
int main(void)
{
  cs_spawn(top1(3));
  cs_spawn(top2(4));
  cs_spawn(top3(5));
  cs_run();
  cs_event_fire(&tick);
  cs_event_fire(&tick);
  cs_event_fire(&tick);
  cs_run();
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
