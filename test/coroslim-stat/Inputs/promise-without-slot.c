/* Reads its promise but declares none in __builtin_coro_id: c-presplit
 * refuses it with an error naming the coroutine. */
typedef struct { int value; } promise_t;
void *no_slot(void) {
  __builtin_coro_id(8, 0, 0, 0);
  void *h = __builtin_coro_begin(0);
  ((promise_t *)__builtin_coro_promise(h, 8, 0))->value = 1;
  __builtin_coro_end(h, 0);
  return h;
}
