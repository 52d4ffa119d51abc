// Chains of any depth on a C front end of its own (raw __builtin_coro_*
// macros, not coro.h): done tested with __builtin_coro_done, the result
// read from the promise, frames freed with a null test. A 3-deep chain
// twice -> bar -> foo -> event (twice awaits bar twice) and a 4-deep one
// l4 -> l3 -> l2 -> l1 -> event in which l3 also awaits the suspend-free
// sfree (folded first) collapse bottom-up in one run of the pipeline: one
// frame per top-level task. Before the clean-up after each rewrite, the
// inlined callee's constant cleanup-destination switch and the dead
// `ret ptr poison` behind it stopped each chain after two levels ("not
// inlining 'bar' into twice: it returns without llvm.coro.end"): 5 frames.
//
// On LLVM 19 some awaits here are refused (cleanup switch default; docs/testing.md).
// UNSUPPORTED: llvm-19
// RUN: %clang_cc -Wall -Wextra -Werror -Os %s -o %t.os -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t.os > %t.os.txt && FileCheck %s --check-prefixes=OUT,FRAMES < %t.os.txt
// RUN: %clang_cc -Wall -Wextra -Werror -O2 %s -o %t.o2 -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty
// RUN: %t.o2 | FileCheck %s --check-prefix=OUT
// RUN: %clang_cc -Wall -Wextra -Werror -Os -mllvm -coroslim-disable=coroslim-inline-single-suspend,coroslim-fold-suspend-free %s -o %t.off
// RUN: %t.off > %t.off.txt && FileCheck %s --check-prefixes=OUT,OFF < %t.off.txt
// The same through opt with the verifier after every pass.
// RUN: %clang -Os -Xclang -fcoroutines -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='default<Os>' -verify-each -pass-remarks-missed=coroslim-inline-single-suspend %t.raw.ll -disable-output 2>&1 | FileCheck %s --check-prefix=NONE --allow-empty

// Callees first; bar and l2 were refused before.
// REMARK-DAG: inlined coroutine event into foo: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine foo into bar: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine bar into twice: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine bar into twice: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine event into l1: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine l1 into l2: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine l2 into l3: 1 internal suspend point(s)
// REMARK-DAG: inlined coroutine l3 into l4: 1 internal suspend point(s)
// REMARK-NOT: not inlining
// NONE-NOT: not inlining

// OUT: event(20): waiting
// OUT-NEXT: event(30): waiting
// OUT-NEXT: twice(1): 69 99
// OUT-NEXT: twice: 168
// OUT-NEXT: event(11): waiting
// OUT-NEXT: l4(5): 36
// OUT-NEXT: l4: 36
// OUT-NEXT: resumes: 5
// OUT-NEXT: live frames: 0
// One frame per top-level task (twice, l4); 13 without the two passes.
// FRAMES-NEXT: frames: 2
// OFF-NEXT: frames: 13
#include <stdio.h>
#include <stdlib.h>

typedef struct { int value; } promise_t;
static unsigned long frames_allocated, frames_live;
static void *waiter;  /* the task the event wakes */
static void *current; /* the task being run */

static void *my_alloc(unsigned long n) { ++frames_allocated; ++frames_live; return malloc(n); }
static void my_free(void *m) { --frames_live; free(m); }

#define CO_SUSPEND()                                                         \
  switch (__builtin_coro_suspend(0)) {                                       \
  case 0: break;                                                             \
  case 1: goto cleanup;                                                      \
  default: goto out;                                                         \
  }
#define CO_BEGIN()                                                           \
  _Alignas(8) promise_t promise;                                             \
  __builtin_coro_id(8, &promise, 0, 0);                                      \
  void *h = __builtin_coro_begin(                                            \
      __builtin_coro_alloc() ? my_alloc(__builtin_coro_size()) : 0);         \
  promise_t *p = __builtin_coro_promise(h, 8, 0);                            \
  CO_SUSPEND()
#define CO_RETURN(v)                                                         \
  do { p->value = (v); goto final; } while (0)
