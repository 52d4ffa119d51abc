// Switch arms that await the same driver but differ until LLVM simplifies
// them (t * 2, t + t and t << 1 all become one shl): merge-states' first
// run, before the CGSCC walk, refuses them ("different operations"); its
// second run, after the inliner has put drv's split ramp into each arm,
// merges them. By then the awaits are no ramp calls: in loop_handler the
// handle is the inlined llvm.coro.begin and SimplifyCFG has tail-merged
// the arms' destroy paths into one destroy of a phi of the handles; in
// once_handler CoroElide has made each arm's frame an alloca of the
// caller. Both are awaits to the analysis (docs/frontends.md, "-O2:
// awaits whose callee LLVM has inlined or elided"). Run on the executor
// with timers, so the order of completions is observable.
// RUN: %e2e %s
// The program exercises what it is meant to: at -O2 the late merge-states
// merges the arms of both handlers (HEAD before this test refused them:
// "the region contains ... llvm.coro.begin").
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s
// CHECK-DAG: remark: merged 3 awaits of @drv of coroutine loop_handler into one
// CHECK-DAG: remark: merged 3 awaits of @drv of coroutine once_handler into one
#include "coroslim/coro.h"

#include <stdio.h>

static int reg;

CS_CORO_STATIC(int, drv, int r)
{
  CS_BEGIN(drv);
  reg += r;
  CS_SLEEP(1 + r % 2);
  reg ^= r << 3;
  CS_SLEEP(1);
  CS_RETURN(reg + r);
  CS_END();
}

CS_CORO_STATIC(int, loop_handler, int id, int n)
{
  int i, t = 0, sum = 0;
  CS_BEGIN(loop_handler);
  for (i = 0; i < n; ++i) {
    switch ((i + id) % 3) {
    case 0:
      CS_AWAIT(t, drv, i + id);
      sum += t * 2;
      break;
    case 1:
      CS_AWAIT(t, drv, i + id);
      sum += t + t;
      break;
    default:
      CS_AWAIT(t, drv, i + id);
      sum += t << 1;
      break;
    }
    printf("  t=%lu loop %d step %d: %d\n", cs_now(), id, i, sum);
  }
  CS_RETURN(sum);
  CS_END();
}

CS_CORO_STATIC(int, once_handler, int cmd)
{
  int t = 0, r = 0;
  CS_BEGIN(once_handler);
  switch (cmd % 3) {
  case 0:
    CS_AWAIT(t, drv, cmd);
    r = t * 2;
    break;
  case 1:
    CS_AWAIT(t, drv, cmd);
    r = t + t;
    break;
  default:
    CS_AWAIT(t, drv, cmd);
    r = t << 1;
    break;
  }
  printf("  t=%lu once %d: %d\n", cs_now(), cmd, r);
  CS_RETURN(r);
  CS_END();
}

CS_CORO_STATIC(int, task, int id, int n)
{
  int a, i, sum = 0;
  CS_BEGIN(task);
  CS_AWAIT(a, loop_handler, id, n);
  sum += a;
  for (i = 0; i < n; ++i) {
    CS_AWAIT(a, once_handler, id + i);
    sum += a;
  }
  printf("task %d done at t=%lu: sum %d\n", id, cs_now(), sum);
  CS_END();
}

int main(void)
{
  cs_spawn(task(0, 5));
  cs_spawn(task(1, 4));
  cs_spawn(task(5, 3));
  printf("parked: %d\n", cs_run());
  printf("reg %d at t=%lu\n", reg, cs_now());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
