//===- seastar_style.hpp - Eager coroutines returning futures ---*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// Coroutines in the shape of seastar's (our own code, not seastar's): a
// coroutine returns a future<T>, and its promise_type comes from a
// std::coroutine_traits specialisation, not from the future.
//   * EAGER: initial_suspend and final_suspend are suspend_never. Calling the
//     coroutine runs its body at once; the frame frees itself when the body
//     ends, so nobody holds a handle to it;
//   * the future and the promise point at each other (moving either one
//     fixes the other's pointer), and the value lands in the future's own
//     state: no shared heap state;
//   * co_await of a future that is already available does not suspend
//     (await_ready); of a pending one, the awaiting coroutine is recorded in
//     the promise and scheduled on the run queue when the value arrives. No
//     symmetric transfer, no continuation in a callee promise: this is the
//     "eager task" that coroslim's await passes must refuse.
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_SEASTAR_STYLE_HPP
#define COROSLIM_TEST_CXX_TASKS_SEASTAR_STYLE_HPP

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

namespace seastar_style {

template <typename T = void> class future;
template <typename T = void> class promise;

namespace internal {

struct monostate {};

template <typename T>
using value_type = std::conditional_t<std::is_void_v<T>, monostate, T>;

[[noreturn]] inline void fail(const char *what) {
  std::fprintf(stderr, "seastar_style: %s\n", what);
  std::abort();
}

/// Pending, a value, or an exception; owned by a future.
template <typename T> struct future_state {
  enum class state : unsigned char { pending, result, exception, invalid };

  future_state() noexcept {}
  future_state(future_state &&x) noexcept : _st(x._st) {
    if (_st == state::result)
      ::new (static_cast<void *>(std::addressof(_u.value)))
          T(std::move(x._u.value));
#if __cpp_exceptions
    else if (_st == state::exception)
      ::new (static_cast<void *>(std::addressof(_u.ex)))
          std::exception_ptr(std::move(x._u.ex));
#endif
    x.clear(state::invalid);
  }
  ~future_state() { clear(state::invalid); }

  bool available() const noexcept {
    return _st == state::result || _st == state::exception;
  }

  template <typename... A> void set(A &&...a) {
    clear(state::pending);
    ::new (static_cast<void *>(std::addressof(_u.value)))
        T(std::forward<A>(a)...);
    _st = state::result;
  }

#if __cpp_exceptions
  void set_exception(std::exception_ptr ex) noexcept {
    clear(state::pending);
    ::new (static_cast<void *>(std::addressof(_u.ex)))
        std::exception_ptr(std::move(ex));
    _st = state::exception;
  }
#endif

  T take() {
#if __cpp_exceptions
    if (_st == state::exception) {
      std::exception_ptr ex = std::move(_u.ex);
      clear(state::invalid);
      std::rethrow_exception(ex);
    }
#endif
    if (_st != state::result)
      fail("get() on a future that is not available");
    T v = std::move(_u.value);
    clear(state::invalid);
    return v;
  }

  void clear(state next) noexcept {
    if (_st == state::result)
      _u.value.~T();
#if __cpp_exceptions
    else if (_st == state::exception)
      _u.ex.~exception_ptr();
#endif
    _st = next;
  }

  state _st = state::pending;
  union any {
    any() noexcept {}
    ~any() {}
    T value;
#if __cpp_exceptions
    std::exception_ptr ex;
#endif
  } _u;
};

} // namespace internal

/// The producing side. Lives in the coroutine frame of the coroutine that
/// computes the value (or anywhere a program needs a pending future).
template <typename T> class promise {
  using value_type = internal::value_type<T>;

public:
  promise() noexcept = default;
  promise(const promise &) = delete;
  promise &operator=(const promise &) = delete;
  ~promise() {
    if (_future)
      _future->_promise = nullptr;
  }

  future<T> get_future() noexcept;

  template <typename... A> void set_value(A &&...a) {
    if (_future) {
      _future->_state.set(std::forward<A>(a)...);
      detach();
    }
    wake();
  }

#if __cpp_exceptions
  void set_exception(std::exception_ptr ex) noexcept {
    if (_future) {
      _future->_state.set_exception(std::move(ex));
      detach();
    }
    wake();
  }
#endif

private:
  friend class future<T>;

  void detach() noexcept {
    _future->_promise = nullptr;
    _future = nullptr;
  }

  // The reactor runs the waiting coroutine later; a value never resumes it
  // inline.
  void wake() noexcept {
    if (_waiter)
      cxxtest::schedule(std::exchange(_waiter, nullptr));
  }

  future<T> *_future = nullptr;
  std::coroutine_handle<> _waiter = nullptr;
};

template <typename T> class [[nodiscard]] future {
  using value_type = internal::value_type<T>;

public:
  future(future &&x) noexcept
      : _promise(std::exchange(x._promise, nullptr)),
        _state(std::move(x._state)) {
    if (_promise)
      _promise->_future = this;
  }
  future(const future &) = delete;
  future &operator=(const future &) = delete;
  ~future() {
    if (_promise)
      _promise->_future = nullptr;
  }

  bool available() const noexcept { return _state.available(); }

  /// The value (or the exception); the future must be available.
  T get() {
    if constexpr (std::is_void_v<T>)
      _state.take();
    else
      return _state.take();
  }

  /// Has \p h scheduled when the value arrives.
  void set_coroutine(std::coroutine_handle<> h) noexcept {
    if (!_promise)
      internal::fail("waiting on a future that has no promise");
    _promise->_waiter = h;
  }

private:
  friend class promise<T>;
  template <typename U, typename... A>
  friend future<U> make_ready_future(A &&...a);

  future() noexcept = default;

  promise<T> *_promise = nullptr;
  internal::future_state<value_type> _state;
};

template <typename T> future<T> promise<T>::get_future() noexcept {
  future<T> f;
  f._promise = this;
  _future = &f;
  return f;
}

template <typename T = void, typename... A>
future<T> make_ready_future(A &&...a) {
  future<T> f;
  f._state.set(std::forward<A>(a)...);
  return f;
}

namespace internal {

template <typename T> struct awaiter {
  future<T> _future;

  bool await_ready() const noexcept { return _future.available(); }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    _future.set_coroutine(h);
  }
  T await_resume() { return _future.get(); }
};

struct coroutine_promise_base : cxxtest::counted_frame {
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
};

template <typename T> struct coroutine_promise : coroutine_promise_base {
  promise<T> _promise;

  future<T> get_return_object() noexcept { return _promise.get_future(); }

  template <typename U>
  requires std::is_constructible_v<T, U &&>
  void return_value(U &&value) { _promise.set_value(std::forward<U>(value)); }

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    _promise.set_exception(std::current_exception());
#else
    std::abort();
#endif
  }
};

template <> struct coroutine_promise<void> : coroutine_promise_base {
  promise<void> _promise;

  future<void> get_return_object() noexcept { return _promise.get_future(); }

  void return_void() noexcept { _promise.set_value(); }

  void unhandled_exception() noexcept {
#if __cpp_exceptions
    _promise.set_exception(std::current_exception());
#else
    std::abort();
#endif
  }
};

} // namespace internal

template <typename T> internal::awaiter<T> operator co_await(future<T> &&f) {
  return internal::awaiter<T>{std::move(f)};
}

/// The top level: runs the reactor (the default executor) until nothing is
/// queued, then takes the future's value.
template <typename T> T run_and_get(future<T> &&f) {
  cxxtest::run();
  return f.get();
}

} // namespace seastar_style

template <typename T, typename... Args>
struct std::coroutine_traits<seastar_style::future<T>, Args...> {
  using promise_type = seastar_style::internal::coroutine_promise<T>;
};

#endif
