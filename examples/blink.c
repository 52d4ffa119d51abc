/*===- examples/blink.c - Firmware tasks on coroslim/coro.h --------------===*
 *
 * Part of coroslim. The README demo (scripts/demo) builds this with and
 * without each pass; test/e2e/examples.test runs it through the e2e matrix.
 *
 * Two tasks share the executor's virtual clock: one blinks an LED, the
 * other samples a temperature sensor through a driver chain:
 *  - read_temp() returns the cached value without suspending while it is
 *    fresh and otherwise awaits adc_convert(), which waits for the
 *    conversion interrupt once: coroslim-inline-single-suspend inlines
 *    adc_convert into read_temp, and then read_temp into the sensor task;
 *  - to_celsius() never suspends: coroslim-fold-suspend-free;
 *  - checked mode keeps a post-completion trap in each coroutine
 *    (-mllvm -coroslim-release strips them).
 *
 *===----------------------------------------------------------------------===*/
#include "coroslim/coro.h"

#if __STDC_HOSTED__
#include <stdio.h>
#define say(...) printf(__VA_ARGS__)
#else
#define say(...) ((void)0)
#endif

static cs_event adc_irq;
static int adc_raw = 500;
static int cached_raw = -1;
static unsigned long cached_at;
static volatile int led;

/* Starts a conversion and waits for its interrupt. */
CS_CORO_STATIC(int, adc_convert, int channel)
{
  CS_BEGIN(adc_convert);
  (void)channel;
  CS_WAIT(&adc_irq);
  adc_raw += 7;
  CS_RETURN(adc_raw);
  CS_END();
}

/* The driver: a fresh cached value returns at once. */
CS_CORO_STATIC(int, read_temp, void)
{
  CS_BEGIN(read_temp);
  if (cached_raw < 0 || cs_now() - cached_at > 10) {
    CS_AWAIT(cached_raw, adc_convert, 3);
    cached_at = cs_now();
  }
  CS_RETURN(cached_raw);
  CS_END();
}

/* Never suspends. */
CS_CORO_STATIC(int, to_celsius, int raw)
{
  CS_BEGIN(to_celsius);
  CS_RETURN((raw - 400) / 5);
  CS_END();
}

CS_CORO_STATIC(int, sensor_task, int samples)
{
  int raw, c;
  CS_BEGIN(sensor_task);
  while (samples-- > 0) {
    CS_AWAIT(raw, read_temp);
    CS_AWAIT(c, to_celsius, raw);
    say("t=%lu temperature %d C\n", cs_now(), c);
    CS_SLEEP(4);
  }
  CS_END();
}

CS_CORO_STATIC(int, blink_task, int toggles)
{
  CS_BEGIN(blink_task);
  while (toggles-- > 0) {
    led = !led;
    say("t=%lu led %s\n", cs_now(), led ? "on" : "off");
    CS_SLEEP(5);
  }
  CS_END();
}

static int run(void)
{
  cs_spawn(sensor_task(6));
  cs_spawn(blink_task(5));
  while (cs_run() > 0) /* the ADC interrupt fires whenever all are idle */
    cs_event_fire(&adc_irq);
  say("resumes: %lu\n", cs_resumes());
  say("live frames: %lu\n", cs_frames_live());
  say("frames: %lu\n", cs_frames_allocated());
  return (int)cs_frames_live();
}

#if __STDC_HOSTED__
int main(void) { return run(); }
#else
CS_POOL_STORAGE(frame_pool, 96, 4);
static cs_pool pool;
int example_main(void);
int example_main(void)
{
  cs_allocator a;
  cs_pool_init(&pool, frame_pool, sizeof(frame_pool), 96);
  a = cs_pool_allocator(&pool);
  cs_set_allocator(&a);
  return run();
}
#endif
