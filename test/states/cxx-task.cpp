// The analysis on clang++ 22 output for C++20 coroutines: a lazily started
// task (initial suspend_always) awaiting another, and a generator. C++
// coroutines already carry presplitcoroutine; c-presplit leaves them alone.
// RUN: %clang -std=c++20 -O1 -fno-exceptions -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,cgscc(inline),function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.ll | FileCheck %s
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.exe && %t.exe | FileCheck %s --check-prefix=OUT
// RUN: %clangxx -O0 %s -o %t0.exe && %t0.exe | FileCheck %s --check-prefix=OUT
// RUN: %clangxx -Os %s -o %ts.exe && %ts.exe | FileCheck %s --check-prefix=OUT
// RUN: %clang -std=c++20 -O2 -fpass-plugin=%plugin -fno-exceptions -Xclang -disable-llvm-passes -emit-llvm -c %s -o %t.bc
// RUN: %opt -passes='default<O2>' -verify-each -disable-output %t.bc
// clang++ -O0 splits C++ coroutines itself: its output is the lowered stage.
// RUN: %clang -std=c++20 -O0 -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t.o0.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.o0.ll | FileCheck %s --check-prefix=O0
// O0: lowered @_Z4leafi: frame={{[1-9][0-9]*}} states=1 traps=0
// O0: lowered @_Z3bari: frame={{[1-9][0-9]*}} states=2 traps=0
// O0-NOT: not a coroutine
#include <coroutine>
#include <cstdio>

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

// CHECK-LABEL: coroutine @_Z4leafi: pre-split initial=1 internal=0 final=1 checked=0
__attribute__((noinline)) task leaf(int x) { co_return x * 2; }

// CHECK-LABEL: coroutine @_Z3bari: pre-split initial=1 internal=1 final=1 checked=0
task bar(int x) {
  int v = co_await leaf(x > 10);
  co_return v * 2;
}

int main() {
  task t = bar(11);
  t.h.resume();
  // OUT: result 4
  std::printf("result %d\n", t.h.promise().value);
}
