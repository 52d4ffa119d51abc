// IR input for coroslim's C++ await passes (issue 16): asio_style
// (await_suspend pushes the callee frame and returns void; the thread's pump
// resumes it; the final awaiter pops it). main pumps a thread whose bottom
// frame is the outer awaitable.
// The outer task awaits a task that never suspends, once; main starts the
// outer task by hand (no executor) and prints the result.
//
//   clang++ -std=c++20 -O2 -Xclang -disable-llvm-passes -S -emit-llvm \
//     -I test/cxx/tasks test/cxx/tasks/demo_asio.cpp -o demo_asio.ll
#include "asio_style.hpp"

#include <cstdio>

using asio_style::awaitable;

awaitable<int> add(int a, int b) { co_return a + b; }

awaitable<int> outer(int x) {
  int r = co_await add(x, 1);
  co_return r * 2;
}

int main() {
  awaitable<int> a = outer(20);
  {
    asio_style::detail::awaitable_thread thread(a.frame());
    thread.pump();
  }
  std::printf("result: %d\n", a.frame()->get());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
