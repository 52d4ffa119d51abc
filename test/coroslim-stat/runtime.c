// coroslim-stat on coroutines written with the C runtime (coroslim/coro.h,
// found through the include path the tool always adds). Checked mode: each
// coroutine completes with a checked-completion suspend, not a final one.
// RUN: %coroslim-stat %s | FileCheck %s
// RUN: %coroslim-stat -Os --no-opt %s | FileCheck %s
// RUN: %coroslim-stat -DCS_UNCHECKED %s | FileCheck %s --check-prefix=UNCHECKED

// @task awaits @twice (one internal suspend point: inline-single-suspend)
// and @add1 (none: fold-suspend-free); the callees await nothing.
// CHECK:      coroutine initial internal final checked awaits states frame code passes
// CHECK-NEXT: @twice 1 1 0 1 0 {{[0-9]+ +[0-9?]+ +[0-9-]+}} {{.*}}strip-done-traps
// CHECK-NOT:  -suspend
// CHECK-NEXT: @add1 1 0 0 1 0 {{[0-9-]+ +[0-9?-]+ +[0-9-]+}} {{.*}}strip-done-traps
// CHECK-NOT:  -suspend
// CHECK-NEXT: @task 1 2 0 1 2 {{[0-9]+ +[0-9?]+ +[0-9-]+}} {{.*}}strip-done-traps{{.*}},fold-suspend-free{{.*}},inline-single-suspend
// CHECK-NOT:  @main

// The printer lines the passes column comes from.
// RUN: %clang -O2 -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -c %s -o %t.bc
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.bc | FileCheck %s --check-prefix=PRINT
// PRINT-LABEL: coroutine @twice:
// PRINT-NOT:   could: coroslim-{{fold|inline}}
// PRINT-LABEL: coroutine @add1:
// PRINT-NOT:   could: coroslim-{{fold|inline}}
// PRINT-LABEL: coroutine @task:
// PRINT-DAG:   could: coroslim-fold-suspend-free (1 await(s) of a coroutine without internal suspend points)
// PRINT-DAG:   could: coroslim-inline-single-suspend (1 await(s) of a coroutine with one internal suspend point)

// Unchecked: the completion point is a final suspend and there is no trap.
// UNCHECKED:      @twice 1 1 1 0 0
// UNCHECKED-NOT:  strip-done-traps
// UNCHECKED:      @add1 1 0 1 0 0
// UNCHECKED-NOT:  strip-done-traps
// UNCHECKED:      @task 1 2 1 0 2
// UNCHECKED-NOT:  strip-done-traps

#include "coroslim/coro.h"

CS_CORO(int, twice, int x) {
  CS_BEGIN(twice);
  CS_SUSPEND();
  CS_RETURN(2 * x);
  CS_END();
}

CS_CORO(int, add1, int x) {
  CS_BEGIN(add1);
  CS_RETURN(x + 1);
  CS_END();
}

CS_CORO(int, task, void) {
  int r, s;
  CS_BEGIN(task);
  CS_AWAIT(r, twice, 21);
  CS_AWAIT(s, add1, r);
  CS_RETURN(s);
  CS_END();
}

int main(void) {
  cs_spawn(task());
  cs_run();
  return 0;
}
