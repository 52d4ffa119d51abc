// altcoro: destroying tasks while they await. Each worker awaits slow_io,
// which waits for a reply that never comes for odd ids; main destroys the
// tasks still pending: the awaited coroutine's cleanup runs first, then
// the worker's, and every frame is freed (ASan's leak check in the
// matrix). Done is tested through __builtin_coro_done.
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#define AC_DONE_STYLE AC_DONE_BUILTIN
#include "altcoro.h"

static int replies[4];
static int cleanups;

AC_ASYNC(int, slow_io, int id)
{
  AC_START(slow_io);
  printf("slow_io(%d): request\n", id);
  AC_WAIT_UNTIL(replies[id]);
  AC_RETURN(replies[id] * 100 + id);
  AC_FINISH_WITH(++cleanups; printf("slow_io(%d): destroyed\n", id));
}

AC_ASYNC(int, worker, int id)
{
  int r = 0;
  AC_START(worker);
  AC_AWAIT(r, slow_io, id);
  printf("worker(%d): reply %d\n", id, r);
  AC_RETURN(r);
  AC_FINISH_WITH(++cleanups; printf("worker(%d): destroyed, r=%d\n", id, r));
}

int main(void)
{
  int i;
  for (i = 0; i < 4; ++i)
    ac_spawn(worker(i));
  ac_run(2);
  replies[0] = 7;
  replies[2] = 9;
  printf("left: %d\n", ac_run(6));
  ac_cancel_all();
  printf("cleanups: %d\n", cleanups);
  printf("frames: %lu\n", ac_frames());
  return 0;
}
