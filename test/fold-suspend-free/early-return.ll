; A callee with a path from its initial suspend that returns without
; reaching its completion point (%early: llvm.coro.end and return, done flag
; still clear) is not folded. Resumed, such a coroutine returns to the
; caller not done, and the caller suspends; the twin's caller would go on
; to the ready path and read a result that was never written.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free -o %t.ll 2>%t.missed
; RUN: FileCheck %s --check-prefix=REMARK < %t.missed
; RUN: FileCheck %s < %t.ll
; RUN: %opt -passes=verify -S %s -o %t.orig.ll
; RUN: diff %t.orig.ll %t.ll

; REMARK: cannot fold the await of leaf in caller: a path of its body returns without reaching its completion point

; CHECK-LABEL: define ptr @caller(i32 %x, ptr %out)
; CHECK: %h = call ptr @leaf(i32 %x)
; CHECK: %is.done = icmp ne i32 %flag, 0
; CHECK-NEXT: br i1 %is.done, label %ready, label %pending
; CHECK-NOT: @leaf.twin
; CHECK-LABEL: define internal ptr @leaf(i32 %n)

%promise.leaf = type { i32, i32 }

define ptr @caller(i32 %x, ptr %out) presplitcoroutine {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @caller, ptr null)
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
  %init.ext = sext i8 %init to i32
  switch i32 %init.ext, label %suspend [i32 0, label %body
                                        i32 1, label %cleanup]
body:
  call void @before()
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
  %s.ext = sext i8 %s to i32
  switch i32 %s.ext, label %suspend [i32 0, label %loop
                                     i32 1, label %destroy.child]
destroy.child:
  %destroy.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn(ptr %h)
  br label %cleanup
ready:
  %value.addr = getelementptr inbounds i8, ptr %h, i64 20
  %v = load i32, ptr %value.addr, align 4
  %destroy.fn2 = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %destroy.fn2(ptr %h)
  call void @after(i32 %v)
  store i32 %v, ptr %out, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  %fin.ext = sext i8 %fin to i32
  switch i32 %fin.ext, label %suspend [i32 0, label %trap
                                       i32 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nonnull = icmp ne ptr %m, null
  br i1 %nonnull, label %free, label %suspend
free:
  call void @frame_free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define internal ptr @leaf(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @leaf, ptr null)
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
  %init.ext = sext i8 %init to i32
  switch i32 %init.ext, label %suspend [i32 0, label %body
                                        i32 1, label %cleanup]
body:
  call void @effect(i32 %n)
  %early = icmp eq i32 %n, 0
  br i1 %early, label %suspend, label %body2
body2:
  %v = mul i32 %n, 2
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %v, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  %fin.ext = sext i8 %fin to i32
  switch i32 %fin.ext, label %suspend [i32 0, label %trap
                                       i32 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  call void @leaf_cleanup(i32 %n)
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nonnull = icmp ne ptr %m, null
  br i1 %nonnull, label %free, label %suspend
free:
  call void @frame_free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

declare void @before()
declare void @after(i32)
declare void @effect(i32)
declare void @leaf_cleanup(i32)
declare ptr @frame_alloc(i64)
declare void @frame_free(ptr)
declare void @resumed_after_completion() noreturn

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8)
