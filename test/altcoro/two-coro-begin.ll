; At -O2 the inliner puts the ramp of an already split coroutine into its
; awaiter, which is still pre-split: the awaiter then holds a second
; llvm.coro.begin, on the callee's split llvm.coro.id (the one with its
; resumers; CoroElide and CoroCleanup lower it). Only the begin on the
; function's own pre-split coro.id is its own; the other is an ordinary
; value. The analysis recognises the coroutine, and merge-states merges
; its two sibling suspend points as it would without the inlined ramp.
;
; CORPUS-SKIP: a mid-pipeline snapshot; LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATES
; RUN: %opt -passes=coroslim-merge-states -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   -o %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; STATES: coroutine @gen: pre-split initial=1 internal=2 final=1 checked=0 awaits=0
; STATES-NOT: not recognised
; (Two begins on the function's own coro.id are still refused:
; two-begins-own-id.ll.)

; REMARK-NOT: coroutine gen not recognised
; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine gen into one (1 suspend points fewer;

; CHECK-LABEL: define ptr @gen(
; CHECK:         %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr null)
; CHECK:       yield.a:
; CHECK-NEXT:    br label %yield.a.merged
; CHECK:       yield.a.merged:
; CHECK:         %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
; CHECK:       yield.b:
; CHECK-NEXT:    br label %yield.a.merged
; CHECK-NOT:   call i8 @llvm.coro.suspend(token %save.b

@callee.resumers = private constant [3 x ptr] [ptr @callee.resume, ptr @callee.destroy, ptr @callee.cleanup]

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
  ; The inlined ramp of the split coroutine @callee (frame elided).
  %inl.id = call token @llvm.coro.id(i32 16, ptr null, ptr @callee, ptr @callee.resumers)
  %inl.alloc = call i1 @llvm.coro.alloc(token %inl.id)
  %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr null)
  store ptr @callee.resume, ptr %inl.hdl
  call void @use.ptr(ptr %inl.hdl)
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

declare ptr @callee(i32)
declare void @callee.resume(ptr)
declare void @callee.destroy(ptr)
declare void @callee.cleanup(ptr)
declare void @use.ptr(ptr)
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
