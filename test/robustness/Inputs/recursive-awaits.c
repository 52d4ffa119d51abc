/* Robustness corpus edge cases (C, coroslim/coro.h): shapes the generator
 * of scripts/fuzz does not produce. Each must compile at every level with
 * every pass, verify, and be refused with a remark where not handled. */
#include "coroslim/coro.h"

#include <stdio.h>

/* A coroutine that awaits itself (one SCC of the call graph): the
 * single-suspend inliner must not inline it into itself forever. */
CS_DECLARE(unsigned, countdown, unsigned n);
CS_CORO_DEFINE(countdown, unsigned n)
{
  unsigned r;
  CS_BEGIN(countdown);
  if (n == 0)
    CS_RETURN(0);
  CS_AWAIT(r, countdown, n - 1);
  CS_RETURN(r + n);
  CS_END();
}

/* Mutual recursion through awaits, one of them suspend-free. */
CS_DECLARE(unsigned, ping, unsigned n);
CS_DECLARE(unsigned, pong, unsigned n);
CS_CORO_DEFINE(ping, unsigned n)
{
  unsigned r = 0;
  CS_BEGIN(ping);
  if (n)
    CS_AWAIT(r, pong, n - 1);
  CS_RETURN(r + 1);
  CS_END();
}
CS_CORO_DEFINE(pong, unsigned n)
{
  unsigned r = 0;
  CS_BEGIN(pong);
  CS_SUSPEND();
  if (n)
    CS_AWAIT(r, ping, n - 1);
  CS_RETURN(r + 2);
  CS_END();
}

/* A suspend-free coroutine awaited from a loop and through a function
 * pointer (the second is not the await idiom: it must be refused). */
CS_CORO_STATIC(unsigned, leaf, unsigned x)
{
  CS_BEGIN(leaf);
  CS_RETURN(x * 3);
  CS_END();
}

static cs_handle (*volatile leaf_ptr)(unsigned) = leaf;

CS_CORO_STATIC(unsigned, loops, unsigned n)
{
  unsigned i, r, acc;
  cs_handle h;
  CS_BEGIN(loops);
  acc = 0;
  for (i = 0; i < n; i++) {
    CS_AWAIT(r, leaf, i);
    acc += r;
  }
  h = leaf_ptr(n);
  while (cs_next(h))
    ;
  acc += CS_VALUE(leaf, h);
  cs_destroy(h);
  CS_RETURN(acc);
  CS_END();
}

/* The same callee awaited in every arm, plus an arm that awaits another. */
CS_CORO_STATIC(unsigned, arms, unsigned k)
{
  unsigned r;
  CS_BEGIN(arms);
  switch (k % 4) {
  case 0: CS_AWAIT(r, pong, 1); break;
  case 1: CS_AWAIT(r, pong, 2); break;
  case 2: CS_AWAIT(r, pong, 3); break;
  default: CS_AWAIT(r, leaf, 4); break;
  }
  CS_RETURN(r);
  CS_END();
}

int main(void)
{
  cs_handle h = countdown(5);
  while (cs_next(h))
    ;
  printf("countdown %u\n", CS_VALUE(countdown, h));
  cs_destroy(h);
  cs_spawn(ping(4));
  cs_spawn(loops(3));
  for (unsigned k = 0; k < 4; k++)
    cs_spawn(arms(k));
  cs_run();
  printf("resumes %lu live %lu\n", cs_resumes(), cs_frames_live());
  return 0;
}
