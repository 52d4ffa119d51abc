// co_await (and co_yield) in a catch handler is ill-formed C++
// ([expr.await]: not in a handler), and a cleanup cannot suspend either: a
// destructor cannot be a coroutine. clang rejects all three, so the passes
// never see an await in a handler or a cleanup (docs/frontends.md, "C++20
// front end").
//
// RUN: not %clangxx -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error:

#include <coroutine>

struct gen {
  struct promise_type {
    gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

void may_throw();

gen in_handler() {
  try {
    may_throw();
  } catch (...) {
    // CHECK: handler-cleanup.cpp:[[@LINE+1]]:5: error: 'co_await' cannot be used in the handler of a try block
    co_await std::suspend_always{};
  }
}

gen yield_in_handler() {
  try {
    may_throw();
  } catch (...) {
    // CHECK: handler-cleanup.cpp:[[@LINE+1]]:5: error: 'co_yield' cannot be used in the handler of a try block
    co_yield 1;
  }
}

struct cleanup {
  // CHECK: handler-cleanup.cpp:[[@LINE+1]]:16: error: 'co_await' cannot be used in a destructor
  ~cleanup() { co_await std::suspend_always{}; }
};
