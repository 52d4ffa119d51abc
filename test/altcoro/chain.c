// altcoro: a 3-deep single-suspend chain, twice -> bar -> foo -> event.
// Frames come from malloc and go back through an unguarded
// free(__builtin_coro_free(frame)); awaits test the promise's `finished`
// byte. With the plugin, foo and bar are inlined bottom-up: one frame per
// task (three).
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#include "altcoro.h"

static int event_raised; /* set by main, between ticks */

AC_ASYNC(int, foo, int x)
{
  AC_START(foo);
  printf("foo(%d): waiting\n", x);
  AC_WAIT_UNTIL(event_raised);
  printf("foo(%d): event\n", x);
  AC_RETURN(x + 1);
  AC_FINISH();
}

AC_ASYNC(int, bar, int x)
{
  int r;
  AC_START(bar);
  AC_AWAIT(r, foo, x * 3);
  AC_RETURN(r * 2);
  AC_FINISH();
}

/* Awaits bar twice; the second time the event is already there. */
AC_ASYNC(int, twice, int x)
{
  int a, b;
  AC_START(twice);
  AC_AWAIT(a, bar, x);
  AC_AWAIT(b, bar, x + 10);
  printf("twice(%d): %d + %d\n", x, a, b);
  AC_RETURN(a + b);
  AC_FINISH();
}

int main(void)
{
  int i;
  for (i = 1; i <= 3; ++i)
    ac_spawn(twice(i));
  printf("left: %d\n", ac_run(3));
  event_raised = 1;
  printf("left: %d\n", ac_run(10));
  printf("ticks: %lu resumes: %lu\n", ac_now(), ac_resumes());
  printf("frames: %lu\n", ac_frames());
  return 0;
}
