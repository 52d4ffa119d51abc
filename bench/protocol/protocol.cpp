//===- bench/protocol/protocol.cpp - protocol as C++20 coroutines ----------===//
//
// Part of coroslim. See docs/benchmarks.md and protocol.c (the same program
// on the C runtime).
//
//===----------------------------------------------------------------------===//
#include "../common/task.hpp"

using bench::task;

namespace {

constexpr unsigned Frames = 1500;

bench::channel rx;
unsigned tx_acc, tx_count, parsed_acc, bad_frames;

task<unsigned> send_response(unsigned code) {
  tx_acc = bench::mix(tx_acc, code);
  ++tx_count;
  co_await bench::yield_now{};
  co_return code & 0xffu;
}

task<unsigned> handle_command(unsigned cmd) {
  unsigned r;
  switch (cmd & 3u) {
  case 0:
    r = co_await send_response(123u);
    break;
  case 1:
    r = co_await send_response(456u);
    break;
  case 2:
    r = co_await send_response(789u);
    break;
  default:
    r = co_await send_response(42u);
    break;
  }
  co_return r;
}

// Receives into b; false once the channel is closed and drained.
#define RECV(ok, b)                                                            \
  do {                                                                         \
    ok = false;                                                                \
    for (;;) {                                                                 \
      if (rx.try_recv(b)) {                                                    \
        ok = true;                                                             \
        break;                                                                 \
      }                                                                        \
      if (rx.closed)                                                           \
        break;                                                                 \
      co_await rx.readable();                                                  \
    }                                                                          \
  } while (0)

#define SEND(v)                                                                \
  do {                                                                         \
    long sv = (v);                                                             \
    while (!rx.try_send(sv))                                                   \
      co_await rx.writable();                                                  \
  } while (0)

task<unsigned> parser() {
  long b = 0;
  bool ok;
  for (;;) {
    RECV(ok, b);
    if (!ok)
      break;
    if (b != 0x7E) {
      ++bad_frames;
      continue;
    }
    RECV(ok, b);
    if (!ok)
      break;
    unsigned len = (unsigned)b, sum = 0, cmd = 0;
    for (unsigned i = 0; i < len; ++i) {
      RECV(ok, b);
      if (!ok)
        co_return 1; // truncated frame
      sum += (unsigned)b;
      if (i == 0)
        cmd = (unsigned)b;
    }
    RECV(ok, b);
    if (!ok)
      break;
    if ((sum & 0xffu) != (unsigned)b) {
      ++bad_frames;
      continue;
    }
    unsigned r = co_await handle_command(cmd);
    parsed_acc = bench::mix(parsed_acc, r);
  }
  co_return 0;
}

task<unsigned> producer(unsigned frames) {
  unsigned seed = 1;
  for (unsigned f = 0; f < frames; ++f) {
    seed = seed * 1103515245u + 12345u;
    unsigned len = 1u + ((seed >> 16) & 3u);
    SEND(0x7E);
    SEND((long)len);
    unsigned sum = 0;
    for (unsigned i = 0; i < len; ++i) {
      sum += (seed >> (i * 5u)) & 0x3fu;
      SEND((long)((seed >> (i * 5u)) & 0x3fu));
    }
    SEND((long)((f % 16u == 15u ? sum + 1u : sum) & 0xffu));
  }
  rx.close();
  co_return 0;
}

} // namespace

int main() {
  bench::spawn(producer(Frames));
  bench::spawn(parser());
  bench::run();
  return bench::report(bench::mix(bench::mix(tx_acc, tx_count),
                                  bench::mix(parsed_acc, bad_frames)));
}
