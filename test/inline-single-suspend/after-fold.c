// fold-suspend-free and inline-single-suspend together, in the order the
// pipeline runs them: `interpret` awaits the suspend-free `find` and returns
// early from a switch arm after it. Folding leaves the await's clang
// cleanup-destination switch on a constant (`switch i32 0`) that nothing has
// simplified yet when inline-single-suspend looks at `interpret`; the pass
// must read the constant (once it took both of the switch's ways, the
// return reached through it looked like a way to finish without
// completing, and the await was refused). Same output with and without.
//
// On LLVM 19 some awaits here are refused (cleanup switch default; docs/testing.md).
// UNSUPPORTED: llvm-19
// RUN: %clang_cc -Os %s -o %t.on -Rpass=coroslim-inline-single-suspend -Rpass-missed=coroslim-inline-single-suspend 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %t.on > %t.on.txt
// RUN: %clang_cc -Os -mllvm -coroslim-disable=coroslim-inline-single-suspend %s -o %t.off && %t.off > %t.off.txt
// RUN: FileCheck %s --check-prefix=OUT < %t.on.txt
// RUN: FileCheck %s --check-prefix=FRAMES-OFF < %t.off.txt
// RUN: grep -v frames %t.on.txt > %t.on.cmp && grep -v frames %t.off.txt > %t.off.cmp && diff %t.on.cmp %t.off.cmp
// The same through opt with the verifier after every pass.
// RUN: %clang -Os -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='default<Os>' -verify-each -pass-remarks=coroslim-inline-single-suspend %t.raw.ll -disable-output 2>&1 | FileCheck %s --check-prefix=REMARK

// REMARK-NOT: not inlining 'interpret'
// REMARK: inlined coroutine interpret into driver: 1 internal suspend point(s)
// REMARK-NOT: not inlining 'interpret'

// OUT: interpret("+f") = 1
// OUT-NEXT: interpret("+++f") = 1003
// OUT-NEXT: interpret("y+q") = 1
// OUT-NEXT: resumes: 2
// OUT-NEXT: live frames: 0
// Only the driver's own frame: find was folded, interpret inlined.
// OUT-NEXT: frames: 1
// FRAMES-OFF: frames: 4
#include "coroslim/coro.h"

#include <stdio.h>

static const int table[4] = {7, 1, 4, 9};

/* Never suspends. */
CS_CORO_STATIC(int, find, int needle)
{
  int i;
  CS_BEGIN(find);
  for (i = 0; i < 4; ++i)
    if (table[i] == needle)
      CS_RETURN(i);
  CS_RETURN(-1);
  CS_END();
}

/* One internal suspend ('y'); returns from two switch arms, one of them
 * after an await. */
CS_CORO_STATIC(int, interpret, const char *prog)
{
  int acc = 0, i, pos;
  CS_BEGIN(interpret);
  for (i = 0; prog[i]; ++i) {
    switch (prog[i]) {
    case '+':
      ++acc;
      break;
    case 'f':
      CS_AWAIT(pos, find, acc);
      if (pos < 0)
        CS_RETURN(1000 + acc);
      acc = pos;
      break;
    case 'y':
      CS_SUSPEND();
      break;
    default:
      CS_RETURN(acc);
    }
  }
  CS_RETURN(acc);
  CS_END();
}

CS_CORO_STATIC(int, driver, void)
{
  static const char *const progs[] = {"+f", "+++f", "y+q"};
  int i, r;
  CS_BEGIN(driver);
  for (i = 0; i < 3; ++i) {
    CS_AWAIT(r, interpret, progs[i]);
    printf("interpret(\"%s\") = %d\n", progs[i], r);
  }
  CS_END();
}

int main(void)
{
  cs_spawn(driver());
  cs_run();
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
