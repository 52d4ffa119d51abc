// Executor edge cases found by review, under ASan+UBSan at -O0 and -O2:
// - cleanups that cancel each other: task a's cleanup cancels b, whose
//   cleanup cancels a again. a is being destroyed (CS__DYING), so that
//   cancel does nothing. Before, a was destroyed again and again (stack
//   overflow); in cs_run's completion path the same stopped the program
//   with "a task cannot cancel itself".
// - task ids stay positive after INT_MAX spawns (signed overflow before),
//   and skip the ids of tasks still alive;
// - CS_SLEEP of a huge time saturates: virtual time never goes backwards;
// - CS_PROMISE_ALIGN above CS_FRAME_ALIGN does not compile (the promise
//   was misaligned in a frame that is only CS_FRAME_ALIGN aligned);
// - a pool block of size 0 still holds the free-list link (division by
//   zero before).
// RUN: %coroslim-cc -O0 -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t0 && %t0 2>&1 | FileCheck %s
// RUN: %coroslim-cc -O2 -fsanitize=address,undefined -fno-sanitize-recover=all %s -o %t2 && %t2 2>&1 | FileCheck %s
// A promise aligned beyond the frame is rejected at compile time.
// RUN: not %coroslim-cc -DCS_PROMISE_ALIGN=32 -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=ALIGN
// ALIGN: error: static assertion failed{{.*}}CS_PROMISE_ALIGN must not exceed CS_FRAME_ALIGN
// CHECK: a cleanup
// CHECK-NEXT: b cleanup
// CHECK-NEXT: b cancels a: 0
// CHECK-NEXT: a cancels b: 1
// CHECK-NEXT: cancel a: 1
// CHECK-NEXT: live 0
// CHECK-NEXT: c cleanup
// CHECK-NEXT: d cleanup
// CHECK-NEXT: d cancels c: 0
// CHECK-NEXT: c cancels d: 1
// CHECK-NEXT: parked 0 live 0
// CHECK-NEXT: ids 1 2147483647 2
// CHECK-NEXT: woke at 5
// CHECK-NEXT: woke at 18446744073709551615
// CHECK-NEXT: pool blocks 16
// CHECK-NOT: runtime error
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event never;
static int ida, idb, idc, idd;

CS_CORO_STATIC(int, a, void)
{
  CS_BEGIN(a);
  CS_WAIT(&never);
  CS_END_CLEANUP(printf("a cleanup\n"); int r = cs_cancel(idb);
                 printf("a cancels b: %d\n", r));
}

CS_CORO_STATIC(int, b, void)
{
  CS_BEGIN(b);
  CS_WAIT(&never);
  CS_END_CLEANUP(printf("b cleanup\n"); int r = cs_cancel(ida);
                 printf("b cancels a: %d\n", r));
}

/* c completes at once; its cleanup, run by cs_run, cancels d. */
CS_CORO_STATIC(int, c, void)
{
  CS_BEGIN(c);
  CS_END_CLEANUP(printf("c cleanup\n"); int r = cs_cancel(idd);
                 printf("c cancels d: %d\n", r));
}

CS_CORO_STATIC(int, d, void)
{
  CS_BEGIN(d);
  CS_WAIT(&never);
  CS_END_CLEANUP(printf("d cleanup\n"); int r = cs_cancel(idc);
                 printf("d cancels c: %d\n", r));
}

CS_CORO_STATIC(int, waiter, void)
{
  CS_BEGIN(waiter);
  CS_WAIT(&never);
  CS_END();
}

CS_CORO_STATIC(int, idle, void)
{
  CS_BEGIN(idle);
  CS_END();
}

CS_CORO_STATIC(int, sleeper, unsigned long ticks)
{
  CS_BEGIN(sleeper);
  CS_SLEEP(ticks);
  printf("woke at %lu\n", cs_now());
  CS_END();
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  ida = cs_spawn(a());
  idb = cs_spawn(b());
  cs_run();
  printf("cancel a: %d\n", cs_cancel(ida));
  printf("live %lu\n", cs_frames_live());

  idd = cs_spawn(d());
  idc = cs_spawn(c());
  int parked = cs_run();
  printf("parked %d live %lu\n", parked, cs_frames_live());

  cs__rt.last_id = 0; /* white box: a long-lived task with id 1 */
  int w = cs_spawn(waiter());
  cs_run();
  cs__rt.last_id = 0x7ffffffe; /* white box: as after that many spawns */
  int i1 = cs_spawn(idle());
  int i2 = cs_spawn(idle());
  cs_run();
  printf("ids %d %d %d\n", w, i1, i2);
  cs_cancel(w);

  cs_spawn(sleeper(5));
  cs_run();
  cs_spawn(sleeper(~0UL));
  cs_run();

  CS_POOL_STORAGE(mem, 16, 16);
  cs_pool pool;
  cs_pool_init(&pool, mem, 16 * 16, 0);
  printf("pool blocks %lu\n", (unsigned long)pool.blocks);
  return 0;
}
