; A region never starts at an exception-handling pad: merge() splits each
; start block at the start and sends the other arms to the kept start, so a
; pad there would no longer begin the block its unwind edges reach. The
; start stays right after a landingpad instead, which then stays first in
; its own arm block.
; @gen: moving the starts up over the identical code before the suspends
; stops below the landingpads.
; @gen_arms: only the start at the two arms (the children of the common
; dominator) matches (the volatile store needs %ea and %eb paired, and the
; lifetime.start stops moving up), and that start is after the landingpads.
;
; LLVM 22 IR (a void llvm.coro.end and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-merge-states -S < %t.ll > %t2.ll
; RUN: diff %t.ll %t2.ll

; REMARK: remark: <unknown>:0:0: merged 2 internal suspend points of coroutine gen into one (1 suspend points fewer;
; REMARK: remark: <unknown>:0:0: merged 2 internal suspend points of coroutine gen_arms into one (1 suspend points fewer;

; CHECK-LABEL: define ptr @gen(
; CHECK: yield.a:
; CHECK-NEXT: %lpa = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: br label %[[MERGED:.*]]
; CHECK: [[MERGED]]:
; CHECK: %merge.op = phi i32 [ 1, %yield.a ], [ 2, %yield.b ]
; CHECK-NEXT: store i32 %merge.op, ptr %slot
; CHECK: yield.b:
; CHECK-NEXT: %lpb = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: br label %[[MERGED]]
; CHECK-NOT: %sb = call i8 @llvm.coro.suspend

; CHECK-LABEL: define ptr @gen_arms(
; CHECK: lp.a:
; CHECK-NEXT: %lpa = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: br label %[[ARMS:.*]]
; CHECK: [[ARMS]]:
; CHECK: %merge.op = phi { ptr, i32 } [ %lpa, %lp.a ], [ %lpb, %lp.b ]
; CHECK-NEXT: %ea = extractvalue { ptr, i32 } %merge.op, 0
; CHECK: store volatile ptr %ea, ptr %slot
; CHECK: lp.b:
; CHECK-NEXT: %lpb = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: br label %[[ARMS]]
; CHECK-NOT: %sb = call i8 @llvm.coro.suspend

define ptr @gen(i1 %c, ptr %slot) presplitcoroutine personality ptr @pers {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %inv.a, label %inv.b
inv.a:
  invoke void @f() to label %join unwind label %yield.a
inv.b:
  invoke void @g() to label %join unwind label %yield.b
yield.a:
  %lpa = landingpad { ptr, i32 } cleanup
  store i32 1, ptr %slot
  %save.a = call token @llvm.coro.save(ptr null)
  %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
yield.b:
  %lpb = landingpad { ptr, i32 } cleanup
  store i32 2, ptr %slot
  %save.b = call token @llvm.coro.save(ptr null)
  %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
join:
  %v = phi i32 [ 10, %yield.a ], [ 20, %yield.b ], [ 0, %inv.a ], [ 0, %inv.b ]
  call void @use(i32 %v)
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

define ptr @gen_arms(i32 %k, ptr %slot) presplitcoroutine personality ptr @pers {
entry:
  %tmp = alloca i32
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  switch i32 %k, label %x1 [
    i32 1, label %x2
    i32 2, label %x3
    i32 3, label %x4
  ]
x1:
  invoke void @f() to label %after unwind label %lp.a
x2:
  invoke void @g() to label %after unwind label %lp.a
x3:
  invoke void @f() to label %after unwind label %lp.b
x4:
  invoke void @g() to label %after unwind label %lp.b
after:
  br label %join
lp.a:
  %lpa = landingpad { ptr, i32 } cleanup
  %ea = extractvalue { ptr, i32 } %lpa, 0
  call void @llvm.lifetime.start.p0(ptr %tmp)
  %save.a = call token @llvm.coro.save(ptr null)
  %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
resume.a:
  store volatile ptr %ea, ptr %slot
  br label %join
lp.b:
  %lpb = landingpad { ptr, i32 } cleanup
  %eb = extractvalue { ptr, i32 } %lpb, 0
  call void @llvm.lifetime.start.p0(ptr %tmp)
  %save.b = call token @llvm.coro.save(ptr null)
  %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.b:
  store volatile ptr %eb, ptr %slot
  br label %join
join:
  call void @llvm.lifetime.end.p0(ptr %tmp)
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

declare void @use(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @f()
declare void @g()
declare i32 @pers(...)
