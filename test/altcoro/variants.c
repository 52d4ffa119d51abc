// Each variant of the await idiom a C front end may emit (docs/frontends.md,
// "Accepted variants"), on the second front end (altcoro.h): both await
// rewrites take it. fold-suspend-free folds the awaits of the suspend-free
// sf_* coroutines, inline-single-suspend inlines the single-suspend ss_*
// ones, in every variant of
//  * the frame free: `DEALLOC(llvm.coro.free(...))` unguarded, through
//    free(), a pool hook defined here whose first act is `if (!p) return;`,
//    one whose body sits inside `if (p != NULL)`, operator delete (called
//    from C through its symbol), or a hook declared allockind("free");
//  * the allocation: malloc or a pool hook, under __builtin_coro_alloc();
//  * the done test: the promise's `finished` flag, __builtin_coro_done, the
//    resume-function slot being null;
//  * the awaited handle: a local, a struct field, an array slot;
//  * the result: read from the promise, or written through a pointer the
//    awaiter passes in (a one-byte promise);
//  * the promise: 1 byte (*_out), 128 bytes aligned to 64 (*_al), 264
//    bytes (*_big), and one the callee fills at a variable index in a
//    loop (*_fill).
// A deallocator that may not accept null is refused by both: once the
// frame is gone llvm.coro.free is null and the free still runs.
//
// RUN: %clang_cc -Os -I%S %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
// RUN: %clang_cc -O2 -I%S %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
//
// Done tests:
// RUN: %clang_cc -Os -I%S -DAC_DONE_STYLE=AC_DONE_BUILTIN %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
// RUN: %clang_cc -Os -I%S -DAC_DONE_STYLE=AC_DONE_SLOT %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
//
// Handles in a struct field, in an array slot:
// RUN: %clang_cc -Os -I%S -DSLOT=1 %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
// RUN: %clang_cc -Os -I%S -DSLOT=2 %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
//
// Pool hooks (allocation and free), operator delete:
// RUN: %clang_cc -Os -I%S -DALLOC=pool_get -DDEALLOC=pool_put %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
// RUN: %clang_cc -Os -I%S -DALLOC=pool_get -DDEALLOC=pool_put_if %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
// RUN: %clang_cc -Os -I%S -DDEALLOC=op_delete %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"
//
// A hook only declared here may not accept null; one that counts before
// its null test would count a free that no longer happens:
// RUN: %clang_cc -Os -I%S -DDEALLOC=release %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=REFUSED -DHOOK=release --implicit-check-not='folded await' --implicit-check-not='inlined coroutine'
// RUN: %clang_cc -Os -I%S -DDEALLOC=counting_put %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=REFUSED -DHOOK=counting_put --implicit-check-not='folded await' --implicit-check-not='inlined coroutine'
// The declared hook, declared a deallocator the way LLVM spells it:
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -I%S -DDEALLOC=release -S -emit-llvm %s -o %t.ll
// RUN: sed -e 's/^declare void @release(ptr noundef)/declare void @release(ptr allocptr noundef) allockind("free")/' %t.ll > %t.kind.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),coroslim-fold-suspend-free,coroslim-inline-single-suspend' -verify-each -pass-remarks='coroslim-(fold|inline).*' -pass-remarks-missed='coroslim-(fold|inline).*' -disable-output %t.kind.ll 2>&1 | FileCheck %s --check-prefix=ACCEPTED --implicit-check-not='cannot fold' --implicit-check-not="not inlining 'ss_"

// A result read whole (a memcpy out of the promise, as clang copies a
// struct too large for SROA): inline-single-suspend takes it (the analysis
// checks the copy stays inside the callee's promise); fold-suspend-free
// does not read copies yet:
// RUN: %clang_cc -Os -I%S -DWHOLE %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=WHOLE
// WHOLE-DAG: cannot fold the await of sf_big in top: the caller runs a call of 'llvm.memcpy.p0.p0.i64' between the done test and destroying the awaited coroutine
// WHOLE-DAG: inlined coroutine ss_big into top
// WHOLE-DAG: folded await of suspend-free coroutine sf_leaf in top
// WHOLE-DAG: inlined coroutine ss_leaf into top

