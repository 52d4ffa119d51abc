// Generators: every co_yield is a real suspend, resumed by the consumer.
// Tasks consume them and await a suspend-free task per value; a generator
// stops early (the frame is destroyed while suspended) and one yields
// structs.
#include "../tasks/cppcoro_style.hpp"
#include "../tasks/generator.hpp"

#include <cstdio>

using cppcoro_style::task;
using cxxtest::generator;

static generator<int> range(int from, int to, int step) {
  for (int i = from; i < to; i += step)
    co_yield i;
}

static generator<long> fibonacci() {
  long a = 0, b = 1;
  for (;;) {
    co_yield a;
    long next = a + b;
    a = b;
    b = next;
  }
}

struct point {
  int x, y;
};

static generator<point> diagonal(int n) {
  for (int i = 0; i < n; ++i) {
    point p{i, n - i};
    co_yield p;
  }
}

static task<int> square(int v) { co_return v * v; }

static task<long> sum_squares(int from, int to, int step) {
  long total = 0;
  for (int v : range(from, to, step))
    total += co_await square(v);
  co_return total;
}

static task<int> run() {
  std::printf("sum of squares 0..9 = %ld\n", co_await sum_squares(0, 10, 1));
  std::printf("sum of squares 3..30 step 3 = %ld\n",
              co_await sum_squares(3, 31, 3));

  std::printf("fibonacci:");
  int count = 0;
  for (long f : fibonacci()) {
    if (++count > 15)
      break; // destroys the suspended generator
    std::printf(" %ld", f);
  }
  std::printf("\n");

  int dot = 0;
  for (point p : diagonal(6))
    dot += co_await square(p.x) - p.y;
  std::printf("diagonal = %d\n", dot);

  int empty = 0;
  for (int v : range(5, 5, 1))
    empty += v;
  std::printf("empty range = %d\n", empty);
  co_return count;
}

int main() {
  std::printf("result = %d\n", cppcoro_style::sync_wait(run()));
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
