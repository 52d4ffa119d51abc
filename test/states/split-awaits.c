// Awaits of callees that LLVM has already split, as merge-states' second
// run (ScalarOptimizerLate, inside the CGSCC walk) sees them: the module
// just before that run on each handler of test/e2e/late_merge_split_awaits.c
// (which runs them), from clang with the plugin. The arms of each
// handler await drv and differ until InstCombine makes t * 2, t + t and
// t << 1 one shl, so merge-states' first run refused them. Three forms of
// the same await, all recognised (docs/frontends.md):
//   -O2 loop_handler: the inlined split ramp (the handle is its
//       llvm.coro.begin; SimplifyCFG has tail-merged the arms' destroy
//       paths into one destroy of a phi of the handles);
//   -O2 once_handler: the elided frame (CoroElide's no-op bitcast of an
//       alloca of the caller);
//   -Os both: calls of drv's split ramp, which was not inlined.
// The late merge-states merges each group as awaits of @drv.
//
// RUN: %clang_cc -O2 -c %S/../e2e/late_merge_split_awaits.c -o /dev/null -mllvm -print-before=coroslim-merge-states -mllvm -print-module-scope -mllvm -filter-print-funcs=loop_handler 2> %t.o2loop.dump
// RUN: awk '/IR Dump Before coroslim::MergeStatesPass on loop_handler / { n++; next } /IR Dump/ { if (n == 2) exit } n == 2' %t.o2loop.dump > %t.o2loop.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.o2loop.ll 2>&1 | FileCheck %s --check-prefix=O2LOOP
// RUN: %opt -passes=coroslim-merge-states -verify-each -pass-remarks=coroslim-merge-states -disable-output %t.o2loop.ll 2>&1 | FileCheck %s --check-prefix=MERGE-LOOP
//
// RUN: %clang_cc -O2 -c %S/../e2e/late_merge_split_awaits.c -o /dev/null -mllvm -print-before=coroslim-merge-states -mllvm -print-module-scope -mllvm -filter-print-funcs=once_handler 2> %t.o2once.dump
// RUN: awk '/IR Dump Before coroslim::MergeStatesPass on once_handler / { n++; next } /IR Dump/ { if (n == 2) exit } n == 2' %t.o2once.dump > %t.o2once.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.o2once.ll 2>&1 | FileCheck %s --check-prefix=O2ONCE
// RUN: %opt -passes=coroslim-merge-states -verify-each -pass-remarks=coroslim-merge-states -disable-output %t.o2once.ll 2>&1 | FileCheck %s --check-prefix=MERGE-ONCE
//
// RUN: %clang_cc -Os -c %S/../e2e/late_merge_split_awaits.c -o /dev/null -mllvm -print-before=coroslim-merge-states -mllvm -print-module-scope -mllvm -filter-print-funcs=once_handler 2> %t.os.dump
// RUN: awk '/IR Dump Before coroslim::MergeStatesPass on once_handler / { n++; next } /IR Dump/ { if (n == 2) exit } n == 2' %t.os.dump > %t.os.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.os.ll 2>&1 | FileCheck %s --check-prefix=OS
// RUN: %opt -passes=coroslim-merge-states -verify-each -pass-remarks=coroslim-merge-states -disable-output %t.os.ll 2>&1 | FileCheck %s --check-prefix=MERGE-ONCE
//
// The whole pipeline: each handler's arms merged by the late run.
// RUN: %clang_cc -O2 -c %S/../e2e/late_merge_split_awaits.c -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s --check-prefixes=MERGE-LOOP,MERGE-ONCE
// RUN: %clang_cc -Os -c %S/../e2e/late_merge_split_awaits.c -o /dev/null -Rpass=coroslim-merge-states 2>&1 | FileCheck %s --check-prefixes=MERGE-LOOP,MERGE-ONCE

// O2LOOP-LABEL: coroutine @loop_handler: pre-split {{.*}} awaits=3
// O2LOOP-NOT: refused await
// O2LOOP-COUNT-3: await @drv at %{{[0-9]+}} (inlined ramp): done=promise-flag@16 {{.*}} destroys=2 reads=1
// O2LOOP-NOT: refused await

// O2ONCE-LABEL: coroutine @once_handler: pre-split {{.*}} awaits=3
// O2ONCE-NOT: refused await
// O2ONCE-COUNT-3: await @drv at %{{[0-9]+}} (elided frame): done=promise-flag@16
// O2ONCE-NOT: refused await

// OS-LABEL: coroutine @once_handler: pre-split {{.*}} awaits=3
// OS-NOT: refused await
// OS-COUNT-3: await @drv at %{{[0-9]+}} (split ramp call): done=promise-flag@16 {{.*}} destroys=2 reads=1
// OS-NOT: refused await

// MERGE-LOOP-DAG: merged 3 awaits of @drv of coroutine loop_handler into one (2 suspend points fewer;
// MERGE-ONCE-DAG: merged 3 awaits of @drv of coroutine once_handler into one (2 suspend points fewer;
