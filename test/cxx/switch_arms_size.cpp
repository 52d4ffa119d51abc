// Never worse (issue 21): a coroutine whose switch arms await the same
// lazy task (symmetric transfer, continuation in the promise) must not grow
// with coroslim at any size level. merge-states merges the three awaits;
// at -Oz the cost model must keep the .text at or below clang's own.
// The task type is this test's own, in the shape of cppcoro's task<T>.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -x c++ -std=c++20 -Oz -c %s -o %t/oz.plain.o
// RUN: %clangxx -Oz -c %s -o %t/oz.slim.o -Rpass=coroslim-merge-states -Rpass-missed=coroslim-merge-states 2>%t/oz.remarks
// RUN: %clang -x c++ -std=c++20 -Os -c %s -o %t/os.plain.o
// RUN: %clangxx -Os -c %s -o %t/os.slim.o
// RUN: %clang -x c++ -std=c++20 -O2 -c %s -o %t/o2.plain.o
// RUN: %clangxx -O2 -c %s -o %t/o2.slim.o
// RUN: %python %S/Inputs/text_not_larger.py %llvm_bin %t/oz.plain.o %t/oz.slim.o %t/os.plain.o %t/os.slim.o %t/o2.plain.o %t/o2.slim.o | FileCheck %s
// The program is what the test is about: the three awaits are merged
// (C++ awaits are suspend points to merge-states until issue 16).
// RUN: FileCheck %s --check-prefix=REMARK < %t/oz.remarks
// CHECK: oz.slim.o: .text {{[0-9]+}} -> {{[0-9]+$}}
// CHECK: os.slim.o: .text {{[0-9]+}} -> {{[0-9]+$}}
// CHECK: o2.slim.o: .text {{[0-9]+}} -> {{[0-9]+$}}
// REMARK: remark: merged 3 internal suspend points of coroutine _Z3midi into one

#include <coroutine>
#include <cstdio>
#include <utility>

template <class T> class lazy {
public:
  struct promise_type {
    T result{};
    std::coroutine_handle<> waiter;
    lazy get_return_object() {
      return lazy(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        std::coroutine_handle<> w = h.promise().waiter;
        return w ? w : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { result = v; }
    void unhandled_exception() {}
  };
  explicit lazy(std::coroutine_handle<promise_type> h) : h_(h) {}
  lazy(lazy &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~lazy() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> w) {
    h_.promise().waiter = w;
    return h_;
  }
  T await_resume() { return h_.promise().result; }
  std::coroutine_handle<promise_type> h_;
};

__attribute__((noinline)) lazy<int> leaf(int n) {
  std::printf("leaf %d\n", n);
  co_return n * 3;
}

__attribute__((noinline)) lazy<int> mid(int cmd) {
  int v = 0;
  switch (cmd) {
  case 0:
    v = co_await leaf(10);
    break;
  case 1:
    v = co_await leaf(20);
    break;
  case 2:
    v = co_await leaf(30);
    break;
  default:
    v = -1;
  }
  co_return v + 1;
}

int run_all() {
  int sum = 0;
  for (int c = 0; c < 4; ++c) {
    lazy<int> t = mid(c);
    t.h_.resume();
    sum += t.h_.promise().result;
  }
  return sum;
}
