// Tasks of one style awaiting tasks of another: a cppcoro_style task awaits
// libcoro_style tasks (suspend-free and suspending), seastar_style futures
// (ready and pending) and an event; a libcoro_style task awaits
// cppcoro_style ones. The awaited side decides how the await suspends; the
// awaiting promise only has to be resumable.
#include "../tasks/cppcoro_style.hpp"
#include "../tasks/libcoro_style.hpp"
#include "../tasks/seastar_style.hpp"

#include <cstdio>

static cxxtest::event gate;

static libcoro_style::task<int> lc_double(int v) { co_return v * 2; }

static libcoro_style::task<int> lc_gated(int v) {
  co_await gate; // one suspend, until main's opener sets the gate
  co_return v + 1000;
}

static seastar_style::future<int> ss_square(int v) { co_return v * v; }

static seastar_style::promise<int> late;

static seastar_style::future<int> ss_late(int v) {
  int got = co_await late.get_future();
  co_return got + v;
}

static cppcoro_style::task<int> cc_inc(int v) { co_return v + 1; }

static libcoro_style::task<int> lc_outer(int v) {
  int a = co_await cc_inc(v);
  int b = co_await cc_inc(a);
  co_return a * b;
}

static cppcoro_style::task<int> run() {
  int total = 0;
  for (int i = 0; i < 4; ++i) {
    int d = co_await lc_double(i);
    int s = co_await ss_square(i);
    int o = co_await lc_outer(i);
    std::printf("i=%d double=%d square=%d outer=%d\n", i, d, s, o);
    total += d + s + o;
  }
  int g = co_await lc_gated(5);
  std::printf("gated = %d\n", g);
  int l = co_await ss_late(5);
  std::printf("late = %d\n", l);
  co_return total + g + l;
}

static libcoro_style::task<void> opener() {
  co_await cxxtest::yield_now{};
  std::printf("opening the gate\n");
  gate.set();
  co_await cxxtest::yield_now{};
  co_await cxxtest::yield_now{};
  std::printf("fulfilling the late promise\n");
  late.set_value(40);
}

int main() {
  libcoro_style::task<void> o = opener();
  cxxtest::schedule(o.handle());
  int r = cppcoro_style::sync_wait(run());
  std::printf("result = %d\n", r);
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
