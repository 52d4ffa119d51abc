; Level 1: two suspend points whose suspend-side sequence (coro.save ..
; coro.suspend), suspend-return edge, resume and destroy continuations are the
; same up to values known before the suspend (the yielded value stored
; before it, the value the join phi takes) become one suspend point.
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
; RUN: %opt -passes='coroslim-merge-states<level=1>' -S < %s | FileCheck %s

; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine gen into one (1 suspend points fewer;
; REMARK-NOT: remark

; CHECK-LABEL: define ptr @gen(
; CHECK:       yield.a:
; CHECK-NEXT:    br label %yield.a.merged
; CHECK:       yield.a.merged:
; CHECK-DAG:     %merge.op = phi i32 [ 1, %yield.a ], [ 2, %yield.b ]
; CHECK-DAG:     %merge.out = phi i32 [ 10, %yield.a ], [ 20, %yield.b ]
; CHECK:         store i32 %merge.op, ptr %slot
; CHECK-NEXT:    %save.a = call token @llvm.coro.save(ptr null)
; CHECK-NEXT:    %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
; CHECK-NOT:     @llvm.coro.save
; CHECK:       yield.b:
; CHECK-NEXT:    br label %yield.a.merged
; CHECK:       join:
; CHECK-NEXT:    call void @use(i32 %merge.out)
; CHECK-NOT:   call i8 @llvm.coro.suspend(token %save.b

define ptr @gen(i1 %c, ptr %slot) presplitcoroutine {
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
  br i1 %c, label %yield.a, label %yield.b
yield.a:
  store i32 1, ptr %slot
  %save.a = call token @llvm.coro.save(ptr null)
  %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
yield.b:
  store i32 2, ptr %slot
  %save.b = call token @llvm.coro.save(ptr null)
  %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
join:
  %v = phi i32 [ 10, %yield.a ], [ 20, %yield.b ]
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

; Two suspends one after the other are not siblings: nothing to merge and
; no remark.
; CHECK-LABEL: define ptr @sequential(
; CHECK:         %sa = call i8 @llvm.coro.suspend
; CHECK:         %sb = call i8 @llvm.coro.suspend
define ptr @sequential(ptr %slot) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %first
    i8 1, label %cleanup
  ]
first:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %second
    i8 1, label %cleanup
  ]
second:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %cleanup
    i8 1, label %cleanup
  ]
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
