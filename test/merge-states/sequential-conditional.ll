; Two suspends whose regions cannot meet at a common join, whatever their
; code, are not compared and no remark names them: a region is entered only
; at its start, so a block it must contain (one that no block of the other
; region jumps to) must be dominated by its start. Reduced by hand from what
; clang++ -std=c++20 -Os makes of bench/sensor/sensor.cpp (sensor_task) at
; PipelineEarlySimplification: the initial suspend sits behind the initial
; awaiter's await_ready() call, not yet inlined, so the shape counts it as
; internal, and the pass compared it with every await of the body
; ("different operations (a coro.save at line 34 vs a comparison)", 445 of
; the C++ corpus's 543 remarks); its resume block is also entered from that
; branch. Likewise an await whose suspend is conditional followed by the
; next one (@await_then_await), and an await in a retry loop followed by the
; next one (@retry_loop, from bench/protocol/protocol.cpp's parser: `while
; (!rx.try_recv(b)) co_await rx.readable();`), whose loop header is also
; entered from before the loop. Two sibling arms inside a loop
; (@arms_in_loop) and a suspend before a loop with one inside it that end
; at its header (@before_loop) can meet: they are compared, merged or
; refused as before.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine initial_behind_branch into one
; REMARK-NOT: cannot merge
; REMARK: remark: {{.*}}coroutine arms_in_loop: cannot merge the second internal suspend point with the first internal suspend point: resume continuations differ: different callees (@use_a vs @use_b)
; REMARK-NOT: cannot merge
; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine before_loop into one
; REMARK-NOT: remark

; CHECK-LABEL: define ptr @initial_behind_branch(
; CHECK:         %s.init = call i8 @llvm.coro.suspend
; CHECK:         %s.a = call i8 @llvm.coro.suspend
; CHECK-NOT:     %s.b = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @await_then_await(
; CHECK:         %s.first = call i8 @llvm.coro.suspend
; CHECK:         %s.second = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @arms_in_loop(
; CHECK:         %s.a = call i8 @llvm.coro.suspend
; CHECK:         %s.b = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @retry_loop(
; CHECK:         %s.wait = call i8 @llvm.coro.suspend
; CHECK:         %s.next = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @before_loop(
; CHECK:         %s.first = call i8 @llvm.coro.suspend
; CHECK-NOT:     %s.body = call i8 @llvm.coro.suspend
; CHECK-LABEL: declare i1 @await_ready()

define ptr @initial_behind_branch(i32 %rounds) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %ready = call i1 @await_ready()
  br i1 %ready, label %init.resume, label %init.suspend
init.suspend:
  %save.init = call token @llvm.coro.save(ptr null)
  %s.init = call i8 @llvm.coro.suspend(token %save.init, i1 false)
  switch i8 %s.init, label %ret [
    i8 0, label %init.resume
    i8 1, label %init.join
  ]
init.resume:
  call void @await_resume()
  br label %init.join
init.join:
  %init.cleanup = phi i32 [ 0, %init.resume ], [ 2, %init.suspend ]
  %init.ok = icmp eq i32 %init.cleanup, 0
  br i1 %init.ok, label %loop, label %cleanup
loop:
  %i = phi i32 [ 0, %init.join ], [ %i.next, %latch ]
  %odd = trunc i32 %i to i1
  br i1 %odd, label %arm.a, label %arm.b
arm.a:
  %save.a = call token @llvm.coro.save(ptr null)
  %s.a = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %s.a, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
resume.a:
  call void @use(i32 1)
  br label %latch
arm.b:
  %save.b = call token @llvm.coro.save(ptr null)
  %s.b = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %s.b, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.b:
  call void @use(i32 1)
  br label %latch
latch:
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %rounds
  br i1 %more, label %loop, label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; An await whose task may be done at once suspends only when it is not:
; the next await follows its join, and neither suspend dominates the other.
define ptr @await_then_await(i32 %rounds) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %save.init = call token @llvm.coro.save(ptr null)
  %s.init = call i8 @llvm.coro.suspend(token %save.init, i1 false)
  switch i8 %s.init, label %ret [
    i8 0, label %loop
    i8 1, label %cleanup
  ]
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %second.join ]
  %done.first = call i1 @await_ready()
  br i1 %done.first, label %first.join, label %first
first:
  %save.first = call token @llvm.coro.save(ptr null)
  %s.first = call i8 @llvm.coro.suspend(token %save.first, i1 false)
  switch i8 %s.first, label %ret [
    i8 0, label %first.join
    i8 1, label %cleanup
  ]
first.join:
  call void @use(i32 1)
  %done.second = call i1 @await_ready()
  br i1 %done.second, label %second.join, label %second
second:
  %save.second = call token @llvm.coro.save(ptr null)
  %s.second = call i8 @llvm.coro.suspend(token %save.second, i1 false)
  switch i8 %s.second, label %ret [
    i8 0, label %second.join
    i8 1, label %cleanup
  ]
second.join:
  call void @use(i32 2)
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %rounds
  br i1 %more, label %loop, label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Two sibling arms in a loop reach each other, but only through the branch
; that separates them: still compared, and refused for what differs.
define ptr @arms_in_loop(i32 %rounds) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %save.init = call token @llvm.coro.save(ptr null)
  %s.init = call i8 @llvm.coro.suspend(token %save.init, i1 false)
  switch i8 %s.init, label %ret [
    i8 0, label %loop
    i8 1, label %cleanup
  ]
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %odd = trunc i32 %i to i1
  br i1 %odd, label %arm.a, label %arm.b
arm.a:
  %save.a = call token @llvm.coro.save(ptr null)
  %s.a = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %s.a, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
resume.a:
  call void @use_a()
  br label %latch
arm.b:
  %save.b = call token @llvm.coro.save(ptr null)
  %s.b = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %s.b, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.b:
  call void @use_b()
  br label %latch
latch:
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %rounds
  br i1 %more, label %loop, label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; An await in a retry loop, then the next one: the retry test's two arms.
define ptr @retry_loop(i32 %rounds) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %save.init = call token @llvm.coro.save(ptr null)
  %s.init = call i8 @llvm.coro.suspend(token %save.init, i1 false)
  switch i8 %s.init, label %ret [
    i8 0, label %loop
    i8 1, label %cleanup
  ]
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %next.join ]
  br label %retry
retry:
  %got = call i1 @try_recv()
  br i1 %got, label %received, label %wait
wait:
  %save.wait = call token @llvm.coro.save(ptr null)
  %s.wait = call i8 @llvm.coro.suspend(token %save.wait, i1 false)
  switch i8 %s.wait, label %ret [
    i8 0, label %retry
    i8 1, label %cleanup
  ]
received:
  call void @use(i32 1)
  %save.next = call token @llvm.coro.save(ptr null)
  %s.next = call i8 @llvm.coro.suspend(token %save.next, i1 false)
  switch i8 %s.next, label %ret [
    i8 0, label %next.join
    i8 1, label %cleanup
  ]
next.join:
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %rounds
  br i1 %more, label %loop, label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; A suspend before a loop and one inside it, both ending at the loop
; header: they can meet there, so they are compared (and merge).
define ptr @before_loop(i1 %c, i32 %rounds) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %save.init = call token @llvm.coro.save(ptr null)
  %s.init = call i8 @llvm.coro.suspend(token %save.init, i1 false)
  switch i8 %s.init, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %first, label %header
first:
  %save.first = call token @llvm.coro.save(ptr null)
  %s.first = call i8 @llvm.coro.suspend(token %save.first, i1 false)
  switch i8 %s.first, label %ret [
    i8 0, label %first.resume
    i8 1, label %cleanup
  ]
first.resume:
  call void @use(i32 1)
  br label %header
header:
  %i = phi i32 [ 0, %start ], [ 0, %first.resume ], [ %i.next, %body.resume ]
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %rounds
  br i1 %more, label %body, label %cleanup
body:
  %save.body = call token @llvm.coro.save(ptr null)
  %s.body = call i8 @llvm.coro.suspend(token %save.body, i1 false)
  switch i8 %s.body, label %ret [
    i8 0, label %body.resume
    i8 1, label %cleanup
  ]
body.resume:
  call void @use(i32 1)
  br label %header
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}


declare i1 @await_ready()
declare i1 @try_recv()
declare void @await_resume()
declare void @use(i32)
declare void @use_a()
declare void @use_b()
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
