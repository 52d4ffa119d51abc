// altcoro: frames from C++'s operator new and back through an unguarded
// operator delete (called from C through their symbols, as a C library
// linked into a C++ program may do; operator delete accepts null, so
// `delete(__builtin_coro_free(frame))` needs no test). Awaits test the
// frame's resume-function slot for null and keep their handles in locals;
// results come from the promise and through a pointer the awaiter passes
// in. Suspend-free and single-suspend callees (folded and inlined by the
// plugin; see test/altcoro/variants.c).
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#include <stddef.h>
#include <stdlib.h>

void *op_new(size_t n) __asm__("_Znwm");
void op_delete(void *p) __asm__("_ZdlPv");
static unsigned long news;

/* Stand-ins for the C++ runtime's definitions, which this C program does
 * not link; weak, so a runtime that has them (ASan's) keeps its own. */
__attribute__((weak)) void *op_new(size_t n)
{
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}
__attribute__((weak)) void op_delete(void *p) { free(p); }

static void *counted_new(size_t n)
{
  ++news;
  return op_new(n);
}

#define AC_DONE_STYLE AC_DONE_SLOT
#define AC_FRAME_ALLOC(n) counted_new(n)
#define AC_FRAME_FREE(p) op_delete(p)
#include "altcoro.h"

static int door_open, light_on;

AC_ASYNC(int, checksum, int a, int b)
{
  AC_START(checksum);
  AC_RETURN((a * 31 + b) & 0xff);
  AC_FINISH();
}

AC_ASYNC_VOID(describe, int code, int *out)
{
  AC_START(describe);
  *out = code % 7;
  AC_FINISH();
}

AC_ASYNC(int, wait_door, int id)
{
  AC_START(wait_door);
  printf("door %d: waiting\n", id);
  AC_WAIT_UNTIL(door_open);
  AC_RETURN(id * 100);
  AC_FINISH();
}

AC_ASYNC_VOID(wait_light, int id, int *out)
{
  AC_START(wait_light);
  AC_WAIT_UNTIL(light_on);
  *out = id + 1;
  AC_FINISH();
}

AC_ASYNC(int, visitor, int id)
{
  int c, kind = 0, entered, lit = 0;
  AC_START(visitor);
  AC_AWAIT(c, checksum, id, id + 1);
  AC_AWAIT_VOID(describe, c, &kind);
  AC_AWAIT(entered, wait_door, id);
  AC_AWAIT_VOID(wait_light, id, &lit);
  printf("visitor %d: checksum %d kind %d entered %d light %d\n", id, c, kind,
         entered, lit);
  AC_RETURN(c + kind + entered + lit);
  AC_FINISH();
}

int main(void)
{
  int tick = 0;
  ac_spawn(visitor(1));
  ac_spawn(visitor(2));
  while (ac_tick()) {
    ++tick;
    if (tick == 2)
      door_open = 1;
    if (tick == 3)
      light_on = 1;
    printf("tick %d: %d task(s) left\n", tick, ac__s.n);
  }
  printf("ticks: %lu resumes: %lu\n", ac_now(), ac_resumes());
  printf("frames: %lu\n", news);
  return 0;
}
