// Suspend-free awaits (the fold case): a lazy task that never suspends,
// awaited in loops, with several co_returns, and through a chain of
// suspend-free tasks. cppcoro_style: symmetric transfer, the final awaiter
// returns the continuation unconditionally.
#include "../tasks/cppcoro_style.hpp"

#include <cstdio>

using cppcoro_style::task;

static task<int> add(int a, int b) { co_return a + b; }

static task<int> clamp(int v, int lo, int hi) {
  if (v < lo)
    co_return lo;
  if (v > hi)
    co_return hi;
  co_return v;
}

static task<long> mul(long a, long b) { co_return a * b; }

static task<void> accumulate(long &into, int v) {
  into += v;
  co_return;
}

// Suspend-free itself: awaits only suspend-free tasks.
static task<int> add3(int a, int b, int c) {
  int ab = co_await add(a, b);
  co_return co_await add(ab, c);
}

static task<int> sum_to(int n) {
  int total = 0;
  for (int i = 1; i <= n; ++i)
    total = co_await add(total, i);
  co_return total;
}

static task<int> run() {
  std::printf("sum_to(10) = %d\n", co_await sum_to(10));
  std::printf("sum_to(100) = %d\n", co_await sum_to(100));

  int clamped = 0;
  for (int v = -5; v <= 15; v += 4)
    clamped += co_await clamp(v, 0, 10);
  std::printf("clamped sum = %d\n", clamped);

  long product = 1;
  for (int i = 1; i <= 10; ++i)
    product = co_await mul(product, i);
  std::printf("10! = %ld\n", product);

  long acc = 0;
  for (int i = 0; i < 8; ++i)
    co_await accumulate(acc, i * 3);
  std::printf("accumulated = %ld\n", acc);

  int chained = 0;
  for (int i = 0; i < 5; ++i)
    chained += co_await add3(i, i * 10, i * 100);
  std::printf("add3 chain = %d\n", chained);
  co_return chained + static_cast<int>(acc);
}

int main() {
  int result = cppcoro_style::sync_wait(run());
  std::printf("result = %d\n", result);
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
