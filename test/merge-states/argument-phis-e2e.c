// Level 2 with the argument computed in different ways, through clang at
// -Os and -O2: the four arms of @handler await an operation started by
// start_send(), a handle-returning function that is not a coroutine (as a
// library's start function in another translation unit, or a callee that
// CoroSplit already lowered), with `x + 1`, `y * 2`, a load `*q` and 5. The
// arms differ before the await, so the merged region starts at the call of
// start_send and takes a phi of the four arguments, which stay in their
// arms: 5 lowered states become 2. @logged's arms differ after the await (a
// store vs a call), which is not merged: with -g the remark names the lines.
// Every build prints the same.
//
// RUN: %clang_cc -O0 %s -o %t.O0 && %t.O0 > %t.ref
// RUN: %clang_cc -Os %s -o %t.Os && %t.Os | diff %t.ref -
// RUN: %clang_cc -O2 %s -o %t.O2 && %t.O2 | diff %t.ref -
// RUN: %clang_cc -O2 -mllvm -coroslim-disable=coroslim-merge-states %s -o %t.off && %t.off | diff %t.ref -
// RUN: FileCheck %s --check-prefix=OUT < %t.ref
// RUN: %clang_cc -Os -S -emit-llvm %s -o %t.Os.ll -Rpass=coroslim-merge-states 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.Os.ll | FileCheck %s --check-prefix=MERGED
// RUN: %clang_cc -O2 -S -emit-llvm %s -o %t.O2.ll -Rpass=coroslim-merge-states 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.O2.ll | FileCheck %s --check-prefix=MERGED
// RUN: %clang_cc -O2 -S -emit-llvm %s -o %t.off.ll -mllvm -coroslim-disable=coroslim-merge-states
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.off.ll | FileCheck %s --check-prefix=UNMERGED
// RUN: %clang_cc -Os -g -S -emit-llvm %s -o /dev/null -Rpass-missed=coroslim-merge-states 2>&1 | FileCheck %s --check-prefix=MISSED
//
// OUT: send 8
// OUT: cmd 0 -> 9 after 2 resumes
// OUT: send 20
// OUT: cmd 1 -> 21 after 2 resumes
// OUT: send 20
// OUT: cmd 2 -> 21 after 2 resumes
// OUT: send 5
// OUT: cmd 3 -> 6 after 2 resumes
// OUT: send 1
// OUT: logged 0 -> 2
// OUT: send 3
// OUT: log 4
// OUT: logged 1 -> 3
// REMARK: remark: merged 4 internal suspend points of coroutine handler into one (3 suspend points fewer;
// MERGED: lowered @handler: frame={{[0-9]+}} states=2
// UNMERGED: lowered @handler: frame={{[0-9]+}} states=5
// MISSED: argument-phis-e2e.c:[[#L2:]]:{{[0-9]+}}: remark: coroutine logged: cannot merge the internal suspend point at line
// MISSED-SAME: {{^}} [[#L2]] with the internal suspend point at line [[#L2-1]]: different operations (a call of @log_value at line [[#L2-1]] vs a store at line [[#L2]])
// MISSED-NOT: %

#include <stdio.h>
#include <stdlib.h>
typedef struct { int done; int value; } promise_t;
static void *my_alloc(unsigned long n) { return malloc(n); }
static void my_free(void *p) { free(p); }

__attribute__((noinline)) void *send(int n) {
  promise_t pr; __builtin_coro_id(8, &pr, 0, 0);
  void *h = __builtin_coro_begin(__builtin_coro_alloc() ? my_alloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->done = 0;
  switch (__builtin_coro_suspend(0)) { case 0: break; case 1: goto cleanup; default: goto out; }
  printf("send %d\n", n);
  switch (__builtin_coro_suspend(0)) { case 0: break; case 1: goto cleanup; default: goto out; }
  p->value = n + 1;
  p->done = 1;
  switch (__builtin_coro_suspend(1)) { case 0: __builtin_unreachable(); case 1: goto cleanup; default: goto out; }
cleanup:
  my_free(__builtin_coro_free(__builtin_coro_frame()));
out:
  __builtin_coro_end(h, 0);
  return h;
}

#define AWAIT(v, call) do { void *c = call; for (;;) { __builtin_coro_resume(c); \
  if (((promise_t*)__builtin_coro_promise(c, 8, 0))->done) break; \
  switch (__builtin_coro_suspend(0)) { case 0: continue; case 1: __builtin_coro_destroy(c); goto cleanup; default: goto out; } } \
  v = ((promise_t*)__builtin_coro_promise(c, 8, 0))->value; __builtin_coro_destroy(c); } while (0)

int g, stored;
__attribute__((noinline)) void *start_send(int n) { return send(n); }
__attribute__((noinline)) void log_value(int v) { printf("log %d\n", v); }

void *handler(int cmd, int x, int y, int *q, int *res) {
  promise_t pr; __builtin_coro_id(8, &pr, 0, 0);
  void *h = __builtin_coro_begin(__builtin_coro_alloc() ? my_alloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->done = 0;
  switch (__builtin_coro_suspend(0)) { case 0: break; case 1: goto cleanup; default: goto out; }
  int v = 0;
  switch (cmd) {
  case 0: AWAIT(v, start_send(x + 1)); break;
  case 1: AWAIT(v, start_send(y * 2)); break;
  case 2: AWAIT(v, start_send(*q)); break;
  default: AWAIT(v, start_send(5)); break;
  }
  *res = v;
  p->value = v;
  p->done = 1;
  switch (__builtin_coro_suspend(1)) { case 0: __builtin_unreachable(); case 1: goto cleanup; default: goto out; }
cleanup:
  my_free(__builtin_coro_free(__builtin_coro_frame()));
out:
  __builtin_coro_end(h, 0);
  return h;
}

void *logged(int cmd, int *res) {
  promise_t pr; __builtin_coro_id(8, &pr, 0, 0);
  void *h = __builtin_coro_begin(__builtin_coro_alloc() ? my_alloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->done = 0;
  switch (__builtin_coro_suspend(0)) { case 0: break; case 1: goto cleanup; default: goto out; }
  int v = 0;
  if (cmd) { AWAIT(v, start_send(cmd + 2)); log_value(v); }
  else { AWAIT(v, start_send(cmd + 1)); stored = v; }
  *res = cmd + 2;
  p->value = v;
  p->done = 1;
  switch (__builtin_coro_suspend(1)) { case 0: __builtin_unreachable(); case 1: goto cleanup; default: goto out; }
cleanup:
  my_free(__builtin_coro_free(__builtin_coro_frame()));
out:
  __builtin_coro_end(h, 0);
  return h;
}

static void run(void *h) {
  while (!((promise_t*)__builtin_coro_promise(h, 8, 0))->done) __builtin_coro_resume(h);
  __builtin_coro_destroy(h);
}

int main(void) {
  for (int cmd = 0; cmd < 4; cmd++) {
    int res = -1;
    g = cmd * 10;
    void *h = handler(cmd, cmd + 7, cmd + 9, &g, &res);
    int n = 0;
    while (!((promise_t*)__builtin_coro_promise(h, 8, 0))->done) { __builtin_coro_resume(h); n++; }
    printf("cmd %d -> %d after %d resumes\n", cmd, res, n);
    __builtin_coro_destroy(h);
  }
  for (int cmd = 0; cmd < 2; cmd++) {
    int res = -1;
    run(logged(cmd, &res));
    printf("logged %d -> %d\n", cmd, res);
  }
  return 0;
}
