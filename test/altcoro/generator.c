// altcoro: generators driven by hand, with a promise of 16-byte alignment
// (a vector of two doubles) and one of a byte, and a coroutine that drives
// a generator's handle itself (not an await).
// E2E-REFUSED-OK: points letters
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#include "altcoro.h"

struct vec {
  _Alignas(16) double x, y;
};

AC_ASYNC(struct vec, points, int n)
{
  int i;
  AC_START(points);
  for (i = 0; i < n; ++i) {
    struct vec v = {i * 0.5, i * i * 0.25};
    AC_EMIT(v);
  }
  AC_FINISH();
}

AC_ASYNC(char, letters, const char *s)
{
  AC_START(letters);
  while (*s)
    AC_EMIT(*s++);
  AC_FINISH();
}

/* Sums what a generator yields, one element per tick. */
AC_ASYNC(int, summer, int n)
{
  ac_task g;
  int sum = 0;
  AC_START(summer);
  g = letters("abcdefgh");
  while (n-- > 0 && ac_next(g)) {
    sum += AC_RESULT(letters, g) - 'a';
    AC_YIELD();
  }
  ac_drop(g);
  AC_RETURN(sum);
  AC_FINISH();
}

int main(void)
{
  ac_task p = points(4), s;
  while (ac_next(p))
    printf("point %.2f %.2f\n", AC_RESULT(points, p).x,
           AC_RESULT(points, p).y);
  ac_drop(p);
  s = summer(5);
  while (ac_next(s))
    ;
  printf("sum: %d\n", AC_RESULT(summer, s));
  ac_drop(s);
  printf("frames: %lu\n", ac_frames());
  return 0;
}
