; Every refusal of coroslim-fold-suspend-free: each with its missed remark,
; and none of them changes the module.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks-missed=coroslim-fold-suspend-free -o %t.ll 2>%t.missed
; RUN: FileCheck %s --check-prefix=REMARK < %t.missed
; RUN: %opt -passes=verify -S %s -o %t.orig.ll
; RUN: diff %t.orig.ll %t.ll
; RUN: %opt -passes=coroslim-fold-suspend-free -disable-output %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free 2>&1 \
; RUN:   | FileCheck %s --check-prefix=NONE --allow-empty
; NONE-NOT: remark

%P = type { i32, i32 }

declare ptr @ext(i32)
declare void @effect(i32)
declare void @use(i32)
declare void @observe()
declare void @register(ptr)
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

; REMARK-DAG: cannot fold the await of ext in await_ext: the awaited coroutine is not defined in this module
define ptr @await_ext(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @ext(i32 %x)
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

; A callee that suspends once.
; REMARK-DAG: cannot fold the await of suspends in await_suspends: it has 1 internal suspend point
define internal ptr @suspends(i32 %n) presplitcoroutine {
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
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %body.2
                                i8 1, label %cleanup]
body.2:
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

define ptr @await_suspends(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @suspends(i32 %x)
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

; The callee hands its promise's address to someone.
; REMARK-DAG: cannot fold the await of escapes in await_escapes: its frame or promise address escapes (passed to 'register')
define internal ptr @escapes(i32 %n) presplitcoroutine {
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
  call void @register(ptr %done.addr)
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

define ptr @await_escapes(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @escapes(i32 %x)
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

; The caller hands the callee's promise address to someone (the shape
; analysis refuses it as an await).
; REMARK-DAG: cannot fold the await of good in caller_escapes: not an await in the await idiom: the awaited coroutine's frame is accessed other than by loads (call)
define ptr @caller_escapes(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @good(i32 %x)
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
  call void @register(ptr %value.addr)
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

; REMARK-DAG: cannot fold the await of varargs in await_varargs: it takes variable arguments
define internal ptr @varargs(i32 %n, ...) presplitcoroutine {
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

define ptr @await_varargs(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr (i32, ...) @varargs(i32 %x, i32 1)
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

; A coroutine that awaits itself.
; REMARK-DAG: cannot fold the await of rec in rec: recursion: 'rec' leads back to 'rec'
define ptr @rec(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @rec(i32 %x)
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

; Mutual recursion through a handle that is not awaited: @pong is suspend-
; free, but it calls back into @ping.
; REMARK-DAG: cannot fold the await of pong in ping: recursion: 'pong' leads back to 'ping'
define ptr @ping(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @pong(i32 %x)
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

define internal ptr @pong(i32 %n) presplitcoroutine {
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
  %back = call ptr @ping(i32 %n)
  call void @spawn(ptr %back)
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

; Not the idiom: the handle is resumed twice.
; REMARK-DAG: cannot fold the await of good in resumes_twice: not an await in the await idiom: the handle is resumed in 2 places
define ptr @resumes_twice(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @good(i32 %x)
  %r0 = call ptr @llvm.coro.subfn.addr(ptr %h, i8 0)
  call fastcc void %r0(ptr %h)
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

; Not the idiom: the caller does something between creating the callee and
; resuming it, which the callee's ramp code could be ordered against.
; REMARK-DAG: cannot fold the await of good in effect_before_resume: the caller runs a call of 'observe' between the ramp call and the resume
define ptr @effect_before_resume(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @good(i32 %x)
  call void @observe()
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

; Not the idiom: the caller does something between the done test and the
; destroy, which the callee's cleanup could be ordered against.
; REMARK-DAG: cannot fold the await of good in effect_before_destroy: the caller runs a call of 'observe' between the done test and destroying the awaited coroutine
define ptr @effect_before_destroy(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @good(i32 %x)
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
  call void @observe()
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

; The callee never sets the done flag the await tests, so the await would
; suspend the caller: folding would change what the caller does.
; REMARK-DAG: cannot fold the await of no_done_flag in await_no_done_flag: it completes with the await's done flag clear
define internal ptr @no_done_flag(i32 %n) presplitcoroutine {
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

define ptr @await_no_done_flag(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @no_done_flag(i32 %x)
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

; The done flag gets a value only known at run time.
; REMARK-DAG: cannot fold the await of maybe_done in await_maybe_done: cannot prove the value of the await's done flag at its completion point
define internal ptr @maybe_done(i32 %n) presplitcoroutine {
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
  store i32 %n, ptr %done.addr, align 8
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %n, ptr %value.addr, align 4
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

define ptr @await_maybe_done(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @maybe_done(i32 %x)
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

; A checked completion is not done for the resume-pointer test.
; REMARK-DAG: cannot fold the await of good in await_resume_ptr: its completion point is not a final suspend, so the await's done test would not see it as done
define ptr @await_resume_ptr(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @good(i32 %x)
  br label %loop
loop:
  %resume.fn = call ptr @llvm.coro.subfn.addr(ptr %h, i8 0)
  call fastcc void %resume.fn(ptr %h)
  %resume.ptr = load ptr, ptr %h, align 8
  %is.done = icmp eq ptr %resume.ptr, null
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

; The frame is allocated without llvm.coro.alloc: nothing to leave out.
; REMARK-DAG: cannot fold the await of always_allocates in await_always_allocates: it allocates its frame without llvm.coro.alloc, so the allocation cannot be left out
define internal ptr @always_allocates(i32 %n) presplitcoroutine {
entry:
  %promise = alloca %P, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @frame_alloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
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

define ptr @await_always_allocates(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @always_allocates(i32 %x)
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

; The cleanup writes the promise, which the caller reads before the destroy.
; REMARK-DAG: cannot fold the await of cleanup_writes in await_cleanup_writes: its cleanup after completion writes its promise
define internal ptr @cleanup_writes(i32 %n) presplitcoroutine {
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
  %v.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 0, ptr %v.addr, align 4
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @frame_free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @await_cleanup_writes(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @cleanup_writes(i32 %x)
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

; REMARK-DAG: cannot fold the await of opaque in await_opaque: it is optnone
define internal ptr @opaque(i32 %n) presplitcoroutine optnone noinline {
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

define ptr @await_opaque(i32 %x) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @opaque(i32 %x)
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

; The one good callee, awaited only in the refused shapes above.
define internal ptr @good(i32 %n) presplitcoroutine {
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

