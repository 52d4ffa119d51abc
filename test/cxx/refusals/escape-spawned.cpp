// A spawned task: its handle is handed to the run queue, which starts it,
// and the caller then awaits it through another object (a join that
// records the caller as the continuation and destroys the task when it
// ends). The join's await_suspend returns void: nothing is transferred to
// the task at the await, so there is nothing to run in place, and the
// frame, which the run queue holds, stays on the heap. The same remark for
// a spawned task that suspends and one that does not; the frame counts do
// not change.
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
// OUT: spawned 4 3
// OUT-NEXT: frames {{[0-9]+}}

#include "Inputs/task.hpp"

task leaf(int x) { co_return x * 3 + 1; }

task waits(int x) {
  // REMARK-DAG: escape-spawned.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await gate{};
  co_return x + 2;
}

/// Waits for a spawned task to end, takes its result and destroys it.
struct join {
  std::coroutine_handle<task::promise_type> h;
  bool await_ready() noexcept { return h.done(); }
  void await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
  }
  int await_resume() noexcept {
    int v = h.promise().value;
    h.destroy();
    return v;
  }
};

task spawn_leaf(int x) {
  auto h = leaf(x).release();
  schedule(h);
  // REMARK-DAG: escape-spawned.cpp:[[@LINE+1]]:13: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_return co_await join{h};
}

task spawn_waits(int x) {
  auto h = waits(x).release();
  schedule(h);
  // REMARK-DAG: escape-spawned.cpp:[[@LINE+1]]:13: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_return co_await join{h};
}

static int run(task t) {
  t.h.resume();
  while (Queued)
    run_queue();
  return t.h.promise().value;
}

int main(int argc, char **) {
  int a = run(spawn_leaf(argc));
  int b = run(spawn_waits(argc));
  std::printf("spawned %d %d\n", a, b);
  std::printf("frames %d\n", Frames);
}
