; An await of a coroutine without internal suspends, in the form the pass
; sees inside clang's pipeline (after CoroEarly; the C runtime's checked
; mode: a done flag in the promise and a checked completion suspend),
; becomes a call of a direct-return twin. The twin runs the ramp code, the
; body and the cleanup after completion with no frame; the caller's await
; suspend and every use of the handle disappear.
; LLVM 22 IR (a void llvm.coro.end, captures(none) and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free 2>%t.remarks \
; RUN:   | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
;
; Idempotent: a second run changes nothing and folds nothing.
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %s -o %t.once.ll
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %t.once.ll \
; RUN:   -pass-remarks=coroslim-fold-suspend-free -o %t.twice.ll 2>&1 \
; RUN:   | FileCheck %s --check-prefix=AGAIN --allow-empty
; RUN: %opt -passes=verify -S < %t.once.ll -o %t.reread.ll
; RUN: diff %t.reread.ll %t.twice.ll

; REMARK: remark: <unknown>:0:0: created direct-return twin leaf.twin of suspend-free coroutine leaf
; REMARK: remark: <unknown>:0:0: folded await of suspend-free coroutine leaf in caller into a call of leaf.twin
; REMARK: remark: <unknown>:0:0: coroutine caller: 1 await(s) folded, 0 internal suspend point(s) left
; REMARK: remark: <unknown>:0:0: deleted the ramp of leaf: every await of it was folded into leaf.twin
; REMARK-NOT: cannot fold
; AGAIN-NOT: remark

%promise.leaf = type { i32, i32 }

; The ramp is internal and has no other use: it is deleted.
; CHECK-NOT: define internal ptr @leaf(

; CHECK-LABEL: define ptr @caller(i32 %x, ptr %out)
; CHECK: entry:
; CHECK-NEXT: %leaf.promise = alloca %promise.leaf, align 8
; CHECK: body:
; CHECK-NEXT: call void @before()
; CHECK-NEXT: call void @llvm.lifetime.start.p0(ptr %leaf.promise)
; CHECK-NEXT: call void @leaf.twin(i32 %x, ptr %leaf.promise)
; CHECK-NEXT: br label %loop
; CHECK: loop:
; CHECK-NEXT: br label %ready
; CHECK: ready:
; CHECK-NEXT: [[VALUE:%.*]] = getelementptr i8, ptr %leaf.promise, i64 4
; CHECK-NEXT: %v = load i32, ptr [[VALUE]], align 4
; CHECK-NEXT: call void @llvm.lifetime.end.p0(ptr %leaf.promise)
; CHECK-NEXT: call void @after(i32 %v)
; Only the caller's own initial and completion suspends are left.
; CHECK-NOT: pending:
; CHECK-NOT: destroy.child:
; CHECK-NOT: @llvm.coro.subfn.addr
; CHECK: %fin = call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK-NOT: @llvm.coro.suspend
; CHECK-LABEL: {{^}}}
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

; The twin: the ramp's arguments plus the promise, no frame, no allocation;
; ramp code, body and cleanup in their order; the frame free folded away.
; CHECK-LABEL: define internal void @leaf.twin(i32 %n, ptr noalias nonnull align 8 captures(none) dereferenceable(8) %promise) unnamed_addr {
; CHECK-NOT: @llvm.coro.
; CHECK-NOT: @frame_alloc
; CHECK: store i32 0, ptr %promise, align 8
; CHECK: call void @effect(i32 %n)
; CHECK: %v = mul i32 %n, 2
; CHECK: %value.addr = getelementptr i8, ptr %promise, i64 4
; CHECK: store i32 %v, ptr %value.addr, align 4
; CHECK: store i32 1, ptr %promise, align 8
; CHECK-NOT: @resumed_after_completion
; CHECK: call void @leaf_cleanup(i32 %n)
; CHECK-NOT: @frame_free
; CHECK-NOT: @llvm.coro.
; CHECK: ret void
; CHECK-NEXT: }
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
