// Generators iterated by plain C loops: a range, Fibonacci, a filter that
// awaits a never-suspending predicate, a generator that stops early from
// inside its loop, and a generator abandoned half-way (destroyed while
// suspended).
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

CS_CORO(int, range, int from, int to, int step)
{
  int i;
  CS_BEGIN(range);
  for (i = from; i < to; i += step)
    CS_YIELD(i);
  CS_END();
}

CS_CORO(long, fib, int n)
{
  long a = 0, b = 1, t;
  int i;
  CS_BEGIN(fib);
  for (i = 0; i < n; ++i) {
    CS_YIELD(a);
    t = a + b;
    a = b;
    b = t;
  }
  CS_RETURN(-1); /* sentinel: the generator is exhausted */
  CS_END();
}

/* Never suspends: awaited, it completes on the first resume. */
CS_CORO_STATIC(int, is_prime, int n)
{
  int d;
  CS_BEGIN(is_prime);
  if (n < 2)
    CS_RETURN(0);
  for (d = 2; d * d <= n; ++d)
    if (n % d == 0)
      CS_RETURN(0);
  CS_RETURN(1);
  CS_END();
}

/* Yields the primes below `limit`, but stops at the first one above
 * `stop_after` (an early return from inside the loop). */
CS_CORO_STATIC(int, primes, int limit, int stop_after)
{
  int n, p;
  CS_BEGIN(primes);
  for (n = 2; n < limit; ++n) {
    CS_AWAIT(p, is_prime, n);
    if (!p)
      continue;
    if (n > stop_after)
      CS_RETURN(n);
    CS_YIELD(n);
  }
  CS_RETURN(0);
  CS_END();
}

/* Running sums of another generator's values; it drives the inner
 * generator by hand (not an await), which is allowed, and must then destroy
 * it itself, also when it is destroyed early (CS_END_CLEANUP). */
CS_CORO(long, running_sum, int n)
{
  long sum = 0;
  cs_handle inner = NULL;
  CS_BEGIN(running_sum);
  inner = fib(n);
  while (cs_next(inner)) {
    sum += CS_VALUE(fib, inner);
    CS_YIELD(sum);
  }
  CS_RETURN(sum);
  CS_END_CLEANUP(if (inner) cs_destroy(inner));
}
// E2E-REFUSED-OK: fib

int main(void)
{
  cs_handle g;
  int count = 0;

  g = range(3, 20, 4);
  printf("range:");
  while (cs_next(g))
    printf(" %d", CS_VALUE(range, g));
  printf("\n");
  cs_destroy(g);

  g = fib(12);
  printf("fib:");
  while (cs_next(g))
    printf(" %ld", CS_VALUE(fib, g));
  printf(" (returned %ld)\n", CS_VALUE(fib, g));
  cs_destroy(g);

  g = primes(100, 30);
  printf("primes:");
  while (cs_next(g))
    printf(" %d", CS_VALUE(primes, g));
  printf(" (stopped at %d)\n", CS_VALUE(primes, g));
  cs_destroy(g);

  g = running_sum(10);
  printf("running sums:");
  while (cs_next(g))
    printf(" %ld", CS_VALUE(running_sum, g));
  printf(" (total %ld)\n", CS_VALUE(running_sum, g));
  cs_destroy(g);

  /* Abandon generators while they are suspended mid-loop. */
  g = fib(1000);
  while (cs_next(g) && ++count < 5)
    ;
  printf("abandoned fib after %d values, last %ld\n", count,
         CS_VALUE(fib, g));
  cs_destroy(g);
  g = running_sum(50);
  cs_destroy(g); /* before it ever ran */
  g = running_sum(50);
  cs_next(g);
  cs_next(g);
  printf("abandoned running_sum at %ld\n", CS_VALUE(running_sum, g));
  cs_destroy(g);

  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
