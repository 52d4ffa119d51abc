; A lifetime marker between the ramp call and the resume is inert only if
; the callee cannot reach its alloca. Folding runs the callee's body at the
; ramp call, so a write through a ramp argument into an alloca whose
; lifetime starts after the ramp call would come before lifetime.start.
; Refused: the alloca is (the underlying object of) a ramp argument, or its
; address escapes (here: stored into memory the callee reads). Still
; folded: a lifetime.start of an alloca the callee cannot reach.
; LLVM 22 IR (a void llvm.coro.end, captures(none) and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free 2>%t.remarks \
; RUN:   | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; REMARK-DAG: cannot fold the await of leaf in arg_alloca: the caller runs a lifetime marker of 'buf', which the awaited coroutine can reach, between the ramp call and the resume
; REMARK-DAG: cannot fold the await of leaf_ind in escaped_alloca: the caller runs a lifetime marker of 'buf', which the awaited coroutine can reach, between the ramp call and the resume
; REMARK-DAG: folded await of suspend-free coroutine leaf in private_alloca into a call of leaf.twin

; CHECK-LABEL: define ptr @arg_alloca()
; CHECK: %h = call ptr @leaf(i32 7, ptr %buf)
; CHECK-NEXT: call void @llvm.lifetime.start.p0(ptr %buf)
; CHECK: call void @llvm.coro.resume(ptr %h)
; CHECK-LABEL: define ptr @escaped_alloca()
; CHECK: %h = call ptr @leaf_ind(i32 7, ptr %ctx)
; CHECK-NEXT: call void @llvm.lifetime.start.p0(ptr %buf)
; CHECK: call void @llvm.coro.resume(ptr %h)
; CHECK-LABEL: define ptr @private_alloca()
; CHECK: call void @leaf.twin(i32 7, ptr %buf, ptr %leaf.promise)
; CHECK-NEXT: call void @llvm.lifetime.start.p0(ptr %tmp)
; CHECK-NOT: @llvm.coro.resume
; CHECK-LABEL: {{^}}}

define ptr @leaf(i32 %x, ptr %out) presplitcoroutine {
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
  store i32 %x, ptr %out
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

define ptr @leaf_ind(i32 %x, ptr %ctx) presplitcoroutine {
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
  %out = load ptr, ptr %ctx
  store i32 %x, ptr %out
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

define ptr @arg_alloca() presplitcoroutine {
entry:
  %buf = alloca i32
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 7, ptr %buf)
  call void @llvm.lifetime.start.p0(ptr %buf)
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
  %bv = load i32, ptr %buf
  call void @use(i32 %bv)
  call void @llvm.lifetime.end.p0(ptr %buf)
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

define ptr @escaped_alloca() presplitcoroutine {
entry:
  %buf = alloca i32
  %ctx = alloca ptr
  store ptr %buf, ptr %ctx
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf_ind(i32 7, ptr %ctx)
  call void @llvm.lifetime.start.p0(ptr %buf)
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
  %bv = load i32, ptr %buf
  call void @use(i32 %bv)
  call void @llvm.lifetime.end.p0(ptr %buf)
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

define ptr @private_alloca() presplitcoroutine {
entry:
  %buf = alloca i32
  %tmp = alloca i32
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 7, ptr %buf)
  call void @llvm.lifetime.start.p0(ptr %tmp)
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
  %bv = load i32, ptr %buf
  call void @use(i32 %bv)
  store i32 %v, ptr %tmp
  %tv = load i32, ptr %tmp
  call void @use(i32 %tv)
  call void @llvm.lifetime.end.p0(ptr %tmp)
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
