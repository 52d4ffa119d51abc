// coro.h without -fcoroutines: one #error that names the fix, and no error
// from inside the header after it (it used to give about 20).
//
// RUN: not %clang -fsyntax-only -I%include %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=error:
// CHECK: coro.h:{{[0-9]+}}:2: error: "coroslim/coro.h: C coroutines are off: compile with -Xclang -fcoroutines, or use coroslim-cc"
// CHECK: 1 error generated.
//
// A program that uses the macros still gets the #error first; what follows
// is about its own code, never a line of coro.h.
// RUN: not %clang -fsyntax-only -DUSE_IT -I%include %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=USE
// USE: coro.h:{{[0-9]+}}:2: error: "coroslim/coro.h: C coroutines are off: compile with -Xclang -fcoroutines, or use coroslim-cc"
// USE-NOT: coro.h:{{[0-9]+}}:{{[0-9]+}}: error:
// USE: errors generated.
//
// With the flag (what coroslim-cc and CoroSlim::coroslim add) it compiles.
// RUN: %clang -fsyntax-only -Xclang -fcoroutines -DUSE_IT -I%include %s

#include "coroslim/coro.h"

#ifdef USE_IT
CS_CORO(int, one, void) {
  CS_BEGIN(one);
  CS_SUSPEND();
  CS_RETURN(1);
  CS_END();
}
#endif
