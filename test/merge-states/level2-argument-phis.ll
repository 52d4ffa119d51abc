; Level 2 with the argument computed in different ways: four switch arms
; each start an operation through @start_op (a handle-returning function,
; not a coroutine of this module, as after the callee was split in another
; SCC) and await it; the argument is `x + 1`, `y * 2`, a load and the
; constant 5. The arms differ before the await, so the regions start where
; the arms pair up again (at the call of @start_op): the computations stay
; in their arms, in their order, and one await takes a phi of them.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; Idempotence: a second run changes nothing.
; RUN: %opt -passes=coroslim-merge-states -S < %t.ll > %t2.ll
; RUN: diff %t.ll %t2.ll
; RUN: %opt -passes='function(coroslim-merge-states),coro-early,cgscc(coro-split),print<coroslim-states>' \
; RUN:   -disable-output %s | FileCheck %s --check-prefix=STATES
; RUN: %opt -passes='coro-early,cgscc(coro-split),print<coroslim-states>' \
; RUN:   -disable-output %s | FileCheck %s --check-prefix=BEFORE

; REMARK: remark: {{.*}}merged 4 internal suspend points of coroutine handler into one (3 suspend points fewer;
; REMARK: remark: {{.*}}merged 4 internal suspend points of coroutine used_after into one (3 suspend points fewer;
; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine two_arms into one (1 suspend points fewer;
; REMARK-NOT: remark

; BEFORE: lowered @handler: frame={{[0-9]+}} states=5
; BEFORE: lowered @used_after: frame={{[0-9]+}} states=5
; BEFORE: lowered @two_arms: frame={{[0-9]+}} states=3
; STATES: lowered @handler: frame={{[0-9]+}} states=2
; STATES: lowered @used_after: frame={{[0-9]+}} states=2
; STATES: lowered @two_arms: frame={{[0-9]+}} states=2

; The computations stay first in their arms; each arm block ends in a jump
; to the one await, whose argument is the phi.
; CHECK-LABEL: define ptr @handler(
; CHECK:       a:
; CHECK-NEXT:    %xa = add i32 %x, 1
; CHECK-NEXT:    br label %a.merged
; CHECK:       a.merged:
; CHECK-NEXT:    %merge.op = phi i32 [ %xa, %a ], [ %yb, %b ], [ %lc, %c ], [ 5, %d ]
; CHECK-NEXT:    %ha = call ptr @start_op(i32 %merge.op)
; CHECK:       pending.a:
; CHECK-NEXT:    %sa = call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK:       b:
; CHECK-NEXT:    %yb = mul i32 %y, 2
; CHECK-NEXT:    br label %a.merged
; CHECK:       c:
; CHECK-NEXT:    %lc = load i32, ptr %q
; CHECK-NEXT:    br label %a.merged
; CHECK:       d:
; CHECK-NEXT:    br label %a.merged
; CHECK-NOT:     call ptr @start_op(
; CHECK-NOT:     call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK:       join:
; CHECK-NEXT:    store i32 %va, ptr %out
; CHECK-LABEL: define ptr @used_after(
; CHECK:       a.merged:
; CHECK-NEXT:    %merge.op = phi i32 [ %xa, %a ], [ %yb, %b ], [ %lc, %c ], [ 5, %d ]
; CHECK-NEXT:    %ha = call ptr @start_op(i32 %merge.op)
; CHECK:       ready.a:
; CHECK:         store i32 %merge.op, ptr %q
; CHECK:       join:
; CHECK-NEXT:    store i32 %va, ptr %out
; CHECK-NEXT:    store i32 %merge.op, ptr %q
; CHECK-LABEL: define ptr @two_arms(
; Code with side effects and an operation that may trap stay in their arms,
; before the merged region, in their order.
; CHECK:       a:
; CHECK-NEXT:    call void @log(i32 1)
; CHECK-NEXT:    %xa = sdiv i32 %x, %y
; CHECK-NEXT:    call void @llvm.prefetch.p0(ptr %q, i32 0, i32 3, i32 1)
; CHECK-NEXT:    br label %a.merged
; CHECK:       a.merged:
; CHECK-NEXT:    %merge.op = phi i32 [ %xa, %a ], [ %yb, %b ]
; CHECK-NEXT:    %ha = call ptr @start_op(i32 %merge.op)
; CHECK:       b:
; CHECK-NEXT:    store i32 7, ptr %q
; CHECK-NEXT:    %yb = call i32 @next()
; CHECK-NEXT:    call void @llvm.prefetch.p0(ptr %q, i32 1, i32 3, i32 1)
; CHECK-NEXT:    br label %a.merged
; CHECK-NOT:     call ptr @start_op(

define ptr @handler(i32 %cmd, i32 %x, i32 %y, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  switch i32 %cmd, label %d [
    i32 0, label %a
    i32 1, label %b
    i32 2, label %c
  ]

a:
  %xa = add i32 %x, 1
  %ha = call ptr @start_op(i32 %xa)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %yb = mul i32 %y, 2
  %hb = call ptr @start_op(i32 %yb)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

c:
  %lc = load i32, ptr %q
  %hc = call ptr @start_op(i32 %lc)
  br label %loop.c
loop.c:
  call void @llvm.coro.resume(ptr %hc)
  %dc = call i1 @llvm.coro.done(ptr %hc)
  br i1 %dc, label %ready.c, label %pending.c
pending.c:
  %sc = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sc, label %ret [
    i8 0, label %loop.c
    i8 1, label %destroy.c
  ]
destroy.c:
  call void @llvm.coro.destroy(ptr %hc)
  br label %cleanup
ready.c:
  %pc = call ptr @llvm.coro.promise(ptr %hc, i32 4, i1 false)
  %vc = load i32, ptr %pc
  call void @llvm.coro.destroy(ptr %hc)
  br label %join

d:
  %hd = call ptr @start_op(i32 5)
  br label %loop.d
loop.d:
  call void @llvm.coro.resume(ptr %hd)
  %dd = call i1 @llvm.coro.done(ptr %hd)
  br i1 %dd, label %ready.d, label %pending.d
pending.d:
  %sd = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sd, label %ret [
    i8 0, label %loop.d
    i8 1, label %destroy.d
  ]
destroy.d:
  call void @llvm.coro.destroy(ptr %hd)
  br label %cleanup
ready.d:
  %pd = call ptr @llvm.coro.promise(ptr %hd, i32 4, i1 false)
  %vd = load i32, ptr %pd
  call void @llvm.coro.destroy(ptr %hd)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ], [ %vc, %ready.c ], [ %vd, %ready.d ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; The computed arguments are also used after the suspend inside the region
; (one phi serves the call and the store) and by a phi where the arms join
; (its value along the kept edge becomes the same phi, and the join's phis,
; left with one input, fold away).
define ptr @used_after(i32 %cmd, i32 %x, i32 %y, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  switch i32 %cmd, label %d [
    i32 0, label %a
    i32 1, label %b
    i32 2, label %c
  ]

a:
  %xa = add i32 %x, 1
  %ha = call ptr @start_op(i32 %xa)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  store i32 %xa, ptr %q
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %yb = mul i32 %y, 2
  %hb = call ptr @start_op(i32 %yb)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  store i32 %yb, ptr %q
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

c:
  %lc = load i32, ptr %q
  %hc = call ptr @start_op(i32 %lc)
  br label %loop.c
loop.c:
  call void @llvm.coro.resume(ptr %hc)
  %dc = call i1 @llvm.coro.done(ptr %hc)
  br i1 %dc, label %ready.c, label %pending.c
pending.c:
  %sc = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sc, label %ret [
    i8 0, label %loop.c
    i8 1, label %destroy.c
  ]
destroy.c:
  call void @llvm.coro.destroy(ptr %hc)
  br label %cleanup
ready.c:
  %pc = call ptr @llvm.coro.promise(ptr %hc, i32 4, i1 false)
  %vc = load i32, ptr %pc
  store i32 %lc, ptr %q
  call void @llvm.coro.destroy(ptr %hc)
  br label %join

d:
  %hd = call ptr @start_op(i32 5)
  br label %loop.d
loop.d:
  call void @llvm.coro.resume(ptr %hd)
  %dd = call i1 @llvm.coro.done(ptr %hd)
  br i1 %dd, label %ready.d, label %pending.d
pending.d:
  %sd = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sd, label %ret [
    i8 0, label %loop.d
    i8 1, label %destroy.d
  ]
destroy.d:
  call void @llvm.coro.destroy(ptr %hd)
  br label %cleanup
ready.d:
  %pd = call ptr @llvm.coro.promise(ptr %hd, i32 4, i1 false)
  %vd = load i32, ptr %pd
  store i32 5, ptr %q
  call void @llvm.coro.destroy(ptr %hd)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ], [ %vc, %ready.c ], [ %vd, %ready.d ]
  %w = phi i32 [ %xa, %ready.a ], [ %yb, %ready.b ], [ %lc, %ready.c ], [ 5, %ready.d ]
  store i32 %v, ptr %out
  store i32 %w, ptr %q
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @two_arms(i1 %c, i32 %x, i32 %y, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  br i1 %c, label %a, label %b

a:
  call void @log(i32 1)
  %xa = sdiv i32 %x, %y
  call void @llvm.prefetch.p0(ptr %q, i32 0, i32 3, i32 1)
  %ha = call ptr @start_op(i32 %xa)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  store i32 7, ptr %q
  %yb = call i32 @next()
  call void @llvm.prefetch.p0(ptr %q, i32 1, i32 3, i32 1)
  %hb = call ptr @start_op(i32 %yb)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare ptr @start_op(i32)
declare void @log(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @llvm.prefetch.p0(ptr, i32 immarg, i32 immarg, i32 immarg)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)
declare i32 @next()
