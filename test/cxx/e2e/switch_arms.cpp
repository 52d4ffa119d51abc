// Switch arms that await the same task with different arguments (the
// merge-states shape), some arms through a task that suspends, in two task
// styles: cppcoro_style and libcoro_style.
#include "../tasks/cppcoro_style.hpp"
#include "../tasks/libcoro_style.hpp"

#include <cstdio>

static cxxtest::event tick;

namespace a {
using cppcoro_style::task;

static task<int> send(int port, int value) { co_return port * 1000 + value; }

static task<int> handle(int kind, int v) {
  int r = 0;
  switch (kind) {
  case 0:
    r = co_await send(1, v);
    break;
  case 1:
    r = co_await send(2, v + 1);
    break;
  case 2:
    r = co_await send(3, v * 2);
    break;
  case 3:
    r = co_await send(4, -v);
    break;
  default:
    r = -1;
    break;
  }
  co_return r;
}
} // namespace a

namespace b {
using libcoro_style::task;

static task<int> slow_send(int port, int value) {
  co_await tick; // suspends until main's driver sets it
  co_return port * 100 + value;
}

static task<int> fast_send(int port, int value) { co_return port + value; }

static task<int> route(int kind, int v) {
  if (kind % 2)
    co_return co_await slow_send(kind, v);
  switch (kind) {
  case 0:
    co_return co_await fast_send(10, v);
  case 2:
    co_return co_await fast_send(20, v);
  default:
    co_return co_await fast_send(30, v);
  }
}
} // namespace b

static cppcoro_style::task<int> run_a() {
  int total = 0;
  for (int i = 0; i < 10; ++i) {
    int r = co_await a::handle(i % 5, i);
    std::printf("a: handle(%d, %d) = %d\n", i % 5, i, r);
    total += r;
  }
  co_return total;
}

static libcoro_style::task<int> run_b() {
  int total = 0;
  for (int i = 0; i < 6; ++i) {
    int r = co_await b::route(i, i * 3);
    std::printf("b: route(%d, %d) = %d\n", i, i * 3, r);
    total += r;
  }
  co_return total;
}

static libcoro_style::task<void> ticker() {
  for (int i = 0; i < 3; ++i) {
    co_await cxxtest::yield_now{};
    tick.set();
    co_await cxxtest::yield_now{};
    tick.reset();
  }
}

int main() {
  std::printf("a total = %d\n", cppcoro_style::sync_wait(run_a()));
  libcoro_style::task<void> t = ticker();
  cxxtest::schedule(t.handle());
  std::printf("b total = %d\n", libcoro_style::sync_wait(run_b()));
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
