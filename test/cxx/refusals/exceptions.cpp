// With -fexceptions, a task whose unhandled_exception returns (it keeps the
// exception, here counts it) is not run in place: the end of its catch-all
// handler (__cxa_end_catch) may throw, and such an exception leaves the
// task at its final suspend and goes to whoever resumed it, which, run in
// place, would be the caller, not suspended at the await. Its frame still
// moves into the caller's (coroslim-embed-frame does not care how the task
// ends), so the frame count drops. With -fno-exceptions (no handler) the
// same task is run in place. The output is that of the build without the
// await passes, an exception thrown and caught in the task included.
//
// RUN: %clangxx -O2 -fexceptions %s -o %t.O2 -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fexceptions %s -o %t.Os -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark:
// RUN: %clangxx -Os -fno-exceptions %s -o %t.noex -Rpass='coroslim-(fold-transfer|embed-frame)' -Rpass-missed='coroslim-(fold-transfer|embed-frame)' 2>&1 | FileCheck %s --check-prefix=NOEX --implicit-check-not=remark:
// RUN: %clangxx -O2 -fexceptions %s -o %t.base -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %clangxx -Os -fexceptions %s -o %t.bases -mllvm -coroslim-disable=coroslim-fold-transfer,coroslim-embed-frame
// RUN: %t.O2 > %t.O2.out && FileCheck %s --check-prefixes=OUT,O2 < %t.O2.out
// RUN: %t.Os > %t.Os.out && FileCheck %s --check-prefixes=OUT,OS < %t.Os.out
// RUN: %t.base > %t.base.out && FileCheck %s --check-prefixes=OUT,BASE2 < %t.base.out
// RUN: %t.bases > %t.bases.out && FileCheck %s --check-prefixes=OUT,BASES < %t.bases.out
// RUN: grep -v '^frames' %t.O2.out > %t.O2.cmp && grep -v '^frames' %t.base.out > %t.base.cmp && diff %t.O2.cmp %t.base.cmp
// RUN: grep -v '^frames' %t.Os.out > %t.Os.cmp && grep -v '^frames' %t.bases.out > %t.bases.cmp && diff %t.Os.cmp %t.bases.cmp
//
// OUT: total 14 caught 1
// 4 tasks awaited (one throws), and at -Os the outer one.
// BASE2-NEXT: frames 4
// O2-NEXT: frames 0
// BASES-NEXT: frames 5
// OS-NEXT: frames 1

#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <utility>

static int Frames, Caught;

struct task {
  struct promise_type {
    int value = 0;
    std::coroutine_handle<> continuation;
    static void *operator new(std::size_t n) {
      ++Frames;
      return std::malloc(n);
    }
    static void operator delete(void *p) { std::free(p); }
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto c = h.promise().continuation;
        return c ? c : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(int v) noexcept { value = v; }
    // Keeps going: the exception ends the task, whose result is -1.
    void unhandled_exception() noexcept {
      ++Caught;
      value = -1;
    }
  };
  std::coroutine_handle<promise_type> h;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() {
    if (h)
      h.destroy();
  }
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h.promise().continuation = c;
    return h;
  }
  int await_resume() noexcept { return h.promise().value; }
};

[[gnu::noinline]] int check(int x) {
#if __cpp_exceptions
  if (x == 2)
    throw x;
#endif
  return x;
}

task leaf(int x) { co_return check(x) * 3 + 1; }

task top(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i)
    // REMARK-DAG: exceptions.cpp:[[@LINE+3]]:14: remark: C++ await of '_Z4leafi' not run in place: an exception can leave it (its unhandled_exception or the end of its catch handler may throw)
    // REMARK-DAG: exceptions.cpp:[[@LINE+2]]:14: remark: C++ await of '_Z4leafi': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
    // NOEX: exceptions.cpp:[[@LINE+1]]:14: remark: C++ await of '_Z4leafi' runs it in place: no suspend point and no symmetric transfer (its frame is part of the caller's)
    total += co_await leaf(i);
  co_return total;
}

int main(int argc, char **) {
  task t = top(3 + argc);
  t.h.resume();
  std::printf("total %d caught %d\n", t.h.promise().value, Caught);
  std::printf("frames %d\n", Frames);
}
