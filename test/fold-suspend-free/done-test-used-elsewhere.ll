; An await whose done test also has another use is refused: folding deletes
; the done-test branch and relies on the test (which reads the handle) dying
; with it. Both forms: llvm.coro.done used after the await (before
; CoroEarly), and the promise's done flag loaded by the test and used again
; (after CoroEarly). Nothing changes and a missed remark says why.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free -o %t.ll 2>%t.missed
; RUN: FileCheck %s --check-prefix=REMARK < %t.missed
; RUN: FileCheck %s < %t.ll
; RUN: %opt -passes=verify -S %s -o %t.orig.ll
; RUN: diff %t.orig.ll %t.ll

; REMARK-DAG: cannot fold the await of leaf in caller: the caller uses the result of the done test other than to branch on it
; REMARK-DAG: cannot fold the await of leaf_flag in caller_flag: the caller uses the result of the done test other than to branch on it

%promise.leaf = type { i32, i32 }

; CHECK-LABEL: define ptr @caller()
; CHECK: %h = call ptr @leaf(i32 7)
; CHECK: %done = call i1 @llvm.coro.done(ptr %h)
; CHECK: %dz = zext i1 %done to i32
; CHECK-NOT: @leaf.twin
; CHECK-LABEL: define ptr @caller_flag(
; CHECK: %h = call ptr @leaf_flag(i32 %x)
; CHECK: %flag = load i32, ptr %flag.addr
; CHECK: call void @after(i32 %flag)
; CHECK-NOT: .twin

define internal ptr @leaf(i32 %x) presplitcoroutine {
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
  %dz = zext i1 %done to i32
  call void @use(i32 %dz)
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

define ptr @caller_flag(i32 %x, ptr %out) presplitcoroutine {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @caller_flag, ptr null)
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
  %h = call ptr @leaf_flag(i32 %x)
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
  call void @after(i32 %flag)
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

define internal ptr @leaf_flag(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @leaf_flag, ptr null)
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
declare void @before()
declare void @after(i32)
declare void @effect(i32)
declare void @leaf_cleanup(i32)
declare ptr @frame_alloc(i64)
declare void @frame_free(ptr)
declare void @resumed_after_completion() noreturn
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8)
