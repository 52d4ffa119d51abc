// Eager coroutines returning futures (seastar_style): the body runs inside
// the call; awaiting a future that is already available does not suspend;
// awaiting a pending one suspends until its promise is fulfilled, and the
// awaiting coroutine comes back through the run queue. The await passes must
// leave these awaits alone (the eager-task refusal case).
#include "../tasks/seastar_style.hpp"

#include <cstdio>

using seastar_style::future;
using seastar_style::make_ready_future;
using seastar_style::promise;

static future<int> add(int a, int b) { co_return a + b; }

static future<int> sum_to(int n) {
  int s = 0;
  for (int i = 1; i <= n; ++i)
    s = co_await add(s, i); // available at once: never suspends
  co_return s;
}

static future<> announce(const char *what) {
  std::printf("body of %s runs\n", what);
  co_return;
}

static promise<int> sensor;

static future<int> wait_for_sensor(int scale) {
  std::printf("waiting for the sensor (scale %d)\n", scale);
  int v = co_await sensor.get_future(); // pending: suspends
  std::printf("sensor gave %d\n", v);
  co_return v * scale;
}

static future<int> combined() {
  int a = co_await sum_to(10);
  int b = co_await make_ready_future<int>(100);
  int c = co_await wait_for_sensor(3);
  co_return a + b + c;
}

int main() {
  future<> f = announce("announce");
  std::printf("announce returned, available: %s\n",
              f.available() ? "yes" : "no");
  f.get();

  future<int> s = sum_to(100);
  std::printf("sum_to(100) available at once: %s, = %d\n",
              s.available() ? "yes" : "no", s.get());

  future<int> c = combined();
  std::printf("combined available before the sensor: %s\n",
              c.available() ? "yes" : "no");
  sensor.set_value(7);
  std::printf("combined available right after set_value: %s\n",
              c.available() ? "yes" : "no");
  std::printf("combined = %d\n", seastar_style::run_and_get(std::move(c)));
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
