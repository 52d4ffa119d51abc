//===- folly_style.hpp - A lazy Task<T> in folly::coro's shape --*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// A lazy Task<T> written the way folly::coro::Task<T> is built (our own code,
// not folly's):
//   * the result is a Try<T>, a hand-written union of (nothing, value,
//     exception_ptr) with a `contains_` tag;
//   * the promise carries an executor pointer. Awaiting a Task binds it to
//     the awaiting Task's executor: the Awaiter's await_suspend copies
//     the executor from the awaiting promise into the awaited one (folly
//     does the binding when the awaiting promise transforms the await, in
//     co_viaIfAsync; here it sits in await_suspend, next to the continuation
//     store, so the IR shows both stores into the callee's promise);
//   * co_await moves the coroutine out of the Task into the Awaiter, which
//     sets the continuation, returns the callee's handle (symmetric
//     transfer) and destroys the callee frame once await_resume has taken
//     the result;
//   * the final awaiter returns the continuation (a root Task has
//     std::noop_coroutine()).
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_FOLLY_STYLE_HPP
#define COROSLIM_TEST_CXX_TASKS_FOLLY_STYLE_HPP

#include "executor.hpp"
#include "frames.hpp"

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace folly_style {

using Executor = cxxtest::executor;

/// A value, an exception, or nothing yet.
template <typename T> class Try {
  enum class Contains { NOTHING, VALUE, EXCEPTION };

public:
  Try() noexcept : contains_(Contains::NOTHING) {}
  Try(Try &&other) noexcept : contains_(Contains::NOTHING) {
    moveFrom(std::move(other));
  }
  Try &operator=(Try &&other) noexcept {
    if (this != &other) {
      destroy();
      moveFrom(std::move(other));
    }
    return *this;
  }
  ~Try() { destroy(); }

  template <typename... Args> T &emplace(Args &&...args) {
    destroy();
    ::new (static_cast<void *>(std::addressof(value_)))
        T(std::forward<Args>(args)...);
    contains_ = Contains::VALUE;
    return value_;
  }

#if __cpp_exceptions
  void emplaceException(std::exception_ptr e) noexcept {
    destroy();
    ::new (static_cast<void *>(std::addressof(e_))) std::exception_ptr(e);
    contains_ = Contains::EXCEPTION;
  }
#endif

  bool hasValue() const noexcept { return contains_ == Contains::VALUE; }
  bool hasException() const noexcept {
    return contains_ == Contains::EXCEPTION;
  }

  T &value() & {
    throwUnlessValue();
    return value_;
  }
  T &&value() && {
    throwUnlessValue();
    return std::move(value_);
  }

private:
  void throwUnlessValue() {
#if __cpp_exceptions
    if (contains_ == Contains::EXCEPTION)
      std::rethrow_exception(e_);
#endif
    if (contains_ != Contains::VALUE) {
      std::fputs("folly_style: Try is empty\n", stderr);
      std::abort();
    }
  }

  void moveFrom(Try &&other) noexcept {
    if (other.contains_ == Contains::VALUE)
      ::new (static_cast<void *>(std::addressof(value_)))
          T(std::move(other.value_));
#if __cpp_exceptions
    else if (other.contains_ == Contains::EXCEPTION)
      ::new (static_cast<void *>(std::addressof(e_)))
          std::exception_ptr(std::move(other.e_));
#endif
    contains_ = other.contains_;
  }

  void destroy() noexcept {
    if (contains_ == Contains::VALUE)
      value_.~T();
#if __cpp_exceptions
    else if (contains_ == Contains::EXCEPTION)
      e_.~exception_ptr();
#endif
    contains_ = Contains::NOTHING;
  }

  Contains contains_;
  union {
    T value_;
#if __cpp_exceptions
    std::exception_ptr e_;
#endif
  };
};

/// Try<void>: done, or an exception.
template <> class Try<void> {
public:
  void emplace() noexcept { hasValue_ = true; }
#if __cpp_exceptions
  void emplaceException(std::exception_ptr e) noexcept { e_ = e; }
#endif
  bool hasValue() const noexcept { return hasValue_; }
  void value() {
#if __cpp_exceptions
    if (e_)
      std::rethrow_exception(e_);
#endif
    if (!hasValue_) {
      std::fputs("folly_style: Try<void> is empty\n", stderr);
      std::abort();
    }
  }

private:
  bool hasValue_ = false;
#if __cpp_exceptions
  std::exception_ptr e_;
#endif
};

template <typename T = void> class Task;

namespace detail {

class TaskPromiseBase : public cxxtest::counted_frame {
  class FinalAwaiter {
  public:
    bool await_ready() noexcept { return false; }

    template <typename Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> coro) noexcept {
      return coro.promise().continuation_;
    }

    void await_resume() noexcept {}
  };

public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }

  Executor *getExecutor() const noexcept { return executor_; }

private:
  template <typename T> friend class folly_style::Task;

  std::coroutine_handle<> continuation_ = std::noop_coroutine();
  Executor *executor_ = nullptr;
};

