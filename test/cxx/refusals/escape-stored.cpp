// A task whose handle is stored before the await.
// - A copy of the handle in a global, the task object still owning the
//   frame (its destructor destroys it before the caller returns): NOT a
//   refusal. Running the task in place runs the same code, and the frame,
//   embedded in the caller's, lives as long as the task object that
//   destroys it; the global holds a handle that dangles after the task
//   object's destructor either way.
// - The handle pushed into a container, which takes the task object's
//   address (push_back's reference argument): the await is refused, the
//   analysis cannot tell what the task object holds when await_suspend
//   runs.
//
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.O2 -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefixes=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fno-exceptions %s -o %t.Os -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefixes=REMARK --implicit-check-not=remark:
// RUN: %clangxx -O2 -fno-exceptions %s -o %t.base -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %clangxx -Os -fno-exceptions %s -o %t.bases -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %t.O2 > %t.O2.out && FileCheck %s --check-prefixes=OUT,O2 < %t.O2.out
// RUN: %t.Os > %t.Os.out && FileCheck %s --check-prefixes=OUT,OS < %t.Os.out
// RUN: %t.base > %t.base.out && FileCheck %s --check-prefixes=OUT,BASE2 < %t.base.out
// RUN: %t.bases > %t.bases.out && FileCheck %s --check-prefixes=OUT,BASES < %t.bases.out
// RUN: grep -v '^frames' %t.O2.out > %t.O2.cmp && grep -v '^frames' %t.base.out > %t.base.cmp && diff %t.O2.cmp %t.base.cmp
// RUN: grep -v '^frames' %t.Os.out > %t.Os.cmp && grep -v '^frames' %t.bases.out > %t.bases.cmp && diff %t.Os.cmp %t.bases.cmp
//
// OUT: global 4 3
// OUT-NEXT: stored 4 3 (2 handles)
// The frame of the suspend-free task behind the global goes (not the one
// of waits: other instances of it stay on the heap); those of the two
// pushed into the container stay, and so do the outer tasks' (4 at -Os; at
// -O2 CoroElide removes them in run()).
// BASE2-NEXT: frames 4
// O2-NEXT: frames 3
// BASES-NEXT: frames 8
// OS-NEXT: frames 7

#include "Inputs/task.hpp"

#include <vector>

task leaf(int x) { co_return x * 3 + 1; }

task waits(int x) {
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:3: remark: C++ await not run in place: its await_suspend returns void, not the handle to transfer to (only an await of a task by symmetric transfer runs in place)
  co_await gate{};
  co_return x + 2;
}

static std::coroutine_handle<> Global;
static std::vector<std::coroutine_handle<>> Stored;

task global_leaf(int x) {
  // Run in place, then looked at again by embed-frame, no longer awaited;
  // not embedded: the instance in stored_leaf stays on the heap.
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:12: remark: C++ task '_Z4leafi' made here and not awaited by a transfer await: its frame stays on the heap: other instances of it stay on the heap, so embedding this one would keep a second copy of its teardown
  task t = leaf(x);
  Global = t.h;
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:13: remark: C++ await of '_Z4leafi' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: other instances of it stay on the heap, so embedding this one would keep a second copy of its teardown
  co_return co_await t;
}

task global_waits(int x) {
  task t = waits(x);
  Global = t.h;
  // REMARK-DAG: escape-stored.cpp:[[@LINE+3]]:13: remark: C++ await of '_Z5waitsi' not run in place: its resume function stores its own handle
  // Not embedded: the other instances of waits below stay on the heap.
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:13: remark: C++ await of '_Z5waitsi': its frame stays on the heap: other instances of it stay on the heap, so embedding this one would keep a second copy of its teardown
  co_return co_await t;
}

task stored_leaf(int x) {
  // The await is not read (below), so the task counts as not awaited;
  // push_back keeps a copy of its handle.
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:12: remark: C++ task '_Z4leafi' made here and not awaited by a transfer await: its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
  task t = leaf(x);
  Stored.push_back(t.h);
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:13: remark: C++ await not run in place: cannot tell which coroutine the awaiter holds when await_suspend runs
  co_return co_await t;
}

task stored_waits(int x) {
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:12: remark: C++ task '_Z5waitsi' made here and not awaited by a transfer await: its frame stays on the heap: a path from its ramp leaves the caller without destroying it [-Rpass-missed
  task t = waits(x);
  Stored.push_back(t.h);
  // REMARK-DAG: escape-stored.cpp:[[@LINE+1]]:13: remark: C++ await not run in place: cannot tell which coroutine the awaiter holds when await_suspend runs
  co_return co_await t;
}

static int run(task t) {
  t.h.resume();
  while (Queued)
    run_queue();
  return t.h.promise().value;
}

int main(int argc, char **) {
  int a = run(global_leaf(argc));
  int b = run(global_waits(argc));
  std::printf("global %d %d\n", a, b);
  a = run(stored_leaf(argc));
  b = run(stored_waits(argc));
  std::printf("stored %d %d (%zu handles)\n", a, b, Stored.size());
  std::printf("frames %d\n", Frames);
}
