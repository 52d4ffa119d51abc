// altcoro: a sensor pipeline whose frames come from a static pool of
// 64-byte aligned blocks, in the way embedded coroutine libraries do it.
// The pool's free hook keeps its body inside `if (p != NULL)` (it accepts
// the null llvm.coro.free gives once a frame is elided or rewritten away),
// and its allocation hook runs under __builtin_coro_alloc(). Awaits test
// the promise's `finished` flag, hold their handles in a struct field and
// in an array slot, and read results from promises of every shape: an int,
// a 64-byte aligned calibration word, a 264-byte sample block (read whole,
// a memcpy out of the promise, and by field; filled by the callee in a
// loop, at a variable index into its promise), and a one-byte promise
// whose coroutine writes its result through a pointer the awaiter passes
// in. Each kind has a suspend-free and a single-suspend coroutine (folded
// and inlined by the plugin; see test/altcoro/variants.c).
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#include <stddef.h>
#include <stdlib.h>

#define POOL_BLOCKS 32
#define POOL_BLOCK 4096
static _Alignas(64) unsigned char pool[POOL_BLOCKS][POOL_BLOCK];
static unsigned char pool_busy[POOL_BLOCKS];
static unsigned long pool_gets, pool_puts;

static void *pool_get(size_t n)
{
  int i;
  if (n > POOL_BLOCK)
    abort();
  for (i = 0; i < POOL_BLOCKS; ++i)
    if (!pool_busy[i]) {
      pool_busy[i] = 1;
      ++pool_gets;
      return pool[i];
    }
  abort();
}

static void pool_put(void *p)
{
  if (p != NULL) {
    size_t i = (size_t)((unsigned char(*)[POOL_BLOCK])p - pool);
    if (i >= POOL_BLOCKS || !pool_busy[i])
      abort();
    pool_busy[i] = 0;
    ++pool_puts;
  }
}

#define AC_FRAME_ALIGN 64
#define AC_FRAME_ALLOC(n) pool_get(n)
#define AC_FRAME_FREE(p) pool_put(p)
#include "altcoro.h"

static int sensor_ready[4]; /* set by main, between ticks */

struct block {
  long sample[32];
  int channel, count;
};
typedef int calib_t __attribute__((aligned(64)));

/* Suspend-free: answered at once. */
AC_ASYNC(int, gain, int ch)
{
  AC_START(gain);
  AC_RETURN(ch * 2 + 1);
  AC_FINISH();
}

AC_ASYNC(calib_t, calib_now, int ch)
{
  AC_START(calib_now);
  AC_RETURN(100 + ch);
  AC_FINISH();
}

AC_ASYNC(struct block, snapshot, int ch, int g)
{
  AC_START(snapshot);
  AC_RETURN(((struct block){{g, 2L * g, 3L * g, [31] = 31L * g}, ch, 32}));
  AC_FINISH();
}

AC_ASYNC_VOID(status, int ch, int *out)
{
  AC_START(status);
  *out = ch + 40;
  AC_FINISH();
}

/* Single suspend: each waits for its channel once. */
AC_ASYNC(int, read_raw, int ch)
{
  AC_START(read_raw);
  AC_WAIT_UNTIL(sensor_ready[ch]);
  AC_RETURN(ch * 10 + 7);
  AC_FINISH();
}

AC_ASYNC(calib_t, calib_wait, int ch)
{
  AC_START(calib_wait);
  AC_WAIT_UNTIL(sensor_ready[ch]);
  AC_RETURN(200 + ch);
  AC_FINISH();
}

AC_ASYNC(struct block, capture, int ch)
{
  int i;
  AC_START(capture);
  AC_WAIT_UNTIL(sensor_ready[ch]);
  /* Filled in place, at a variable index into the promise. */
  for (i = 0; i < 32; ++i)
    ac__pr.result.sample[i] = (long)ch * i + 1;
  ac__pr.result.channel = ch;
  ac__pr.result.count = 32;
  AC_RETURN_VOID();
  AC_FINISH();
}

AC_ASYNC_VOID(wait_status, int ch, int *out)
{
  AC_START(wait_status);
  AC_WAIT_UNTIL(sensor_ready[ch]);
  *out = ch + 50;
  AC_FINISH();
}

struct job {
  int ch;
  ac_task sub;
};

static long sum(const struct block *b)
{
  long s = 0;
  int i;
  for (i = 0; i < b->count; ++i)
    s += b->sample[i];
  return s;
}

AC_ASYNC(long, channel, int ch)
{
  struct job j;
  ac_task slots[2];
  int g = 0, raw = 0, st1 = 0, st2 = 0, c1 = 0, c2 = 0;
  long last = 0;
  struct block b1, b2;
  AC_START(channel);
  j.ch = ch;
  AC_AWAIT_AT(j.sub, g = AC_RESULT(gain, j.sub), gain, j.ch);
  AC_AWAIT_AT(slots[1], c1 = AC_RESULT(calib_now, slots[1]), calib_now, ch);
  AC_AWAIT_AT(j.sub, b1 = AC_RESULT(snapshot, j.sub), snapshot, ch, g);
  AC_AWAIT_AT(slots[0], (void)0, status, ch, &st1);
  printf("channel %d: gain %d calib %d snapshot %ld (ch %d) status %d\n", ch,
         g, c1, sum(&b1), b1.channel, st1);
  AC_AWAIT_AT(j.sub, raw = AC_RESULT(read_raw, j.sub), read_raw, ch);
  AC_AWAIT_AT(slots[1], c2 = AC_RESULT(calib_wait, slots[1]), calib_wait, ch);
  AC_AWAIT_AT(j.sub, b2 = AC_RESULT(capture, j.sub), capture, ch);
  AC_AWAIT_AT(slots[0], last = AC_RESULT(capture, slots[0]).sample[31],
              capture, ch + 1);
  AC_AWAIT_AT(slots[0], (void)0, wait_status, ch, &st2);
  printf("channel %d: raw %d calib %d capture %ld (ch %d) last %ld "
         "status %d\n",
         ch, raw, c2, sum(&b2), b2.channel, last, st2);
  AC_RETURN(raw + c2 + sum(&b2) + last + st2);
  AC_FINISH();
}

int main(void)
{
  int tick = 0;
  ac_spawn(channel(0));
  ac_spawn(channel(1));
  ac_spawn(channel(2));
  while (ac_tick()) {
    ++tick;
    if (tick <= 4)
      sensor_ready[tick - 1] = 1;
    printf("tick %d: %d task(s) left\n", tick, ac__s.n);
  }
  printf("ticks: %lu resumes: %lu\n", ac_now(), ac_resumes());
  printf("pool: %s\n", pool_gets == pool_puts ? "balanced" : "LEAK");
  printf("frames: %lu\n", pool_gets);
  return 0;
}
