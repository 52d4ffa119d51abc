// The 4-arm program in C with raw coroutine builtins (the docs/design.md await
// idiom): `switch (cmd) { case 0: await send(123); ... default: await
// send(42); }`. With coroslim-merge-states the four awaits become one (at
// PipelineEarlySimplification, before the await passes);
// every build prints the same.
//
// RUN: %clang_cc -O0 %s -o %t.O0 && %t.O0 > %t.ref
// RUN: %clang_cc -O1 %s -o %t.O1 && %t.O1 | diff %t.ref -
// RUN: %clang_cc -O2 %s -o %t.O2 && %t.O2 | diff %t.ref -
// RUN: %clang_cc -Os %s -o %t.Os && %t.Os | diff %t.ref -
// RUN: %clang_cc -O2 -mllvm -coroslim-disable=coroslim-merge-states %s -o %t.off && %t.off | diff %t.ref -
// RUN: FileCheck %s --check-prefix=OUT < %t.ref
// RUN: %clang_cc -O2 -S -emit-llvm %s -o %t.ll -Rpass=coroslim-merge-states 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.ll | FileCheck %s --check-prefix=MERGED
// RUN: %clang_cc -O2 -S -emit-llvm %s -o %t.off.ll -mllvm -coroslim-disable=coroslim-merge-states
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.off.ll | FileCheck %s --check-prefix=UNMERGED
// Through opt -verify-each with the plugin in the default pipeline:
// RUN: %clang_cc -O2 -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.raw.ll
// RUN: %opt -passes='default<O2>' -verify-each %t.raw.ll -o %t.bc
// RUN: %clang %t.bc -o %t.v && %t.v | diff %t.ref -
//
// OUT: send 123
// OUT: cmd 0 -> 124 after 2 resumes
// OUT: cmd 3 -> 43 after 2 resumes
// REMARK: remark: merged 4 awaits of @send of coroutine handler into one (3 suspend points fewer;
// MERGED: lowered @handler: frame={{[0-9]+}} states=2
// UNMERGED: lowered @handler: frame={{[0-9]+}} states=5

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

void *handler(int cmd, int *res) {
  promise_t pr; __builtin_coro_id(8, &pr, 0, 0);
  void *h = __builtin_coro_begin(__builtin_coro_alloc() ? my_alloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->done = 0;
  switch (__builtin_coro_suspend(0)) { case 0: break; case 1: goto cleanup; default: goto out; }
  int v = 0;
  switch (cmd) {
  case 0: AWAIT(v, send(123)); break;
  case 1: AWAIT(v, send(456)); break;
  case 2: AWAIT(v, send(789)); break;
  default: AWAIT(v, send(42)); break;
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

int main(void) {
  for (int cmd = 0; cmd < 4; cmd++) {
    int res = -1;
    void *h = handler(cmd, &res);
    int n = 0;
    while (!((promise_t*)__builtin_coro_promise(h, 8, 0))->done) { __builtin_coro_resume(h); n++; }
    printf("cmd %d -> %d after %d resumes\n", cmd, res, n);
    __builtin_coro_destroy(h);
  }
  return 0;
}
