// The same rejection from clang: a clear error, no crash, non-zero exit.
// RUN: not %clang_cc -O2 -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: error: coroutine 'counter' uses its promise before __builtin_coro_begin
// CHECK-NOT: PLEASE submit a bug report
typedef struct { int value; } promise_t;
void *counter(void) {
  promise_t p = {0};
  __builtin_coro_id(4, &p, 0, 0);
  void *h = __builtin_coro_begin(0);
  __builtin_coro_end(h, 0);
  return h;
}
