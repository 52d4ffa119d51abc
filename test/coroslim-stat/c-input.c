// coroslim-stat on a C file of raw __builtin_coro_* coroutines: a generator,
// a leaf that completes in checked mode (a post-completion trap) and a
// coroutine that awaits the leaf (which fold-suspend-free could rewrite: the
// leaf has no internal suspend point). One row per coroutine, none for
// @plain.
//
// Without the coroslim passes (--no-opt) the lowered numbers are LLVM's own
// and exact; with them, only their shape is checked, so that the coroslim
// passes can shrink them.
// RUN: %coroslim-stat --no-opt %s | FileCheck %s --check-prefix=BASE --match-full-lines --strict-whitespace
// RUN: %coroslim-stat %s | FileCheck %s --check-prefix=O2
// RUN: %coroslim-stat -O0 %s | FileCheck %s --check-prefix=O0
// RUN: %coroslim-stat -Oz --no-opt %s | FileCheck %s --check-prefix=OZ
// RUN: %coroslim-stat --json --no-opt %s | FileCheck %s --check-prefix=JSON
// RUN: %coroslim-stat --json %s | %python -c 'import json,sys; d=json.load(sys.stdin); print(sorted(c["name"] for c in d["coroutines"]))' | FileCheck %s --check-prefix=PYJSON
//
// Temporary files are removed.
// RUN: rm -rf %t.tmp && mkdir %t.tmp
// RUN: env TMPDIR=%t.tmp %coroslim-stat %s > /dev/null
// RUN: ls %t.tmp | count 0

// Exact baseline at -O2: @gen has two resume states (initial, internal)
// dispatched with a branch; frame bytes are CoroSplit's frame size.
//      BASE:coroutine initial internal final checked awaits states frame code passes
// BASE-NEXT:@gen            1        1     1       0      0      2    40 {{ *[1-9][0-9]*}} -
// BASE-NEXT:@leaf           1        0     0       1      0      2    32 {{ *[1-9][0-9]*}} {{.*}}strip-done-traps{{.*}}
// BASE-NEXT:@outer          1        1     1       0      1      2    64 {{ *[1-9][0-9]*}} {{.*}}fold-suspend-free{{.*}}
//  BASE-NOT:{{.*}}plain{{.*}}

// O2: coroutine  initial internal final checked awaits states frame code passes
// O2-NEXT: @gen  1 1 1 0 0 {{[0-9]+ +[1-9][0-9]* +[1-9][0-9]*}} -
// O2-NEXT: @leaf 1 0 0 1 0 {{[0-9]+ +[1-9][0-9]* +[1-9][0-9]*}} {{.*}}strip-done-traps
// O2-NEXT: @outer 1 1 1 0 1 {{[0-9]+ +[1-9][0-9]* +[1-9][0-9]*}}
// O2-NOT: plain

// At -O0 every local lives in the frame, so the frames are larger; the
// suspend points (a property of the source) are the same.
// O0: @gen  1 1 1 0 0 2 {{[1-9][0-9]+ +[1-9][0-9]+}} -
// O0-NEXT: @leaf 1 0 0 1 0 2 {{[1-9][0-9]+ +[1-9][0-9]+}} {{.*}}strip-done-traps
// O0-NEXT: @outer 1 1 1 0 1 2 {{[1-9][0-9]+ +[1-9][0-9]+}}

// OZ: @gen  1 1 1 0 0 2 40 {{[1-9][0-9]*}} -

// JSON: {"file": "{{.*}}c-input.c", "opt": "-O2", "coroslim": false, "code_sizes": true,
// JSON-NEXT: "coroutines": [
// JSON-NEXT: {"name": "gen", "analysed": true, "suspends": {"initial": 1, "internal": 1, "final": 1, "checked": 0}, "awaits": 0, "refused_awaits": 0, "states": 2, "frame": 40, "traps": 0, "code": {"ramp": {{[1-9][0-9]*}}, "resume": {{[1-9][0-9]*}}, "destroy": {{[1-9][0-9]*}}, "cleanup": {{null|[0-9]+}}, "total": {{[1-9][0-9]*}}}, "passes": []},
// JSON-NEXT: {"name": "leaf", {{.*}} "states": 2, "frame": 32, "traps": 1, {{.*}} "passes": [{"pass": "coroslim-strip-done-traps", "why": "1 post-completion trap(s); with -coroslim-release"}{{.*}}]},
// JSON-NEXT: {"name": "outer", {{.*}}"awaits": 1, "refused_awaits": 0, "states": 2, "frame": 64, {{.*}}{"pass": "coroslim-fold-suspend-free", "why": "1 await(s) of a coroutine without internal suspend points"}
// JSON-NEXT: {{^ \]\}$}}

// PYJSON: ['gen', 'leaf', 'outer']

typedef struct { int done; int value; } promise_t;
void *cs_alloc(unsigned long);
void cs_free(void *);

#define BEGIN()                                                              \
  _Alignas(8) promise_t promise;                                             \
  __builtin_coro_id(8, &promise, 0, 0);                                      \
  void *h = __builtin_coro_begin(                                            \
      __builtin_coro_alloc() ? cs_alloc(__builtin_coro_size()) : 0);         \
  promise_t *p = __builtin_coro_promise(h, 8, 0);                            \
  p->done = 0;                                                               \
  switch (__builtin_coro_suspend(0)) {                                       \
  case 0: break;                                                             \
  case 1: goto cleanup;                                                      \
  default: goto out;                                                         \
  }
#define END()                                                                \
  cleanup:                                                                   \
  cs_free(__builtin_coro_free(__builtin_coro_frame()));                      \
  out:                                                                       \
  __builtin_coro_end(h, 0);                                                  \
  return h

// A generator: yields 0..n-1, then a final suspend.
void *gen(int n) {
  BEGIN();
  for (int i = 0; i < n; i++) {
    p->value = i;
    switch (__builtin_coro_suspend(0)) {
    case 0: break;
    case 1: goto cleanup;
    default: goto out;
    }
  }
  p->done = 1;
  switch (__builtin_coro_suspend(1)) {
  case 0: __builtin_trap();
  case 1: goto cleanup;
  default: goto out;
  }
  END();
}

// Checked completion: a resume after completion traps.
void *leaf(int n) {
  BEGIN();
  p->value = n * 2;
  p->done = 1;
  switch (__builtin_coro_suspend(0)) {
  case 0: __builtin_trap();
  case 1: goto cleanup;
  default: goto out;
  }
  END();
}

// Awaits leaf(n) in the await idiom of docs/design.md.
void *outer(int n) {
  BEGIN();
  void *c = leaf(n);
  for (;;) {
    __builtin_coro_resume(c);
    if (((promise_t *)__builtin_coro_promise(c, 8, 0))->done)
      break;
    switch (__builtin_coro_suspend(0)) {
    case 0: continue;
    case 1: __builtin_coro_destroy(c); goto cleanup;
    default: goto out;
    }
  }
  p->value = ((promise_t *)__builtin_coro_promise(c, 8, 0))->value + 1;
  __builtin_coro_destroy(c);
  p->done = 1;
  switch (__builtin_coro_suspend(1)) {
  case 0: __builtin_trap();
  case 1: goto cleanup;
  default: goto out;
  }
  END();
}

int plain(int x) { return x + 1; }
