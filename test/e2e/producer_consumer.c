// Producer/consumer over bounded channels: two producers feed a worker
// stage through a small channel, the worker awaits a per-item transform
// that sometimes yields, and a consumer sums what arrives until the
// channels are closed and drained.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static long raw_buf[3], cooked_buf[2];
static cs_chan raw, cooked;
static int producers_left = 2;

CS_CORO_STATIC(int, producer, int id, int n)
{
  int i;
  CS_BEGIN(producer);
  for (i = 0; i < n; ++i) {
    CS_SEND(&raw, id * 1000 + i);
    printf("p%d sent %d (queued %u)\n", id, i, raw.count);
  }
  printf("p%d finished\n", id);
  if (--producers_left == 0)
    cs_chan_close(&raw);
  CS_END();
}

/* Odd items need "more work": the transform yields to the others once. */
CS_CORO_STATIC(long, transform, long v)
{
  CS_BEGIN(transform);
  if (v % 2)
    CS_SUSPEND();
  CS_RETURN(v * 3 + 1);
  CS_END();
}

CS_CORO_STATIC(int, worker, void)
{
  long v, t;
  int ok, n = 0;
  CS_BEGIN(worker);
  for (;;) {
    CS_RECV(ok, &raw, v);
    if (!ok)
      break;
    CS_AWAIT(t, transform, v);
    CS_SEND(&cooked, t);
    ++n;
  }
  printf("worker: %d items, closing\n", n);
  cs_chan_close(&cooked);
  CS_RETURN(n);
  CS_END();
}

CS_CORO_STATIC(long, consumer, void)
{
  long v, sum = 0;
  int ok;
  CS_BEGIN(consumer);
  for (;;) {
    CS_RECV(ok, &cooked, v);
    if (!ok)
      break;
    printf("consumer got %ld\n", v);
    sum += v;
  }
  printf("consumer: sum %ld\n", sum);
  CS_RETURN(sum);
  CS_END();
}

int main(void)
{
  cs_chan_init(&raw, raw_buf, 3);
  cs_chan_init(&cooked, cooked_buf, 2);
  cs_spawn(consumer());
  cs_spawn(producer(1, 5));
  cs_spawn(worker());
  cs_spawn(producer(2, 4));
  printf("parked: %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
