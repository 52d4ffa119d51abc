//===- asio_style.hpp - awaitable<T> in asio's shape ------------*- C++ -*-===//
//
// Part of coroslim's C++ test corpus (test/cxx/tasks/README.md).
//
//===----------------------------------------------------------------------===//
//
// A lazy awaitable<T> in the shape of asio's awaitable (our own code, much
// smaller than asio's, and without executors):
//   * the promise is an awaitable_frame<T>; frames form a stack owned by an
//     awaitable_thread, which "pumps" it: it resumes the top frame until the
//     stack is empty or the thread is parked;
//   * co_await of an awaitable<T> pushes the callee frame on top of the
//     awaiting one (await_suspend returns void: no symmetric transfer, no
//     continuation handle in the callee's promise; the callee remembers its
//     caller frame); the pump then resumes the callee;
//   * the final awaiter pops the frame and suspends; the pump resumes the
//     caller, whose await_resume takes the result and destroys the callee
//     frame;
//   * the result is an aligned byte buffer plus a has_result_ flag, the
//     exception a separate exception_ptr;
//   * co_await of a cxxtest::event parks the whole thread (asio's async
//     operations detach it); set() schedules the thread's resumer, which
//     pumps again.
//
//===----------------------------------------------------------------------===//
#ifndef COROSLIM_TEST_CXX_TASKS_ASIO_STYLE_HPP
#define COROSLIM_TEST_CXX_TASKS_ASIO_STYLE_HPP

#include "executor.hpp"
#include "frames.hpp"

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

namespace asio_style {

template <typename T = void> class awaitable;

namespace detail {

template <typename T> class awaitable_frame;
class awaitable_thread;

class awaitable_frame_base : public cxxtest::counted_frame {
public:
  // The frame starts suspended until the thread pumps the stack.
  std::suspend_always initial_suspend() noexcept { return {}; }

  // On final suspension the frame pops itself off the top of the stack.
  auto final_suspend() noexcept {
    struct result {
      awaitable_frame_base *this_;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) noexcept {
        this_->pop_frame();
      }
      void await_resume() const noexcept {}
    };
    return result{this};
  }

  void unhandled_exception() {
#if __cpp_exceptions
    pending_exception_ = std::current_exception();
#else
    std::abort();
#endif
  }

  void rethrow_exception() {
#if __cpp_exceptions
    if (pending_exception_)
      std::rethrow_exception(std::exchange(pending_exception_, nullptr));
#endif
  }

  template <typename T> awaitable<T> await_transform(awaitable<T> a) const {
    return a;
  }

  // An async operation: parks the thread until the event is set.
  auto await_transform(cxxtest::event &ev) noexcept;

  void push_frame(awaitable_frame_base *caller) noexcept;
  void pop_frame() noexcept;

  void attach_thread(awaitable_thread *thread) noexcept {
    attached_thread_ = thread;
  }

  void resume() { coro_.resume(); }
  void destroy() { coro_.destroy(); }

protected:
  std::coroutine_handle<> coro_ = nullptr;
  awaitable_thread *attached_thread_ = nullptr;
  awaitable_frame_base *caller_ = nullptr;
#if __cpp_exceptions
  std::exception_ptr pending_exception_ = nullptr;
#endif
};

/// A thread of execution: a stack of awaitable frames, pumped from the top.
class awaitable_thread {
public:
  explicit awaitable_thread(awaitable_frame_base *bottom) noexcept
      : bottom_of_stack_(bottom), top_of_stack_(bottom) {
    bottom->attach_thread(this);
  }
  awaitable_thread(const awaitable_thread &) = delete;
  awaitable_thread &operator=(const awaitable_thread &) = delete;
  ~awaitable_thread() {
    if (resumer_)
      resumer_.destroy();
  }

  void pump() {
    parked_ = false;
    do
      top_of_stack_->resume();
    while (top_of_stack_ && !parked_);
  }

  bool done() const noexcept { return top_of_stack_ == nullptr; }

  /// The top frame waits for something outside the stack: stop pumping
  /// and have \p ev resume the thread when it is set.
  void park_on(cxxtest::event &ev) noexcept {
    parked_ = true;
    if (!resumer_)
      resumer_ = make_resumer(this).handle;
    ev.add_waiter(resumer_);
  }

  awaitable_frame_base *bottom_of_stack_;
  awaitable_frame_base *top_of_stack_;

private:
  // A coroutine the run queue can resume: every resumption pumps the
  // thread once. Not counted as a frame (it is not an awaitable).
  struct resumer {
    struct promise_type {
      resumer get_return_object() noexcept {
        return {std::coroutine_handle<promise_type>::from_promise(*this)};
      }
      std::suspend_always initial_suspend() noexcept { return {}; }
      std::suspend_always final_suspend() noexcept { return {}; }
      void return_void() noexcept {}
      void unhandled_exception() noexcept { std::abort(); }
    };
    std::coroutine_handle<promise_type> handle;
  };

