// -ftrivial-auto-var-init initialises every local where it is declared,
// the runtime's promise slot too: that is a use of the promise before
// __builtin_coro_begin, which c-presplit rejects (LLVM 22 cannot lower it).
// coro.h opts the slot out (__attribute__((uninitialized))), so runtime
// coroutines compile and run with the option at every level. Before, each
// one was an error.
// RUN: %coroslim-cc -O0 -ftrivial-auto-var-init=zero %s -o %t0 && %t0 | FileCheck %s
// RUN: %coroslim-cc -O2 -ftrivial-auto-var-init=zero %s -o %t2 && %t2 | FileCheck %s
// RUN: %coroslim-cc -O0 -ftrivial-auto-var-init=pattern %s -o %tp0 && %tp0 | FileCheck %s
// RUN: %coroslim-cc -Os -ftrivial-auto-var-init=pattern %s -o %tps && %tps | FileCheck %s
// CHECK: leaf(3) waiting
// CHECK-NEXT: leaf: woken
// CHECK-NEXT: top: leaf gave 30
// CHECK-NEXT: live frames 0
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ready;

CS_CORO_STATIC(int, leaf, int x)
{
  CS_BEGIN(leaf);
  printf("leaf(%d) waiting\n", x);
  CS_WAIT(&ready);
  printf("leaf: woken\n");
  CS_RETURN(x * 10);
  CS_END();
}

CS_CORO_STATIC(int, top, int x)
{
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, leaf, x);
  printf("top: leaf gave %d\n", r);
  CS_END();
}

int main(void)
{
  cs_spawn(top(3));
  cs_run();
  cs_event_fire(&ready);
  cs_run();
  printf("live frames %lu\n", cs_frames_live());
  return 0;
}
