// IR input for coroslim's C++ await passes (issue 16): seastar_style, the EAGER
// case the passes must refuse (suspend_never initial and final suspend;
// co_await of an available future does not suspend). Calling outer() runs it:
// main has nothing to resume.
// The outer task awaits a task that never suspends, once; main starts the
// outer task by hand (no executor) and prints the result.
//
//   clang++ -std=c++20 -O2 -Xclang -disable-llvm-passes -S -emit-llvm \
//     -I test/cxx/tasks test/cxx/tasks/demo_seastar.cpp -o demo_seastar.ll
#include "seastar_style.hpp"

#include <cstdio>

using seastar_style::future;

future<int> add(int a, int b) { co_return a + b; }

future<int> outer(int x) {
  int r = co_await add(x, 1);
  co_return r * 2;
}

int main() {
  future<int> f = outer(20);
  std::printf("result: %d\n", f.get());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
