// coroslim-cc --no-opt: its flags go before the user's arguments (a file
// after `--` used to get '-mllvm' as a file name) and through -Xclang (a
// link-only run with -Werror used to fail: "argument unused during
// compilation: '-mllvm -coroslim-disable=all'"). It still leaves only
// c-presplit in the pipeline.
// RUN: %coroslim-cc --no-opt -O2 -c -o %t.o -Rpass=coroslim-.* -- %s 2>&1 | FileCheck %s --check-prefix=NOOPT
// RUN: %coroslim-cc -Werror --no-opt %t.o -o %t && %t | FileCheck %s --check-prefix=OUT
// RUN: %coroslim-cc -O2 -c %s -o /dev/null -Rpass=coroslim-.* 2>&1 | FileCheck %s --check-prefix=FULL
// NOOPT: remark: marked C coroutine top as pre-split
// NOOPT-NOT: remark: {{.*}}[-Rpass=coroslim-{{[a-bd-z]}}
// OUT: the sum is 42
// FULL: remark: {{.*}}[-Rpass=coroslim-fold-suspend-free]
#include "coroslim/coro.h"

#include <stdio.h>

CS_CORO_STATIC(int, leaf, int x)
{
  CS_BEGIN(leaf);
  CS_RETURN(x + 1);
  CS_END();
}

CS_CORO_STATIC(int, top, int x)
{
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, leaf, x);
  printf("the sum is %d\n", r);
  CS_END();
}

int main(void)
{
  cs_spawn(top(41));
  cs_run();
  return 0;
}
