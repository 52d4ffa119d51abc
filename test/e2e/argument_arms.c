// A register-programming handler whose switch arms await the same driver
// coroutine with the argument computed in different ways: arithmetic of
// different values, a load from a struct field, a constant, and a call with
// a side effect (next_seq() counts, so moving it would show in the output).
// handle_direct awaits send() itself; handle_started awaits an operation
// that start_send() (a non-inlined start function, as a library's in
// another translation unit) returns, the shape coroslim-merge-states merges
// by starting the region past the differing argument code (level 2,
// docs/passes/merge-states.md). Run on the executor with timers, so the
// order of completions is observable.
// RUN: %e2e %s
// The program exercises what it is meant to: both handlers merge at -Os
// and -O2 (with the previous merge-states, handle_started kept 5 states).
// RUN: %clang_cc -Os -c %s -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s
// CHECK-DAG: remark: merged 5 awaits of @send of coroutine handle_direct into one
// CHECK-DAG: remark: merged 5 internal suspend points of coroutine handle_started into one
#include "coroslim/coro.h"

#include <stdio.h>

struct regs {
  int base;
  int gain;
};

static unsigned long bus_log;
static int seq;

static int next_seq(void)
{
  return ++seq * 16;
}

/* The driver: one register write, one suspend while the bus clocks it out,
 * returns the acknowledgement. */
CS_CORO_STATIC(int, send, int reg)
{
  CS_BEGIN(send);
  bus_log = bus_log * 131 + (unsigned long)reg;
  CS_SLEEP((unsigned long)(reg % 3) + 1);
  CS_RETURN(reg ^ 0x5a);
  CS_END();
}

/* start_send(reg) is send(reg) behind a call the optimizer keeps. */
#define cs__promise_start_send cs__promise_send
static __attribute__((noinline)) cs_handle start_send(int reg)
{
  return send(reg);
}

CS_CORO_STATIC(int, handle_direct, int cmd, int x, const struct regs *r)
{
  int ack = -1;
  CS_BEGIN(handle_direct);
  switch (cmd) {
  case 0:
    CS_AWAIT(ack, send, x + 1);
    break;
  case 1:
    CS_AWAIT(ack, send, x * 2);
    break;
  case 2:
    CS_AWAIT(ack, send, r->gain);
    break;
  case 3:
    CS_AWAIT(ack, send, next_seq());
    break;
  default:
    CS_AWAIT(ack, send, 5);
    break;
  }
  printf("  t=%lu direct %d acked 0x%x\n", cs_now(), cmd, ack);
  CS_RETURN(ack);
  CS_END();
}

CS_CORO_STATIC(int, handle_started, int cmd, int x, const struct regs *r)
{
  int ack = -1;
  CS_BEGIN(handle_started);
  switch (cmd) {
  case 0:
    CS_AWAIT(ack, start_send, x + r->base);
    break;
  case 1:
    CS_AWAIT(ack, start_send, x * 3);
    break;
  case 2:
    CS_AWAIT(ack, start_send, r->gain);
    break;
  case 3:
    CS_AWAIT(ack, start_send, next_seq());
    break;
  default:
    CS_AWAIT(ack, start_send, 9);
    break;
  }
  printf("  t=%lu started %d acked 0x%x\n", cs_now(), cmd, ack);
  CS_RETURN(ack);
  CS_END();
}

CS_CORO_STATIC(int, radio_task, int first, int count)
{
  struct regs r = {first * 100, first + 40};
  int i, a, sum = 0;
  CS_BEGIN(radio_task);
  for (i = 0; i < count; ++i) {
    int cmd = (first + i) % 5;
    CS_AWAIT(a, handle_direct, cmd, i + first, &r);
    sum += a;
    CS_AWAIT(a, handle_started, cmd, i - first, &r);
    sum += a;
    r.gain += 3;
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
  printf("bus log %lu at t=%lu seq %d\n", bus_log, cs_now(), seq);
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
