// One C++20 coroutine, built through CoroSlim::coroslim (only the plugin).
#include <coroutine>
#include <cstdio>

namespace {
struct Generator {
  struct promise_type {
    int Value = 0;
    Generator get_return_object() {
      return Generator{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int V) noexcept {
      Value = V;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  explicit Generator(std::coroutine_handle<promise_type> H) : H(H) {}
  Generator(const Generator &) = delete;
  ~Generator() { H.destroy(); }
  bool next() {
    H.resume();
    return !H.done();
  }
  int value() const { return H.promise().Value; }
  std::coroutine_handle<promise_type> H;
};

Generator squares(int N) {
  for (int I = 1; I <= N; ++I)
    co_yield I * I;
}
} // namespace

int main() {
  Generator G = squares(3);
  while (G.next())
    std::printf("consumer_cxx: %d\n", G.value());
  return 0;
}