template <typename T> class TaskPromise final : public TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    result_.emplaceException(std::current_exception());
#else
    std::abort();
#endif
  }

  template <typename U = T>
  requires std::is_convertible_v<U &&, T>
  void return_value(U &&value) { result_.emplace(static_cast<U &&>(value)); }

  Try<T> &result() { return result_; }

private:
  Try<T> result_;
};

template <> class TaskPromise<void> final : public TaskPromiseBase {
public:
  Task<void> get_return_object() noexcept;

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    result_.emplaceException(std::current_exception());
#else
    std::abort();
#endif
  }

  void return_void() noexcept { result_.emplace(); }

  Try<void> &result() { return result_; }

private:
  Try<void> result_;
};

} // namespace detail

template <typename T> class [[nodiscard]] Task {
public:
  using promise_type = detail::TaskPromise<T>;

private:
  using handle_t = std::coroutine_handle<promise_type>;

public:
  Task(const Task &) = delete;
  Task(Task &&t) noexcept : coro_(std::exchange(t.coro_, {})) {}
  ~Task() {
    if (coro_)
      coro_.destroy();
  }
  Task &operator=(Task t) noexcept {
    std::swap(coro_, t.coro_);
    return *this;
  }

  class Awaiter {
  public:
    explicit Awaiter(handle_t coro) noexcept : coro_(coro) {}
    Awaiter(Awaiter &&other) noexcept : coro_(std::exchange(other.coro_, {})) {}
    Awaiter(const Awaiter &) = delete;
    ~Awaiter() {
      if (coro_)
        coro_.destroy();
    }

    bool await_ready() noexcept { return false; }

    template <typename Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> continuation) noexcept {
      auto &promise = coro_.promise();
      promise.continuation_ = continuation;
      // The child Task inherits the awaiting Task's executor.
      promise.executor_ = continuation.promise().getExecutor();
      return coro_;
    }

    T await_resume() {
      // Destroy the callee frame once its result has been taken.
      struct DestroyOnExit {
        handle_t &coro;
        ~DestroyOnExit() { std::exchange(coro, {}).destroy(); }
      } guard{coro_};
      if constexpr (std::is_void_v<T>)
        coro_.promise().result().value();
      else
        return std::move(coro_.promise().result()).value();
    }

  private:
    handle_t coro_;
  };

  Awaiter operator co_await() && noexcept {
    return Awaiter{std::exchange(coro_, {})};
  }

  /// blockingWait: binds a root Task to \p executor, starts it, drains the
  /// executor and returns the result.
  friend T blockingWait(Task &&task, Executor &executor) {
    handle_t coro = std::exchange(task.coro_, {});
    coro.promise().executor_ = &executor;
    coro.resume();
    executor.run();
    if (!coro.done()) {
      std::fputs("blockingWait: task did not complete\n", stderr);
      std::abort();
    }
    struct DestroyOnExit {
      handle_t coro;
      ~DestroyOnExit() { coro.destroy(); }
    } guard{coro};
    if constexpr (std::is_void_v<T>)
      coro.promise().result().value();
    else
      return std::move(coro.promise().result()).value();
  }

  /// For main to resume a root Task by hand.
  handle_t handle() const noexcept { return coro_; }

private:
  friend class detail::TaskPromise<T>;
  explicit Task(handle_t coro) noexcept : coro_(coro) {}

  handle_t coro_;
};

template <typename T>
Task<T> detail::TaskPromise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<TaskPromise<T>>::from_promise(*this)};
}

inline Task<void> detail::TaskPromise<void>::get_return_object() noexcept {
  return Task<void>{
      std::coroutine_handle<TaskPromise<void>>::from_promise(*this)};
}

} // namespace folly_style

#endif
