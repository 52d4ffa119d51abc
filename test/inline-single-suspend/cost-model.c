// Never worse (issue 21): inlining copies the callee into every await. A
// callee the linker keeps (not static), with a body much larger than the
// await machinery it replaces, awaited in three places, would add three
// copies and remove nothing: at -Os (cost=size) the cost model refuses it
// and the remark gives the figures; with cost=off it is inlined and the
// object grows, which is what the refusal prevents. At -O2 (cost=speed)
// code growth alone is no reason: a resume no longer goes through the
// callee's dispatch, and its frame allocations go.
//
// On LLVM 19 some awaits here are refused (cleanup switch default; docs/testing.md).
// UNSUPPORTED: llvm-19
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang_cc -Os -c %s -o %t/size.o -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: %clang_cc -Os -c %s -o %t/off.o -mllvm -coroslim-cost=off -Rpass=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=OFF
// RUN: %clang_cc -Os -c %s -o %t/none.o -mllvm -coroslim-disable=coroslim-inline-single-suspend
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=SPEED
// The refused build is the build without the pass; the forced one grows.
// RUN: cmp %t/size.o %t/none.o
// RUN: not %python %S/../cxx/Inputs/text_not_larger.py %llvm_bin %t/none.o %t/off.o | FileCheck %s --check-prefix=GROWS
// And the program still runs the same with each.
// RUN: %clang_cc -Os %s -o %t/run && %t/run | FileCheck %s --check-prefix=OUT
// RUN: %clang_cc -Os -mllvm -coroslim-cost=off %s -o %t/run.off && %t/run.off | FileCheck %s --check-prefix=OUT

// SIZE-COUNT-3: remark: {{.*}}not inlining 'work' into {{(first|second|third)}}: inlining its 3 await(s): the cost model (cost=size) predicts a frame {{-[0-9]+}} bytes and code +{{[0-9]+}} (+{{[0-9]+}} -{{[0-9]+}}), resume path -2
// OFF-COUNT-3: remark: {{.*}}inlined coroutine work into {{(first|second|third)}}
// SPEED-COUNT-3: remark: {{.*}}inlined coroutine work into {{(first|second|third)}}
// GROWS: off.o: .text {{[0-9]+}} -> {{[0-9]+}} GROWS
// OUT: work 7 6
// OUT-NEXT: work 3 done
// OUT-NEXT: first 36
// OUT-NEXT: work 5 done
// OUT-NEXT: second 60
// OUT-NEXT: work 7 done
// OUT-NEXT: third 84
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ready;
volatile int sink;

/* Not static: the linker keeps it whatever this file inlines. */
CS_CORO(int, work, int n)
{
  int i, acc = 0;
  CS_BEGIN(work);
  for (i = 0; i < n; ++i) {
    acc += i * n;
    if (acc & 1)
      sink = acc;
    else
      sink = -acc;
    printf("work %d %d\n", n, i);
  }
  CS_WAIT(&ready);
  printf("work %d done\n", n);
  CS_RETURN(n * 12);
  CS_END();
}

CS_CORO_STATIC(int, first, int x)
{
  int r;
  CS_BEGIN(first);
  CS_AWAIT(r, work, x);
  printf("first %d\n", r);
  CS_END();
}

CS_CORO_STATIC(int, second, int x)
{
  int r;
  CS_BEGIN(second);
  CS_AWAIT(r, work, x + 1);
  printf("second %d\n", r * 2 - r);
  CS_END();
}

CS_CORO_STATIC(int, third, int x)
{
  int r;
  CS_BEGIN(third);
  CS_AWAIT(r, work, x + 2);
  printf("third %d\n", r + 0);
  CS_END();
}

int main(void)
{
  cs_spawn(first(3));
  cs_spawn(second(4));
  cs_spawn(third(5));
  cs_run();
  cs_event_fire(&ready);
  cs_event_fire(&ready);
  cs_event_fire(&ready);
  cs_run();
  return 0;
}
