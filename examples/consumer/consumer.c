/* One C coroutine on coroslim/coro.h, built through CoroSlim::coroslim. */
#include "coroslim/coro.h"

#include <stdio.h>

CS_CORO(int, count, int n) {
  int i;
  int sum = 0;
  CS_BEGIN(count);
  for (i = 1; i <= n; ++i) {
    sum += i;
    printf("count: step %d\n", i);
    CS_SUSPEND();
  }
  CS_RETURN(sum);
  CS_END();
}

CS_CORO(int, top, void) {
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, count, 3);
  printf("consumer: sum %d\n", r);
  CS_RETURN(r);
  CS_END();
}

int main(void) {
  cs_spawn(top());
  cs_run();
  return 0;
}
