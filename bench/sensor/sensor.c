/*===- bench/sensor/sensor.c - Firmware-style sensor task (coro.h) --------===*
 *
 * Part of coroslim. See docs/benchmarks.md; sensor_pt.c and sensor.cpp are
 * the same program as a hand-written state machine and as C++20 coroutines.
 *
 * A task polls four sensor channels. Every fourth round it samples a
 * channel: read_sensor awaits adc_sample, which starts a conversion and
 * waits for the "conversion done" interrupt (an event main fires), so the
 * chain task -> read_sensor -> adc_sample suspends exactly once
 * (inline-single-suspend). The other rounds read the cached value through
 * read_cached, a coroutine that never suspends (fold-suspend-free). Checked
 * mode: every coroutine keeps its post-completion trap
 * (strip-done-traps with -coroslim-release).
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench_coro.h"

enum { Rounds = 4000 };

static cs_event adc_irq;
static unsigned adc_value;     /* the converter's output register */
static unsigned adc_channel;   /* the channel being converted */
static unsigned adc_conversions;
static unsigned cache[4];

/* Starts a conversion and waits for its interrupt: one internal suspend. */
CS_CORO_STATIC(unsigned, adc_sample, unsigned ch)
{
  CS_BEGIN(adc_sample);
  adc_channel = ch;
  ++adc_conversions;
  CS_WAIT(&adc_irq);
  CS_RETURN(adc_value + ch);
  CS_END();
}

/* Scales a fresh sample: suspends only through adc_sample. */
CS_CORO_STATIC(unsigned, read_sensor, unsigned ch)
{
  unsigned raw;
  CS_BEGIN(read_sensor);
  CS_AWAIT(raw, adc_sample, ch);
  CS_RETURN(raw * 2u + 1u);
  CS_END();
}

/* Returns the cached reading: never suspends. */
CS_CORO_STATIC(unsigned, read_cached, unsigned ch)
{
  CS_BEGIN(read_cached);
  CS_RETURN(cache[ch & 3u]);
  CS_END();
}

static unsigned sensor_acc;

CS_CORO_STATIC(int, sensor_task, unsigned rounds)
{
  unsigned i, v, c;
  CS_BEGIN(sensor_task);
  for (i = 0; i < rounds; ++i) {
    if (i % 4u == 0) {
      CS_AWAIT(v, read_sensor, (i / 4u) & 3u);
      cache[(i / 4u) & 3u] = v;
    } else {
      CS_AWAIT(v, read_cached, i & 3u);
    }
    CS_AWAIT(c, read_cached, (i + 1u) & 3u);
    sensor_acc = bench_mix(sensor_acc, v + c);
  }
  CS_RETURN(0);
  CS_END();
}

static unsigned run(void)
{
  unsigned tick = 0;
  cs_spawn(sensor_task(Rounds));
  /* Each time the task parks on the interrupt, the "hardware" finishes
   * the conversion and raises it. */
  while (cs_run()) {
    adc_value = (adc_channel * 1000u + tick++ * 7u) & 0xfffu;
    cs_event_fire(&adc_irq);
  }
  return bench_mix(sensor_acc, adc_conversions);
}

BENCH_CORO_MAIN(run)
