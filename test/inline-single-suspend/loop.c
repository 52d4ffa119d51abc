// The callee's one internal suspend sits in a loop (it polls until a
// counter reaches a limit): it is still one static suspend point, so the
// callee is inlined, and the caller suspends exactly as often as before.
//
// RUN: %clang_cc -Os %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang_cc -Os %s -o %t.on && %t.on > %t.on.txt
// RUN: %clang_cc -Os -mllvm -coroslim-disable=coroslim-inline-single-suspend %s -o %t.off && %t.off > %t.off.txt
// RUN: FileCheck %s --check-prefix=OUT < %t.on.txt
// RUN: grep -v frames %t.on.txt > %t.on.cmp && grep -v frames %t.off.txt > %t.off.cmp && diff %t.on.cmp %t.off.cmp
// RUN: %clang_cc -O1 %s -o %t.o1 && %t.o1 | grep -v frames | diff %t.off.cmp -
// RUN: %clang_cc -O3 -DCS_UNCHECKED %s -o %t.o3 && %t.o3 | grep -v frames | diff %t.off.cmp -

// REMARK: remark: inlined coroutine poll_until into task: 1 internal suspend point(s)

// OUT: poll 1
// OUT-NEXT: poll 2
// OUT-NEXT: poll 3
// OUT-NEXT: task: 3 polls
// OUT-NEXT: poll 1
// OUT-NEXT: task: 1 polls
// OUT-NEXT: resumes: 3
// OUT-NEXT: frames: 1
#include "coroslim/coro.h"

#include <stdio.h>

static int ticks;

CS_CORO_STATIC(int, poll_until, int limit)
{
  int polls = 0;
  CS_BEGIN(poll_until);
  for (;;) {
    printf("poll %d\n", ++polls);
    if (++ticks >= limit)
      break;
    CS_SUSPEND();
  }
  CS_RETURN(polls);
  CS_END();
}

CS_CORO_STATIC(int, task, void)
{
  int n;
  CS_BEGIN(task);
  CS_AWAIT(n, poll_until, 3);
  printf("task: %d polls\n", n);
  CS_AWAIT(n, poll_until, 4);
  printf("task: %d polls\n", n);
  CS_END();
}

int main(void)
{
  cs_spawn(task());
  cs_run();
  printf("resumes: %lu\n", cs_resumes());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
