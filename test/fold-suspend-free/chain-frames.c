// A chain of awaits of coroutines that never suspend allocates only the
// top-level frame once folded, at -O2 and at -Os (where CoroElide does not
// save the baseline), with the same output and the same resume count.
// RUN: %clang_cc -O2 %s -o %t.O2 -Rpass=coroslim-fold-suspend-free 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: %t.O2 | FileCheck %s --check-prefixes=OUT,FOLDED
// RUN: %clang_cc -Os %s -o %t.Os && %t.Os | FileCheck %s --check-prefixes=OUT,FOLDED
// RUN: %clang_cc -DCS_UNCHECKED -Os %s -o %t.Osu && %t.Osu | FileCheck %s --check-prefixes=OUT,FOLDED
// RUN: %clang_cc -Os -mllvm -coroslim-disable=coroslim-fold-suspend-free %s \
// RUN:   -o %t.base && %t.base | FileCheck %s --check-prefixes=OUT,BASE
// At -O0 only coroslim-c-presplit runs.
// RUN: %clang_cc -O0 %s -o %t.O0 -Rpass=coroslim-fold-suspend-free 2>&1 \
// RUN:   | FileCheck %s --check-prefix=O0 --allow-empty
// RUN: %t.O0 | FileCheck %s --check-prefix=OUT
#include "coroslim/coro.h"

#include <stdio.h>

// REMARK-DAG: remark: folded await of suspend-free coroutine leaf in mid into a call of leaf.twin
// REMARK-DAG: remark: folded await of suspend-free coroutine mid in top into a call of mid.twin
// REMARK-DAG: remark: coroutine top: 1 await(s) folded, 0 internal suspend point(s) left
// O0-NOT: remark

CS_CORO_STATIC(int, leaf, int x)
{
  CS_BEGIN(leaf);
  CS_RETURN(x * 3 + 1);
  CS_END();
}

CS_CORO_STATIC(int, mid, int x)
{
  int a, b;
  CS_BEGIN(mid);
  CS_AWAIT(a, leaf, x);
  CS_AWAIT(b, leaf, a);
  CS_RETURN(a + b);
  CS_END();
}

CS_CORO_STATIC(int, top, int n)
{
  int i, v, sum = 0;
  CS_BEGIN(top);
  for (i = 0; i < n; ++i) {
    CS_AWAIT(v, mid, i);
    sum += v;
  }
  printf("sum %d\n", sum);
  CS_END();
}

int main(void)
{
  cs_spawn(top(10));
  cs_run();
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
// OUT: sum 590
// OUT-NEXT: resumes: 1
// OUT-NEXT: live frames: 0
// FOLDED-NEXT: frames: 1
// BASE-NEXT: frames: 31
