// A detached task: the caller releases the task's handle and awaits it
// through an awaiter that does not own it, and never destroys it (here it
// leaks, as a detached task nobody reaps does).
// - A suspend-free one is still run in place: the same code runs, and the
//   frame stays where it was (on the heap: nothing destroys it; said by
//   fold-transfer and again by embed-frame, which looks at the task, no
//   longer awaited, once more).
// - One that suspends keeps its frame on the heap: coroslim-embed-frame
//   refuses, because a path from its ramp leaves the caller (its return)
//   without destroying it.
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
// OUT: detached 4 3
// OUT-NEXT: frames {{[0-9]+}}

#include "Inputs/task.hpp"

task leaf(int x) { co_return x * 3 + 1; }

task waits(int x) {
  // REMARK-DAG: escape-detached.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await gate{};
  co_return x + 2;
}

/// Awaits a task through its handle, without owning it.
struct by_handle {
  std::coroutine_handle<task::promise_type> h;
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  int await_resume() noexcept { return h.promise().value; }
};

task detach_leaf(int x) {
  // REMARK-DAG: escape-detached.cpp:[[@LINE+1]]:12: remark: C++ task '_Z4leafi' made here and not awaited by a transfer await: its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
  auto h = leaf(x).release();
  // REMARK-DAG: escape-detached.cpp:[[@LINE+1]]:13: remark: C++ await of '_Z4leafi' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: a path from its ramp leaves the caller without destroying it)
  co_return co_await by_handle{h};
}

// REMARK-DAG: escape-detached.cpp:[[@LINE+4]]:13: remark: C++ await of '_Z5waitsi' not run in place: its resume function stores its own handle
// REMARK-DAG: escape-detached.cpp:[[@LINE+3]]:13: remark: C++ await of '_Z5waitsi': its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
task detach_waits(int x) {
  auto h = waits(x).release();
  co_return co_await by_handle{h};
}

static int run(task t) {
  t.h.resume();
  while (Queued)
    run_queue();
  return t.h.promise().value;
}

int main(int argc, char **) {
  int a = run(detach_leaf(argc));
  int b = run(detach_waits(argc));
  std::printf("detached %d %d\n", a, b);
  std::printf("frames %d\n", Frames);
}
