// The task's handle escapes after the await has started: the awaiting
// coroutine moves the task object into a container once the await ends,
// so the task outlives its caller.
// - A task that suspends keeps its frame on the heap: coroslim-embed-frame
//   refuses, because a path from its ramp leaves the caller (its return)
//   without destroying it; the moved-from task object's destructor
//   destroys nothing.
// - A suspend-free one is still run in place (the same code runs); its
//   frame stays on the heap for the same reason, said by fold-transfer and
//   again by embed-frame, which looks at the task, no longer awaited, once
//   more.
// The frame counts do not change.
//
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fno-exceptions %s -o %t.Os -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.base -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %clangxx -Os -fno-exceptions %s -o %t.bases -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %t.O2 > %t.O2.out && %t.base > %t.base.out && diff %t.O2.out %t.base.out
// RUN: %t.Os > %t.Os.out && %t.bases > %t.bases.out && diff %t.Os.out %t.bases.out
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
// RUN: FileCheck %s --check-prefix=OUT < %t.Os.out
//
// OUT: kept 3 4 (2 tasks, results 3 4)
// OUT-NEXT: frames {{[0-9]+}}

#include "Inputs/task.hpp"

#include <vector>

task leaf(int x) { co_return x * 3 + 1; }

task waits(int x) {
  // REMARK-DAG: escape-after-await.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await gate{};
  co_return x + 2;
}

static std::vector<task> Kept;

// REMARK-DAG: escape-after-await.cpp:[[@LINE+4]]:11: remark: C++ await of '_Z5waitsi' not run in place: its resume function stores its own handle
// REMARK-DAG: escape-after-await.cpp:[[@LINE+3]]:11: remark: C++ await of '_Z5waitsi': its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
task keep_waits(int x) {
  task t = waits(x);
  int v = co_await t;
  Kept.push_back(std::move(t));
  co_return v;
}

task keep_leaf(int x) {
  // REMARK-DAG: escape-after-await.cpp:[[@LINE+1]]:12: remark: C++ task '_Z4leafi' made here and not awaited by a transfer await: its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
  task t = leaf(x);
  // REMARK-DAG: escape-after-await.cpp:[[@LINE+1]]:11: remark: C++ await of '_Z4leafi' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: a path from its ramp leaves the caller without destroying it)
  int v = co_await t;
  Kept.push_back(std::move(t));
  co_return v;
}

static int run(task t) {
  t.h.resume();
  while (Queued)
    run_queue();
  return t.h.promise().value;
}

int main(int argc, char **) {
  int a = run(keep_waits(argc));
  int b = run(keep_leaf(argc));
  std::printf("kept %d %d (%zu tasks, results %d %d)\n", a, b, Kept.size(),
              Kept[0].h.promise().value, Kept[1].h.promise().value);
  std::printf("frames %d\n", Frames);
}
