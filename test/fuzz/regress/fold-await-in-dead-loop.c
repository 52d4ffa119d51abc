// Found by scripts/fuzz (seeds 2 and 5 of the first long run, reduced): an
// await of a suspend-free coroutine inside a loop that runs zero times.
// The uncommitted coroslim-fold-suspend-free of the time corrupted the heap
// of clang at -O1 and up ("malloc(): unsorted double linked list
// corrupted"; -coroslim-disable=coroslim-fold-suspend-free builds it).
// Every configuration must build and print the baseline's trace.
// RUN: %python %S/../../../scripts/fuzz --check %s --seed 2 --jobs 2 | FileCheck %s
// CHECK: 18 configurations, 0 differ from the baseline
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ev[2];

CS_CORO_STATIC(unsigned, f0, unsigned a, unsigned b)
{
  unsigned x, r;
  CS_BEGIN(f0);
  x = a * 2654435761u + b;
  r = 0u;
  printf("f0 start %u %u\n", a, b);
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
  printf("f1.3 %u\n", x);
  printf("f1 end %u\n", x);
  CS_RETURN(x);
  CS_END();
}

int main(void)
{
  /* Line-buffered so that the trace survives the checked-mode abort. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  int ids[1];
  ids[0] = cs_spawn(f1(1000u, 5u));
  printf("resumes %lu live %lu\n", cs_resumes(), cs_frames_live());
  return 0;
}
