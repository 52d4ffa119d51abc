; The done-flag proof is a forward data flow: the flag stored before a loop
; that never writes it still holds at the completion point after the loop.
; (A walk back from the completion point gave up at the loop's cycle, and the
; await stayed: "cannot prove ... done flag".) The await is folded; the
; loop runs in the twin between the flag store and the completion.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free 2>%t.remarks \
; RUN:   | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; REMARK: remark: <unknown>:0:0: folded await of suspend-free coroutine leaf in caller into a call of leaf.twin
; REMARK-NOT: cannot fold

%promise.leaf = type { i32, i32 }

; CHECK-LABEL: define ptr @caller(
; CHECK: call void @leaf.twin(i32 %x, ptr %leaf.promise)
; CHECK-NOT: @llvm.coro.subfn.addr
; CHECK-LABEL: define internal void @leaf.twin(
; CHECK: store i32 1, ptr %promise, align 8
; CHECK: spin:
; CHECK: call void @effect(i32 %i)
; CHECK: br i1 %more, label %spin, label %complete
; CHECK: call void @leaf_cleanup(i32 %n)
; CHECK: ret void

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
  %v = mul i32 %n, 2
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %v, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  br label %spin
spin:
  %i = phi i32 [ 0, %body ], [ %i.next, %spin ]
  call void @effect(i32 %i)
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %spin, label %complete
complete:
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
