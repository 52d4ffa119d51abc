/*===- examples/radio.c - A radio command task on coroslim/coro.h --------===*
 *
 * Part of coroslim. The README demo (scripts/demo) builds this with and
 * without each pass; test/e2e/examples.test runs it through the e2e matrix.
 *
 * What the passes find here:
 *  - handle() awaits send() in four switch arms with different arguments:
 *    coroslim-merge-states makes that one await of send(<phi>);
 *  - send() suspends exactly once (it waits for the bus): it is inlined
 *    into its callers by coroslim-inline-single-suspend;
 *  - checksum() never suspends: coroslim-fold-suspend-free turns its
 *    awaits into plain calls;
 *  - every coroutine has a post-completion trap (checked mode), which
 *    -mllvm -coroslim-release removes (coroslim-strip-done-traps).
 *
 * Hosted, it prints what happens and the frame count; freestanding
 * (-ffreestanding), it exports example_main() and takes its frames from a
 * static pool.
 *
 *===----------------------------------------------------------------------===*/
#include "coroslim/coro.h"

#if __STDC_HOSTED__
#include <stdio.h>
#define say(...) printf(__VA_ARGS__)
#else
#define say(...) ((void)0)
#endif

enum { CMD_PING, CMD_RESET, CMD_POWER, CMD_CHANNEL };

static cs_event bus_done; /* the "transmission complete" interrupt */
static unsigned bus_word;

/* Puts one register write on the bus and waits for it to go out. */
CS_CORO_STATIC(unsigned, send, unsigned reg)
{
  CS_BEGIN(send);
  bus_word = reg;
  CS_WAIT(&bus_done);
  CS_RETURN(reg ^ 0x5au);
  CS_END();
}

/* Never suspends: a frame checksum. */
CS_CORO_STATIC(unsigned, checksum, unsigned a, unsigned b)
{
  CS_BEGIN(checksum);
  CS_RETURN((a * 31u + b) & 0xffu);
  CS_END();
}

CS_CORO_STATIC(unsigned, handle, int cmd)
{
  unsigned ack = 0, sum;
  CS_BEGIN(handle);
  switch (cmd) {
  case CMD_PING:
    CS_AWAIT(ack, send, 123);
    break;
  case CMD_RESET:
    CS_AWAIT(ack, send, 456);
    break;
  case CMD_POWER:
    CS_AWAIT(ack, send, 789);
    break;
  case CMD_CHANNEL:
    CS_AWAIT(ack, send, 1011);
    break;
  }
  CS_AWAIT(sum, checksum, (unsigned)cmd, ack);
  CS_RETURN(sum);
  CS_END();
}

CS_CORO_STATIC(int, radio_task, int rounds)
{
  int i;
  unsigned sum, total = 0;
  CS_BEGIN(radio_task);
  for (i = 0; i < rounds; ++i) {
    CS_AWAIT(sum, handle, i % 4);
    total += sum;
    say("command %d -> checksum %u\n", i % 4, sum);
  }
  CS_RETURN((int)total);
  CS_END();
}

static int run(void)
{
  cs_spawn(radio_task(8));
  while (cs_run() > 0) /* the bus "interrupt": one word per idle point */
    cs_event_fire(&bus_done);
  say("resumes: %lu\n", cs_resumes());
  say("live frames: %lu\n", cs_frames_live());
  say("frames: %lu\n", cs_frames_allocated());
  return (int)cs_frames_live();
}

#if __STDC_HOSTED__
int main(void) { return run(); }
#else
CS_POOL_STORAGE(frame_pool, 96, 4);
static cs_pool pool;
int example_main(void);
int example_main(void)
{
  cs_allocator a;
  cs_pool_init(&pool, frame_pool, sizeof(frame_pool), 96);
  a = cs_pool_allocator(&pool);
  cs_set_allocator(&a);
  return run();
}
#endif
