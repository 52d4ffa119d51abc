// The C runtime in checked mode, through clang's whole pipeline. Without
// -coroslim-release a resume after completion still dies with its message;
// with it (`return` mode) that resume is a no-op and the coroutine stays
// done; in `unreachable` mode the completion state leaves .resume.
//
// RUN: %clang_cc -O2 %s -o %t.checked
// RUN: not --crash %t.checked 2>&1 | FileCheck %s --check-prefix=DIES
// DIES: twice(21) = 42
// DIES: coroslim: coroutine 'twice' resumed after completion
//
// RUN: %clang_cc -O1 -mllvm -coroslim-release %s -o %t.o1 && %t.o1 | FileCheck %s --check-prefix=NOOP
// RUN: %clang_cc -O2 -mllvm -coroslim-release %s -o %t.o2 && %t.o2 | FileCheck %s --check-prefix=NOOP
// RUN: %clang_cc -O3 -mllvm -coroslim-release %s -o %t.o3 && %t.o3 | FileCheck %s --check-prefix=NOOP
// RUN: %clang_cc -Os -mllvm -coroslim-release %s -o %t.os && %t.os | FileCheck %s --check-prefix=NOOP
// RUN: %clang_cc -Oz -mllvm -coroslim-release %s -o %t.oz && %t.oz | FileCheck %s --check-prefix=NOOP
// NOOP: twice(21) = 42
// NOOP-NEXT: resumed again: done=1 value=42
// NOOP-NEXT: destroyed
//
// The remarks, and the state count after CoroSplit in both modes.
// RUN: %clang_cc -O2 -mllvm -coroslim-release -Rpass=coroslim-strip-done-traps \
// RUN:   -S -emit-llvm %s -o %t.ret.ll 2>&1 | FileCheck %s --check-prefix=REM
// REM: remark: removed post-completion trap (cs__resumed_after_completion) of twice at the resume edge of suspend point 3 of 3{{( at line [0-9]+)?}}: a resume after completion re-suspends (`return` mode)
// With -g (and with -Rpass alone, which makes clang keep line tables) the
// remark names the source line of the suspend (CS_END's with -g, CS_RETURN's
// with line tables only),
// never an IR value.
// RUN: %clang_cc -O2 -g -mllvm -coroslim-release -Rpass=coroslim-strip-done-traps \
// RUN:   -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REM-G
// REM-G: remark: removed post-completion trap (cs__resumed_after_completion) of twice at the resume edge of suspend point 3 of 3 at line [[@LINE+25]]: a resume after completion
// REM-G-NOT: %
// RUN: %clang_cc -O2 -mllvm -coroslim-release -mllvm -coroslim-done-resume=unreachable \
// RUN:   -DNO_RERESUME -S -emit-llvm %s -o %t.unr.ll
// RUN: %clang_cc -O2 -DNO_RERESUME -S -emit-llvm %s -o %t.chk.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.chk.ll | FileCheck %s --check-prefix=CHK
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.unr.ll | FileCheck %s --check-prefix=UNR
// CHK: lowered @twice: frame={{[^ ]+}} states=3 traps=1
// UNR: lowered @twice: frame={{[^ ]+}} states=2 traps=0
//
// Through opt -verify-each with the plugin in the default pipeline.
// RUN: %clang -O2 -Xclang -fcoroutines -Xclang -disable-llvm-passes -I%include \
// RUN:   -S -emit-llvm %s -o %t.raw.ll
// RUN: %opt -coroslim-release -coroslim-done-resume=unreachable -passes='default<O2>' \
// RUN:   -verify-each -disable-output %t.raw.ll
// RUN: %opt -coroslim-release -passes='default<Os>' -verify-each -disable-output %t.raw.ll
#include "coroslim/coro.h"

#include <stdio.h>

CS_CORO(int, twice, int x)
{
  CS_BEGIN(twice);
  CS_SUSPEND();
  CS_RETURN(2 * x);
  CS_END();
}

int main(void)
{
  cs_handle h = twice(21);
  while (cs_next(h))
    ;
  printf("twice(21) = %d\n", CS_VALUE(twice, h));
  fflush(stdout);
#ifndef NO_RERESUME
  __builtin_coro_resume(h); // the bug the checked runtime catches
  printf("resumed again: done=%d value=%d\n", cs_done(h), CS_VALUE(twice, h));
#endif
  cs_destroy(h);
  printf("destroyed\n");
  return 0;
}
