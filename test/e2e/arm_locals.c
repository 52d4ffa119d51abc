// Switch arms that await the same coroutine with a buffer of their own:
// merge-states makes the arms' buffers one local when they are never alive
// together (docs/passes/merge-states.md, "Never worse"), so the merged
// state keeps one buffer in the frame, not one per arm behind a phi (-Os:
// 6 states and 128 frame bytes without merge-states, 4 and 96 with it).
// The history buffer lives across every iteration; its arm is not merged
// (its code differs), and a local alive where another starts is never made
// one with it (merge-states/frame-reuse-arms.ll). Tasks interleave on the
// executor with timers, and fill() checks its bytes after its suspend, so a
// buffer shared by mistake would show in the output.
// RUN: %e2e %s
// The program exercises what it is meant to: the arms merge at -Os and -O2.
// RUN: %clang_cc -Os -c %s -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s
// CHECK: remark: merged 3 awaits of @fill of coroutine handler into one
#include "coroslim/coro.h"

#include <stdio.h>
#include <string.h>

/* Writes n bytes derived from seed into buf, waits, then checks them and
 * returns their sum: a clobbered buffer changes the result. */
CS_CORO_STATIC(int, fill, unsigned char *buf, int n, int seed)
{
  int i, sum = 0;
  CS_BEGIN(fill);
  for (i = 0; i < n; ++i)
    buf[i] = (unsigned char)(seed * 7 + i * 3);
  CS_SLEEP(1 + seed % 3);
  for (i = 0; i < n; ++i) {
    if (buf[i] != (unsigned char)(seed * 7 + i * 3))
      printf("fill %d: byte %d clobbered\n", seed, i);
    sum += buf[i];
  }
  CS_RETURN(sum);
  CS_END();
}

CS_CORO_STATIC(int, handler, int id, int rounds)
{
  unsigned char history[24];
  int k, r, total = 0;
  CS_BEGIN(handler);
  memset(history, id, sizeof history);
  for (k = 0; k < rounds; ++k) {
    switch ((k + id) % 4) {
    case 0: {
      unsigned char small[24];
      CS_AWAIT(r, fill, small, 24, id * 10 + k);
      break;
    }
    case 1: {
      unsigned char other[24];
      CS_AWAIT(r, fill, other, 20, id * 20 + k);
      break;
    }
    case 2: {
      unsigned char third[24];
      CS_AWAIT(r, fill, third, 16, id * 30 + k);
      break;
    }
    case 3:
      CS_AWAIT(r, fill, history, 8, id + k);
      break;
    default:
      r = 0;
    }
    history[k % 24] ^= (unsigned char)r;
    total += r;
    printf("handler %d round %d: %d\n", id, k, r);
  }
  for (k = 0; k < 24; ++k)
    total += history[k];
  printf("handler %d total %d\n", id, total);
  CS_END();
}

int main(void)
{
  cs_spawn(handler(1, 6));
  cs_spawn(handler(2, 5));
  cs_spawn(handler(3, 7));
  cs_run();
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