  static resumer make_resumer(awaitable_thread *thread) {
    for (;;) {
      thread->pump();
      co_await std::suspend_always{};
    }
  }

  std::coroutine_handle<> resumer_ = nullptr;
  bool parked_ = false;
};

inline void
awaitable_frame_base::push_frame(awaitable_frame_base *caller) noexcept {
  caller_ = caller;
  attached_thread_ = caller_->attached_thread_;
  attached_thread_->top_of_stack_ = this;
  caller_->attached_thread_ = nullptr;
}

inline void awaitable_frame_base::pop_frame() noexcept {
  if (caller_)
    caller_->attached_thread_ = attached_thread_;
  attached_thread_->top_of_stack_ = caller_;
  attached_thread_ = nullptr;
  caller_ = nullptr;
}

inline auto awaitable_frame_base::await_transform(cxxtest::event &ev) noexcept {
  struct result {
    awaitable_frame_base *this_;
    cxxtest::event &ev_;
    bool await_ready() const noexcept { return ev_.is_set(); }
    void await_suspend(std::coroutine_handle<>) noexcept {
      this_->attached_thread_->park_on(ev_);
    }
    void await_resume() const noexcept {}
  };
  return result{this, ev};
}

template <typename T> class awaitable_frame : public awaitable_frame_base {
public:
  awaitable_frame() noexcept {}
  ~awaitable_frame() {
    if (has_result_)
      static_cast<T *>(static_cast<void *>(result_))->~T();
  }

  awaitable<T> get_return_object() noexcept;

  template <typename U> void return_value(U &&u) {
    ::new (static_cast<void *>(result_)) T(std::forward<U>(u));
    has_result_ = true;
  }

  T get() {
    this->caller_ = nullptr;
    this->rethrow_exception();
    return std::move(*static_cast<T *>(static_cast<void *>(result_)));
  }

private:
  alignas(T) unsigned char result_[sizeof(T)];
  bool has_result_ = false;
};

template <> class awaitable_frame<void> : public awaitable_frame_base {
public:
  awaitable<void> get_return_object() noexcept;

  void return_void() noexcept {}

  void get() {
    this->caller_ = nullptr;
    this->rethrow_exception();
  }
};

} // namespace detail

template <typename T> class [[nodiscard]] awaitable {
public:
  using value_type = T;
  using promise_type = detail::awaitable_frame<T>;

  constexpr awaitable() noexcept : frame_(nullptr) {}
  awaitable(awaitable &&other) noexcept
      : frame_(std::exchange(other.frame_, nullptr)) {}
  awaitable(const awaitable &) = delete;
  awaitable &operator=(const awaitable &) = delete;
  ~awaitable() {
    if (frame_)
      frame_->destroy();
  }

  bool valid() const noexcept { return !!frame_; }

  // Awaitable protocol: only another awaitable_frame may await this one
  // (its await_transform lets it through).
  bool await_ready() const noexcept { return false; }

  template <typename U>
  void
  await_suspend(std::coroutine_handle<detail::awaitable_frame<U>> h) noexcept {
    frame_->push_frame(&h.promise());
  }

  T await_resume() {
    // The temporary destroys the callee frame after the result is taken.
    return awaitable(static_cast<awaitable &&>(*this)).frame_->get();
  }

  /// co_spawn and run: makes \p a the bottom of a new thread, pumps it,
  /// drains the default executor (events resume the thread through it) and
  /// returns the result.
  friend T run(awaitable &&a) {
    awaitable root(std::move(a));
    detail::awaitable_thread thread(root.frame_);
    thread.pump();
    cxxtest::run();
    if (!thread.done()) {
      std::fputs("asio_style: run() ended with a parked thread\n", stderr);
      std::abort();
    }
    return root.frame_->get();
  }

  /// For main to resume a root awaitable by hand (demo programs): its frame
  /// as the bottom of a thread.
  detail::awaitable_frame<T> *frame() const noexcept { return frame_; }

private:
  template <typename> friend class detail::awaitable_frame;

  explicit awaitable(detail::awaitable_frame<T> *a) noexcept : frame_(a) {}

  detail::awaitable_frame<T> *frame_;
};

namespace detail {
template <typename T>
awaitable<T> awaitable_frame<T>::get_return_object() noexcept {
  this->coro_ = std::coroutine_handle<awaitable_frame>::from_promise(*this);
  return awaitable<T>(this);
}
inline awaitable<void> awaitable_frame<void>::get_return_object() noexcept {
  this->coro_ = std::coroutine_handle<awaitable_frame>::from_promise(*this);
  return awaitable<void>(this);
}
} // namespace detail

} // namespace asio_style

#endif
