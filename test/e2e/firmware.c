// Firmware-style tasks on the executor: a sensor task and a config task
// await driver coroutines (an I2C register read that returns a cached
// value without suspending while the cache is fresh, and otherwise waits
// for the bus lock and the transfer-complete interrupt), an LED task
// blinks on a timer, and a simulated peripheral fires the interrupts.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

/* --- simulated hardware ------------------------------------------------ */
static cs_event i2c_irq;  /* transfer complete */
static cs_event bus_free = {{0, 0}, 1}; /* bus lock: one token */
static int xfer_reg = -1, xfer_result;
static int apps_running;
static unsigned long transfers;

static int chip_register(int reg)
{
  switch (reg) {
  case 0x00:
    return 0xA7; /* chip id */
  case 0x10:
    return 20 + (int)(cs_now() % 7); /* temperature */
  case 0x11:
    return 40 + (int)(cs_now() % 11); /* humidity */
  default:
    return 0;
  }
}

/* The peripheral: completes a queued transfer two ticks after it starts. */
CS_CORO_STATIC(int, i2c_peripheral, void)
{
  CS_BEGIN(i2c_peripheral);
  while (apps_running) {
    CS_SLEEP(2);
    if (xfer_reg >= 0) {
      xfer_result = chip_register(xfer_reg);
      xfer_reg = -1;
      ++transfers;
      cs_event_fire(&i2c_irq);
    }
  }
  CS_END();
}

/* --- drivers ----------------------------------------------------------- */
struct cache_entry {
  int valid, value;
  unsigned long stamp;
};
static struct cache_entry cache[0x20];

/* Reads a register; a cached value younger than max_age returns without
 * suspending. */
CS_CORO_STATIC(int, i2c_read, int reg, unsigned long max_age)
{
  int v;
  CS_BEGIN(i2c_read);
  if (cache[reg].valid && cs_now() - cache[reg].stamp <= max_age)
    CS_RETURN(cache[reg].value);
  CS_WAIT(&bus_free);
  xfer_reg = reg;
  CS_WAIT(&i2c_irq);
  v = xfer_result;
  cs_event_fire(&bus_free);
  cache[reg].valid = 1;
  cache[reg].value = v;
  cache[reg].stamp = cs_now();
  CS_RETURN(v);
  CS_END();
}

/* A driver on top of a driver: temperature in tenths, from two reads. */
CS_CORO_STATIC(int, read_climate, int *humidity)
{
  int t, h;
  CS_BEGIN(read_climate);
  CS_AWAIT(t, i2c_read, 0x10, 3);
  CS_AWAIT(h, i2c_read, 0x11, 10);
  *humidity = h;
  CS_RETURN(t * 10 + h % 10);
  CS_END();
}

/* --- application tasks ------------------------------------------------- */
CS_CORO_STATIC(int, sensor_task, void)
{
  int i, t, h;
  CS_BEGIN(sensor_task);
  for (i = 0; i < 5; ++i) {
    CS_AWAIT(t, read_climate, &h);
    printf("t=%lu sensor: climate %d humidity %d\n", cs_now(), t, h);
    CS_SLEEP(4);
  }
  --apps_running;
  CS_END();
}

CS_CORO_STATIC(int, config_task, void)
{
  int i, id = 0;
  CS_BEGIN(config_task);
  for (i = 0; i < 4; ++i) {
    CS_AWAIT(id, i2c_read, 0x00, (unsigned long)-1); /* cached forever */
    printf("t=%lu config: chip id 0x%X\n", cs_now(), id);
    CS_SLEEP(3);
  }
  --apps_running;
  CS_END();
}

CS_CORO_STATIC(int, led_task, int toggles)
{
  int on = 0;
  CS_BEGIN(led_task);
  while (toggles-- > 0) {
    on = !on;
    printf("t=%lu led %s\n", cs_now(), on ? "on" : "off");
    CS_SLEEP(5);
  }
  --apps_running;
  CS_END();
}

int main(void)
{
  apps_running = 3;
  cs_spawn(i2c_peripheral());
  cs_spawn(sensor_task());
  cs_spawn(config_task());
  cs_spawn(led_task(5));
  printf("parked: %d\n", cs_run());
  printf("t=%lu transfers: %lu\n", cs_now(), transfers);
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
