// Eager tasks are refused: an eager task has run up to its first suspend
// before it is awaited, so the await has nothing to run in place and no
// frame to take over.
// - seastar style (test/cxx/tasks/seastar_style.hpp: initial_suspend
//   returns suspend_never, a pending future is awaited by recording the
//   waiter, not by symmetric transfer): the remark says its await_suspend
//   returns void; an await of a future that is always ready by then
//   leaves no suspend point at -O2, and no remark (at -Os, LLVM 19 removes
//   that suspend too; with LLVM 22 it stays, refused as void).
// - an eager task of one's own whose await is a symmetric transfer: its
//   await_suspend returns noop (the task is already running), not the
//   task's handle.
// Neither remark says "eager" (docs/frontends.md, "C++20 front end").
//
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fno-exceptions %s -o %t.Os -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefixes=REMARK%if llvm-22 %{,OS%} --implicit-check-not=remark:
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.base -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %clangxx -Os -fno-exceptions %s -o %t.bases -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %t.O2 > %t.O2.out && %t.base > %t.base.out && diff %t.O2.out %t.base.out
// RUN: %t.Os > %t.Os.out && %t.bases > %t.bases.out && diff %t.Os.out %t.bases.out
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
//
// OUT: result 64
// OUT-NEXT: eager 6
// OUT-NEXT: frames 2 2

#include "../tasks/seastar_style.hpp"

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <utility>

using seastar_style::future;

static cxxtest::event Ready;

// Runs up to its co_await of the event when called.
future<int> slow(int x) {
  // REMARK-DAG: eager.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await Ready;
  co_return x + 1;
}

// Never suspends: its future is ready when it returns.
future<int> quick(int x) { co_return x * 2; }

future<int> outer(int x) {
  // REMARK-DAG: eager.cpp:[[@LINE+1]]:11: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  int a = co_await slow(x);
  // OS-DAG: eager.cpp:[[@LINE+1]]:11: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  int b = co_await quick(x);
  co_return a + b;
}

// An eager task that awaits by symmetric transfer: when its awaiter's
// await_suspend runs it is suspended elsewhere (on Go), so await_suspend
// records the continuation and returns noop.
static int Frames;
struct eager {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> continuation;
    static void *operator new(std::size_t n) {
      ++Frames;
      return std::malloc(n);
    }
    static void operator delete(void *p) { std::free(p); }
    eager get_return_object() {
      return eager{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
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
  explicit eager(std::coroutine_handle<promise_type> h) : h(h) {}
  eager(eager &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~eager() {
    if (h)
      h.destroy();
  }
  bool await_ready() noexcept { return h.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return std::noop_coroutine();
  }
  int await_resume() noexcept { return h.promise().value; }
};

static cxxtest::event Go;

eager eleaf(int x) {
  // REMARK-DAG: eager.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await Go;
  co_return x + 5;
}

eager etop(int x) {
  // REMARK-DAG: eager.cpp:[[@LINE+1]]:11: remark: C++ await not run in place: its await_suspend does not return the handle the awaiter holds
  int a = co_await eleaf(x);
  co_return a;
}

int main(int argc, char **) {
  future<int> f = outer(20 + argc);
  Ready.set();
  cxxtest::run();
  std::printf("result %d\n", f.get());
  eager e = etop(argc);
  Go.set();
  cxxtest::run();
  std::printf("eager %d\n", e.h.promise().value);
  std::printf("frames %lu %d\n", cxxtest::frames_allocated, Frames);
}
