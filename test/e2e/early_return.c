// Early returns from inside loops: CS_RETURN out of nested for/while/
// do-while loops and a switch inside a loop, after awaits and after
// suspends, in coroutines that are awaited and in ones that are stepped by
// hand. Every return funnels into the one completion point.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static const int grid[4][5] = {
    {3, 8, 1, 9, 4}, {7, 2, 6, 5, 0}, {1, 1, 2, 3, 5}, {8, 13, 21, 34, 55}};

/* Never suspends; returns from inside two nested loops. */
CS_CORO_STATIC(int, find, int needle)
{
  int r, c;
  CS_BEGIN(find);
  for (r = 0; r < 4; ++r)
    for (c = 0; c < 5; ++c)
      if (grid[r][c] == needle)
        CS_RETURN(r * 10 + c);
  CS_RETURN(-1);
  CS_END();
}

/* Suspends once per row; returns from inside the inner loop. */
CS_CORO_STATIC(int, scan_rows, int limit)
{
  int r = 0, c, sum = 0;
  CS_BEGIN(scan_rows);
  while (r < 4) {
    c = 0;
    do {
      sum += grid[r][c];
      if (sum > limit)
        CS_RETURN(-(r * 10 + c));
    } while (++c < 5);
    ++r;
    CS_SUSPEND();
  }
  CS_RETURN(sum);
  CS_END();
}

/* A command interpreter: a switch inside a loop, returns from three arms. */
CS_CORO_STATIC(int, interpret, const char *prog)
{
  int acc = 0, i, pos;
  CS_BEGIN(interpret);
  for (i = 0; prog[i]; ++i) {
    switch (prog[i]) {
    case '+':
      ++acc;
      break;
    case '-':
      --acc;
      break;
    case 'f': /* find acc, return its position if absent */
      CS_AWAIT(pos, find, acc);
      if (pos < 0)
        CS_RETURN(1000 + acc);
      acc = pos;
      break;
    case 'y':
      CS_SUSPEND();
      break;
    case 'q':
      CS_RETURN(acc);
    default:
      CS_RETURN(-99);
    }
  }
  CS_RETURN_VOID(); /* leaves the value at 0 */
  CS_END();
}

CS_CORO_STATIC(int, driver, void)
{
  static const char *const progs[] = {"+++f", "++f+f", "y+y+yq--", "+?",
                                      "+++++ff", "-", "yy"};
  static const int limits[] = {5, 30, 100, 1000};
  int i, r;
  CS_BEGIN(driver);
  for (i = 0; i < 7; ++i) {
    CS_AWAIT(r, interpret, progs[i]);
    printf("interpret(\"%s\") = %d\n", progs[i], r);
  }
  for (i = 0; i < 4; ++i) {
    CS_AWAIT(r, scan_rows, limits[i]);
    printf("scan_rows(%d) = %d at t=%lu\n", limits[i], r, cs_now());
    if (r > 0)
      CS_RETURN(i); /* early return from the driver's own loop */
  }
  CS_RETURN(-1);
  CS_END();
}

int main(void)
{
  cs_handle h;
  int steps = 0;

  h = scan_rows(40);
  while (cs_next(h))
    ++steps;
  printf("scan_rows(40) by hand: %d after %d suspends\n",
         CS_VALUE(scan_rows, h), steps);
  cs_destroy(h);

  cs_spawn(driver());
  printf("parked: %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
