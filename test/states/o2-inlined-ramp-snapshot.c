// The -O2 shapes from clang itself: a snapshot of the module just before
// CoroSplit splits `handler` (every coroslim pass kept out of the pipeline
// but c-presplit, so that the snapshot still has what each would change).
// By then the CGSCC inliner has put the ramp of the already split `drv`
// into `handler`: two llvm.coro.begin, only one of them handler's own.
// Each pass reads handler through the begin on its own pre-split coro.id:
// print<coroslim-states> recognises it, strip-done-traps strips its
// checked completion's trap, merge-states merges the sibling sleeps of its
// switch arms.
//
// The await of drv is no longer a ramp call (its handle is the inlined
// coro.begin, resume and destroy are direct calls of drv.resume and
// drv.destroy), nor is the await of quick, whose frame CoroElide has
// already made an alloca of handler (its handle; quick.resume called
// directly; the destroy, quick.cleanup, inlined away). The analysis still
// recognises both as awaits, of the "inlined ramp" and "elided frame"
// forms (docs/frontends.md, "-O2: awaits whose callee LLVM has inlined or
// elided"); fold-suspend-free and inline-single-suspend refuse them by
// name, as their callees' pre-split bodies are gone.
//
// RUN: %clang_cc -O2 -c %s -o /dev/null -mllvm -coroslim-disable=all -mllvm -print-before=coro-split -mllvm -print-module-scope -mllvm -filter-print-funcs=handler 2> %t.dump
// RUN: awk '/IR Dump Before CoroSplitPass on \(handler\)/ { n++; next } n == 1' %t.dump > %t.ll
// RUN: FileCheck %s --check-prefix=SHAPE < %t.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=STATES
// RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -pass-remarks=coroslim-strip-done-traps -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=STRIP
// RUN: %opt -passes=coroslim-fold-suspend-free -pass-remarks-missed=coroslim-fold-suspend-free -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=FOLD
// RUN: %opt -passes=coroslim-merge-states -verify-each -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=MERGE

// SHAPE-LABEL: define {{.*}}ptr @handler(
// SHAPE: %[[QFRAME:[0-9]+]] = alloca [{{[0-9]+}} x i8]
// SHAPE: call token @llvm.coro.id(i32 16, ptr nonnull %{{[0-9]+}}, ptr nonnull @handler, ptr null)
// SHAPE: call ptr @llvm.coro.begin(
// SHAPE: store ptr @quick.resume, ptr %[[QFRAME]]
// SHAPE: call fastcc void @quick.resume(ptr nonnull %[[QFRAME]])
// SHAPE-NOT: call {{.*}}@quick(
// SHAPE: call token @llvm.coro.id(i32 16, ptr nonnull null, ptr nonnull @drv, ptr nonnull @drv.resumers)
// SHAPE: call {{.*}}ptr @llvm.coro.begin(
// SHAPE: call fastcc void @drv.resume(
// SHAPE-LABEL: {{^}}}

// STATES: coroutine @handler: pre-split initial=1 internal=4 final=0 checked=1 awaits=2
// STATES-NEXT: suspend
// STATES-NOT: refused await
// STATES: await @quick at %{{[0-9]+}} (elided frame): done=promise-flag@16 {{.*}} destroys=0 reads=1
// STATES-NEXT: await @drv at %{{[0-9]+}} (inlined ramp): done=promise-flag@16 {{.*}} destroys=2 reads=1
// STATES-NOT: refused await
// STATES: could: coroslim-strip-done-traps

// STRIP: stripped 1 post-completion trap(s) from coroutine handler

// FOLD-DAG: cannot fold the await of quick in handler: LLVM has already split it (elided frame in the caller)
// FOLD-DAG: cannot fold the await of drv in handler: LLVM has already split it (inlined ramp in the caller)

// MERGE-NOT: handler not recognised
// MERGE: merged 2 internal suspend points of coroutine handler into one

#include "coroslim/coro.h"

static cs_event ev;
static int cmdq;

/* Two suspends: no await pass takes it; its small ramp is inlined. */
CS_CORO_STATIC(int, drv, int *out)
{
  CS_BEGIN(drv);
  CS_WAIT(&ev);
  CS_WAIT(&ev);
  *out = 3;
  CS_RETURN(4);
  CS_END();
}

/* Suspend-free: its ramp is inlined and CoroElide moves its frame into
 * handler's (fold-suspend-free is kept out here). */
CS_CORO_STATIC(int, quick, int x)
{
  CS_BEGIN(quick);
  CS_RETURN(x + 1);
  CS_END();
}

CS_CORO(int, handler, int n)
{
  int i, t, h, q, sum = 0;
  CS_BEGIN(handler);
  CS_AWAIT(q, quick, n);
  sum = q;
  for (i = 0; i < n; ++i) {
    CS_AWAIT(t, drv, &h);
    sum += t + h;
    switch (cmdq) {
    case 0:
      cmdq = 5;
      CS_SLEEP(1);
      break;
    case 1:
      cmdq = 7;
      CS_SLEEP(1);
      break;
    default:
      break;
    }
  }
  CS_RETURN(sum);
  CS_END();
}
