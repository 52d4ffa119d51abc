/*===- bench/pipeline/pipeline_pt.c - pipeline as protothreads ------------===*
 *
 * Part of coroslim. See docs/benchmarks.md and pipeline.c. The floor: the
 * generator is a struct with a step function, the pure stages are plain
 * functions, producer and consumer are protothreads over a ring buffer.
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench.h"
#include "../common/pt.h"

enum { Items = 6000, Cap = 8 };

static long ch_buf[Cap];
static unsigned ch_head, ch_count;
static int ch_closed;
static unsigned consumed_acc, consumed;

struct numbers {
  unsigned i, n, x, value;
};

static int numbers_next(struct numbers *g)
{
  if (g->i == g->n)
    return 0;
  ++g->i;
  g->x = g->x * 69069u + 1u;
  g->value = g->x >> 8;
  return 1;
}

static unsigned scale(unsigned v) { return (v ^ (v >> 7)) * 3u + 1u; }

struct producer {
  int lc;
  struct numbers g;
  unsigned s;
};

static int producer_step(struct producer *p)
{
  PT_BEGIN(p);
  while (numbers_next(&p->g)) {
    p->s = scale(p->g.value);
    PT_WAIT_UNTIL(p, ch_count < Cap);
    ch_buf[(ch_head + ch_count++) % Cap] = (long)p->s;
  }
  ch_closed = 1;
  PT_END(p);
}

struct consumer {
  int lc;
};

static int consumer_step(struct consumer *c)
{
  long v;
  PT_BEGIN(c);
  for (;;) {
    PT_WAIT_UNTIL(c, ch_count || ch_closed);
    if (!ch_count)
      break;
    v = ch_buf[ch_head];
    ch_head = (ch_head + 1) % Cap;
    --ch_count;
    consumed_acc = bench_mix(consumed_acc, scale((unsigned)v));
    if (++consumed % 16u == 0)
      PT_YIELD(c);
  }
  PT_END(c);
}

static unsigned run(void)
{
  struct producer prod = {0, {0, Items, 7, 0}, 0};
  struct consumer cons = {0};
  int pd = 0, cd = 0;
  while (!pd || !cd) {
    if (!pd)
      pd = producer_step(&prod);
    if (!cd)
      cd = consumer_step(&cons);
  }
  return bench_mix(consumed_acc, consumed);
}

BENCH_MAIN(run(), 0)
