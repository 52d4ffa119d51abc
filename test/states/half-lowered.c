// The usual `clang -O0 -Xclang -disable-O0-optnone -emit-llvm` output of a
// C coroutine built without the plugin is half lowered: clang's CoroEarly /
// CoroCleanup removed llvm.coro.id and llvm.coro.begin, but CoroSplit never
// split the coroutine (only coroslim-c-presplit marks a C coroutine
// presplitcoroutine), so llvm.coro.suspend is still there. The printer says
// so and what to do, instead of printing nothing.
// RUN: %clang -O0 -Xclang -disable-O0-optnone -Xclang -fcoroutines -S -emit-llvm %s -o %t.o0.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.o0.ll | FileCheck %s --check-prefix=HALF
// RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %t.o0.ll | FileCheck %s --check-prefix=HALF-JSON
// The same at -O2: the optimiser does not split it either.
// RUN: %clang -O2 -Xclang -fcoroutines -S -emit-llvm %s -o %t.o2.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.o2.ll | FileCheck %s --check-prefix=HALF
//
// HALF: not a coroutine @gen: half-lowered: llvm.coro.suspend remains but llvm.coro.id and llvm.coro.begin are gone: the coroutine was lowered without being split, as clang does to a C coroutine built without -fpass-plugin=CoroSlim.so (nothing marks it presplitcoroutine); emit the IR with -Xclang -disable-llvm-passes to analyse the coroutine as written
// HALF-NOT: @plain
// HALF-JSON: {"version":1,"functions":[
// HALF-JSON-NEXT: {"function":"gen","kind":"not-a-coroutine","stage":"half-lowered","why":"llvm.coro.suspend remains but {{.*}}-Xclang -disable-llvm-passes to analyse the coroutine as written"}
// HALF-JSON-NEXT: ]}
//
// The two stages the message points to. As written (-disable-llvm-passes):
// RUN: %clang -O0 -Xclang -fcoroutines -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.src.ll
// RUN: %opt -passes='coroslim-c-presplit,print<coroslim-states>' -disable-output %t.src.ll | FileCheck %s --check-prefix=SOURCE
// SOURCE: coroutine @gen: pre-split initial=1 internal=1 final=1
// SOURCE-NOT: not a coroutine
// Split, with the plugin in clang (-O0 included):
// RUN: %clang_cc -O0 -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t.split.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.split.ll | FileCheck %s --check-prefix=SPLIT
// SPLIT: lowered @gen: frame={{[1-9][0-9]*}} states=2 traps=0
// SPLIT-NOT: not a coroutine

typedef struct { int done; int value; } promise_t;
void *cs_alloc(unsigned long);
void cs_free(void *);

void *gen(int n) {
  _Alignas(8) promise_t promise;
  __builtin_coro_id(8, &promise, 0, 0);
  void *h = __builtin_coro_begin(
      __builtin_coro_alloc() ? cs_alloc(__builtin_coro_size()) : 0);
  promise_t *p = __builtin_coro_promise(h, 8, 0);
  p->done = 0;
  switch (__builtin_coro_suspend(0)) {
  case 0: break;
  case 1: goto cleanup;
  default: goto out;
  }
  for (int i = 0; i < n; ++i) {
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
cleanup:
  cs_free(__builtin_coro_free(__builtin_coro_frame()));
out:
  __builtin_coro_end(h, 0);
  return h;
}

int plain(int x) { return x + 1; }
