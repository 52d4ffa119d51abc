//===- bench/pipeline/pipeline.cpp - pipeline as C++20 coroutines ----------===//
//
// Part of coroslim. See docs/benchmarks.md and pipeline.c (the same program
// on the C runtime).
//
//===----------------------------------------------------------------------===//
#include "../common/task.hpp"

using bench::task;

namespace {

constexpr unsigned Items = 6000;

bench::channel ch;
unsigned consumed_acc, consumed;

bench::generator<unsigned> numbers(unsigned n) {
  unsigned x = 7;
  for (unsigned i = 0; i < n; ++i) {
    x = x * 69069u + 1u;
    co_yield x >> 8;
  }
}

task<unsigned> mix_step(unsigned v) { co_return v ^ (v >> 7); }

task<unsigned> scale(unsigned v) {
  unsigned m = co_await mix_step(v);
  co_return m * 3u + 1u;
}

task<unsigned> producer(unsigned n) {
  bench::generator<unsigned> g = numbers(n);
  while (g.next()) {
    unsigned s = co_await scale(g.value());
    while (!ch.try_send((long)s))
      co_await ch.writable();
  }
  ch.close();
  co_return 0;
}

task<unsigned> consumer() {
  for (;;) {
    long v = 0;
    bool ok = false;
    for (;;) {
      if (ch.try_recv(v)) {
        ok = true;
        break;
      }
      if (ch.closed)
        break;
      co_await ch.readable();
    }
    if (!ok)
      break;
    unsigned s = co_await scale((unsigned)v);
    consumed_acc = bench::mix(consumed_acc, s);
    if (++consumed % 16u == 0)
      co_await bench::yield_now{};
  }
  co_return 0;
}

} // namespace

int main() {
  bench::spawn(producer(Items));
  bench::spawn(consumer());
  bench::run();
  return bench::report(bench::mix(consumed_acc, consumed));
}
