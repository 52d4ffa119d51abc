/*===- bench/protocol/protocol.c - Framed command protocol (coro.h) -------===*
 *
 * Part of coroslim. See docs/benchmarks.md; protocol_pt.c and protocol.cpp
 * are the same program as a hand-written state machine and as C++20
 * coroutines.
 *
 * A producer task sends framed commands (0x7E, length, payload, checksum)
 * over a channel; a parser task receives them byte by byte, drops frames
 * with a bad checksum and answers each good one through handle_command,
 * whose four switch arms await the same coroutine send_response with
 * different arguments (merge-states: four await states become one).
 * send_response suspends once while the "UART" drains
 * (inline-single-suspend).
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench_coro.h"

enum { Frames = 1500 };

static cs_chan rx;
static long rx_buf[8];
static unsigned tx_acc, tx_count, parsed_acc, bad_frames;

/* Puts a response on the wire and waits one tick for the UART. */
CS_CORO_STATIC(unsigned, send_response, unsigned code)
{
  CS_BEGIN(send_response);
  tx_acc = bench_mix(tx_acc, code);
  ++tx_count;
  CS_SUSPEND();
  CS_RETURN(code & 0xffu);
  CS_END();
}

CS_CORO_STATIC(unsigned, handle_command, unsigned cmd)
{
  unsigned r;
  CS_BEGIN(handle_command);
  switch (cmd & 3u) {
  case 0:
    CS_AWAIT(r, send_response, 123u);
    break;
  case 1:
    CS_AWAIT(r, send_response, 456u);
    break;
  case 2:
    CS_AWAIT(r, send_response, 789u);
    break;
  default:
    CS_AWAIT(r, send_response, 42u);
    break;
  }
  CS_RETURN(r);
  CS_END();
}

CS_CORO_STATIC(int, parser, void)
{
  long b;
  int ok;
  unsigned len, i, sum, cmd, r;
  CS_BEGIN(parser);
  for (;;) {
    CS_RECV(ok, &rx, b);
    if (!ok)
      break;
    if (b != 0x7E) {
      ++bad_frames;
      continue;
    }
    CS_RECV(ok, &rx, b);
    if (!ok)
      break;
    len = (unsigned)b;
    sum = cmd = 0;
    for (i = 0; i < len; ++i) {
      CS_RECV(ok, &rx, b);
      if (!ok)
        CS_RETURN(1); /* truncated frame */
      sum += (unsigned)b;
      if (i == 0)
        cmd = (unsigned)b;
    }
    CS_RECV(ok, &rx, b);
    if (!ok)
      break;
    if ((sum & 0xffu) != (unsigned)b) {
      ++bad_frames;
      continue;
    }
    CS_AWAIT(r, handle_command, cmd);
    parsed_acc = bench_mix(parsed_acc, r);
  }
  CS_RETURN(0);
  CS_END();
}

CS_CORO_STATIC(int, producer, unsigned frames)
{
  unsigned f, i, len, sum, seed;
  CS_BEGIN(producer);
  seed = 1;
  for (f = 0; f < frames; ++f) {
    seed = seed * 1103515245u + 12345u;
    len = 1u + ((seed >> 16) & 3u);
    CS_SEND(&rx, 0x7E);
    CS_SEND(&rx, (long)len);
    sum = 0;
    for (i = 0; i < len; ++i) {
      sum += (seed >> (i * 5u)) & 0x3fu;
      CS_SEND(&rx, (long)((seed >> (i * 5u)) & 0x3fu));
    }
    CS_SEND(&rx, (long)((f % 16u == 15u ? sum + 1u : sum) & 0xffu));
  }
  cs_chan_close(&rx);
  CS_RETURN(0);
  CS_END();
}

static unsigned run(void)
{
  cs_chan_init(&rx, rx_buf, 8);
  cs_spawn(producer(Frames));
  cs_spawn(parser());
  cs_run();
  return bench_mix(bench_mix(tx_acc, tx_count), bench_mix(parsed_acc, bad_frames));
}

BENCH_CORO_MAIN(run)
