// An await that reads its result whole, with a memcpy out of the callee's
// promise (clang's copy of a struct SROA does not split), is an await; a
// copy that reaches outside the promise (here from the frame's destroy
// pointer on) is not: the rewrites redirect frame addresses to the
// promise, so only the analysis can keep such a copy out.
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -I%S/../altcoro -S -emit-llvm %s -o %t.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.ll | FileCheck %s

// CHECK-LABEL: coroutine @whole:
// CHECK: await @big at %{{[0-9a-z.]+}}: done=promise-flag@{{[0-9]+}}
// CHECK-NOT: refused await
// CHECK-LABEL: coroutine @outside:
// CHECK-NOT: await @big at
// CHECK: refused await @big at %{{[0-9a-z.]+}}: the caller copies the awaited coroutine's frame outside its promise

#include <string.h>
#include "altcoro.h"

static int ready;

struct block {
  long v[32];
};

AC_ASYNC(struct block, big, int x)
{
  AC_START(big);
  AC_WAIT_UNTIL(ready);
  AC_RETURN(((struct block){{x, [31] = x}}));
  AC_FINISH();
}

static void *sink;
static struct block got;

AC_ASYNC(int, whole, int x)
{
  ac_task t;
  AC_START(whole);
  AC_AWAIT_AT(t, got = AC_RESULT(big, t), big, x);
  AC_RETURN(0);
  AC_FINISH();
}

AC_ASYNC(int, outside, int x)
{
  ac_task t;
  AC_START(outside);
  AC_AWAIT_AT(t, memcpy(&got, (char *)t.co + 8, sizeof got), big, x);
  AC_RETURN(0);
  AC_FINISH();
}

ac_task start(int x) { return x ? whole(x) : outside(x); }
