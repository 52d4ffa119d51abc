// Destroying the caller while it waits in the inlined callee runs the
// callee's cleanup first, then the caller's, exactly as destroying the
// caller used to destroy the awaited coroutine and then clean up; after
// completion the callee's cleanup runs where the await destroyed it.
//
// RUN: %clang_cc -O2 %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang_cc -O2 %s -o %t.on && %t.on > %t.on.txt
// RUN: %clang_cc -O2 -mllvm -coroslim-disable=coroslim-inline-single-suspend %s -o %t.off && %t.off > %t.off.txt
// RUN: FileCheck %s --check-prefix=OUT < %t.on.txt
// RUN: grep -v frames %t.on.txt > %t.on.cmp && grep -v frames %t.off.txt > %t.off.cmp && diff %t.on.cmp %t.off.cmp
// RUN: %clang_cc -Os -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t.asan && %t.asan | grep -v frames | diff %t.off.cmp -

// REMARK: remark: inlined coroutine hold into owner: 1 internal suspend point(s)

// Cancelled while pending: the callee's cleanup, then the caller's.
// OUT: owner 1: start
// OUT-NEXT: owner 2: start
// OUT-NEXT: cancel 1
// OUT-NEXT:   cleanup hold 1
// OUT-NEXT:   cleanup owner 1
// Completed: the callee's cleanup at the await's destroy, before the
// caller goes on.
// OUT-NEXT:   cleanup hold 2
// OUT-NEXT: owner 2: got 20
// OUT-NEXT:   cleanup owner 2
// OUT-NEXT: live frames: 0
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event go;

CS_CORO_STATIC(int, hold, int id)
{
  CS_BEGIN(hold);
  CS_WAIT(&go);
  CS_RETURN(id * 10);
  CS_END_CLEANUP(printf("  cleanup hold %d\n", id));
}

CS_CORO_STATIC(int, owner, int id)
{
  int v;
  CS_BEGIN(owner);
  printf("owner %d: start\n", id);
  CS_AWAIT(v, hold, id);
  printf("owner %d: got %d\n", id, v);
  CS_END_CLEANUP(printf("  cleanup owner %d\n", id));
}

int main(void)
{
  int a = cs_spawn(owner(1));
  cs_spawn(owner(2));
  cs_run();
  printf("cancel %d\n", a);
  cs_cancel(a);
  cs_event_fire(&go);
  cs_run();
  printf("live frames: %lu\n", cs_frames_live());
  return 0;
}
