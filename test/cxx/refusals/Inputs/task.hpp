// A small lazy C++20 task for test/cxx/refusals: symmetric transfer (the
// awaiting handle stored as the continuation in the promise, the final
// awaiter returning it or noop), a promise operator new that counts the
// frames really allocated (`Frames`), and a one-waiter `gate` on a tiny run
// queue so that a task can really suspend. The shape of
// test/fold-transfer/task-chain.cpp, shared by the refusal tests so that
// each one differs from the accepted shape only in what it refuses.
#ifndef COROSLIM_TEST_CXX_REFUSALS_TASK_HPP
#define COROSLIM_TEST_CXX_REFUSALS_TASK_HPP

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <utility>

inline int Frames;

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
  /// Gives up ownership: the caller no longer destroys the frame.
  std::coroutine_handle<promise_type> release() noexcept {
    return std::exchange(h, {});
  }
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  int await_resume() noexcept { return h.promise().value; }
};

/// A run queue of suspended coroutines, drained by run_queue().
inline std::coroutine_handle<> Queue[64];
inline int Queued;

inline void schedule(std::coroutine_handle<> h) noexcept {
  if (Queued == 64)
    std::abort();
  Queue[Queued++] = h;
}

inline void run_queue() {
  for (int i = 0; i < Queued; ++i)
    Queue[i].resume();
  Queued = 0;
}

/// co_await gate{}: suspend once; run_queue() resumes the waiter.
struct gate {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { schedule(h); }
  void await_resume() noexcept {}
};

#endif