// Not taken yet: a callee local that SROA cannot split (built with
// memset, then returned whole) leaves llvm.lifetime.end on the way from
// each suspend to the ramp's return, which both passes count as code run
// there (docs/frontends.md, "Known gaps"):
// RUN: %clang_cc -Os -I%S -DLOCAL_AGG %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=LOCAL
// LOCAL-DAG: cannot fold the await of sf_big in top: code runs between a suspend and its return from the coroutine
// LOCAL-DAG: not inlining 'ss_big' into top: it runs code on the way out when it suspends
// LOCAL-DAG: folded await of suspend-free coroutine sf_leaf in top
// LOCAL-DAG: inlined coroutine ss_leaf into top

// A variable index into the promise is taken through the promise alloca
// (an inbounds GEP of it stays inside it), not through the frame, where
// inbounds only bounds it by the frame:
// RUN: %clang_cc -Os -I%S -DFRAME_FILL %s -c -o /dev/null -Rpass='coroslim-(fold|inline).*' -Rpass-missed='coroslim-(fold|inline).*' 2>&1 | FileCheck %s --check-prefix=FRAMEFILL
// FRAMEFILL-DAG: cannot fold the await of sf_fill in top: its frame is addressed at a non-constant offset
// FRAMEFILL-DAG: not inlining 'ss_fill' into top: its frame is addressed at a non-constant offset
// FRAMEFILL-DAG: folded await of suspend-free coroutine sf_leaf in top
// FRAMEFILL-DAG: inlined coroutine ss_leaf into top

// ACCEPTED-DAG: folded await of suspend-free coroutine sf_leaf in top
// ACCEPTED-DAG: folded await of suspend-free coroutine sf_out in top
// ACCEPTED-DAG: folded await of suspend-free coroutine sf_al in top
// ACCEPTED-DAG: folded await of suspend-free coroutine sf_big in top
// ACCEPTED-DAG: folded await of suspend-free coroutine sf_fill in top
// ACCEPTED-DAG: inlined coroutine ss_leaf into top
// ACCEPTED-DAG: inlined coroutine ss_out into top
// ACCEPTED-DAG: inlined coroutine ss_al into top
// ACCEPTED-DAG: inlined coroutine ss_big into top
// ACCEPTED-DAG: inlined coroutine ss_fill into top

// REFUSED-DAG: cannot fold the await of sf_leaf in top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: cannot fold the await of sf_out in top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: cannot fold the await of sf_al in top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: cannot fold the await of sf_big in top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: not inlining 'ss_leaf' into top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: not inlining 'ss_out' into top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: not inlining 'ss_al' into top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null
// REFUSED-DAG: not inlining 'ss_big' into top: it frees its frame without testing llvm.coro.free for null, through '[[HOOK]]', which may not accept null

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef ALLOC
#define ALLOC malloc
#endif
#ifndef DEALLOC
#define DEALLOC free
#endif

/* Hooks in the style of embedded coroutine libraries: a static pool of
 * 64-byte aligned blocks. */
static _Alignas(64) unsigned char arena[8][512];
static unsigned used, puts_;
static void *pool_get(size_t n)
{
  if (n > sizeof arena[0] || used == 8)
    abort();
  return arena[used++];
}
static void pool_put(void *p)
{
  if (!p)
    return;
  --used;
}
static void pool_put_if(void *p)
{
  if (p != NULL) {
    --used;
    ++puts_;
  }
}
static void counting_put(void *p)
{
  ++puts_;
  if (p)
    --used;
}
void release(void *p);
/* C++'s operator delete(void *), which accepts null. */
void op_delete(void *p) __asm__("_ZdlPv");

#define AC_FRAME_ALIGN 64
#define AC_FRAME_ALLOC(n) ALLOC(n)
#define AC_FRAME_FREE(p) DEALLOC(p)
#include "altcoro.h"

static int ready;

struct big {
  long v[32];
};
typedef int al64_int __attribute__((aligned(64)));

/* The callee fills its result through its promise variable (the
 * promise alloca), or with -DFRAME_FILL through its frame
 * (__builtin_coro_promise of __builtin_coro_frame()). */
#ifdef FRAME_FILL
#define FILL_AT(fn, i) (AC__PROMISE_OF(fn, __builtin_coro_frame())->result.v[i])
#else
#define FILL_AT(fn, i) (ac__pr.result.v[i])
#endif

