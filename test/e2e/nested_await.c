// Awaits nested three deep where every level suspends once: main_task
// awaits bar, bar awaits foo(input > 10) and doubles it, foo waits for an
// event that main fires.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event sensor_ready;
static int sensor_reading = 7;

CS_CORO_STATIC(int, foo, int big)
{
  CS_BEGIN(foo);
  printf("foo(%d): waiting for the sensor\n", big);
  CS_WAIT(&sensor_ready);
  printf("foo: sensor says %d\n", sensor_reading);
  CS_RETURN(big ? sensor_reading * 10 : sensor_reading);
  CS_END();
}

CS_CORO_STATIC(int, bar, int input)
{
  int r;
  CS_BEGIN(bar);
  printf("bar(%d)\n", input);
  CS_AWAIT(r, foo, input > 10);
  printf("bar: foo gave %d\n", r);
  CS_RETURN(2 * r);
  CS_END();
}

CS_CORO_STATIC(int, top, int input)
{
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, bar, input);
  printf("top(%d): bar gave %d\n", input, r);
  CS_END();
}

int main(void)
{
  cs_spawn(top(5));
  cs_spawn(top(50));
  printf("parked after first run: %d\n", cs_run());
  cs_event_fire(&sensor_ready);
  printf("parked: %d\n", cs_run());
  sensor_reading = 9;
  cs_event_fire(&sensor_ready);
  printf("parked: %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
