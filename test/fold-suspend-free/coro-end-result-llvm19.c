// LLVM 19's llvm.coro.end returns an i1 that only CoroSplit gives a value
// ("in a resume or destroy clone"; LLVM 21+ has llvm.coro.is_in_ramp
// instead). fold-suspend-free (which erases the callee's coro.end in the
// twin) and inline-single-suspend (which erases it in the inlined copy)
// would have to choose that value, so when the result is used they refuse,
// with a remark naming the missing LLVM feature, and change nothing.
//
// The i1 coro.end exists on LLVM 19 only.
// REQUIRES: llvm-19
// RUN: %clang -O2 -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine)' %t.raw.ll -S -o %t.in.ll
//
// As clang emits it (the result unused), both passes act.
// RUN: %opt -passes='coroslim-fold-suspend-free,coroslim-inline-single-suspend' -verify-each -pass-remarks='coroslim-.*' -disable-output %t.in.ll 2>&1 | FileCheck %s --check-prefix=UNUSED
// UNUSED-DAG: remark: {{.*}}folded await of suspend-free coroutine twice in top
// UNUSED-DAG: remark: {{.*}}inlined coroutine hold into top
//
// With every coro.end's result passed to a function, both refuse.
// RUN: sed -e 's/^  \(%[0-9A-Za-z._]*\) = call i1 @llvm.coro.end(.*$/&\n  call void @use_end(i1 \1)/' %t.in.ll > %t.used.ll
// RUN: echo 'declare void @use_end(i1)' >> %t.used.ll
// RUN: %opt -passes='coroslim-fold-suspend-free,coroslim-inline-single-suspend' -verify-each -pass-remarks='coroslim-.*' -pass-remarks-missed='coroslim-.*' %t.used.ll -S -o %t.out.ll 2>&1 | FileCheck %s --check-prefix=USED --implicit-check-not='remark: {{.*}}folded' --implicit-check-not='remark: {{.*}}inlined'
// USED-DAG: remark: {{.*}}cannot fold the await of twice in top: it uses the i1 result of llvm.coro.end, which LLVM 19 gives a value only when CoroSplit lowers it (LLVM 21+ has llvm.coro.is_in_ramp instead)
// USED-DAG: remark: {{.*}}not inlining 'hold' into top: it uses the i1 result of llvm.coro.end, which LLVM 19 gives a value only when CoroSplit lowers it (LLVM 21+ has llvm.coro.is_in_ramp instead)
// RUN: FileCheck %s --check-prefix=IR < %t.out.ll
// IR-NOT: twice.twin
// IR: define internal ptr @twice(
// IR: call void @use_end(i1
// IR: define internal ptr @hold(
// IR: call void @use_end(i1
#include "coroslim/coro.h"

static cs_event go;

CS_CORO_STATIC(int, twice, int x)
{
  CS_BEGIN(twice);
  CS_RETURN(x * 2);
  CS_END();
}

CS_CORO_STATIC(int, hold, int id)
{
  CS_BEGIN(hold);
  CS_WAIT(&go);
  CS_RETURN(id * 10);
  CS_END();
}

CS_CORO_STATIC(int, top, int n)
{
  int a, b;
  CS_BEGIN(top);
  CS_AWAIT(a, twice, n);
  CS_AWAIT(b, hold, n);
  CS_RETURN(a + b);
  CS_END();
}

int main(void)
{
  cs_spawn(top(1));
  cs_run();
  cs_event_fire(&go);
  cs_run();
  return 0;
}
