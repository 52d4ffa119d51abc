// An exception thrown in an awaited task and caught in the awaiting one, in
// every task style. Built with -fno-exceptions, the same failures travel as
// error values and the program prints the same lines.
#include "../tasks/asio_style.hpp"
#include "../tasks/cppcoro_style.hpp"
#include "../tasks/folly_style.hpp"
#include "../tasks/libcoro_style.hpp"
#include "../tasks/seastar_style.hpp"

#include <cstdio>
#if __cpp_exceptions
#include <stdexcept>
#endif

// A failure: thrown when exceptions are on, returned as -1 when off.
#if __cpp_exceptions
#define FAIL(what) throw std::runtime_error(what)
#define TRY try
#define CATCH(stmt)                                                            \
  catch (const std::runtime_error &e) {                                        \
    const char *what = e.what();                                               \
    stmt;                                                                      \
  }
#else
#define FAIL(what) co_return -1
#define TRY
#define CATCH(stmt)
#endif

static int parse(int v) { return v < 0 ? -1 : v * 2; }

#if __cpp_exceptions
#define REPORT(style, v, r) std::printf("%s: %d -> %d\n", style, v, r)
#define CAUGHT(style, v) std::printf("%s: %d failed: %s\n", style, v, what)
#else
#define REPORT(style, v, r)                                                    \
  ((r) < 0 ? std::printf("%s: %d failed: negative\n", style, v)                \
           : std::printf("%s: %d -> %d\n", style, v, r))
#define CAUGHT(style, v)
#endif

namespace c {
static cppcoro_style::task<int> checked(int v) {
  if (v < 0)
    FAIL("negative");
  co_return parse(v);
}
static cppcoro_style::task<int> run() {
  int ok = 0;
  for (int v : {3, -1, 4}) {
    TRY {
      int r = co_await checked(v);
      REPORT("cppcoro", v, r);
      ok += r >= 0;
    }
    CATCH(CAUGHT("cppcoro", v))
  }
  co_return ok;
}
} // namespace c

namespace l {
static libcoro_style::task<int> checked(int v) {
  co_await cxxtest::yield_now{}; // throws after a real suspend
  if (v < 0)
    FAIL("negative");
  co_return parse(v);
}
static libcoro_style::task<int> run() {
  int ok = 0;
  for (int v : {-7, 8}) {
    TRY {
      int r = co_await checked(v);
      REPORT("libcoro", v, r);
      ok += r >= 0;
    }
    CATCH(CAUGHT("libcoro", v))
  }
  co_return ok;
}
} // namespace l

namespace f {
static folly_style::Task<int> checked(int v) {
  if (v < 0)
    FAIL("negative");
  co_return parse(v);
}
static folly_style::Task<int> middle(int v) {
  // Not caught here: the exception travels through this frame's Try (the
  // error value, without exceptions, through this test).
  int r = co_await checked(v);
  if (r < 0)
    co_return r;
  co_return r + 1;
}
static folly_style::Task<int> run() {
  int ok = 0;
  for (int v : {5, -2}) {
    TRY {
      int r = co_await middle(v);
      REPORT("folly", v, r);
      ok += r >= 0;
    }
    CATCH(CAUGHT("folly", v))
  }
  co_return ok;
}
} // namespace f

namespace s {
static seastar_style::future<int> checked(int v) {
  if (v < 0)
    FAIL("negative");
  co_return parse(v);
}
static seastar_style::future<int> run() {
  int ok = 0;
  for (int v : {-3, 6}) {
    TRY {
      int r = co_await checked(v);
      REPORT("seastar", v, r);
      ok += r >= 0;
    }
    CATCH(CAUGHT("seastar", v))
  }
  co_return ok;
}
} // namespace s

namespace a {
static asio_style::awaitable<int> checked(int v) {
  if (v < 0)
    FAIL("negative");
  co_return parse(v);
}
static asio_style::awaitable<int> run() {
  int ok = 0;
  for (int v : {9, -9}) {
    TRY {
      int r = co_await checked(v);
      REPORT("asio", v, r);
      ok += r >= 0;
    }
    CATCH(CAUGHT("asio", v))
  }
  co_return ok;
}
} // namespace a

int main() {
  int ok = cppcoro_style::sync_wait(c::run());
  ok += libcoro_style::sync_wait(l::run());
  ok += blockingWait(f::run(), cxxtest::default_executor());
  ok += seastar_style::run_and_get(s::run());
  ok += run(a::run());
  std::printf("succeeded: %d\n", ok);
  std::printf("frames: %lu\n", cxxtest::frames_allocated);
  return 0;
}
