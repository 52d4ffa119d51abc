// A radio command handler whose switch arms await the same driver
// coroutine with different arguments (four arms, the coroslim-merge-states
// shape), plus an if/else pair doing the same, run on the executor with
// timers so the order of completions is observable.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

enum cmd { CMD_PING, CMD_RESET, CMD_TX_POWER, CMD_CHANNEL, CMD_BOGUS };

static const char *cmd_name(int c)
{
  static const char *const names[] = {"ping", "reset", "tx-power", "channel",
                                      "bogus"};
  return names[c];
}

static unsigned long bus_log;

/* The driver: puts one register write on the bus, waits for the bus to
 * clock it out (one suspend), returns the acknowledgement. */
CS_CORO_STATIC(int, send, int reg)
{
  CS_BEGIN(send);
  bus_log = bus_log * 131 + (unsigned long)reg;
  CS_SLEEP((unsigned long)(reg % 3) + 1);
  CS_RETURN(reg ^ 0x5a);
  CS_END();
}

/* Four arms, each awaiting send() with its own argument, joining after. */
CS_CORO_STATIC(int, handle, int cmd)
{
  int ack = -1;
  CS_BEGIN(handle);
  switch (cmd) {
  case CMD_PING:
    CS_AWAIT(ack, send, 123);
    break;
  case CMD_RESET:
    CS_AWAIT(ack, send, 456);
    break;
  case CMD_TX_POWER:
    CS_AWAIT(ack, send, 789);
    break;
  case CMD_CHANNEL:
    CS_AWAIT(ack, send, 1011);
    break;
  default:
    CS_RETURN(-1);
  }
  printf("  t=%lu %s acked 0x%x\n", cs_now(), cmd_name(cmd), ack);
  CS_RETURN(ack);
  CS_END();
}

/* The two-arm form: `cmd == A ? await send(a) : await send(b)`. */
CS_CORO_STATIC(int, handle2, int fast)
{
  int ack;
  CS_BEGIN(handle2);
  if (fast)
    CS_AWAIT(ack, send, 7);
  else
    CS_AWAIT(ack, send, 8);
  CS_RETURN(ack + 1);
  CS_END();
}

CS_CORO_STATIC(int, radio_task, int first, int count)
{
  int i, r, sum = 0;
  CS_BEGIN(radio_task);
  for (i = 0; i < count; ++i) {
    int cmd = (first + i) % 5;
    CS_AWAIT(r, handle, cmd);
    sum += r;
    CS_AWAIT(r, handle2, i & 1);
    sum += r;
  }
  printf("radio task %d done at t=%lu: sum %d\n", first, cs_now(), sum);
  CS_END();
}

int main(void)
{
  cs_spawn(radio_task(0, 6));
  cs_spawn(radio_task(2, 5));
  cs_spawn(radio_task(4, 3));
  printf("parked: %d\n", cs_run());
  printf("bus log %lu at t=%lu\n", bus_log, cs_now());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
