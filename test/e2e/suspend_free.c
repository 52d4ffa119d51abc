// Awaits of coroutines that never suspend: in loops, in chains (a
// never-suspending coroutine awaiting another one), with several return
// statements, and mixed with one that does suspend, so a task's resume
// count shows exactly where it really suspends.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

struct vec2 {
  int x, y;
};

/* Leaf: never suspends, several returns. */
CS_CORO_STATIC(int, clamp, int v, int lo, int hi)
{
  CS_BEGIN(clamp);
  if (v < lo)
    CS_RETURN(lo);
  if (v > hi)
    CS_RETURN(hi);
  CS_RETURN(v);
  CS_END();
}

/* Never suspends; returns a struct. */
CS_CORO_STATIC(struct vec2, scale, struct vec2 v, int k)
{
  struct vec2 r;
  CS_BEGIN(scale);
  r.x = v.x * k;
  r.y = v.y * k;
  CS_RETURN(r);
  CS_END();
}

/* A chain: awaits two never-suspending coroutines, so it never suspends
 * either. */
CS_CORO_STATIC(int, scaled_clamped_sum, struct vec2 v, int k)
{
  struct vec2 s;
  int a, b;
  CS_BEGIN(scaled_clamped_sum);
  CS_AWAIT(s, scale, v, k);
  CS_AWAIT(a, clamp, s.x, -100, 100);
  CS_AWAIT(b, clamp, s.y, -100, 100);
  CS_RETURN(a + b);
  CS_END();
}

/* Three deep and still suspend-free. */
CS_CORO_STATIC(unsigned long, checksum, int n)
{
  unsigned long sum = 0;
  int i, v;
  CS_BEGIN(checksum);
  for (i = 0; i < n; ++i) {
    struct vec2 p = {i, -2 * i};
    CS_AWAIT(v, scaled_clamped_sum, p, i % 7);
    sum = sum * 31 + (unsigned long)v;
  }
  CS_RETURN(sum);
  CS_END();
}

/* Returns without doing anything at all. */
CS_CORO_STATIC(int, nothing, void)
{
  CS_BEGIN(nothing);
  CS_END();
}

/* This one does suspend, once. */
CS_CORO_STATIC(int, yield_once, int v)
{
  CS_BEGIN(yield_once);
  CS_SUSPEND();
  CS_RETURN(v + 1);
  CS_END();
}

CS_CORO_STATIC(int, task, int n)
{
  unsigned long c;
  int i, z, y, total = 0;
  CS_BEGIN(task);
  CS_AWAIT(c, checksum, n);
  printf("task %d: checksum %lu\n", n, c);
  for (i = 0; i < 1000; ++i) {
    CS_AWAIT(z, nothing);
    total += z;
    CS_AWAIT(z, clamp, i, 10, 990);
    total += z;
  }
  printf("task %d: total %d\n", n, total);
  CS_AWAIT(y, yield_once, total);
  CS_AWAIT_VOID(nothing);
  printf("task %d: after one real suspend %d\n", n, y);
  CS_END();
}

int main(void)
{
  int v;
  cs_handle h;

  /* Drive a suspend-free chain by hand: one resume completes it. */
  h = checksum(20);
  v = cs_next(h);
  printf("checksum(20) by hand: still running=%d value=%lu\n", v,
         CS_VALUE(checksum, h));
  cs_destroy(h);

  cs_spawn(task(10));
  cs_spawn(task(25));
  printf("parked: %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
