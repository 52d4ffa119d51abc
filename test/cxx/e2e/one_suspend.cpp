// Tasks with exactly one internal suspend: each worker awaits an event once
// (a real suspend, resumed through the run queue), the others never
// suspend. libcoro_style: operator co_await returns a separate awaiter, the
// final awaiter returns the continuation or std::noop_coroutine().
#include "../tasks/libcoro_style.hpp"

#include <cstdio>

using libcoro_style::task;

static cxxtest::event ready[3];

static task<int> scale(int v, int by) { co_return v * by; }

// Exactly one suspend: the event.
static task<int> wait_then_scale(int id, int v) {
  std::printf("worker %d waits\n", id);
  co_await ready[id];
  int r = co_await scale(v, id + 2);
  std::printf("worker %d resumed: %d\n", id, r);
  co_return r;
}

static task<void> setter(int id) {
  std::printf("set %d\n", id);
  ready[id].set();
  co_return;
}

static int results[3];

static task<void> worker(int id, int v) {
  results[id] = co_await wait_then_scale(id, v);
}

static task<int> run() {
  // The workers start (and park) from the run queue; the setters fire in
  // reverse order, so the workers finish in reverse order too.
  task<void> w0 = worker(0, 10), w1 = worker(1, 20), w2 = worker(2, 30);
  cxxtest::schedule(w0.handle());
  cxxtest::schedule(w1.handle());
  cxxtest::schedule(w2.handle());
  co_await cxxtest::yield_now{};
  for (int id = 2; id >= 0; --id) {
    co_await setter(id);
    co_await cxxtest::yield_now{};
  }
  int total = 0;
  for (int id = 0; id < 3; ++id) {
    std::printf("done %d: %s\n", id,
                (id == 0   ? w0
                 : id == 1 ? w1
                           : w2)
                        .is_ready()
                    ? "yes"
                    : "no");
    total += results[id];
  }
  // An event that is already set does not suspend.
  total += co_await wait_then_scale(1, 1000);
  co_return total;
}

int main() {
  int total = libcoro_style::sync_wait(run());
  std::printf("total = %d\n", total);
  std::printf("resumed from the run queue: %lu\n",
              cxxtest::default_executor().resumed());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
