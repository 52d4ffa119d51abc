// Checked mode (the default): resuming a coroutine that has completed
// stops the program with a message naming the coroutine (the
// post-completion trap), at every -O level, with and without the passes.
//
// RUN: %coroslim-cc -O0 %s -o %t.O0
// RUN: not --crash %t.O0 2>&1 | FileCheck %s
// RUN: %coroslim-cc -O2 %s -o %t.O2
// RUN: not --crash %t.O2 2>&1 | FileCheck %s
// RUN: %coroslim-cc -Oz %s -o %t.Oz
// RUN: not --crash %t.Oz 2>&1 | FileCheck %s
// RUN: %coroslim-cc --no-opt -O3 %s -o %t.noopt
// RUN: not --crash %t.noopt 2>&1 | FileCheck %s
// RUN: %coroslim-cc -O1 -fsanitize=address,undefined %s -o %t.asan
// RUN: not --crash %t.asan 2>&1 | FileCheck %s
//
// With -coroslim-release (coroslim-strip-done-traps, default `return` mode)
// the trap is gone and such a resume does nothing; at -O0 the pass does not
// run, so the trap stays.
// RUN: %coroslim-cc -O2 -mllvm -coroslim-release %s -o %t.release
// RUN: %t.release | FileCheck %s --check-prefix=RELEASE
// RUN: %coroslim-cc -O0 -mllvm -coroslim-release %s -o %t.release0
// RUN: not --crash %t.release0 2>&1 | FileCheck %s
//
// RELEASE: resuming again
// RELEASE-NEXT: survived
//
// CHECK: countdown: 3 2 1 done
// CHECK-NEXT: resuming again
// CHECK-NEXT: coroslim: coroutine 'countdown' resumed after completion
// CHECK-NOT: survived
#include "coroslim/coro.h"

#include <stdio.h>

CS_CORO(int, countdown, int n)
{
  CS_BEGIN(countdown);
  while (n > 0)
    CS_YIELD(n--);
  CS_RETURN(0);
  CS_END();
}

int main(void)
{
  cs_handle h = countdown(3);
  printf("countdown:");
  while (cs_next(h))
    printf(" %d", CS_VALUE(countdown, h));
  printf(" done\nresuming again\n");
  fflush(stdout);
  cs_next(h); /* the bug: h has completed */
  printf("survived\n");
  cs_destroy(h);
  return 0;
}
