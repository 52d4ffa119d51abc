// Awaits a fold of suspend-free awaits must get right: a task awaited twice
// (the second await finds it done), a task destroyed without being awaited
// (its body must never run), a task awaited long after it was created or
// only on one branch, a result type with a destructor (constructions and
// destructions are counted), and a task that suspends for some arguments
// only. cppcoro_style and libcoro_style.
#include "../tasks/cppcoro_style.hpp"
#include "../tasks/libcoro_style.hpp"

#include <cstdio>

static int bodies_run = 0;
static int alive = 0, constructed = 0;

struct tracked {
  int v;
  explicit tracked(int v) : v(v) {
    ++alive;
    ++constructed;
  }
  tracked(tracked &&o) noexcept : v(o.v) {
    ++alive;
    ++constructed;
  }
  tracked(const tracked &) = delete;
  ~tracked() { --alive; }
};

static cxxtest::event gate;

namespace c {
using cppcoro_style::task;

static task<int> noisy(int v) {
  ++bodies_run;
  std::printf("noisy(%d) runs\n", v);
  co_return v + 1;
}

static task<tracked> make(int v) { co_return tracked(v * 3); }

static task<int> run() {
  // Awaited twice: the body runs once, the second await finds it done.
  task<int> twice = noisy(1);
  int a = co_await twice;
  int b = co_await twice;
  std::printf("twice: %d %d\n", a, b);

  // Never awaited: destroyed before it starts.
  { task<int> unused = noisy(2); }

  // Created first, awaited after other awaits.
  task<int> later = noisy(3);
  int x = co_await noisy(4);
  int y = co_await later;
  std::printf("later: %d %d\n", x, y);

  // Awaited on one branch only.
  for (int i = 0; i < 4; ++i) {
    task<int> maybe = noisy(10 + i);
    if (i % 2)
      std::printf("branch %d: %d\n", i, co_await maybe);
  }

  int sum = 0;
  for (int i = 0; i < 5; ++i) {
    tracked t = co_await make(i);
    sum += t.v;
  }
  std::printf("tracked sum %d, alive in the loop's wake %d\n", sum, alive);
  co_return a + b + x + y + sum;
}
} // namespace c

namespace l {
using libcoro_style::task;

// Suspends only when asked to.
static task<int> maybe_wait(bool wait, int v) {
  if (wait)
    co_await gate;
  co_return v * 10;
}

static task<int> middle(int i) {
  int r = co_await maybe_wait(i == 2, i);
  co_return r + 1;
}

static task<int> run() {
  int total = 0;
  for (int i = 0; i < 4; ++i) {
    int r = co_await middle(i);
    std::printf("middle(%d) = %d\n", i, r);
    total += r;
  }
  co_return total;
}

static task<void> opener() {
  co_await cxxtest::yield_now{};
  std::printf("gate opens\n");
  gate.set();
}
} // namespace l

int main() {
  std::printf("cppcoro part = %d\n", cppcoro_style::sync_wait(c::run()));
  std::printf("bodies run: %d, tracked constructed %d, alive %d\n", bodies_run,
              constructed, alive);
  libcoro_style::task<void> o = l::opener();
  cxxtest::schedule(o.handle());
  std::printf("libcoro part = %d\n", libcoro_style::sync_wait(l::run()));
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
