; Two arms that await two different coroutines are refused, and the remark
; names the awaited coroutines instead of the first instruction that
; differs. @two_tasks: at ScalarOptimizerLate, the ramps of two coroutines
; LLVM has already split are inlined (a split llvm.coro.id naming the
; coroutine and its resumers), and the ids must stay constant. Reduced by
; hand from test/cxx/e2e/switch_arms.cpp's route() at -O2
; -fno-exceptions, where it read "different operations (a call of
; operator new(unsigned long) vs a call of operator new(unsigned long))":
; the two frames' sizes differ, and so do the dereferenceable attributes
; of the two calls. Here the frames have one size, as two instances of one
; task template may have. @two_ramps: at PipelineEarlySimplification, the
; ramp calls of two pre-split coroutines, where the arms differ at their
; head (below).
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; CORPUS-SKIP: a mid-pipeline snapshot (split callees inlined into pre-split callers); LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; REMARK: remark: <unknown>:0:0: coroutine two_tasks: cannot merge the second internal suspend point with the first internal suspend point: different callees (the regions await @send_a and @send_b, two coroutines)
; REMARK: remark: <unknown>:0:0: coroutine two_ramps: cannot merge the second internal suspend point with the first internal suspend point: different callees (the regions await @leaf and @chain, two coroutines)
; REMARK-NOT: remark

; CHECK-LABEL: define ptr @two_tasks(
; CHECK:         %s.a = call i8 @llvm.coro.suspend
; CHECK:         %s.b = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @two_ramps(
; CHECK:         %s.a = call i8 @llvm.coro.suspend
; CHECK:         %s.b = call i8 @llvm.coro.suspend

@send_a.resumers = private constant [3 x ptr] [ptr @send_a.resume, ptr @send_a.destroy, ptr @send_a.destroy]
@send_b.resumers = private constant [3 x ptr] [ptr @send_b.resume, ptr @send_b.destroy, ptr @send_b.destroy]

define ptr @two_tasks(i1 %c) presplitcoroutine {
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
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %id.a = call token @llvm.coro.id(i32 16, ptr null, ptr @send_a, ptr @send_a.resumers)
  %frame.a = call noalias dereferenceable(48) ptr @new(i64 48)
  %task.a = call ptr @llvm.coro.begin(token %id.a, ptr %frame.a)
  store ptr @send_a.resume, ptr %task.a
  call void @start_task(ptr %task.a)
  %save.a = call token @llvm.coro.save(ptr null)
  %s.a = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %s.a, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
arm.b:
  %id.b = call token @llvm.coro.id(i32 16, ptr null, ptr @send_b, ptr @send_b.resumers)
  %frame.b = call noalias dereferenceable(48) ptr @new(i64 48)
  %task.b = call ptr @llvm.coro.begin(token %id.b, ptr %frame.b)
  store ptr @send_b.resume, ptr %task.b
  call void @start_task(ptr %task.b)
  %save.b = call token @llvm.coro.save(ptr null)
  %s.b = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %s.b, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.a:
  call void @use_a()
  br label %join
resume.b:
  call void @use_b()
  br label %join
join:
  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; PipelineEarlySimplification: the ramps are still calls of pre-split
; coroutines, and one arm computes its arguments first (`co_await leaf(v)`
; / `co_await chain(d - 1, v)`, test/cxx/e2e/deep_chain.cpp's chain(), where
; it read "different operations (a call of leaf(long) vs a sub)").
define ptr @two_ramps(i1 %c, i32 %d, i64 %v) presplitcoroutine {
entry:
  %task.a = alloca ptr
  %task.b = alloca ptr
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
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  call void @leaf(ptr %task.a, i64 %v)
  %ready.a = call i1 @await_ready(ptr %task.a)
  br i1 %ready.a, label %resume.a, label %wait.a
wait.a:
  %save.a = call token @llvm.coro.save(ptr null)
  %s.a = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %s.a, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
resume.a:
  call void @use_a()
  br label %join
arm.b:
  %d.below = sub i32 %d, 1
  call void @chain(ptr %task.b, i32 %d.below, i64 %v)
  %ready.b = call i1 @await_ready(ptr %task.b)
  br i1 %ready.b, label %resume.b, label %wait.b
wait.b:
  %save.b = call token @llvm.coro.save(ptr null)
  %s.b = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %s.b, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.b:
  call void @use_b()
  br label %join
join:
  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare void @leaf(ptr, i64) presplitcoroutine
declare void @chain(ptr, i32, i64) presplitcoroutine
declare i1 @await_ready(ptr)

declare void @send_a(ptr)
declare void @send_b(ptr)
declare void @send_a.resume(ptr)
declare void @send_a.destroy(ptr)
declare void @send_b.resume(ptr)
declare void @send_b.destroy(ptr)
declare void @start_task(ptr)
declare void @use_a()
declare void @use_b()
declare ptr @new(i64)
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
