// fuzz_task.hpp - the C++20 runtime of scripts/fuzz --lang=cxx.
//
// Part of coroslim. The fuzzer's C++ emitter (utils/coroslim/fuzz/
// emitter_cxx.py) writes its random programs against this header: a lazily
// started task with symmetric transfer (the continuation in the promise,
// the final awaiter transferring to it or to noop, as cppcoro and libcoro
// do), a pause point, a hand driver, a FIFO executor with a tick clock and
// events. Every name has the prefix fz_. A program is compared only with
// itself built in other configurations, so this header has to be
// deterministic and well-defined, not equal to coroslim/coro.h. It builds
// with and without exceptions.
#ifndef COROSLIM_FUZZ_TASK_HPP
#define COROSLIM_FUZZ_TASK_HPP

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <utility>

// Frames allocated minus frames freed: 0 at the end of every program. (Not
// the number allocated: frames that a pass removes are never allocated.)
inline long fz_live = 0;

struct fz_frame {
  static void *operator new(std::size_t n) {
    ++fz_live;
    if (void *p = std::malloc(n))
      return p;
    std::abort();
  }
  static void operator delete(void *p) {
    --fz_live;
    std::free(p);
  }
};

// Who resumes a paused task: the hand driver running it (fz_drive), or the
// executor when none is.
struct fz_driver;
inline fz_driver *fz_current_driver = nullptr;

struct fz_queue {
  static constexpr unsigned Cap = 256;
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
  void remove(std::coroutine_handle<> h) {
    unsigned n = count;
    for (unsigned i = 0; i < n; ++i) {
      std::coroutine_handle<> x = pop();
      if (x != h)
        push(x);
    }
  }
};

inline fz_queue fz_ready;
inline unsigned long fz_clock = 0;

struct fz_driver {
  std::coroutine_handle<> next; // what to resume next: the innermost pause
};

class fz_task {
public:
  struct promise_type : fz_frame {
    unsigned value = 0;
    std::coroutine_handle<> continuation;
    fz_task get_return_object() {
      return fz_task(std::coroutine_handle<promise_type>::from_promise(*this));
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
    void return_value(unsigned v) noexcept { value = v; }
    void unhandled_exception() noexcept { std::abort(); }
  };

  fz_task(fz_task &&o) noexcept : h(std::exchange(o.h, {})) {}
  fz_task(const fz_task &) = delete;
  ~fz_task() {
    if (h)
      h.destroy();
  }

  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  unsigned await_resume() noexcept { return h.promise().value; }

  bool done() const { return h.done(); }
  unsigned value() const { return h.promise().value; }
  std::coroutine_handle<promise_type> release() {
    return std::exchange(h, {});
  }
  std::coroutine_handle<promise_type> handle() const { return h; }

private:
  explicit fz_task(std::coroutine_handle<promise_type> h) : h(h) {}
  std::coroutine_handle<promise_type> h;
};

// Resumes a hand-driven task once: its innermost paused coroutine (the
// task itself at first). Returns true while the task has not finished.
inline bool fz_step(fz_task &t, fz_driver &d) {
  if (t.done())
    return false;
  std::coroutine_handle<> h = d.next ? d.next : t.handle();
  d.next = {};
  fz_driver *saved = std::exchange(fz_current_driver, &d);
  h.resume();
  fz_current_driver = saved;
  return !t.done();
}

// co_await fz_pause{}: suspends; the driver running it, or the executor,
// resumes it next.
struct fz_pause {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    if (fz_current_driver)
      fz_current_driver->next = h;
    else
      fz_ready.push(h);
  }
  void await_resume() noexcept {}
};

// co_await fz_yield{v}: the task's own value becomes v (what a driver
// reads), then a pause.
struct fz_yield {
  unsigned v;
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<fz_task::promise_type> h) noexcept {
    h.promise().value = v;
    fz_pause{}.await_suspend(h);
  }
  void await_resume() noexcept {}
};

struct fz_timer {
  unsigned long at;
  std::coroutine_handle<> h;
};
inline fz_timer fz_timers[256];
inline unsigned fz_ntimers = 0;

// co_await fz_sleep{n}: resumed by the executor n ticks later.
struct fz_sleep {
  unsigned ticks;
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    if (fz_ntimers == 256)
      std::abort();
    fz_timers[fz_ntimers++] = {fz_clock + ticks, h};
  }
  void await_resume() noexcept {}
};

struct fz_event {
  fz_queue waiters;
  unsigned pending = 0;
  void fire() {
    if (!waiters.empty())
      fz_ready.push(waiters.pop());
    else
      ++pending;
  }
  struct awaiter {
    fz_event &e;
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

// Executor roots (spawned tasks).
inline std::coroutine_handle<fz_task::promise_type> fz_roots[16];
inline unsigned fz_nroots = 0;
inline fz_event *fz_events[8];
inline unsigned fz_nevents = 0;

inline int fz_spawn(fz_task t) {
  if (fz_nroots == 16)
    std::abort();
  auto h = t.release();
  fz_roots[fz_nroots] = h;
  fz_ready.push(h);
  return (int)fz_nroots++;
}

// Runs ready tasks, advancing the clock to the next timer when none is;
// returns how many roots are still parked (waiting for an event).
inline int fz_run() {
  for (;;) {
    while (!fz_ready.empty())
      fz_ready.pop().resume();
    if (!fz_ntimers)
      break;
    unsigned first = 0;
    for (unsigned i = 1; i < fz_ntimers; ++i)
      if (fz_timers[i].at < fz_timers[first].at)
        first = i;
    fz_timer t = fz_timers[first];
    fz_timers[first] = fz_timers[--fz_ntimers];
    if (t.at > fz_clock)
      fz_clock = t.at;
    fz_ready.push(t.h);
  }
  int parked = 0;
  for (unsigned i = 0; i < fz_nroots; ++i)
    if (fz_roots[i] && !fz_roots[i].done())
      ++parked;
  return parked;
}

// Destroys root \p i; returns 1 if it had not finished. Its waiters are
// taken off the events first (only roots wait: every other task is
// destroyed with the root that awaits it, but the handle an event holds
// may be any of them, so events are cleared whole).
inline int fz_cancel(int i) {
  auto h = fz_roots[i];
  if (!h)
    return 0;
  fz_roots[i] = {};
  int pending = !h.done();
  h.destroy();
  return pending;
}

inline void fz_clear_events() {
  for (unsigned i = 0; i < fz_nevents; ++i)
    while (!fz_events[i]->waiters.empty())
      fz_events[i]->waiters.pop();
}

// The executor back to how a program finds it at start, for the next
// program of a batch (scripts/fuzz --batch: several programs in one process,
// emitter_cxx.emit_batch_cxx). The ready queue may still hold handles of
// the previous program's cancelled roots (an event fired after its last
// fz_run), its roots and events would fill the fixed tables, and its clock
// would shift every later trace. fz_live stays: the batch's last line then
// shows a frame that any of its programs leaked.
inline void fz_reset() {
  fz_ready = fz_queue{};
  fz_clock = 0;
  fz_ntimers = 0;
  fz_nroots = 0;
  fz_nevents = 0;
  fz_current_driver = nullptr;
}

#endif // COROSLIM_FUZZ_TASK_HPP
