// coroslim-stat on C++20 sources (.cpp, .cc, .cxx): clang++ -std=c++20
// makes the pre-split IR. The suspend points are the source's: a lazily
// started task has an initial suspend (seen once the awaiters are inlined,
// as the normalisation does for coroutines the front end marked
// presplitcoroutine), and @bar's co_await is one internal suspend.
// RUN: %coroslim-stat --no-opt %s | FileCheck %s
// RUN: rm -rf %t && mkdir %t && cp %s %t/task.cc && cp %s %t/task.cxx
// RUN: %coroslim-stat --no-opt %t/task.cc | FileCheck %s
// RUN: %coroslim-stat --no-opt %t/task.cxx | FileCheck %s
// At -O0 too (clang++ marks everything optnone and noinline there).
// RUN: %coroslim-stat -O0 %s | FileCheck %s --check-prefix=O0
// -D reaches clang++.
// RUN: %coroslim-stat --no-opt -DSECOND_AWAIT %s | FileCheck %s --check-prefix=TWO

// CHECK:      coroutine initial internal final checked awaits states frame code passes
// CHECK-NEXT: @_Z4leafi 1 0 1 0 0 1 {{[1-9][0-9]* +[1-9][0-9]*}} -
// CHECK-NEXT: @_Z3bari 1 1 1 0 0 2 {{[1-9][0-9]* +[1-9][0-9]*}} -
// CHECK-NOT:  @main
// O0:         @_Z4leafi 1 0 1 0 0 1 {{[1-9][0-9]* +[1-9][0-9]*}} -
// O0-NEXT:    @_Z3bari 1 1 1 0 0 2 {{[1-9][0-9]* +[1-9][0-9]*}} -
// TWO:        @_Z3bari 1 2 1 0 0 3

#include <coroutine>

struct task {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> continuation;
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().continuation;
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
  task(task &&o) : h(o.h) { o.h = {}; }
  ~task() {
    if (h)
      h.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h.promise().continuation = c;
    return h;
  }
  int await_resume() { return h.promise().value; }
};

__attribute__((noinline)) task leaf(int x) { co_return x * 2; }

task bar(int x) {
  int v = co_await leaf(x);
#ifdef SECOND_AWAIT
  v += co_await leaf(v);
#endif
  co_return v * 2;
}

int main() {
  task t = bar(11);
  t.h.resume();
  return t.h.promise().value == 44 ? 0 : 1;
}
