// A sensor pipeline in asio_style: one awaitable thread reads samples (one
// real suspend per sample: the thread parks on an event that a ticker task
// sets), then runs each through suspend-free stages (calibrate, range check,
// smoothing). The ticker is a libcoro_style task that takes the raw samples
// from a generator.
#include "../tasks/asio_style.hpp"
#include "../tasks/generator.hpp"
#include "../tasks/libcoro_style.hpp"

#include <cstdio>

using asio_style::awaitable;

static cxxtest::event sample_ready;
static int current_sample = 0;
static int samples_sent = 0;

static cxxtest::generator<int> raw_samples() {
  int seed = 17;
  for (int i = 0; i < 12; ++i) {
    seed = (seed * 73 + 41) % 151;
    co_yield seed;
  }
}

static libcoro_style::task<void> ticker() {
  for (int raw : raw_samples()) {
    while (sample_ready.is_set()) // the reader has not taken the last one
      co_await cxxtest::yield_now{};
    current_sample = raw;
    ++samples_sent;
    sample_ready.set();
    co_await cxxtest::yield_now{};
  }
}

// Exactly one suspend: waits for the next sample.
static awaitable<int> read_sensor() {
  co_await sample_ready;
  sample_ready.reset();
  co_return current_sample;
}

static awaitable<int> calibrate(int raw) { co_return raw * 3 / 2 - 20; }

static awaitable<bool> in_range(int v) { co_return v >= 0 && v <= 180; }

struct window {
  int values[4] = {0, 0, 0, 0};
  int count = 0;
};

static awaitable<int> smooth(window &w, int v) {
  w.values[w.count % 4] = v;
  ++w.count;
  int n = w.count < 4 ? w.count : 4, sum = 0;
  for (int i = 0; i < n; ++i)
    sum += w.values[i];
  co_return sum / n;
}

static awaitable<int> stage(window &w, int raw) {
  int c = co_await calibrate(raw);
  if (!co_await in_range(c))
    co_return -1;
  co_return co_await smooth(w, c);
}

static awaitable<int> pipeline(int n) {
  window w;
  int accepted = 0;
  for (int i = 0; i < n; ++i) {
    int raw = co_await read_sensor();
    int s = co_await stage(w, raw);
    if (s < 0) {
      std::printf("sample %2d: raw %3d rejected\n", i, raw);
      continue;
    }
    ++accepted;
    std::printf("sample %2d: raw %3d smoothed %3d\n", i, raw, s);
  }
  co_return accepted;
}

int main() {
  libcoro_style::task<void> t = ticker();
  cxxtest::schedule(t.handle());
  int accepted = run(pipeline(12));
  std::printf("accepted %d of %d\n", accepted, samples_sent);
  std::printf("ticker done: %s\n", t.is_ready() ? "yes" : "no");
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
