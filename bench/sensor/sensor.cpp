//===- bench/sensor/sensor.cpp - sensor as C++20 coroutines ----------------===//
//
// Part of coroslim. See docs/benchmarks.md and sensor.c (the same program
// on the C runtime).
//
//===----------------------------------------------------------------------===//
#include "../common/task.hpp"

using bench::task;

namespace {

constexpr unsigned Rounds = 4000;

bench::event adc_irq;
unsigned adc_value, adc_channel, adc_conversions;
unsigned cache[4];
unsigned sensor_acc;

task<unsigned> adc_sample(unsigned ch) {
  adc_channel = ch;
  ++adc_conversions;
  co_await adc_irq.wait();
  co_return adc_value + ch;
}

task<unsigned> read_sensor(unsigned ch) {
  unsigned raw = co_await adc_sample(ch);
  co_return raw * 2u + 1u;
}

task<unsigned> read_cached(unsigned ch) { co_return cache[ch & 3u]; }

task<unsigned> sensor_task(unsigned rounds) {
  for (unsigned i = 0; i < rounds; ++i) {
    unsigned v;
    if (i % 4u == 0) {
      v = co_await read_sensor((i / 4u) & 3u);
      cache[(i / 4u) & 3u] = v;
    } else {
      v = co_await read_cached(i & 3u);
    }
    unsigned c = co_await read_cached((i + 1u) & 3u);
    sensor_acc = bench::mix(sensor_acc, v + c);
  }
  co_return 0;
}

} // namespace

int main() {
  unsigned tick = 0;
  bench::spawn(sensor_task(Rounds));
  while (bench::run()) {
    adc_value = (adc_channel * 1000u + tick++ * 7u) & 0xfffu;
    adc_irq.fire();
  }
  return bench::report(bench::mix(sensor_acc, adc_conversions));
}
