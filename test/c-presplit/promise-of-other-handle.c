// A promise-less C coroutine may read the promise of another coroutine
// through a local that once held its own handle. c-presplit's "declares no
// promise" error is for its own handle only; a local that also holds
// another handle is not provably that (before, this was an error at -O0,
// where the handle lives in that local).
// RUN: %clang_cc -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --allow-empty
// RUN: %clang_cc -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --allow-empty
// CHECK-NOT: error
#include <stdlib.h>
typedef struct { int value; } promise_t;
void *child(void);
int seen;
void *parent(void) {
  __builtin_coro_id(16, 0, 0, 0);
  void *h = __builtin_coro_begin(
      __builtin_coro_alloc() ? malloc(__builtin_coro_size()) : 0);
  void *self = h;
  h = child();
  __builtin_coro_resume(h);
  seen = ((promise_t *)__builtin_coro_promise(h, 8, 0))->value;
  __builtin_coro_destroy(h);
  switch (__builtin_coro_suspend(1)) {
  case 0:
    __builtin_trap();
  case 1:
    break;
  default:
    goto out;
  }
  free(__builtin_coro_free(self));
out:
  __builtin_coro_end(self, 0);
  return self;
}

// The same when the local's address goes to a function that may store
// another handle into it.
void get_child(void **slot);
void *parent_escaped(void) {
  __builtin_coro_id(16, 0, 0, 0);
  void *h = __builtin_coro_begin(
      __builtin_coro_alloc() ? malloc(__builtin_coro_size()) : 0);
  void *self = h;
  get_child(&h);
  seen = ((promise_t *)__builtin_coro_promise(h, 8, 0))->value;
  switch (__builtin_coro_suspend(1)) {
  case 0:
    __builtin_trap();
  case 1:
    break;
  default:
    goto out;
  }
  free(__builtin_coro_free(self));
out:
  __builtin_coro_end(self, 0);
  return self;
}
