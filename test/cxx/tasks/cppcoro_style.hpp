//===- cppcoro_style.hpp - A lazy task<T> in cppcoro's shape ----*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// A lazy task<T> written the way cppcoro's task<T> is built (this is our own
// code, not cppcoro's):
//   * initial_suspend is suspend_always: nothing runs until the task is
//     awaited;
//   * the awaiter stores the awaiting coroutine in the callee's promise and
//     returns the callee's handle (symmetric transfer);
//   * the final awaiter returns the continuation unconditionally. A task that
//     nobody awaits (the root one main resumes) has std::noop_coroutine() as
//     its continuation from the start, so it needs no null check;
//   * the result is a tagged union of (empty, value, exception_ptr).
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_CPPCORO_STYLE_HPP
#define COROSLIM_TEST_CXX_TASKS_CPPCORO_STYLE_HPP

#include "executor.hpp"
#include "frames.hpp"

#include <coroutine>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace cppcoro_style {

template <typename T = void> class task;

namespace detail {

class task_promise_base : public cxxtest::counted_frame {
  struct final_awaitable {
    bool await_ready() const noexcept { return false; }

    template <typename Promise>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<Promise> coro) noexcept {
      return coro.promise().m_continuation;
    }

    void await_resume() noexcept {}
  };

public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaitable final_suspend() noexcept { return {}; }

  void set_continuation(std::coroutine_handle<> continuation) noexcept {
    m_continuation = continuation;
  }

private:
  std::coroutine_handle<> m_continuation = std::noop_coroutine();
};

template <typename T> class task_promise final : public task_promise_base {
public:
  task_promise() noexcept {}

  ~task_promise() {
    switch (m_resultType) {
    case result_type::value:
      m_value.~T();
      break;
#if __cpp_exceptions
    case result_type::exception:
      m_exception.~exception_ptr();
      break;
#endif
    default:
      break;
    }
  }

  task<T> get_return_object() noexcept;

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    ::new (static_cast<void *>(std::addressof(m_exception)))
        std::exception_ptr(std::current_exception());
    m_resultType = result_type::exception;
#else
    std::abort();
#endif
  }

  template <typename Value,
            typename = std::enable_if_t<std::is_convertible_v<Value &&, T>>>
  void return_value(Value &&value) noexcept(
      std::is_nothrow_constructible_v<T, Value &&>) {
    ::new (static_cast<void *>(std::addressof(m_value)))
        T(std::forward<Value>(value));
    m_resultType = result_type::value;
  }

  T &result() & {
    rethrow_if_exception();
    return m_value;
  }

  T &&result() && {
    rethrow_if_exception();
    return std::move(m_value);
  }

private:
  void rethrow_if_exception() {
#if __cpp_exceptions
    if (m_resultType == result_type::exception)
      std::rethrow_exception(m_exception);
#endif
  }

  enum class result_type { empty, value, exception };

  result_type m_resultType = result_type::empty;
  union {
    T m_value;
#if __cpp_exceptions
    std::exception_ptr m_exception;
#endif
  };
};

template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept;

  void return_void() noexcept {}

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    m_exception = std::current_exception();
#else
    std::abort();
#endif
  }

  void result() {
#if __cpp_exceptions
    if (m_exception)
      std::rethrow_exception(m_exception);
#endif
  }

private:
#if __cpp_exceptions
  std::exception_ptr m_exception;
#endif
};

} // namespace detail

/// A lazy task: calling the coroutine captures its arguments; the body runs
/// when the task is first awaited.
template <typename T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

private:
  struct awaitable_base {
    std::coroutine_handle<promise_type> m_coroutine;

    bool await_ready() const noexcept {
      return !m_coroutine || m_coroutine.done();
    }

    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<> awaitingCoroutine) noexcept {
      m_coroutine.promise().set_continuation(awaitingCoroutine);
      return m_coroutine;
    }
  };

public:
  task() noexcept = default;

  explicit task(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}

  task(task &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, nullptr)) {}

  task(const task &) = delete;
  task &operator=(const task &) = delete;

  task &operator=(task &&other) noexcept {
    if (this != std::addressof(other)) {
      if (m_coroutine)
        m_coroutine.destroy();
      m_coroutine = std::exchange(other.m_coroutine, nullptr);
    }
    return *this;
  }

  ~task() {
    if (m_coroutine)
      m_coroutine.destroy();
  }

  bool is_ready() const noexcept { return !m_coroutine || m_coroutine.done(); }

  auto operator co_await() const & noexcept {
    struct awaitable : awaitable_base {
      decltype(auto) await_resume() {
        return this->m_coroutine.promise().result();
      }
    };
    return awaitable{{m_coroutine}};
  }

  auto operator co_await() const && noexcept {
    struct awaitable : awaitable_base {
      decltype(auto) await_resume() {
        if constexpr (std::is_void_v<T>)
          this->m_coroutine.promise().result();
        else
          return std::move(this->m_coroutine.promise()).result();
      }
    };
    return awaitable{{m_coroutine}};
  }

  /// For a root task: start it (main, or sync_wait).
  std::coroutine_handle<promise_type> handle() const noexcept {
    return m_coroutine;
  }

private:
  std::coroutine_handle<promise_type> m_coroutine = nullptr;
};

namespace detail {
template <typename T> task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise>::from_promise(*this)};
}
} // namespace detail

/// Runs a root task to completion on the default executor and returns its
/// result (cppcoro blocks on an event in sync_wait; this executor is single
/// threaded, so draining its run queue is the wait).
template <typename T> decltype(auto) sync_wait(task<T> &&t) {
  t.handle().resume();
  cxxtest::run();
  if (!t.is_ready()) {
    std::fputs("sync_wait: task did not complete\n", stderr);
    std::abort();
  }
  if constexpr (std::is_void_v<T>)
    t.handle().promise().result();
  else
    return T(std::move(t.handle().promise()).result());
}

} // namespace cppcoro_style

#endif
