// IR input for coroslim's C++ await passes (issue 16): folly_style (Try<T>
// result; await_suspend also copies the executor pointer into the callee's
// promise).
// The outer task awaits a task that never suspends, once; main starts the
// outer task by hand (no executor) and prints the result.
//
//   clang++ -std=c++20 -O2 -Xclang -disable-llvm-passes -S -emit-llvm \
//     -I test/cxx/tasks test/cxx/tasks/demo_folly.cpp -o demo_folly.ll
#include "folly_style.hpp"

#include <cstdio>

using folly_style::Task;

Task<int> add(int a, int b) { co_return a + b; }

Task<int> outer(int x) {
  int r = co_await add(x, 1);
  co_return r * 2;
}

int main() {
  Task<int> t = outer(20);
  t.handle().resume();
  std::printf("result: %d\n", t.handle().promise().result().value());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
