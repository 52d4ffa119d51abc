// Never worse (issue 21): folding an await gives the callee a twin, an
// ordinary function with its body. When the linker keeps the callee (not
// static) and its body is far larger than the one await it replaces, the
// twin is pure growth at -Os: the cost model (cost=size) refuses it, with
// its figures, and the object is the one built without the pass; with
// cost=off the await is folded and .text grows. At -O2 (cost=speed) the
// await still folds: no frame, no suspend of the caller.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang_cc -Os -c %s -o %t/size.o -Rpass-missed=coroslim-fold-suspend-free 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: %clang_cc -Os -c %s -o %t/none.o -mllvm -coroslim-disable=coroslim-fold-suspend-free
// RUN: %clang_cc -Os -c %s -o %t/off.o -mllvm -coroslim-cost=off -Rpass=coroslim-fold-suspend-free 2>&1 | FileCheck %s --check-prefix=FOLDED
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass=coroslim-fold-suspend-free 2>&1 | FileCheck %s --check-prefix=FOLDED
// RUN: cmp %t/size.o %t/none.o
// RUN: not %python %S/../cxx/Inputs/text_not_larger.py %llvm_bin %t/none.o %t/off.o | FileCheck %s --check-prefix=GROWS
// RUN: %clang_cc -Os %s -o %t/run && %t/run | FileCheck %s --check-prefix=OUT
// RUN: %clang_cc -Os -mllvm -coroslim-cost=off %s -o %t/run.off && %t/run.off | FileCheck %s --check-prefix=OUT

// SIZE: remark: {{.*}}cannot fold the await of mix in top: folding its awaits: the cost model (cost=size) predicts a frame {{-[0-9]+}} bytes and code +{{[0-9]+}}
// FOLDED: remark: {{.*}}folded await of suspend-free coroutine mix in top
// GROWS: off.o: .text {{[0-9]+}} -> {{[0-9]+}} GROWS
// OUT: top: 
// OUT-SAME: {{[0-9]+}}
// OUT-NEXT: mix again:
#include "coroslim/coro.h"

#include <stdio.h>

volatile int sink;

/* Not static, and used outside any await: the linker keeps it. */
CS_CORO(int, mix, int n)
{
  int i, acc = n;
  CS_BEGIN(mix);
  for (i = 0; i < n; ++i) {
    acc = acc * 31 + i;
    if (acc & 4)
      sink = acc;
    else
      sink = acc ^ i;
    if (acc % 7 == 3)
      printf("mix %d %d\n", n, acc);
  }
  for (i = n; i > 0; --i) {
    acc ^= acc >> 3;
    if (acc % 5 == 1)
      printf("mix back %d %d\n", i, acc);
    else
      sink = acc + i;
  }
  CS_RETURN(acc & 0xffff);
  CS_END();
}

CS_CORO_STATIC(int, top, int n)
{
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, mix, n);
  printf("top: %d\n", r);
  CS_END();
}

int main(void)
{
  cs_handle h;
  cs_spawn(top(5));
  cs_run();
  /* mix is also run as a task of its own. */
  h = mix(3);
  cs_spawn(h);
  cs_run();
  printf("mix again: done\n");
  return 0;
}
