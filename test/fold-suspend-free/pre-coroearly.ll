; The await idiom before CoroEarly (hand-written IR): llvm.coro.resume,
; llvm.coro.done, llvm.coro.promise and llvm.coro.destroy, a callee that
; completes at a final suspend and writes its promise alloca directly, and
; a frame allocation whose free in the cleanup is unconditional (it gets
; null: there is no frame, as when LLVM elides one).
; LLVM 22 IR (a void llvm.coro.end, captures(none) and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %s -o %t.once.ll
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %t.once.ll -o %t.twice.ll
; RUN: %opt -passes=verify -S < %t.once.ll -o %t.reread.ll
; RUN: diff %t.reread.ll %t.twice.ll

; REMARK: folded await of suspend-free coroutine leaf in caller into a call of leaf.twin

; The ramp has external linkage, so it stays as it was.
; CHECK-LABEL: define ptr @leaf(i32 %x)
; CHECK: call ptr @llvm.coro.begin
; CHECK: call i8 @llvm.coro.suspend(token none, i1 true)

; CHECK-LABEL: define internal void @leaf.twin(i32 %x, ptr noalias nonnull align 4 captures(none) dereferenceable(4) %promise)
; CHECK-NEXT: entry:
; CHECK-NEXT: br label %begin
; CHECK: begin:
; CHECK-NEXT: br label %body
; CHECK: body:
; CHECK-NEXT: call void @print(i32 %x)
; CHECK-NEXT: store i32 %x, ptr %promise, align 4
; CHECK-NEXT: br label %cleanup
; CHECK: cleanup:
; CHECK-NEXT: call void @free(ptr null)
; CHECK-NEXT: br label %suspend
; CHECK: suspend:
; CHECK-NEXT: ret void
define ptr @leaf(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 8, ptr %promise, ptr null, ptr null)
  %alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %alloc, label %dyn.alloc, label %begin
dyn.alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %dyn.alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @print(i32 %x)
  store i32 %x, ptr %promise
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %fin, label %suspend [i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; CHECK-LABEL: define ptr @caller()
; CHECK: entry:
; CHECK-NEXT: %leaf.promise = alloca i32, align 4
; CHECK: body:
; CHECK-NEXT: call void @llvm.lifetime.start.p0(ptr %leaf.promise)
; CHECK-NEXT: call void @leaf.twin(i32 7, ptr %leaf.promise)
; CHECK-NEXT: br label %loop
; CHECK: loop:
; CHECK-NEXT: br label %ready
; CHECK: ready:
; CHECK-NEXT: %v = load i32, ptr %leaf.promise, align 4
; CHECK-NEXT: call void @llvm.lifetime.end.p0(ptr %leaf.promise)
; CHECK-NEXT: call void @use(i32 %v)
; CHECK-NOT: @llvm.coro.resume
; CHECK-NOT: @llvm.coro.done
; CHECK-NOT: @llvm.coro.destroy
; CHECK-NOT: @leaf(
; CHECK: call i8 @llvm.coro.suspend(token none, i1 true)
; CHECK-NOT: @llvm.coro.suspend
; CHECK-LABEL: {{^}}}
define ptr @caller() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %done = call i1 @llvm.coro.done(ptr %h)
  br i1 %done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %loop
                                i8 1, label %destroy.child]
destroy.child:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  %p = call ptr @llvm.coro.promise(ptr %h, i32 4, i1 false)
  %v = load i32, ptr %p
  call void @llvm.coro.destroy(ptr %h)
  call void @use(i32 %v)
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %fin, label %suspend [i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare void @print(i32)
declare void @use(i32)
declare ptr @malloc(i64)
declare void @free(ptr)

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr captures(none), i32, i1)
