// altcoro: awaited coroutines that never suspend (a table lookup, a parser
// that writes its result through a pointer the awaiter passes in), with
// handles held in an array slot and a struct field, a promise of 16-byte
// alignment, and done tested through __builtin_coro_done.
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#define AC_DONE_STYLE AC_DONE_BUILTIN
#include "altcoro.h"

static const int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};

AC_ASYNC(int, lookup, int key)
{
  AC_START(lookup);
  AC_RETURN(table[key & 7]);
  AC_FINISH();
}

/* The result goes through *out; the promise is the `finished` byte. */
AC_ASYNC_VOID(parse, const char *s, int *out)
{
  int v = 0;
  AC_START(parse);
  while (*s >= '0' && *s <= '9')
    v = v * 10 + (*s++ - '0');
  *out = v;
  AC_FINISH();
}

/* A promise of 16-byte alignment: a vector of two doubles, then the
 * `finished` byte at offset 32. */
struct vec {
  _Alignas(16) double x, y;
};

AC_ASYNC(struct vec, midpoint, int a, int b)
{
  AC_START(midpoint);
  AC_RETURN(((struct vec){(a + b) / 2.0, (a - b) / 2.0}));
  AC_FINISH();
}

struct request {
  ac_task t;
  int value;
};

AC_ASYNC(long, client, const char *text)
{
  ac_task kids[2];
  struct request rq;
  int n = 0;
  long acc = 0;
  struct vec mid;
  AC_START(client);
  AC_AWAIT_AT(kids[1], (void)0, parse, text, &n);
  AC_AWAIT_AT(rq.t, rq.value = AC_RESULT(lookup, rq.t), lookup, n);
  acc = 10L * n + rq.value;
  AC_YIELD();
  AC_AWAIT_AT(kids[0], acc += AC_RESULT(lookup, kids[0]), lookup, n + 1);
  AC_AWAIT(mid, midpoint, n, rq.value);
  printf("client(%s): n=%d acc=%ld mid=(%.1f, %.1f)\n", text, n, acc, mid.x,
         mid.y);
  AC_RETURN(acc);
  AC_FINISH();
}

int main(void)
{
  ac_spawn(client("12"));
  ac_spawn(client("7x"));
  ac_spawn(client(""));
  ac_run(10);
  printf("ticks: %lu resumes: %lu\n", ac_now(), ac_resumes());
  printf("frames: %lu\n", ac_frames());
  return 0;
}
