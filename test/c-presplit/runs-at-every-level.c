// A C coroutine (raw builtins) compiles and runs at every -O level with the
// plugin, and with every optional pass disabled (c-presplit stays on).
// RUN: %clang_cc -O0 %s -o %t0 && %t0 | FileCheck %s
// RUN: %clang_cc -O1 %s -o %t1 && %t1 | FileCheck %s
// RUN: %clang_cc -O2 %s -o %t2 && %t2 | FileCheck %s
// RUN: %clang_cc -O3 %s -o %t3 && %t3 | FileCheck %s
// RUN: %clang_cc -Os %s -o %ts && %ts | FileCheck %s
// RUN: %clang_cc -Oz %s -o %tz && %tz | FileCheck %s
// RUN: %clang_cc -O2 -mllvm -coroslim-disable=all %s -o %td && %td | FileCheck %s
// CHECK: 0 1 4 9 16 done
#include <stdio.h>
#include <stdlib.h>

typedef struct { int value; } promise_t;

static void *squares(int n) {
  // The frame reserves room for the promise declared here; it is touched
  // only after __builtin_coro_begin, through __builtin_coro_promise.
  _Alignas(8) promise_t promise;
  __builtin_coro_id(8, &promise, 0, 0);
  void *h = __builtin_coro_begin(
      __builtin_coro_alloc() ? malloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->value = -1;
  switch (__builtin_coro_suspend(0)) {
  case 0: break;
  case 1: goto cleanup;
  default: goto out;
  }
  for (int i = 0; i < n; i++) {
    p->value = i * i;
    switch (__builtin_coro_suspend(0)) {
    case 0: break;
    case 1: goto cleanup;
    default: goto out;
    }
  }
  switch (__builtin_coro_suspend(1)) {
  case 0: __builtin_unreachable();
  case 1: goto cleanup;
  default: goto out;
  }
cleanup:
  free(__builtin_coro_free(__builtin_coro_frame()));
out:
  __builtin_coro_end(h, 0);
  return h;
}

int main(void) {
  void *h = squares(5);
  for (;;) {
    __builtin_coro_resume(h);
    if (__builtin_coro_done(h))
      break;
    printf("%d ", ((promise_t *)__builtin_coro_promise(h, 8, 0))->value);
  }
  __builtin_coro_destroy(h);
  printf("done\n");
  return 0;
}
