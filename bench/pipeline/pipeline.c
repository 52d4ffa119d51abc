/*===- bench/pipeline/pipeline.c - Generator, channel, pure stages --------===*
 *
 * Part of coroslim. See docs/benchmarks.md; pipeline_pt.c and pipeline.cpp
 * are the same program as a hand-written state machine and as C++20
 * coroutines.
 *
 * A producer task pulls numbers from a generator, passes each through
 * scale (a coroutine that awaits mix_step; neither ever suspends:
 * fold-suspend-free collapses the chain into plain calls) and sends the
 * result over a channel; a consumer task receives them, passes each
 * through scale again and folds it into a checksum, yielding every 16
 * items.
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench_coro.h"

enum { Items = 6000 };

static cs_chan ch;
static long ch_buf[8];
static unsigned consumed_acc, consumed;

CS_CORO_STATIC(unsigned, numbers, unsigned n)
{
  unsigned i, x;
  CS_BEGIN(numbers);
  x = 7;
  for (i = 0; i < n; ++i) {
    x = x * 69069u + 1u;
    CS_YIELD(x >> 8);
  }
  CS_END();
}

CS_CORO_STATIC(unsigned, mix_step, unsigned v)
{
  CS_BEGIN(mix_step);
  CS_RETURN(v ^ (v >> 7));
  CS_END();
}

CS_CORO_STATIC(unsigned, scale, unsigned v)
{
  unsigned m;
  CS_BEGIN(scale);
  CS_AWAIT(m, mix_step, v);
  CS_RETURN(m * 3u + 1u);
  CS_END();
}

CS_CORO_STATIC(int, producer, unsigned n)
{
  cs_handle g;
  unsigned v, s;
  CS_BEGIN(producer);
  g = numbers(n);
  while (cs_next(g)) {
    v = CS_VALUE(numbers, g);
    CS_AWAIT(s, scale, v);
    CS_SEND(&ch, (long)s);
  }
  cs_destroy(g);
  cs_chan_close(&ch);
  CS_RETURN(0);
  CS_END();
}

CS_CORO_STATIC(int, consumer, void)
{
  long v;
  int ok;
  unsigned s;
  CS_BEGIN(consumer);
  for (;;) {
    CS_RECV(ok, &ch, v);
    if (!ok)
      break;
    CS_AWAIT(s, scale, (unsigned)v);
    consumed_acc = bench_mix(consumed_acc, s);
    if (++consumed % 16u == 0)
      CS_SUSPEND();
  }
  CS_RETURN(0);
  CS_END();
}

static unsigned run(void)
{
  cs_chan_init(&ch, ch_buf, 8);
  cs_spawn(producer(Items));
  cs_spawn(consumer());
  cs_run();
  return bench_mix(consumed_acc, consumed);
}

BENCH_CORO_MAIN(run)
