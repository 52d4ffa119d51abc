// The await idiom of altcoro.h in its variants: the analysis recognises
// each await, and inline-single-suspend inlines it (at -Os, through the
// whole pipeline).
//
// Done test: the promise's `finished` byte (after an int result: frame
// offset 16 + 4), __builtin_coro_done and the resume-function slot (both
// `load ptr %h == null` once CoroEarly has lowered coro.done).
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -DAC_DONE_STYLE=AC_DONE_FLAG -S -emit-llvm %s -o %t.flag.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.flag.ll | FileCheck %s --check-prefixes=STATES,FLAG
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -DAC_DONE_STYLE=AC_DONE_BUILTIN -S -emit-llvm %s -o %t.builtin.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.builtin.ll | FileCheck %s --check-prefixes=STATES,NULLSLOT
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -DAC_DONE_STYLE=AC_DONE_SLOT -S -emit-llvm %s -o %t.slot.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.slot.ll | FileCheck %s --check-prefixes=STATES,NULLSLOT
// RUN: %clang_cc -Os -DAC_DONE_STYLE=AC_DONE_FLAG %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
// RUN: %clang_cc -Os -DAC_DONE_STYLE=AC_DONE_BUILTIN %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
// RUN: %clang_cc -Os -DAC_DONE_STYLE=AC_DONE_SLOT %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
//
// The handle in a struct field or an array slot, and promises of 16-byte
// alignment (a struct vec result: `finished` at frame offset 16 + 32) and
// of one byte (the result goes through a pointer the awaiter passes in).
// RUN: %clang_cc -Os -DSLOT=1 %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
// RUN: %clang_cc -Os -DSLOT=2 %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED

// STATES-LABEL: coroutine @top: pre-split initial=1 internal=3 final=1 checked=0 awaits=3
// FLAG:     await @leaf at %{{[0-9a-z.]+}}: done=promise-flag@20 ready=
// FLAG:     await @vec_leaf at %{{[0-9a-z.]+}}: done=promise-flag@48 ready=
// FLAG:     await @void_leaf at %{{[0-9a-z.]+}}: done=promise-flag@16 ready=
// NULLSLOT: await @leaf at %{{[0-9a-z.]+}}: done=resume-fn-null ready=
// NULLSLOT: await @vec_leaf at %{{[0-9a-z.]+}}: done=resume-fn-null ready=
// NULLSLOT: await @void_leaf at %{{[0-9a-z.]+}}: done=resume-fn-null ready=
// STATES-NOT: refused await
// STATES: coroutine @leaf: pre-split initial=1 internal=1 final=1
// STATES: coroutine @vec_leaf: pre-split initial=1 internal=1 final=1
// STATES: coroutine @void_leaf: pre-split initial=1 internal=1 final=1

// INLINED-DAG: remark: {{.*}}inlined coroutine leaf into top
// INLINED-DAG: remark: {{.*}}inlined coroutine vec_leaf into top
// INLINED-DAG: remark: {{.*}}inlined coroutine void_leaf into top
// INLINED-NOT: not inlining

#include "altcoro.h"

struct vec {
  _Alignas(16) double x, y;
};

static int ready;

AC_ASYNC(struct vec, vec_leaf, double x)
{
  AC_START(vec_leaf);
  AC_WAIT_UNTIL(ready);
  AC_RETURN(((struct vec){x, 2 * x}));
  AC_FINISH();
}

AC_ASYNC_VOID(void_leaf, int *out)
{
  AC_START(void_leaf);
  AC_WAIT_UNTIL(ready);
  *out = 7;
  AC_FINISH();
}

AC_ASYNC(int, leaf, int x)
{
  AC_START(leaf);
  AC_WAIT_UNTIL(ready);
  AC_RETURN(x + 1);
  AC_FINISH();
}

struct holder {
  int tag;
  ac_task t;
};

AC_ASYNC(double, top, int x)
{
  int r = 0, o = 0;
  struct vec v = {0, 0};
#if defined(SLOT) && SLOT == 1
  struct holder h;
#define H h.t
#elif defined(SLOT)
  ac_task hs[3];
#define H hs[2]
#else
  ac_task t;
#define H t
#endif
  AC_START(top);
  AC_AWAIT_AT(H, r = AC_RESULT(leaf, H), leaf, x);
  AC_AWAIT_AT(H, v = AC_RESULT(vec_leaf, H), vec_leaf, r);
  AC_AWAIT_AT(H, (void)0, void_leaf, &o);
  AC_RETURN(v.x + v.y + o);
  AC_FINISH();
}

ac_task start(int x) { return top(x); }
