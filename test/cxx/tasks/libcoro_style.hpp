//===- libcoro_style.hpp - A lazy task<T> in libcoro's shape ----*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// A lazy task<T> written the way libcoro's coro::task<T> is built (our own
// code, not libcoro's):
//   * initial_suspend is suspend_always;
//   * operator co_await returns a separate awaiter object (awaitable_base +
//     await_resume), whose await_suspend stores the awaiting coroutine in the
//     callee's promise and returns the callee's handle;
//   * the final awaiter returns the continuation, or std::noop_coroutine()
//     when there is none (a root task);
//   * the result is std::variant<std::monostate, T, std::exception_ptr>
//     (std::variant<std::monostate, T> without exceptions).
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_LIBCORO_STYLE_HPP
#define COROSLIM_TEST_CXX_TASKS_LIBCORO_STYLE_HPP

#include "executor.hpp"
#include "frames.hpp"

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

namespace libcoro_style {

template <typename return_type = void> class task;

namespace detail {

struct promise_base : cxxtest::counted_frame {
  struct final_awaitable {
    bool await_ready() const noexcept { return false; }

    template <typename promise_type>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<promise_type> coroutine) noexcept {
      // The awaiting coroutine if there is one, else this is the end of the
      // line and control goes back to whoever resumed the root task.
      auto &promise = coroutine.promise();
      if (promise.m_continuation != nullptr)
        return promise.m_continuation;
      return std::noop_coroutine();
    }

    void await_resume() noexcept {}
  };

  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaitable final_suspend() noexcept { return {}; }

  void continuation(std::coroutine_handle<> continuation) noexcept {
    m_continuation = continuation;
  }

protected:
  std::coroutine_handle<> m_continuation = nullptr;
};

/// Marks a result that was never set: the task never ran to co_return.
struct unset_return_value {};

template <typename return_type> struct promise final : promise_base {
  using task_type = task<return_type>;
  using coroutine_handle = std::coroutine_handle<promise<return_type>>;
#if __cpp_exceptions
  using variant_type =
      std::variant<unset_return_value, return_type, std::exception_ptr>;
#else
  using variant_type = std::variant<unset_return_value, return_type>;
#endif

  task_type get_return_object() noexcept;

  template <typename value_type>
  requires std::is_constructible_v<return_type, value_type &&>
  void return_value(value_type &&value) {
    m_storage.template emplace<return_type>(std::forward<value_type>(value));
  }

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    m_storage.template emplace<std::exception_ptr>(std::current_exception());
#else
    std::abort();
#endif
  }

  return_type &result() & { return checked(); }
  return_type &&result() && { return std::move(checked()); }

private:
  return_type &checked() {
    if (auto *value = std::get_if<return_type>(&m_storage))
      return *value;
#if __cpp_exceptions
    if (auto *exception = std::get_if<std::exception_ptr>(&m_storage))
      std::rethrow_exception(*exception);
#endif
    std::fputs("libcoro_style: the return value was never set, did you "
               "execute the coroutine?\n",
               stderr);
    std::abort();
  }

  variant_type m_storage{};
};

template <> struct promise<void> final : promise_base {
  using task_type = task<void>;
  using coroutine_handle = std::coroutine_handle<promise<void>>;

  task_type get_return_object() noexcept;

  void return_void() noexcept {}

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    m_exception_ptr = std::current_exception();
#else
    std::abort();
#endif
  }

  void result() {
#if __cpp_exceptions
    if (m_exception_ptr)
      std::rethrow_exception(m_exception_ptr);
#endif
  }

private:
#if __cpp_exceptions
  std::exception_ptr m_exception_ptr{};
#endif
};

} // namespace detail

template <typename return_type> class [[nodiscard]] task {
public:
  using task_type = task<return_type>;
  using promise_type = detail::promise<return_type>;
  using coroutine_handle = std::coroutine_handle<promise_type>;

  struct awaitable_base {
    awaitable_base(coroutine_handle coroutine) noexcept
        : m_coroutine(coroutine) {}

    bool await_ready() const noexcept {
      return !m_coroutine || m_coroutine.done();
    }

    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<> awaiting_coroutine) noexcept {
      m_coroutine.promise().continuation(awaiting_coroutine);
      return m_coroutine;
    }

    coroutine_handle m_coroutine{nullptr};
  };

  task() noexcept = default;
  explicit task(coroutine_handle handle) noexcept : m_coroutine(handle) {}
  task(const task &) = delete;
  task(task &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, nullptr)) {}

  ~task() {
    if (m_coroutine != nullptr)
      m_coroutine.destroy();
  }

  task &operator=(const task &) = delete;
  task &operator=(task &&other) noexcept {
    if (std::addressof(other) != this) {
      if (m_coroutine != nullptr)
        m_coroutine.destroy();
      m_coroutine = std::exchange(other.m_coroutine, nullptr);
    }
    return *this;
  }

  bool is_ready() const noexcept {
    return m_coroutine == nullptr || m_coroutine.done();
  }

  /// Resumes a root task; true while it has not completed.
  bool resume() {
    if (!m_coroutine.done())
      m_coroutine.resume();
    return !m_coroutine.done();
  }

  auto operator co_await() const & noexcept {
    struct awaitable : awaitable_base {
      decltype(auto) await_resume() {
        if constexpr (std::is_void_v<return_type>)
          this->m_coroutine.promise().result();
        else
          return this->m_coroutine.promise().result();
      }
    };
    return awaitable{m_coroutine};
  }

  auto operator co_await() const && noexcept {
    struct awaitable : awaitable_base {
      decltype(auto) await_resume() {
        if constexpr (std::is_void_v<return_type>)
          this->m_coroutine.promise().result();
        else
          return std::move(this->m_coroutine.promise()).result();
      }
    };
    return awaitable{m_coroutine};
  }

  promise_type &promise() & { return m_coroutine.promise(); }
  coroutine_handle handle() noexcept { return m_coroutine; }

private:
  coroutine_handle m_coroutine{nullptr};
};

namespace detail {
template <typename return_type>
inline task<return_type> promise<return_type>::get_return_object() noexcept {
  return task<return_type>{coroutine_handle::from_promise(*this)};
}
inline task<void> promise<void>::get_return_object() noexcept {
  return task<void>{coroutine_handle::from_promise(*this)};
}
} // namespace detail

/// Starts a root task, drains the default executor and returns the result
/// (libcoro's coro::sync_wait, single threaded).
template <typename return_type>
decltype(auto) sync_wait(task<return_type> &&t) {
  t.resume();
  cxxtest::run();
  if (!t.is_ready()) {
    std::fputs("sync_wait: task did not complete\n", stderr);
    std::abort();
  }
  if constexpr (std::is_void_v<return_type>)
    t.promise().result();
  else
    return return_type(std::move(t.promise()).result());
}

} // namespace libcoro_style

#endif
