// A C coroutine that reads its own promise but declares none in
// __builtin_coro_id has no promise slot in its frame; c-presplit says so
// instead of letting the promise overlap other frame fields.
// RUN: not %clang_cc -O0 -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %clang_cc -O2 -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: coroutine 'no_slot' uses __builtin_coro_promise but declares no promise in __builtin_coro_id
// CHECK-NOT: PLEASE submit a bug report
typedef struct { int value; } promise_t;
void *no_slot(void) {
  __builtin_coro_id(8, 0, 0, 0);
  void *h = __builtin_coro_begin(0);
  ((promise_t *)__builtin_coro_promise(h, 8, 0))->value = 1;
  __builtin_coro_end(h, 0);
  return h;
}
