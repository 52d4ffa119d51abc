// Deep chains of awaited tasks: a recursive chain that never suspends, and
// one whose bottom task really suspends (it yields to the run queue), so
// every frame on the chain is resumed through symmetric transfer from the
// bottom up. folly_style: Try<T> results, the executor pointer is copied
// into each awaited promise, the awaiter destroys the callee frame.
#include "../tasks/folly_style.hpp"

#include <cstdio>

using folly_style::Task;

static cxxtest::executor *seen_executor = nullptr;
static int executor_mismatches = 0;

// The executor a Task is bound to, read from inside the Task.
struct current_executor {
  folly_style::Executor *executor = nullptr;
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  bool await_suspend(std::coroutine_handle<Promise> h) noexcept {
    executor = h.promise().getExecutor();
    return false; // never suspends
  }
  folly_style::Executor *await_resume() const noexcept { return executor; }
};

static Task<long> leaf(long v) { co_return v * 2 + 1; }

static Task<long> chain(int depth, long v) {
  if (depth == 0)
    co_return co_await leaf(v);
  long below = co_await chain(depth - 1, v + 1);
  co_return below + depth;
}

// The bottom of this chain suspends once.
static Task<long> slow_leaf(long v) {
  folly_style::Executor *e = co_await current_executor{};
  if (e != seen_executor)
    ++executor_mismatches;
  co_await cxxtest::yield_now{};
  co_return v * 3;
}

static Task<long> slow_chain(int depth, long v) {
  if (depth == 0)
    co_return co_await slow_leaf(v);
  co_return co_await slow_chain(depth - 1, v) + 1;
}

static Task<void> count_down(int depth, int &calls) {
  ++calls;
  if (depth > 0)
    co_await count_down(depth - 1, calls);
}

static Task<long> run() {
  seen_executor = co_await current_executor{};
  for (int depth : {0, 1, 8, 32, 100})
    std::printf("chain(%d) = %ld\n", depth, co_await chain(depth, 0));
  for (int depth : {0, 5, 40})
    std::printf("slow_chain(%d) = %ld\n", depth,
                co_await slow_chain(depth, depth + 7));
  int calls = 0;
  co_await count_down(50, calls);
  std::printf("count_down calls = %d\n", calls);
  std::printf("executor inherited: %s\n",
              executor_mismatches == 0 ? "yes" : "no");
  co_return calls;
}

int main() {
  long r = blockingWait(run(), cxxtest::default_executor());
  std::printf("result = %ld\n", r);
  std::printf("resumed from the run queue: %lu\n",
              cxxtest::default_executor().resumed());
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
