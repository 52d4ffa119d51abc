; Bottom-up: @mid awaits the suspend-free @leaf twice, so once both awaits
; are folded @mid has no internal suspend either and its await in @top is
; folded too. Only @top keeps a frame; both internal ramps are deleted.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %s -o %t.once.ll
; RUN: %opt -passes=coroslim-fold-suspend-free -S < %t.once.ll -o %t.twice.ll
; RUN: %opt -passes=verify -S < %t.once.ll -o %t.reread.ll
; RUN: diff %t.reread.ll %t.twice.ll
;
; The callees come after their callers in the module; the order of the
; remarks shows that the pass still visits them first.
; REMARK: created direct-return twin leaf.twin of suspend-free coroutine leaf
; REMARK-NEXT: folded await of suspend-free coroutine leaf in mid into a call of leaf.twin
; REMARK-NEXT: folded await of suspend-free coroutine leaf in mid into a call of leaf.twin
; REMARK-NEXT: coroutine mid: 2 await(s) folded, 0 internal suspend point(s) left
; REMARK-NEXT: created direct-return twin mid.twin of suspend-free coroutine mid
; REMARK-NEXT: folded await of suspend-free coroutine mid in top into a call of mid.twin
; REMARK-NEXT: coroutine top: 1 await(s) folded, 0 internal suspend point(s) left
; REMARK-NEXT: deleted the ramp of leaf: every await of it was folded into leaf.twin
; REMARK-NEXT: deleted the ramp of mid: every await of it was folded into mid.twin

; CHECK-NOT: define {{.*}} @mid(
; CHECK-NOT: define {{.*}} @leaf(
; CHECK-LABEL: define ptr @top(i32 %n, ptr %out)
; CHECK: %mid.promise = alloca %promise.int, align 8
; CHECK: call void @mid.twin(i32 %n, ptr %mid.promise)
; CHECK-NOT: @llvm.coro.subfn.addr
; CHECK: call i8 @llvm.coro.suspend(token none, i1 true)
; CHECK-NOT: @llvm.coro.suspend
; CHECK-LABEL: {{^}}}
define ptr @top(i32 %n, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @top, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @frame_alloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @mid(i32 %n)
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
  store i32 %v, ptr %out, align 4
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  %cond = icmp eq i8 %fin, 1
  br i1 %cond, label %cleanup, label %suspend
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

; The twin of @mid calls the twin of @leaf twice, one promise local each.
; CHECK-LABEL: define internal void @mid.twin(i32 %n, ptr noalias nonnull align 8 captures(none) dereferenceable(8) %promise)
; CHECK: %leaf.promise{{[0-9]*}} = alloca %promise.int, align 8
; CHECK: %leaf.promise{{[0-9]*}} = alloca %promise.int, align 8
; CHECK: call void @leaf.twin(i32 %n, ptr %leaf.promise
; CHECK: call void @leaf.twin(i32 %n1, ptr %leaf.promise
; CHECK: %sum = add i32 %a, %b
; CHECK-NOT: @llvm.coro
; CHECK: ret void
define internal ptr @mid(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %promise.int, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @mid, ptr null)
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
  %h1 = call ptr @leaf(i32 %n)
  br label %loop1
loop1:
  %resume.fn1 = call ptr @llvm.coro.subfn.addr(ptr %h1, i8 0)
  call fastcc void %resume.fn1(ptr %h1)
  %flag.addr1 = getelementptr inbounds i8, ptr %h1, i64 16
  %flag1 = load i32, ptr %flag.addr1, align 8
  %is.done1 = icmp ne i32 %flag1, 0
  br i1 %is.done1, label %ready1, label %pending1
pending1:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %loop1
                                 i8 1, label %destroy.child1]
destroy.child1:
  %destroy.fn1 = call ptr @llvm.coro.subfn.addr(ptr %h1, i8 1)
  call fastcc void %destroy.fn1(ptr %h1)
  br label %cleanup
ready1:
  %value.addr1 = getelementptr inbounds i8, ptr %h1, i64 20
  %a = load i32, ptr %value.addr1, align 4
  %destroy.fn1b = call ptr @llvm.coro.subfn.addr(ptr %h1, i8 1)
  call fastcc void %destroy.fn1b(ptr %h1)
  %n1 = add i32 %n, 1
  %h2 = call ptr @leaf(i32 %n1)
  br label %loop2
loop2:
  %resume.fn2 = call ptr @llvm.coro.subfn.addr(ptr %h2, i8 0)
  call fastcc void %resume.fn2(ptr %h2)
  %flag.addr2 = getelementptr inbounds i8, ptr %h2, i64 16
  %flag2 = load i32, ptr %flag.addr2, align 8
  %is.done2 = icmp ne i32 %flag2, 0
  br i1 %is.done2, label %ready2, label %pending2
pending2:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %loop2
                                 i8 1, label %destroy.child2]
destroy.child2:
  %destroy.fn2 = call ptr @llvm.coro.subfn.addr(ptr %h2, i8 1)
  call fastcc void %destroy.fn2(ptr %h2)
  br label %cleanup
ready2:
  %value.addr2 = getelementptr inbounds i8, ptr %h2, i64 20
  %b = load i32, ptr %value.addr2, align 4
  %destroy.fn2b = call ptr @llvm.coro.subfn.addr(ptr %h2, i8 1)
  call fastcc void %destroy.fn2b(ptr %h2)
  %sum = add i32 %a, %b
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %sum, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  %cond = icmp eq i8 %fin, 1
  br i1 %cond, label %cleanup, label %suspend
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

; CHECK-LABEL: define internal void @leaf.twin(i32 %n, ptr noalias nonnull align 8 captures(none) dereferenceable(8) %promise)
; CHECK: call void @effect(i32 %n)
define internal ptr @leaf(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %promise.int, align 8
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
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @effect(i32 %n)
  %v = mul i32 %n, 2
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %v, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  %cond = icmp eq i8 %fin, 1
  br i1 %cond, label %cleanup, label %suspend
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

%promise.int = type { i32, i32 }

declare void @effect(i32)
declare ptr @frame_alloc(i64)
declare void @frame_free(ptr)

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8)
