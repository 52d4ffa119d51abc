// The if/else co_await example: both arms await the same task-returning
// coroutine with a different argument. The awaited task never suspends, so
// coroslim-fold-transfer runs both awaits in place (their ramps are invoked
// under -fexceptions) and no await state is left for coroslim-merge-states
// to merge: one state (the start) with or without it on LLVM 22. On LLVM 19
// one await is left (2 states), and merge-states then gives 1. (Before the
// fold read invoked ramps, merge-states made the two await states one:
// 3 -> 2.) The output must not change.
//
// RUN: %python %S/run_cxx.py %s --states _Z7handleri | FileCheck %s
// CHECK: 12 builds, 0 mismatches
// CHECK: with-merge: lowered @_Z7handleri: frame={{[0-9]+}} states=1
// CHECK: without-merge: lowered @_Z7handleri: frame={{[0-9]+}} states={{[12]$}}
// CHECK: send 123
// CHECK: handler 0 -> 124
// CHECK: send 456
// CHECK: handler 1 -> 457
// CHECK: gen: 1 20 3 40 5 total 69

#include <coroutine>
#include <cstdio>
#include <utility>

struct task {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> cont;
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().cont;
        return c ? c : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(int v) { value = v; }
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h)
      h.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h.promise().cont = c;
    return h;
  }
  int await_resume() { return h.promise().value; }
};

template <typename T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() {
      return generator{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> h;
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) : h(std::exchange(o.h, {})) {}
  ~generator() {
    if (h)
      h.destroy();
  }
  bool next() {
    h.resume();
    return !h.done();
  }
  T value() const { return h.promise().current; }
};

__attribute__((noinline)) task send(int n) {
  std::printf("send %d\n", n);
  co_return n + 1;
}

task handler(int cmd) {
  int v;
  if (cmd == 0)
    v = co_await send(123);
  else
    v = co_await send(456);
  co_return v;
}

// Two co_yield sites in sibling arms: the same state once merged.
generator<int> gen(int n) {
  for (int i = 1; i <= n; ++i) {
    if (i % 2)
      co_yield i;
    else
      co_yield i * 10;
  }
}

int main() {
  for (int c = 0; c < 2; ++c) {
    task t = handler(c);
    t.h.resume();
    std::printf("handler %d -> %d\n", c, t.h.promise().value);
  }
  generator<int> g = gen(5);
  int total = 0;
  std::printf("gen:");
  while (g.next()) {
    std::printf(" %d", g.value());
    total += g.value();
  }
  std::printf(" total %d\n", total);
  // Destroy a generator while it is suspended in a merged state.
  generator<int> early = gen(4);
  early.next();
  early.next();
  return 0;
}
