//===- generator.hpp - A synchronous generator<T> ---------------*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// The usual lazy generator (cppcoro's generator<T> and std::generator have
// this shape): yield_value stores a pointer to the yielded value and
// suspends; the iterator resumes the frame on ++; final_suspend is
// suspend_always so the iterator can see done(). Every suspend is a real
// one: the consumer resumes the generator once per value.
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_GENERATOR_HPP
#define COROSLIM_TEST_CXX_TASKS_GENERATOR_HPP

#include "frames.hpp"

#include <coroutine>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace cxxtest {

template <typename T> class [[nodiscard]] generator {
public:
  class promise_type : public counted_frame {
  public:
    using value_type = std::remove_reference_t<T>;
    using pointer_type = value_type *;

    generator get_return_object() noexcept {
      return generator{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }

    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_always final_suspend() const noexcept { return {}; }

    std::suspend_always yield_value(value_type &value) noexcept {
      m_value = std::addressof(value);
      return {};
    }
    std::suspend_always yield_value(value_type &&value) noexcept {
      m_value = std::addressof(value);
      return {};
    }

    void unhandled_exception() {
#if __cpp_exceptions
      m_exception = std::current_exception();
#else
      std::abort();
#endif
    }

    void return_void() noexcept {}

    // co_await is not allowed inside a generator.
    template <typename U> std::suspend_never await_transform(U &&) = delete;

    void rethrow_if_exception() {
#if __cpp_exceptions
      if (m_exception)
        std::rethrow_exception(std::exchange(m_exception, nullptr));
#endif
    }

    value_type &value() const noexcept { return *m_value; }

  private:
    pointer_type m_value = nullptr;
#if __cpp_exceptions
    std::exception_ptr m_exception;
#endif
  };

  struct sentinel {};

  class iterator {
  public:
    using handle_type = std::coroutine_handle<promise_type>;
    using difference_type = std::ptrdiff_t;
    using value_type = typename promise_type::value_type;

    explicit iterator(handle_type coroutine) noexcept
        : m_coroutine(coroutine) {}

    friend bool operator==(const iterator &it, sentinel) noexcept {
      return !it.m_coroutine || it.m_coroutine.done();
    }

    iterator &operator++() {
      m_coroutine.resume();
      if (m_coroutine.done())
        m_coroutine.promise().rethrow_if_exception();
      return *this;
    }
    void operator++(int) { ++*this; }

    value_type &operator*() const noexcept {
      return m_coroutine.promise().value();
    }

  private:
    handle_type m_coroutine;
  };

  generator(generator &&other) noexcept
      : m_coroutine(std::exchange(other.m_coroutine, nullptr)) {}
  generator(const generator &) = delete;
  generator &operator=(const generator &) = delete;
  ~generator() {
    if (m_coroutine)
      m_coroutine.destroy();
  }

  iterator begin() {
    if (m_coroutine) {
      m_coroutine.resume();
      if (m_coroutine.done())
        m_coroutine.promise().rethrow_if_exception();
    }
    return iterator{m_coroutine};
  }

  sentinel end() noexcept { return {}; }

private:
  explicit generator(std::coroutine_handle<promise_type> coroutine) noexcept
      : m_coroutine(coroutine) {}

  std::coroutine_handle<promise_type> m_coroutine;
};

} // namespace cxxtest

#endif
