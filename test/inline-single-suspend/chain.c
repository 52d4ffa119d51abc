// A 3-deep chain where every level suspends once (top -> bar -> foo ->
// event) collapses bottom-up into one coroutine with one internal suspend
// state and one frame allocation per top-level task.
//
// On LLVM 19 some awaits here are refused (cleanup switch default; docs/testing.md).
// UNSUPPORTED: llvm-19
// RUN: %clang -O2 -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine)' %t.raw.ll -S -o %t.in.ll
// RUN: %opt -passes=coroslim-inline-single-suspend -verify-each -pass-remarks=coroslim-inline-single-suspend %t.in.ll -S -o %t.ll 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.ll | FileCheck %s --check-prefix=STATES
// After CoroSplit (the whole -Os pipeline): one state machine with one
// dispatch case besides the start and the completion.
// RUN: %clang_cc -Os %s -S -emit-llvm -o %t.os.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.os.ll | FileCheck %s --check-prefix=LOWERED
// RUN: %clang_cc -Os %s -o %t.on && %t.on | FileCheck %s --check-prefix=OUT
// RUN: %clang_cc -Os -mllvm -coroslim-disable=coroslim-inline-single-suspend %s -o %t.off && %t.off | FileCheck %s --check-prefix=OFF

// Callees first, so that bar already holds foo when top inlines it.
// REMARK: remark: {{.*}} inlined coroutine foo into bar
// REMARK: remark: {{.*}} inlined coroutine bar into top

// STATES-NOT: coroutine @foo
// STATES-NOT: coroutine @bar
// STATES: coroutine @top: pre-split initial=1 internal=1 final=0 checked=1 awaits=0
// STATES-NOT: coroutine @foo
// STATES-NOT: coroutine @bar

// LOWERED-NOT: @foo
// LOWERED-NOT: @bar
// LOWERED: lowered @top: frame={{[0-9]+}} states=3

// OUT: foo(1): waiting
// OUT-NEXT: foo(1): waiting
// OUT-NEXT: foo: 7
// OUT-NEXT: top(50): 140
// OUT-NEXT: foo: 7
// OUT-NEXT: top(60): 140
// OUT-NEXT: resumes: 4
// OUT-NEXT: live frames: 0
// OUT-NEXT: frames: 2
// OFF: resumes: 4
// OFF: frames: 6
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ev;

CS_CORO_STATIC(int, foo, int big)
{
  CS_BEGIN(foo);
  printf("foo(%d): waiting\n", big);
  CS_WAIT(&ev);
  printf("foo: 7\n");
  CS_RETURN(big ? 70 : 7);
  CS_END();
}

CS_CORO_STATIC(int, bar, int input)
{
  int r;
  CS_BEGIN(bar);
  CS_AWAIT(r, foo, input > 10);
  CS_RETURN(2 * r);
  CS_END();
}

CS_CORO_STATIC(int, top, int input)
{
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, bar, input);
  printf("top(%d): %d\n", input, r);
  CS_END();
}

int main(void)
{
  cs_spawn(top(50));
  cs_spawn(top(60));
  cs_run();
  cs_event_fire(&ev);
  cs_event_fire(&ev);
  cs_run();
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
