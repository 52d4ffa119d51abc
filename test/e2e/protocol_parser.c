// A framed serial-protocol parser written as a coroutine state machine:
// bytes arrive in bursts through a channel; the parser awaits next_byte()
// (which only suspends when the line is idle), resynchronises on garbage,
// checks lengths and checksums, and dispatches complete frames.
//
// Frame: 0x7E, length (1..8), payload bytes, checksum (sum of payload
// & 0xFF). Anything else before 0x7E is garbage.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static long line_buf[4];
static cs_chan line;

/* Suspends only when no byte is queued: usually returns at once. */
CS_CORO_STATIC(int, next_byte, void)
{
  long b;
  int ok;
  CS_BEGIN(next_byte);
  CS_RECV(ok, &line, b);
  CS_RETURN(ok ? (int)b : -1);
  CS_END();
}

struct frame {
  int len;
  int payload[8];
};

/* Reads one frame. Returns 1 for a good frame, 0 for a bad one, -1 at the
 * end of the stream: several early returns from inside the loops. */
CS_CORO_STATIC(int, read_frame, struct frame *f)
{
  int b, i, sum, skipped = 0;
  CS_BEGIN(read_frame);
  for (;;) { /* hunt for the start byte */
    CS_AWAIT(b, next_byte);
    if (b < 0)
      CS_RETURN(-1);
    if (b == 0x7E)
      break;
    ++skipped;
  }
  if (skipped)
    printf("  resync: skipped %d byte(s)\n", skipped);
  CS_AWAIT(b, next_byte);
  if (b < 0)
    CS_RETURN(-1);
  if (b < 1 || b > 8) {
    printf("  bad length %d\n", b);
    CS_RETURN(0);
  }
  f->len = b;
  sum = 0;
  for (i = 0; i < f->len; ++i) {
    CS_AWAIT(b, next_byte);
    if (b < 0)
      CS_RETURN(-1);
    f->payload[i] = b;
    sum += b;
  }
  CS_AWAIT(b, next_byte);
  if (b < 0)
    CS_RETURN(-1);
  if (b != (sum & 0xFF)) {
    printf("  checksum mismatch: got %d want %d\n", b, sum & 0xFF);
    CS_RETURN(0);
  }
  CS_RETURN(1);
  CS_END();
}

CS_CORO_STATIC(int, parser_task, void)
{
  struct frame f;
  int r, i, good = 0, bad = 0;
  CS_BEGIN(parser_task);
  for (;;) {
    CS_AWAIT(r, read_frame, &f);
    if (r < 0)
      break;
    if (!r) {
      ++bad;
      continue;
    }
    ++good;
    printf("frame %d at t=%lu:", good, cs_now());
    for (i = 0; i < f.len; ++i)
      printf(" %d", f.payload[i]);
    printf("\n");
  }
  printf("parser: %d good, %d bad\n", good, bad);
  CS_END();
}

static const int stream[] = {
    0x7E, 3, 1, 2, 3, 6,                /* good */
    9, 9, 0x7E, 2, 200, 100, 44,        /* garbage, then good (300&255) */
    0x7E, 0, 0x7E, 1, 5, 6,             /* bad length, then bad checksum */
    0x7E, 8, 1, 2, 3, 4, 5, 6, 7, 8, 36, /* good, 8 bytes */
    0x7E, 4, 1, 1};                     /* truncated at end of stream */

/* Feeds the stream in bursts of varying size with idle gaps. */
CS_CORO_STATIC(int, uart_task, void)
{
  int i = 0, burst = 1;
  CS_BEGIN(uart_task);
  while (i < (int)(sizeof(stream) / sizeof(stream[0]))) {
    int k;
    for (k = 0; k < burst && i < (int)(sizeof(stream) / sizeof(stream[0]));
         ++k)
      CS_SEND(&line, stream[i++]);
    burst = burst % 5 + 1;
    CS_SLEEP(2);
  }
  cs_chan_close(&line);
  CS_END();
}

int main(void)
{
  cs_chan_init(&line, line_buf, 4);
  cs_spawn(parser_task());
  cs_spawn(uart_task());
  printf("parked: %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
