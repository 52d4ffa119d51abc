; The await idiom as docs/design.md writes it, before CoroEarly: resume, done
; test are llvm.coro.resume and llvm.coro.done. inline-single-suspend
; recognises it as it does the lowered form (it used to refuse it: "the
; await loop does more than resume and test", llvm.coro.done being
; modelled as writing memory). The pipeline always runs CoroEarly first;
; opt users may not.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='coroslim-inline-single-suspend' -verify-each -pass-remarks=coroslim-inline-single-suspend -S %s -o %t.ll 2> %t.remarks
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: FileCheck %s < %t.ll

; REMARK-DAG: remark: <unknown>:0:0: inlined coroutine leaf into top: 1 internal suspend point(s)
; REMARK-DAG: remark: <unknown>:0:0: inlined coroutine other_leaf into other_top: 1 internal suspend point(s)

; The callee's body runs in @top: its step before the suspend, the caller's
; suspend, its step after; no handle, no resume, no done test is left.
; CHECK-LABEL: define ptr @top(
; CHECK-NOT: call ptr @leaf(
; CHECK-NOT: @llvm.coro.resume
; CHECK-NOT: @llvm.coro.done
; CHECK-NOT: @llvm.coro.destroy
; CHECK: pending:
; CHECK-NEXT: %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK: body.inl:
; CHECK-NEXT: call void @work(i32 7)
; CHECK-NEXT: br label %pending
; CHECK: body2.inl:
; CHECK-NEXT: call void @work(i32 2)
; CHECK-NEXT: br label %ready
; CHECK: }

; CHECK-LABEL: define ptr @other_top(
; CHECK-NOT: call ptr @other_leaf(
; CHECK: %ext.inl = call ptr @other()
; CHECK-NEXT: %op.inl = call ptr @llvm.coro.promise(ptr %ext.inl, i32 4, i1 false)
; CHECK-NEXT: %v.inl = load i32, ptr %op.inl
; CHECK: }

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @work(i32)

define internal ptr @leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; The callee reads the promise of another coroutine (@other's handle):
; that llvm.coro.promise stays; only the callee's own promise becomes a
; local of the caller (before, this read went to the callee's promise).
define internal ptr @other_leaf(i32 %n) #0 {
entry:
  %pr = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 0, ptr %pr, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  %ext = call ptr @other()
  %op = call ptr @llvm.coro.promise(ptr %ext, i32 4, i1 false)
  %v = load i32, ptr %op
  call void @work(i32 %v)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @other_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @other_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

attributes #0 = { nounwind presplitcoroutine }
declare ptr @other()
