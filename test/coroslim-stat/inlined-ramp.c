// At -O2 a static coroutine's ramp is inlined into its callers and removed;
// its frame size still comes from CoroSplit's dereferenceable(N) on the
// frame parameter of f.resume, so the frame column is a number, not `?`.
// A coroutine folded away entirely (no f.resume left) has `-` for states and
// frame (docs/coroslim-stat.md).
// RUN: %coroslim-stat --no-opt %s | FileCheck %s --check-prefix=BASE
// RUN: %coroslim-stat %s | FileCheck %s --check-prefix=O2
// RUN: %coroslim-stat -Os %s | FileCheck %s --check-prefix=O2
// RUN: %coroslim-stat --json --no-opt %s | FileCheck %s --check-prefix=JSON

// BASE:      coroutine initial internal final checked awaits states frame code passes
// BASE-NEXT: @top  1 1 0 1 1 3 64 {{[1-9][0-9]*}} strip-done-traps,inline-single-suspend
// BASE-NEXT: @wait 1 1 0 1 0 3 32 {{[1-9][0-9]*}} strip-done-traps
// BASE-NOT:  ?

// O2:      coroutine initial internal final checked awaits states frame code passes
// O2-NEXT: @top  1 1 0 1 1 {{[1-9][0-9]* +[1-9][0-9]* +[1-9][0-9]*}} {{.*}}
// O2-NOT:  ?

// JSON: {"name": "top", {{.*}}"states": 3, "frame": 64, {{.*}}
// JSON: {"name": "wait", {{.*}}"states": 3, "frame": 32, {{.*}}

#include "coroslim/coro.h"

static cs_event ready;

CS_CORO_STATIC(int, wait, int x) {
  CS_BEGIN(wait);
  CS_WAIT(&ready);
  CS_RETURN(x + 1);
  CS_END();
}

CS_CORO_STATIC(int, top, int x) {
  int r;
  CS_BEGIN(top);
  CS_AWAIT(r, wait, x);
  CS_RETURN(r * 2);
  CS_END();
}

int main(void) {
  cs_spawn(top(1));
  cs_spawn(wait(2));
  cs_run();
  cs_event_fire(&ready);
  return cs_run();
}