#ifdef LOCAL_AGG
#define BIG_LOCAL struct big b;
#define BIG_RETURN(x)                                                          \
  do {                                                                         \
    memset(&b, 0, sizeof b);                                                   \
    b.v[31] = (x);                                                             \
    AC_RETURN(b);                                                              \
  } while (0)
#else
#define BIG_LOCAL
#define BIG_RETURN(x) AC_RETURN(((struct big){.v[31] = (x)}))
#endif

#define LEAVES(pre, wait)                                                      \
  AC_ASYNC(int, pre##_leaf, int x)                                             \
  {                                                                            \
    AC_START(pre##_leaf);                                                      \
    wait;                                                                      \
    AC_RETURN(x + 1);                                                          \
    AC_FINISH();                                                               \
  }                                                                            \
  AC_ASYNC_VOID(pre##_out, int x, int *out)                                    \
  {                                                                            \
    AC_START(pre##_out);                                                       \
    wait;                                                                      \
    *out = x;                                                                  \
    AC_FINISH();                                                               \
  }                                                                            \
  AC_ASYNC(al64_int, pre##_al, int x)                                          \
  {                                                                            \
    AC_START(pre##_al);                                                        \
    wait;                                                                      \
    AC_RETURN(x);                                                              \
    AC_FINISH();                                                               \
  }                                                                            \
  AC_ASYNC(struct big, pre##_fill, int x)                                      \
  {                                                                            \
    int i;                                                                     \
    AC_START(pre##_fill);                                                      \
    wait;                                                                      \
    for (i = 0; i < 32; ++i)                                                   \
      FILL_AT(pre##_fill, i) = (long)x + i;                                    \
    AC_RETURN_VOID();                                                          \
    AC_FINISH();                                                               \
  }                                                                            \
  AC_ASYNC(struct big, pre##_big, int x)                                       \
  {                                                                            \
    BIG_LOCAL                                                                  \
    AC_START(pre##_big);                                                       \
    wait;                                                                      \
    BIG_RETURN(x);                                                             \
    AC_FINISH();                                                               \
  }

LEAVES(sf, (void)0)
LEAVES(ss, AC_WAIT_UNTIL(ready))

struct holder {
  int tag;
  ac_task t;
};

AC_ASYNC(long, top, int x)
{
  int a, b, o1 = 0, o2 = 0, l1, l2;
  long f1, f2;
#ifdef WHOLE
  struct big g1, g2;
#define PART(g) (g).v[31]
#define WHOLE_OR_PART(r) (r)
#else
  long g1, g2;
#define PART(g) (g)
#define WHOLE_OR_PART(r) (r).v[31]
#endif
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
  AC_AWAIT_AT(H, a = AC_RESULT(sf_leaf, H), sf_leaf, x);
  AC_AWAIT_AT(H, b = AC_RESULT(ss_leaf, H), ss_leaf, a);
  AC_AWAIT_AT(H, (void)0, sf_out, b, &o1);
  AC_AWAIT_AT(H, (void)0, ss_out, b, &o2);
  AC_AWAIT_AT(H, l1 = AC_RESULT(sf_al, H), sf_al, b);
  AC_AWAIT_AT(H, l2 = AC_RESULT(ss_al, H), ss_al, b);
  AC_AWAIT_AT(H, g1 = WHOLE_OR_PART(AC_RESULT(sf_big, H)), sf_big, b);
  AC_AWAIT_AT(H, g2 = WHOLE_OR_PART(AC_RESULT(ss_big, H)), ss_big, b);
  AC_AWAIT_AT(H, f1 = AC_RESULT(sf_fill, H).v[3], sf_fill, b);
  AC_AWAIT_AT(H, f2 = AC_RESULT(ss_fill, H).v[5], ss_fill, b);
  AC_RETURN(a + b + o1 + o2 + l1 + l2 + PART(g1) + PART(g2) + f1 + f2);
  AC_FINISH();
}

ac_task start(int x) { return top(x); }
void other(void)
{
  release(0);
  op_delete(0);
  (void)&pool_get;
  (void)&pool_put;
  (void)&pool_put_if;
  (void)&counting_put;
  (void)puts_;
}
