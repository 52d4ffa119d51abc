// A lazy C++ task type with symmetric transfer (continuation in the
// promise, final awaiter returning it or noop) awaited in a chain of
// suspend-free tasks and in a loop. With the plugin every await runs in
// place and CoroElide then drops the awaited frames: only the outer task
// allocates, at -O2, -Os and -Oz, without and with -fexceptions where the
// promise cannot throw. Output is the same as without the plugin.
//
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 -Rpass=coroslim-fold-transfer 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t.O2 | FileCheck %s --check-prefixes=OUT,NONE
// RUN: %clangxx -O1 -fno-exceptions %s -o %t.O1 && %t.O1 | FileCheck %s --check-prefixes=OUT,NONE
// At -Os and -Oz the inliner leaves the split ramps out of line; the pass
// inlines them, and only the outer task keeps its frame.
// RUN: %clangxx -Os -fno-exceptions %s -o %t.Os -Rpass=coroslim-fold-transfer 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t.Os | FileCheck %s --check-prefixes=OUT,ONE
// RUN: %clangxx -Oz -fno-exceptions %s -o %t.Oz && %t.Oz | FileCheck %s --check-prefixes=OUT,ONE
// Without the C++ await passes: the same output, a frame per task.
// RUN: %clangxx -O2 -fno-exceptions -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame %s -o %t.base && %t.base | FileCheck %s --check-prefixes=OUT,BASE
// RUN: %clangxx -Os -fno-exceptions -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame %s -o %t.bases && %t.bases | FileCheck %s --check-prefixes=OUT,BASES
// coroslim-embed-frame alone (the tasks keep their transfers) moves every
// task's frame into the outer one's: the same counts.
// RUN: %clangxx -O2 -fno-exceptions -mllvm -coroslim-disable=coroslim-fold-transfer %s -o %t.embed && %t.embed | FileCheck %s --check-prefixes=OUT,NONE
// RUN: %clangxx -Os -fno-exceptions -mllvm -coroslim-disable=coroslim-fold-transfer %s -o %t.embeds && %t.embeds | FileCheck %s --check-prefixes=OUT,ONE
// RUN: %clangxx -O0 %s -o %t.O0 && %t.O0 | FileCheck %s --check-prefix=OUT
//
// REMARK-DAG: task-chain.cpp:{{[0-9]+}}:{{[0-9]+}}: remark: C++ await of '_Z4leafi' runs it in place
// REMARK-DAG: task-chain.cpp:{{[0-9]+}}:{{[0-9]+}}: remark: C++ await of '_Z3midi' runs it in place
// OUT: total 2420
// NONE: frames 0
// ONE: frames 1
// BASE: frames 40
// BASES: frames 81

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <utility>

static int Frames;

struct task {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> continuation;
    static void *operator new(std::size_t n) {
      ++Frames;
      return std::malloc(n);
    }
    static void operator delete(void *p) { std::free(p); }
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
    void return_value(int v) noexcept { value = v; }
    void unhandled_exception() noexcept { std::abort(); }
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h)
      h.destroy();
  }
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  int await_resume() noexcept { return h.promise().value; }
};

task leaf(int x) { co_return x * 3 + 1; }

task mid(int x) {
  int a = co_await leaf(x);
  co_return a + 1;
}

task top(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i)
    total += co_await mid(i);
  co_return total;
}

int main(int argc, char **) {
  task t = top(39 + argc);
  t.h.resume();
  std::printf("total %d\n", t.h.promise().value);
  std::printf("frames %d\n", Frames);
}