#define CO_END()                                                             \
  final:                                                                     \
  switch (__builtin_coro_suspend(1)) {                                       \
  case 0: __builtin_trap();                                                  \
  case 1: goto cleanup;                                                      \
  default: goto out;                                                         \
  }                                                                          \
  cleanup: {                                                                 \
    void *m = __builtin_coro_free(__builtin_coro_frame());                   \
    if (m) my_free(m);                                                       \
  }                                                                          \
  out:                                                                       \
  __builtin_coro_end(h, 0);                                                  \
  return h
#define CO_AWAIT(r, call)                                                    \
  do {                                                                       \
    void *c = call;                                                          \
    for (;;) {                                                               \
      __builtin_coro_resume(c);                                              \
      if (__builtin_coro_done(c)) break;                                     \
      switch (__builtin_coro_suspend(0)) {                                   \
      case 0: continue;                                                      \
      case 1: __builtin_coro_destroy(c); goto cleanup;                       \
      default: goto out;                                                     \
      }                                                                      \
    }                                                                        \
    r = ((promise_t *)__builtin_coro_promise(c, 8, 0))->value;               \
    __builtin_coro_destroy(c);                                               \
  } while (0)

static void *event(int n) {
  CO_BEGIN();
  printf("event(%d): waiting\n", n);
  waiter = current;
  CO_SUSPEND();
  CO_RETURN(n + 1);
  CO_END();
}

static void *foo(int n) {
  int r;
  CO_BEGIN();
  CO_AWAIT(r, event(n * 10));
  CO_RETURN(r + 2);
  CO_END();
}

static void *bar(int n) {
  int r;
  CO_BEGIN();
  CO_AWAIT(r, foo(n + 1));
  CO_RETURN(r * 3);
  CO_END();
}

static void *twice(int n) {
  int a, b;
  CO_BEGIN();
  CO_AWAIT(a, bar(n));
  CO_AWAIT(b, bar(n + 1));
  printf("twice(%d): %d %d\n", n, a, b);
  CO_RETURN(a + b);
  CO_END();
}

/* The 4-deep chain: l4 -> l3 -> l2 -> l1 -> event, l3 also awaits the
 * suspend-free sfree (fold-suspend-free's case) before l2. */
static void *sfree(int n) {
  CO_BEGIN();
  CO_RETURN(n * 2);
  CO_END();
}

static void *l1(int n) {
  int r;
  CO_BEGIN();
  CO_AWAIT(r, event(n));
  CO_RETURN(r + 1);
  CO_END();
}

static void *l2(int n) {
  int r;
  CO_BEGIN();
  CO_AWAIT(r, l1(n + 1));
  CO_RETURN(r * 2);
  CO_END();
}

static void *l3(int n) {
  int s, r;
  CO_BEGIN();
  CO_AWAIT(s, sfree(n));
  CO_AWAIT(r, l2(s));
  CO_RETURN(r + s);
  CO_END();
}

static void *l4(int n) {
  int r;
  CO_BEGIN();
  CO_AWAIT(r, l3(n));
  printf("l4(%d): %d\n", n, r);
  CO_RETURN(r);
  CO_END();
}

/* Runs task t until it completes: each time it parks on the event, the
 * event fires (resumes the task again). */
static int run(void *t, unsigned long *resumes) {
  int r;
  current = t;
  do {
    waiter = 0;
    __builtin_coro_resume(t);
    ++*resumes;
  } while (!__builtin_coro_done(t) && waiter == t);
  r = ((promise_t *)__builtin_coro_promise(t, 8, 0))->value;
  __builtin_coro_destroy(t);
  return r;
}

int main(void) {
  unsigned long resumes = 0;
  printf("twice: %d\n", run(twice(1), &resumes));
  printf("l4: %d\n", run(l4(5), &resumes));
  printf("resumes: %lu\n", resumes);
  printf("live frames: %lu\n", frames_live);
  printf("frames: %lu\n", frames_allocated);
  return 0;
}
