// IR input for coroslim's C++ await passes (issue 16): libcoro_style (a
// separate awaiter object; the final awaiter returns the continuation or
// std::noop_coroutine()).
// The outer task awaits a task that never suspends, once; main starts the
// outer task by hand (no executor) and prints the result.
//
//   clang++ -std=c++20 -O2 -Xclang -disable-llvm-passes -S -emit-llvm \
//     -I test/cxx/tasks test/cxx/tasks/demo_libcoro.cpp -o demo_libcoro.ll
#include "libcoro_style.hpp"

#include <cstdio>

using libcoro_style::task;

task<int> add(int a, int b) { co_return a + b; }

task<int> outer(int x) {
  int r = co_await add(x, 1);
  co_return r * 2;
}

int main() {
  task<int> t = outer(20);
  t.resume();
  std::printf("result: %d\n", t.promise().result());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
