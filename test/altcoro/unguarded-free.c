// inline-single-suspend and a frame freed through an unguarded
// llvm.coro.free: `DEALLOC(__builtin_coro_free(__builtin_coro_frame()))`.
// Once the callee is inlined it has no frame and coro.free is null (as
// after CoroElide), so the await is inlined only when DEALLOC does nothing
// with null.
//
// free() (TargetLibraryInfo's LibFunc_free):
// RUN: %clang_cc -Os -DDEALLOC=free %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
// A hook defined here whose first act is its null test:
// RUN: %clang_cc -Os -DDEALLOC=pool_put %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=INLINED
// A hook only declared here: it may not accept null.
// RUN: %clang_cc -Os -DDEALLOC=release %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=UNKNOWN -DHOOK=release
// A hook that does something (counts) before its null test: with null it
// would still count, so inlining would change what the program does.
// RUN: %clang_cc -Os -DDEALLOC=counting_put %s -c -o /dev/null -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=UNKNOWN -DHOOK=counting_put
// The same declared hook, declared a deallocator the way LLVM spells it
// (allockind("free") with an allocptr argument; InstCombine deletes such
// a call with null):
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -DDEALLOC=release -S -emit-llvm %s -o %t.ll
// RUN: sed -e 's/^declare void @release(ptr noundef)/declare void @release(ptr allocptr noundef) allockind("free")/' %t.ll > %t.kind.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),coroslim-inline-single-suspend' -verify-each -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -disable-output %t.kind.ll 2>&1 | FileCheck %s --check-prefix=INLINED

// INLINED: remark: {{.*}}inlined coroutine wait_once into caller
// INLINED-NOT: not inlining

// UNKNOWN: remark: {{.*}}not inlining 'wait_once' into caller: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null (test llvm.coro.free's result for null, or free with free())
// UNKNOWN-NOT: inlined coroutine

#include <stddef.h>
#include <stdlib.h>

void release(void *p);
static unsigned long puts_;
static void *pool_get(size_t n) { return malloc(n); }
static void pool_put(void *p)
{
  if (!p)
    return;
  free(p);
}
static void counting_put(void *p)
{
  ++puts_;
  if (p)
    free(p);
}

#define AC_FRAME_ALLOC(n) pool_get(n)
#define AC_FRAME_FREE(p) DEALLOC(p)
#include "altcoro.h"

static int ready;

AC_ASYNC(int, wait_once, int x)
{
  AC_START(wait_once);
  AC_WAIT_UNTIL(ready);
  AC_RETURN(x + 1);
  AC_FINISH();
}

AC_ASYNC(int, caller, int x)
{
  int r;
  AC_START(caller);
  AC_AWAIT(r, wait_once, x);
  AC_RETURN(r);
  AC_FINISH();
}

ac_task start(void) { return caller(puts_ != 0); }
void other(void) { release(0); (void)&pool_put; (void)&counting_put; }
