// An await of a coroutine that merge-states made: handle awaits send on
// two arms that differ only in the argument, so it has two internal
// suspend points and inline-single-suspend refuses it. Once merge-states
// has made the two awaits one (its level 2), handle has one internal
// suspend point; the await passes accept what merge-states leaves, inline
// send into handle and then handle into task: one frame, task's.
// (In the default pipeline merge-states also runs before the await passes,
// at PipelineEarlySimplification: test/closure/merged-callee.test.)
//
// The pipeline is LLVM 22's (simplifycfg's switch-to-arithmetic is new in 22).
// REQUIRES: llvm-22
// RUN: %clang -Os -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(lower-expect,simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;no-switch-range-to-icmp;no-switch-to-arithmetic;no-switch-to-lookup;keep-loops;no-hoist-common-insts;no-sink-common-insts;speculate-blocks;simplify-cond-branch>,sroa<modify-cfg>,early-cse<>)' %t.raw.ll -S -o %t.pre.ll
// RUN: %opt -passes='function(coroslim-merge-states),coroslim-fold-suspend-free,coroslim-inline-single-suspend' -verify-each -pass-remarks='coroslim-(merge-states|inline-single-suspend)' -pass-remarks-missed=coroslim-inline-single-suspend %t.pre.ll -S -o %t.ll 2>&1 | FileCheck %s --check-prefix=MERGED
// RUN: %opt -passes='coroslim-fold-suspend-free,coroslim-inline-single-suspend' -pass-remarks-missed=coroslim-inline-single-suspend %t.pre.ll -disable-output 2>&1 | FileCheck %s --check-prefix=ALONE
// RUN: %clang_cc -Os %t.ll -o %t.exe && %t.exe | FileCheck %s --check-prefix=OUT

// MERGED: merged 2 awaits of @send of coroutine handle into one
// MERGED: inlined coroutine send into handle: 1 internal suspend point(s)
// MERGED: inlined coroutine handle into task: 1 internal suspend point(s)
// MERGED-NOT: not inlining

// ALONE: not inlining 'handle' into task: it has 2 internal suspend points (at most 1 allowed by -coroslim-inline-max-suspends)

// OUT: send(20)
// OUT-NEXT: task: 42
// OUT-NEXT: send(10)
// OUT-NEXT: task: 22
// OUT-NEXT: resumes: 3
// OUT-NEXT: live frames: 0
// OUT-NEXT: frames: 1
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ev;

/* One internal suspend. */
CS_CORO_STATIC(int, send, int reg)
{
  CS_BEGIN(send);
  printf("send(%d)\n", reg);
  CS_WAIT(&ev);
  CS_RETURN(reg + 1);
  CS_END();
}

/* Two awaits of send that differ only in the argument. */
CS_CORO_STATIC(int, handle, int cmd)
{
  int ack;
  CS_BEGIN(handle);
  if (cmd)
    CS_AWAIT(ack, send, 10);
  else
    CS_AWAIT(ack, send, 20);
  CS_RETURN(ack * 2);
  CS_END();
}

CS_CORO_STATIC(int, task, int n)
{
  int i, r;
  CS_BEGIN(task);
  for (i = 0; i < n; ++i) {
    CS_AWAIT(r, handle, i & 1);
    printf("task: %d\n", r);
  }
  CS_END();
}

int main(void)
{
  cs_spawn(task(2));
  while (cs_run())
    cs_event_fire(&ev);
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
