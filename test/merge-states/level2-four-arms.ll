; Level 2: four arms that each await @send with a different argument and
; meet at a common join become one await (one suspend point) with a phi for
; the argument. Also: the merged module passes the verifier, CoroSplit lowers
; it to fewer states, and a second run changes nothing.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-merge-states -S < %t.ll > %t2.ll
; RUN: diff %t.ll %t2.ll
; RUN: %opt -passes='function(coroslim-merge-states),coro-early,cgscc(coro-split),print<coroslim-states>' \
; RUN:   -disable-output %s | FileCheck %s --check-prefix=STATES
; RUN: %opt -passes='coro-early,cgscc(coro-split),print<coroslim-states>' \
; RUN:   -disable-output %s | FileCheck %s --check-prefix=BEFORE

; REMARK: remark: {{.*}}merged 4 awaits of @send of coroutine handler into one (3 suspend points fewer;
; REMARK-NOT: remark

; BEFORE: lowered @handler: frame={{[0-9]+}} states=5
; STATES: lowered @handler: frame={{[0-9]+}} states=2

; CHECK-LABEL: define ptr @handler(
; CHECK:       switch i32 %cmd, label %d [
; CHECK:       a.merged:
; CHECK-NEXT:    %merge.op = phi i32 [ 123, %a ], [ 456, %b ], [ 789, %c ], [ 42, %d ]
; CHECK-NEXT:    %ha = call ptr @send(i32 %merge.op)
; CHECK:       loop.a:
; CHECK-NEXT:    call void @llvm.coro.resume(ptr %ha)
; CHECK:       pending.a:
; CHECK-NEXT:    %sa = call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK-NOT:     call ptr @send(
; CHECK-NOT:     call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK:       join:
; CHECK-NEXT:    store i32 %va, ptr %out
; CHECK:         call i8 @llvm.coro.suspend(token none, i1 true)
; CHECK-LABEL: define ptr @send(

define ptr @handler(i32 %cmd, ptr %out) presplitcoroutine {
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
  %ha = call ptr @send(i32 123)
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
  %hb = call ptr @send(i32 456)
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
  %hc = call ptr @send(i32 789)
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
  %hd = call ptr @send(i32 42)
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

; The awaited coroutine: starts lazily, suspends once, stores its result.
define ptr @send(i32 %n) presplitcoroutine {
entry:
  %promise = alloca i32
  %id = call token @llvm.coro.id(i32 0, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %body
    i8 1, label %cleanup
  ]
body:
  call void @effect(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %done
    i8 1, label %cleanup
  ]
done:
  %r = add i32 %n, 1
  store i32 %r, ptr %promise
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

declare void @effect(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
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
