//===- executor.hpp - A single-threaded run queue and an event --*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// The smallest scheduler that makes tasks really suspend: a FIFO run queue of
// coroutine handles (drained by run()), an `event` whose co_await suspends
// the awaiting coroutine until set() puts it on the run queue, and
// `yield_now()`, which suspends once and comes back through the queue. No
// threads and no allocation: a program's output depends only on its code.
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_EXECUTOR_HPP
#define COROSLIM_TEST_CXX_TASKS_EXECUTOR_HPP

#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace cxxtest {

class executor {
public:
  static constexpr std::size_t Capacity = 256;

  void schedule(std::coroutine_handle<> h) noexcept {
    if (count_ == Capacity) {
      std::fputs("executor: run queue full\n", stderr);
      std::abort();
    }
    queue_[(head_ + count_++) % Capacity] = h;
  }

  /// Resumes the oldest queued coroutine; false when the queue is empty.
  bool run_one() {
    if (count_ == 0)
      return false;
    std::coroutine_handle<> h = queue_[head_];
    head_ = (head_ + 1) % Capacity;
    --count_;
    ++resumed_;
    h.resume();
    return true;
  }

  /// Runs until nothing is queued.
  void run() {
    while (run_one()) {
    }
  }

  /// How many coroutines this executor has resumed (a program prints it to
  /// show how often its tasks really suspended).
  unsigned long resumed() const noexcept { return resumed_; }

private:
  std::coroutine_handle<> queue_[Capacity] = {};
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  unsigned long resumed_ = 0;
};

/// The executor the task styles' sync_wait drains.
inline executor &default_executor() noexcept {
  static executor e;
  return e;
}

inline void schedule(std::coroutine_handle<> h) noexcept {
  default_executor().schedule(h);
}

inline void run() { default_executor().run(); }

/// A manual-reset event. co_await suspends until set(); set() schedules
/// every waiter on the default executor (it never resumes one inline).
class event {
public:
  static constexpr std::size_t MaxWaiters = 16;

  bool is_set() const noexcept { return set_; }

  void set() noexcept {
    set_ = true;
    for (std::size_t i = 0; i != waiting_; ++i)
      schedule(waiters_[i]);
    waiting_ = 0;
  }

  void reset() noexcept { set_ = false; }

  /// Registers a handle to schedule on set(); for awaiters that are not
  /// this event's own (asio_style parks a whole awaitable thread).
  void add_waiter(std::coroutine_handle<> h) noexcept {
    if (waiting_ == MaxWaiters) {
      std::fputs("event: too many waiters\n", stderr);
      std::abort();
    }
    waiters_[waiting_++] = h;
  }

  struct awaiter {
    event &ev;
    bool await_ready() const noexcept { return ev.set_; }
    void await_suspend(std::coroutine_handle<> h) noexcept { ev.add_waiter(h); }
    void await_resume() const noexcept {}
  };

  awaiter operator co_await() noexcept { return awaiter{*this}; }

private:
  bool set_ = false;
  std::size_t waiting_ = 0;
  std::coroutine_handle<> waiters_[MaxWaiters] = {};
};

/// co_await yield_now(): suspend once, come back through the run queue.
struct yield_now {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { schedule(h); }
  void await_resume() const noexcept {}
};

} // namespace cxxtest

#endif
