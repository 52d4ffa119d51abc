/*===- bench/protocol/protocol_pt.c - protocol as protothreads ------------===*
 *
 * Part of coroslim. See docs/benchmarks.md and protocol.c. The floor: two
 * protothreads over a ring buffer; the four-way send_response of
 * protocol.c is merged by hand into one table lookup and one wait state.
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench.h"
#include "../common/pt.h"

enum { Frames = 1500, Cap = 8 };

static long rx_buf[Cap];
static unsigned rx_head, rx_count;
static int rx_closed;
static unsigned tx_acc, tx_count, parsed_acc, bad_frames;

static int rx_put(long v)
{
  if (rx_count == Cap)
    return 0;
  rx_buf[(rx_head + rx_count++) % Cap] = v;
  return 1;
}

static int rx_get(long *v)
{
  if (!rx_count)
    return 0;
  *v = rx_buf[rx_head];
  rx_head = (rx_head + 1) % Cap;
  --rx_count;
  return 1;
}

struct producer {
  int lc;
  unsigned f, i, len, sum, seed;
};

static int producer_step(struct producer *p)
{
  PT_BEGIN(p);
  p->seed = 1;
  for (p->f = 0; p->f < Frames; ++p->f) {
    p->seed = p->seed * 1103515245u + 12345u;
    p->len = 1u + ((p->seed >> 16) & 3u);
    PT_WAIT_UNTIL(p, rx_put(0x7E));
    PT_WAIT_UNTIL(p, rx_put((long)p->len));
    p->sum = 0;
    for (p->i = 0; p->i < p->len; ++p->i) {
      p->sum += (p->seed >> (p->i * 5u)) & 0x3fu;
      PT_WAIT_UNTIL(p, rx_put((long)((p->seed >> (p->i * 5u)) & 0x3fu)));
    }
    PT_WAIT_UNTIL(
        p, rx_put((long)((p->f % 16u == 15u ? p->sum + 1u : p->sum) & 0xffu)));
  }
  rx_closed = 1;
  PT_END(p);
}

/* Receive into b, or leave the loop once the producer closed and the
 * buffer is drained. */
#define RECV_OR(pt, b, on_closed)                                              \
  do {                                                                         \
    PT_WAIT_UNTIL(pt, rx_get(&(pt)->b) || rx_closed);                          \
    if (!rx_count && rx_closed && (pt)->b < 0)                                 \
      on_closed;                                                               \
  } while (0)

struct parser {
  int lc;
  long b;
  unsigned len, i, sum, cmd;
};

static const unsigned codes[4] = {123u, 456u, 789u, 42u};

static int parser_step(struct parser *p)
{
  PT_BEGIN(p);
  for (;;) {
    p->b = -1;
    RECV_OR(p, b, PT_EXIT(p));
    if (p->b != 0x7E) {
      ++bad_frames;
      continue;
    }
    p->b = -1;
    RECV_OR(p, b, PT_EXIT(p));
    p->len = (unsigned)p->b;
    p->sum = p->cmd = 0;
    for (p->i = 0; p->i < p->len; ++p->i) {
      p->b = -1;
      RECV_OR(p, b, PT_EXIT(p));
      p->sum += (unsigned)p->b;
      if (p->i == 0)
        p->cmd = (unsigned)p->b;
    }
    p->b = -1;
    RECV_OR(p, b, PT_EXIT(p));
    if ((p->sum & 0xffu) != (unsigned)p->b) {
      ++bad_frames;
      continue;
    }
    p->cmd = codes[p->cmd & 3u];
    tx_acc = bench_mix(tx_acc, p->cmd);
    ++tx_count;
    PT_YIELD(p);
    parsed_acc = bench_mix(parsed_acc, p->cmd & 0xffu);
  }
  PT_END(p);
}

static unsigned run(void)
{
  struct producer prod = {0};
  struct parser pars = {0};
  int pd = 0, qd = 0;
  while (!pd || !qd) {
    if (!pd)
      pd = producer_step(&prod);
    if (!qd)
      qd = parser_step(&pars);
  }
  return bench_mix(bench_mix(tx_acc, tx_count), bench_mix(parsed_acc, bad_frames));
}

BENCH_MAIN(run(), 0)
