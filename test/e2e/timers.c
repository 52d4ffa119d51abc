// Deterministic virtual-time timers: periodic tasks with different periods
// (equal deadlines wake in the order they were armed), sleeps inside
// awaited helpers two deep, zero-length sleeps, and a debounce helper that
// returns early from inside its polling loop.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static int button_level(unsigned long t)
{
  /* bounces between t=10 and t=14, then stays pressed until t=30 */
  if (t < 10)
    return 0;
  if (t < 15)
    return (int)(t & 1);
  return t < 30;
}

/* One tick of the timer, awaited: always suspends exactly once. */
CS_CORO_STATIC(unsigned long, tick, unsigned long ticks)
{
  CS_BEGIN(tick);
  CS_SLEEP(ticks);
  CS_RETURN(cs_now());
  CS_END();
}

/* Sleeps ms milliseconds (one tick = 1 ms) in whole ticks. */
CS_CORO_STATIC(unsigned long, delay_ms, unsigned long ms)
{
  unsigned long t = 0;
  CS_BEGIN(delay_ms);
  while (ms >= 4) {
    CS_AWAIT(t, tick, 4);
    ms -= 4;
  }
  if (ms)
    CS_AWAIT(t, tick, ms);
  CS_RETURN(t);
  CS_END();
}

/* Waits until the button reads the same level `stable` times in a row;
 * gives up (returns -1) after `limit` polls. */
CS_CORO_STATIC(int, debounce, int want, int stable, int limit)
{
  int polls, same = 0;
  CS_BEGIN(debounce);
  for (polls = 0; polls < limit; ++polls) {
    if (button_level(cs_now()) == want) {
      if (++same == stable)
        CS_RETURN(polls);
    } else {
      same = 0;
    }
    CS_SLEEP(1);
  }
  CS_RETURN(-1);
  CS_END();
}

CS_CORO_STATIC(int, periodic, const char *name, unsigned long period,
               int count)
{
  int i;
  CS_BEGIN(periodic);
  for (i = 0; i < count; ++i) {
    CS_SLEEP(period);
    printf("t=%lu %s #%d\n", cs_now(), name, i);
  }
  CS_END();
}

CS_CORO_STATIC(int, button_task, void)
{
  int polls;
  unsigned long t;
  CS_BEGIN(button_task);
  CS_AWAIT(polls, debounce, 1, 3, 40);
  printf("t=%lu button pressed after %d polls\n", cs_now(), polls);
  CS_AWAIT(polls, debounce, 0, 2, 40);
  printf("t=%lu button released after %d polls\n", cs_now(), polls);
  CS_AWAIT(polls, debounce, 1, 2, 5);
  printf("t=%lu no second press: %d\n", cs_now(), polls);
  CS_AWAIT(t, delay_ms, 11);
  printf("t=%lu delay_ms(11) ended at %lu\n", cs_now(), t);
  CS_END();
}

CS_CORO_STATIC(int, yielder, void)
{
  int i;
  CS_BEGIN(yielder);
  for (i = 0; i < 3; ++i) {
    CS_SLEEP(0); /* let every ready task and due timer go first */
    printf("t=%lu yielder %d\n", cs_now(), i);
  }
  CS_END();
}

int main(void)
{
  cs_spawn(periodic("fast", 3, 5));
  cs_spawn(periodic("slow", 6, 3));
  cs_spawn(periodic("mid", 3, 2));
  cs_spawn(button_task());
  cs_spawn(yielder());
  printf("parked: %d\n", cs_run());
  printf("end t=%lu\n", cs_now());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
