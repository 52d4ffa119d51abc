; Three arms await @send, each with a temporary of its own whose lifetime
; ends in the arm. Ending a lifetime is optional, so the merged region drops
; the kept arm's lifetime.end; each of the two other matches lists that
; same instruction. It must be erased once (the pass erased it twice, a
; heap use-after-free that the ASan build of the plugin reported on
; bench/protocol/protocol.cpp; run this under -DCOROSLIM_SANITIZE=ON to see
; it).
;
; The temporaries differ in size, so that the merge cannot make them one
; local (frame-reuse-arms.ll) and the lifetime.ends really differ. The phi
; of the three is read before the suspend and the three were in the frame
; already (@send may keep them), so the cost model predicts no growth.
;
; LLVM 22 IR (a void llvm.coro.end and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-merge-states -S < %t.ll > %t2.ll
; RUN: diff %t.ll %t2.ll

; REMARK: remark: {{.*}}merged 3 awaits of @send of coroutine handler into one (2 suspend points fewer;

; CHECK-LABEL: define ptr @handler(
; CHECK:       a:
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %ta)
; CHECK:       a.merged:
; CHECK-NEXT:    %merge.op{{.*}} = phi
; CHECK-NOT:     call void @llvm.lifetime.end.p0(
; CHECK:       join:
; CHECK-LABEL: define ptr @send(

define ptr @handler(i32 %cmd, ptr %out) presplitcoroutine {
entry:
  %ta = alloca i32
  %tb = alloca i64
  %tc = alloca i16
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
  switch i32 %cmd, label %c [
    i32 0, label %a
    i32 1, label %b
  ]

a:
  call void @llvm.lifetime.start.p0(ptr %ta)
  %ha = call ptr @send(i32 123, ptr %ta)
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
  call void @llvm.lifetime.end.p0(ptr %ta)
  br label %join
b:
  call void @llvm.lifetime.start.p0(ptr %tb)
  %hb = call ptr @send(i32 456, ptr %tb)
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
  call void @llvm.lifetime.end.p0(ptr %tb)
  br label %join
c:
  call void @llvm.lifetime.start.p0(ptr %tc)
  %hc = call ptr @send(i32 789, ptr %tc)
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
  call void @llvm.lifetime.end.p0(ptr %tc)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ], [ %vc, %ready.c ]
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
define ptr @send(i32 %n, ptr %scratch) presplitcoroutine {
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
