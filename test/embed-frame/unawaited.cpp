// Tasks a coroutine makes and never awaits (created, then dropped by the
// task object's destructor before they start) are embedded like the
// awaited ones: coroslim-embed-frame inlines their ramp and gives their
// frame a local of the caller's, on the same lifetime proof (every path
// from the ramp destroys the task first), once or in a loop (the ramp runs
// again only after the destroy). Until such an instance left the heap, the
// awaited instances of the same task had to stay there too at -Os (two
// teardowns: test/cxx/e2e/await_edges.cpp). The output is the same;
// only the main task allocates.
//
// RUN: %clangxx -Os -fexceptions %s -o %t.eh -Rpass=coroslim-embed-frame 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -Os -fno-exceptions %s -o %t.noeh -Rpass=coroslim-embed-frame 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clangxx -Os -fexceptions -mllvm -coroslim-disable=coroslim-embed-frame %s -o %t.base
// RUN: %t.eh > %t.eh.out && FileCheck %s --check-prefixes=OUT,ONE < %t.eh.out
// RUN: %t.noeh > %t.noeh.out && FileCheck %s --check-prefixes=OUT,ONE < %t.noeh.out
// RUN: %t.base > %t.base.out && FileCheck %s --check-prefixes=OUT,BASE < %t.base.out
// RUN: grep -v '^frames' %t.eh.out > %t.eh.cmp && grep -v '^frames' %t.base.out > %t.base.cmp && diff %t.eh.cmp %t.base.cmp
//
// REMARK-DAG: unawaited.cpp:[[# @LINE + 23]]:24: remark: C++ task '_ZL5noisyi' made here and not awaited by a transfer await: its frame ({{[0-9]+}} bytes) is in the caller's, not allocated on the heap
// REMARK-DAG: unawaited.cpp:[[# @LINE + 24]]:25: remark: C++ task '_ZL5noisyi' made here and not awaited by a transfer await: its frame ({{[0-9]+}} bytes) is in the caller's, not allocated on the heap
// OUT: noisy(1) runs
// OUT-NEXT: noisy(3) runs
// OUT-NEXT: result 10, bodies 2
// ONE-NEXT: frames 1
// BASE-NEXT: frames 4
#include "../cxx/tasks/cppcoro_style.hpp"

#include <cstdio>

using cppcoro_style::task;

static int bodies;

static task<int> noisy(int v) {
  ++bodies;
  std::printf("noisy(%d) runs\n", v);
  co_return v + 1;
}

static task<int> run() {
  int a = co_await noisy(1);
  { task<int> unused = noisy(2); }
  for (int i = 0; i < 2; ++i) {
    task<int> dropped = noisy(10 + i);
  }
  int b = co_await noisy(3);
  co_return a + b + 4;
}

int main() {
  int r = cppcoro_style::sync_wait(run());
  std::printf("result %d, bodies %d\n", r, bodies);
  std::printf("frames %lu\n", cxxtest::frames_allocated);
}
