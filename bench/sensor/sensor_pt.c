/*===- bench/sensor/sensor_pt.c - sensor as a hand-written state machine --===*
 *
 * Part of coroslim. See docs/benchmarks.md. The floor for sensor.c: the
 * same program written the way firmware does without coroutines
 * (protothreads style): one struct per task holding a resume state and the
 * locals that live across a wait, one switch, no heap. The awaited
 * "coroutines" of sensor.c are inlined by hand: read_cached is a plain
 * array read, read_sensor/adc_sample is one wait state.
 *
 *===----------------------------------------------------------------------===*/
#include "../common/bench.h"

enum { Rounds = 4000 };

static int adc_irq_pending;
static unsigned adc_value, adc_channel, adc_conversions;
static unsigned cache[4];
static unsigned sensor_acc;

struct sensor_task {
  int state; /* 0: start, 1: waiting for the ADC, 2: done */
  unsigned i, rounds, ch;
};

enum { PtWaiting, PtDone };

static int sensor_task_step(struct sensor_task *t)
{
  unsigned v, c;
  switch (t->state) {
  case 0:
    for (t->i = 0; t->i < t->rounds; ++t->i) {
      if (t->i % 4u == 0) {
        t->ch = (t->i / 4u) & 3u;
        adc_channel = t->ch;
        ++adc_conversions;
        t->state = 1;
        return PtWaiting;
      case 1:
        if (!adc_irq_pending)
          return PtWaiting;
        adc_irq_pending = 0;
        v = (adc_value + t->ch) * 2u + 1u;
        cache[t->ch] = v;
      } else {
        v = cache[t->i & 3u];
      }
      c = cache[(t->i + 1u) & 3u];
      sensor_acc = bench_mix(sensor_acc, v + c);
    }
    t->state = 2;
    /* fall through */
  case 2:
    break;
  }
  return PtDone;
}

static unsigned run(void)
{
  struct sensor_task t = {0, 0, Rounds, 0};
  unsigned tick = 0;
  while (sensor_task_step(&t) == PtWaiting) {
    adc_value = (adc_channel * 1000u + tick++ * 7u) & 0xfffu;
    adc_irq_pending = 1;
  }
  return bench_mix(sensor_acc, adc_conversions);
}

BENCH_MAIN(run(), 0)
