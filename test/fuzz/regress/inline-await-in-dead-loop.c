// Found by scripts/fuzz (seed 20, reduced by hand from the pass's input):
// an await of a single-suspend coroutine in a loop that runs zero times.
// At -O1 the loop is still `br i1 false` when
// coroslim-inline-single-suspend runs; the pass inlined the await, its
// clean-up of unreachable blocks then deleted the ramp call with the dead
// loop, and the pass erased the freed call again (clang segfaulted).
// Every configuration must build and print the baseline's trace.
// RUN: %python %S/../../../scripts/fuzz --check %s --seed 20 --jobs 2 | FileCheck %s
// CHECK: 18 configurations, 0 differ from the baseline
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ev[1];

CS_CORO_STATIC(unsigned, f0, unsigned a, unsigned b)
{
  unsigned x;
  CS_BEGIN(f0);
  x = a * 2654435761u + b;
  printf("f0 start %u %u\n", a, b);
  CS_WAIT(&ev[0]);
  printf("f0 end %u\n", x);
  CS_RETURN(x);
  CS_END();
}

CS_CORO_STATIC(unsigned, f1, unsigned a, unsigned b)
{
  unsigned x, r, i0;
  CS_BEGIN(f1);
  x = a * 2654435761u + b;
  r = 0u;
  printf("f1 start %u %u\n", a, b);
  for (i0 = 0; i0 < 0u; i0++) {
    x = x + i0;
    CS_AWAIT(r, f0, a * 36542u + b, b);
    x = x + r * 3u;
    printf("f1.7 %u\n", x);
  }
  printf("f1 end %u\n", x);
  CS_RETURN(x);
  CS_END();
}

int main(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
  cs_spawn(f1(1000u, 5u));
  cs_run();
  cs_event_fire(&ev[0]);
  cs_run();
  printf("resumes %lu live %lu\n", cs_resumes(), cs_frames_live());
  return 0;
}
