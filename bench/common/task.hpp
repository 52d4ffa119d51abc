//===- bench/common/task.hpp - Minimal C++20 task, executor, event ---------===//
//
// Part of coroslim. See docs/benchmarks.md.
//
// The C++20 reference versions of the benchmark programs use this header so
// that they do the same work as the coroslim/coro.h versions: a lazily
// started task<T> awaited with symmetric transfer, a FIFO ready queue, an
// event (counting, like cs_event), a bounded channel of longs and a
// generator. Frames are counted in the promise's operator new, like the
// runtime's cs_frames_allocated(). Builds with clang++-22 and g++-12
// (-std=c++20), exceptions on or off.
//
//===----------------------------------------------------------------------===//
#ifndef BENCH_COMMON_TASK_HPP
#define BENCH_COMMON_TASK_HPP

#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <utility>

// g++ 12 warns that the frame's operator delete frees what its operator new
// malloc'd once both are inlined into a ramp; they match, the warning is a
// false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace bench {

inline unsigned long frames_allocated = 0;

inline unsigned mix(unsigned acc, unsigned v) {
  return (acc ^ v) * 16777619u + 0x9e3779b9u;
}

/// Frame allocation shared by every promise type: counted, malloc'd.
struct counted_frame {
  static void *operator new(std::size_t n) {
    ++frames_allocated;
    if (void *p = std::malloc(n))
      return p;
    std::abort();
  }
  static void operator delete(void *p) { std::free(p); }
};

/// A fixed-capacity FIFO of coroutine handles (no allocation).
struct handle_queue {
  static constexpr unsigned Cap = 64;
  std::coroutine_handle<> q[Cap];
  unsigned head = 0, count = 0;
  bool empty() const { return count == 0; }
  void push(std::coroutine_handle<> h) {
    if (count == Cap)
      std::abort();
    q[(head + count++) % Cap] = h;
  }
  std::coroutine_handle<> pop() {
    std::coroutine_handle<> h = q[head];
    head = (head + 1) % Cap;
    --count;
    return h;
  }
};

inline handle_queue ready;

/// Lazily started task; co_await runs it and resumes the awaiter when it
/// finishes (symmetric transfer, so a chain costs no stack).
template <class T> class task {
public:
  struct promise_type : counted_frame {
    T value{};
    std::coroutine_handle<> continuation;
    task get_return_object() {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        if (std::coroutine_handle<> c = h.promise().continuation)
          return c;
        return std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::abort(); }
  };

  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  task(const task &) = delete;
  ~task() {
    if (h)
      h.destroy();
  }

  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  T await_resume() noexcept { return h.promise().value; }

  std::coroutine_handle<promise_type> release() {
    return std::exchange(h, {});
  }

private:
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  std::coroutine_handle<promise_type> h;
};

/// Top-level tasks owned by the executor (like cs_spawn).
struct roots_t {
  static constexpr unsigned Cap = 8;
  std::coroutine_handle<task<unsigned>::promise_type> h[Cap];
  unsigned n = 0;
};
inline roots_t roots;

inline void spawn(task<unsigned> t) {
  if (roots.n == roots_t::Cap)
    std::abort();
  auto h = t.release();
  roots.h[roots.n++] = h;
  ready.push(h);
}

/// Runs ready coroutines until none is; destroys finished roots; returns
/// how many roots are still parked (like cs_run).
inline int run() {
  while (!ready.empty())
    ready.pop().resume();
  int parked = 0;
  unsigned k = 0;
  for (unsigned i = 0; i < roots.n; ++i) {
    if (roots.h[i].done())
      roots.h[i].destroy();
    else
      roots.h[k++] = roots.h[i], ++parked;
  }
  roots.n = k;
  return parked;
}

/// co_await yield_now{}: go to the back of the ready queue.
struct yield_now {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { ready.push(h); }
  void await_resume() noexcept {}
};

/// A counting event, like cs_event: fire wakes the longest waiter or is
/// remembered for the next wait.
struct event {
  handle_queue waiters;
  unsigned pending = 0;
  void fire() {
    if (!waiters.empty())
      ready.push(waiters.pop());
    else
      ++pending;
  }
  struct awaiter {
    event &e;
    bool await_ready() noexcept {
      if (!e.pending)
        return false;
      --e.pending;
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      e.waiters.push(h);
    }
    void await_resume() noexcept {}
  };
  awaiter wait() { return awaiter{*this}; }
};

/// A bounded channel of longs, like cs_chan. Callers loop:
///   while (!ch.try_send(v)) co_await ch.writable();
struct channel {
  static constexpr unsigned Cap = 8;
  long buf[Cap];
  unsigned head = 0, count = 0;
  bool closed = false;
  handle_queue readers, writers;
  struct park {
    handle_queue &q;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { q.push(h); }
    void await_resume() noexcept {}
  };
  bool try_send(long v) {
    if (count == Cap)
      return false;
    buf[(head + count++) % Cap] = v;
    if (!readers.empty())
      ready.push(readers.pop());
    return true;
  }
  bool try_recv(long &v) {
    if (!count)
      return false;
    v = buf[head];
    head = (head + 1) % Cap;
    --count;
    if (!writers.empty())
      ready.push(writers.pop());
    return true;
  }
  void close() {
    closed = true;
    while (!readers.empty())
      ready.push(readers.pop());
    while (!writers.empty())
      ready.push(writers.pop());
  }
  park writable() { return park{writers}; }
  park readable() { return park{readers}; }
};

/// A generator driven by hand (next()/value()), like cs_next/CS_VALUE.
template <class T> class generator {
public:
  struct promise_type : counted_frame {
    T value{};
    generator get_return_object() {
      return generator(
          std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) noexcept {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::abort(); }
  };
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() {
    if (h)
      h.destroy();
  }
  bool next() {
    h.resume();
    return !h.done();
  }
  T value() const { return h.promise().value; }

private:
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  std::coroutine_handle<promise_type> h;
};

inline int report(unsigned result) {
  std::printf("result: %u\n", result);
  std::printf("frames: %lu\n", frames_allocated);
  return 0;
}

} // namespace bench

#endif // BENCH_COMMON_TASK_HPP
