// Awaits the pass must leave alone, each with a missed remark that says
// why; the program still runs the same.
//
// RUN: %clang_cc -O2 -c %s -o /dev/null -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s
// RUN: %clang_cc -O2 -c %s -o /dev/null -mllvm -coroslim-inline-max-size=20 -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=SIZE
// The same limits as pass parameters; bad parameters are errors.
// RUN: %clang -O2 -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine)' %t.raw.ll -S -o %t.in.ll
// RUN: %opt -passes='coroslim-inline-single-suspend<max-size=20>' -pass-remarks-missed=coroslim-inline-single-suspend -disable-output %t.in.ll 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: %opt -passes='coroslim-inline-single-suspend<max-suspends=2;max-size=1000;cost=speed>' -pass-remarks=coroslim-inline-single-suspend -verify-each -disable-output %t.in.ll 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not %opt -passes='coroslim-inline-single-suspend<bogus>' -disable-output %t.in.ll 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %opt -passes='coroslim-inline-single-suspend<max-size=x>' -disable-output %t.in.ll 2>&1 | FileCheck %s --check-prefix=BADNUM

// CHECK-DAG: remark: not inlining 'leaf' into escaper: not an await (the handle is passed to 'note')
// CHECK-DAG: remark: not inlining 'countdown' into countdown: recursion: the callee awaits or calls its caller
// CHECK-DAG: remark: not inlining 'vleaf' into vcaller: it takes variable arguments
// CHECK-DAG: remark: not inlining 'twice' into twice_caller: it has 2 internal suspend points (at most 1 allowed by -coroslim-inline-max-suspends)
// CHECK-DAG: remark: not inlining 'ext_leaf' into ext_caller: it is not defined in this module
// The plain await of leaf is inlined (no missed remark for it).
// CHECK-NOT: into plain

// SIZE: not inlining 'leaf' into plain: it would clone {{[0-9]+}} instructions (at most 20 allowed by -coroslim-inline-max-size)

// TWO: inlined coroutine twice into twice_caller: 2 internal suspend point(s)

// BAD: coroslim-inline-single-suspend: unknown parameter 'bogus' (expected max-suspends=N, max-size=N or cost=size|speed|off)
// BADNUM: coroslim-inline-single-suspend: max-size must be a whole number of at least 1, got 'x'
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event ev;

CS_CORO_STATIC(int, leaf, int x)
{
  CS_BEGIN(leaf);
  CS_WAIT(&ev);
  CS_RETURN(x + 1);
  CS_END();
}

/* Inlined. */
CS_CORO(int, plain, void)
{
  int v;
  CS_BEGIN(plain);
  CS_AWAIT(v, leaf, 1);
  CS_RETURN(v);
  CS_END();
}

/* The handle escapes: the await idiom, plus a call that sees the handle. */
__attribute__((noinline)) void note(cs_handle h) { printf("note %p\n", h); }
CS_CORO(int, escaper, void)
{
  int v;
  cs_handle h;
  CS_BEGIN(escaper);
  h = leaf(2);
  note(h);
  for (;;) {
    __builtin_coro_resume(h);
    if (((CS__PROMISE(leaf) *)__builtin_coro_promise(h, CS_PROMISE_ALIGN, 0))
            ->done)
      break;
    CS_SUSPEND();
  }
  v = ((CS__PROMISE(leaf) *)__builtin_coro_promise(h, CS_PROMISE_ALIGN, 0))
          ->value;
  __builtin_coro_destroy(h);
  CS_RETURN(v);
  CS_END();
}

/* Recursion: a coroutine that awaits itself. */
CS_CORO(int, countdown, int n)
{
  int r = 0;
  CS_BEGIN(countdown);
  if (n > 0)
    CS_AWAIT(r, countdown, n - 1);
  CS_RETURN(r + 1);
  CS_END();
}

/* Variable arguments. */
CS_CORO_STATIC(int, vleaf, int n, ...)
{
  CS_BEGIN(vleaf);
  CS_WAIT(&ev);
  CS_RETURN(n);
  CS_END();
}
CS_CORO(int, vcaller, void)
{
  int v;
  CS_BEGIN(vcaller);
  CS_AWAIT(v, vleaf, 1, 2, 3);
  CS_RETURN(v);
  CS_END();
}

/* More internal suspend points than allowed (by default). */
CS_CORO_STATIC(int, twice, void)
{
  CS_BEGIN(twice);
  CS_WAIT(&ev);
  CS_WAIT(&ev);
  CS_RETURN(2);
  CS_END();
}
CS_CORO(int, twice_caller, void)
{
  int v;
  CS_BEGIN(twice_caller);
  CS_AWAIT(v, twice);
  CS_RETURN(v);
  CS_END();
}

/* Defined in another translation unit. */
CS_DECLARE(int, ext_leaf, int);
CS_CORO(int, ext_caller, void)
{
  int v;
  CS_BEGIN(ext_caller);
  CS_AWAIT(v, ext_leaf, 3);
  CS_RETURN(v);
  CS_END();
}
