; The twin serves the awaits; the ramp stays for every other use: a handle
; that is spawned (stored, passed on) keeps @leaf, and external linkage
; keeps @public although its only await in this module is folded. Its
; deallocator accepts null (allockind("free")), so the twin may run its
; unguarded free with a null frame (unguarded-free.ll: one that may not).
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %s -o %t.once.ll
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %t.once.ll -o %t.twice.ll
; RUN: %opt -passes=verify -S < %t.once.ll -o %t.reread.ll
; RUN: diff %t.reread.ll %t.twice.ll

; REMARK-DAG: folded await of suspend-free coroutine leaf in awaiter into a call of leaf.twin
; REMARK-DAG: folded await of suspend-free coroutine public in awaits_public into a call of public.twin
; REMARK-NOT: deleted the ramp

; CHECK-LABEL: define ptr @awaiter(i32 %x)
; CHECK: call void @leaf.twin(i32 %x, ptr %leaf.promise)
; CHECK-NOT: @leaf(
; CHECK-LABEL: define void @spawner(i32 %x)
; CHECK-NEXT: entry:
; CHECK-NEXT: %h = call ptr @leaf(i32 %x)
; CHECK-NEXT: call void @spawn(ptr %h)
; CHECK-LABEL: define ptr @awaits_public(i32 %x)
; CHECK: call void @public.twin(i32 %x, ptr %public.promise)
; CHECK-NOT: @public(
; CHECK-LABEL: define internal ptr @leaf(i32 %n)
; CHECK: call ptr @llvm.coro.begin
; CHECK-LABEL: define internal void @leaf.twin(i32 %n, ptr
; CHECK-LABEL: define ptr @public(i32 %n)
; CHECK: call ptr @llvm.coro.begin
; CHECK-LABEL: define internal void @public.twin(i32 %n, ptr

%P = type { i32, i32 }

declare void @effect(i32)
declare void @use(i32)
declare void @spawn(ptr)
declare ptr @frame_alloc(i64)
; A deallocator that does nothing with null (its unguarded call with
; llvm.coro.free is then correct once the frame is gone).
declare void @frame_free(ptr allocptr) allockind("free")
declare void @resumed_after_completion() noreturn

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8)

define ptr @awaiter(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 %x)
  br label %loop
loop:
  %resume.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 0)
  call fastcc void %resume.fn(ptr %h)
  %flag.addr = getelementptr inbounds i8, ptr %h, i64 16
  %flag = load i32, ptr %flag.addr, align 8
  %is.done = icmp ne i32 %flag, 0
  br i1 %is.done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %loop
                                i8 1, label %destroy.child]
destroy.child:
  %destroy.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn(ptr %h)
  br label %cleanup
ready:
  %value.addr = getelementptr inbounds i8, ptr %h, i64 20
  %v = load i32, ptr %value.addr, align 4
  %destroy.fn2 = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn2(ptr %h)
  call void @use(i32 %v)
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  %cond = icmp eq i8 %fin, 1
  br i1 %cond, label %cleanup, label %suspend
cleanup:
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define void @spawner(i32 %x) {
entry:
  %h = call ptr @leaf(i32 %x)
  call void @spawn(ptr %h)
  ret void
}

define ptr @awaits_public(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @public(i32 %x)
  br label %loop
loop:
  %resume.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 0)
  call fastcc void %resume.fn(ptr %h)
  %flag.addr = getelementptr inbounds i8, ptr %h, i64 16
  %flag = load i32, ptr %flag.addr, align 8
  %is.done = icmp ne i32 %flag, 0
  br i1 %is.done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %loop
                                i8 1, label %destroy.child]
destroy.child:
  %destroy.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn(ptr %h)
  br label %cleanup
ready:
  %value.addr = getelementptr inbounds i8, ptr %h, i64 20
  %v = load i32, ptr %value.addr, align 4
  %destroy.fn2 = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn2(ptr %h)
  call void @use(i32 %v)
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  %cond = icmp eq i8 %fin, 1
  br i1 %cond, label %cleanup, label %suspend
cleanup:
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define internal ptr @leaf(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %P, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr null, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @frame_alloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %done.addr = getelementptr inbounds i8, ptr %hdl, i64 16
  store i32 0, ptr %done.addr, align 8
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @effect(i32 %n)
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %n, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin, label %suspend [i8 0, label %trap
                                  i8 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @frame_free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @public(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %P, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr null, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @frame_alloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %done.addr = getelementptr inbounds i8, ptr %hdl, i64 16
  store i32 0, ptr %done.addr, align 8
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @effect(i32 %n)
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %n, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin, label %suspend [i8 0, label %trap
                                  i8 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @frame_free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

