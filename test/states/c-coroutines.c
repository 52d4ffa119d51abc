// The analysis on clang's output for C coroutines written with the raw
// builtins, in the form the pre-split passes see (after CoroEarly and the
// early function simplification), and after the whole -O2 pipeline.
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states>' -disable-output %t.ll | FileCheck %s --check-prefix=PRESPLIT
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine),print<coroslim-states<json>>' -disable-output %t.ll | FileCheck %s --check-prefix=PRESPLIT-JSON
// RUN: %clang_cc -O2 -S -emit-llvm %s -o %t.opt.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.opt.ll | FileCheck %s --check-prefix=LOWERED
// RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %t.opt.ll | FileCheck %s --check-prefix=LOWERED-JSON

typedef struct { int value; int done; } promise_t;
void *cs_alloc(unsigned long);
void cs_free(void *);
__attribute__((noreturn)) void resumed_after_completion(const char *);

#define BEGIN()                                                              \
  _Alignas(8) promise_t promise;                                             \
  __builtin_coro_id(8, &promise, 0, 0);                                      \
  void *h = __builtin_coro_begin(                                            \
      __builtin_coro_alloc() ? cs_alloc(__builtin_coro_size()) : 0);         \
  promise_t *p = __builtin_coro_promise(h, 8, 0);                            \
  p->done = 0
#define SUSPEND(...)                                                         \
  switch (__builtin_coro_suspend(0)) {                                       \
  case 0: __VA_ARGS__; break;                                                \
  case 1: goto cleanup;                                                      \
  default: goto out;                                                         \
  }
#define END()                                                                \
  cleanup:                                                                   \
  cs_free(__builtin_coro_free(__builtin_coro_frame()));                      \
  out:                                                                       \
  __builtin_coro_end(h, 0);                                                  \
  return h

// Checked completion: resuming after completion reaches a noreturn call.
// PRESPLIT-LABEL: coroutine @leaf: pre-split initial=1 internal=0 final=0 checked=1 awaits=0
// PRESPLIT: suspend %{{[0-9]+}} initial:
// PRESPLIT: suspend %{{[0-9]+}} checked-completion:
// PRESPLIT: could: coroslim-strip-done-traps (1 post-completion trap(s)
void *leaf(int n) {
  BEGIN();
  SUSPEND();
  p->value = n * 2;
  p->done = 1;
  SUSPEND(resumed_after_completion("leaf"));
  END();
}

// The await idiom after CoroEarly: subfn.addr calls, a done flag read
// through the promise (offset 16 + 4), the destroy edge destroying the child.
// PRESPLIT-LABEL: coroutine @top: pre-split initial=1 internal=1 final=1 checked=0 awaits=1
// PRESPLIT: await @leaf at %{{[0-9]+}}: done=promise-flag@20 ready=%{{[0-9]+}} pending=%{{[0-9]+}} suspend=%{{[0-9]+}} destroys=2 reads=1
// PRESPLIT-NOT: refused
// PRESPLIT-JSON: {"function":"leaf","kind":"pre-split","suspends":{"initial":1,"internal":0,"final":0,"checked":1},"awaits":[],"refused_awaits":[],"could":[{"pass":"coroslim-strip-done-traps","count":1,"why":"1 post-completion trap(s); with -coroslim-release"}]},
// PRESPLIT-JSON: {"function":"top","kind":"pre-split","suspends":{"initial":1,"internal":1,"final":1,"checked":0},"awaits":[{"callee":"leaf","at":"%{{[0-9]+}}","done":"promise-flag","flag_offset":20,"destroys":2,"reads":1,"form":"ramp call"}],"refused_awaits":[],"could":[{"pass":"coroslim-fold-suspend-free","count":1,"why":"1 await(s) of a coroutine without internal suspend points"}]}
void *top(int n) {
  BEGIN();
  SUSPEND();
  {
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
  }
  p->done = 1;
  switch (__builtin_coro_suspend(1)) {
  case 0: __builtin_unreachable();
  case 1: goto cleanup;
  default: goto out;
  }
  END();
}

// After CoroSplit: each coroutine's frame size and its dispatch states.
// With two states CoroSplit dispatches with a branch on an i1 index.
// LOWERED-DAG: lowered @leaf: frame={{[1-9][0-9]*}} states=2 traps=1
// LOWERED-DAG: lowered @top: frame={{[1-9][0-9]*}} states=2 traps=0
// LOWERED-DAG: state machine @leaf.resume: dispatch=br i1@{{[0-9]+}} cases=2 default=unreachable
// LOWERED-DAG: case 1 -> %{{[0-9]+}}: post-completion trap (@resumed_after_completion)
// LOWERED-JSON-DAG: {"function":"leaf","kind":"lowered","frame_bytes":{{[1-9][0-9]*}},"states":2,"traps":1,"resume":"leaf.resume","ramp_present":true},
// LOWERED-JSON-DAG: {"function":"top","kind":"lowered","frame_bytes":{{[1-9][0-9]*}},"states":2,"traps":0,"resume":"top.resume","ramp_present":true},
// LOWERED-JSON-DAG: {"function":"leaf.resume","kind":"state-machine","dispatch":{"form":"br","bits":1,"offset":{{[0-9]+}}},"default":"unreachable","cases":[{"state":1,"dest":"%{{[0-9]+}}","trap":"resumed_after_completion"},{"state":0,{{.*}}"trap":null}]}
