; Robustness corpus edge cases: pre-split coroutines (pre-CoroEarly form,
; as in the pass tests) in shapes no front end of ours emits. Every pass
; must leave them verifying, and refuse with a remark what it does not
; recognise.

declare token @llvm.coro.id(i32, ptr readnone, ptr nocapture readonly, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr nocapture readonly)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr nocapture readonly)
declare ptr @llvm.coro.promise(ptr nocapture, i32, i1)
declare void @llvm.trap() noreturn
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @use(i32)

; Suspend-free callee.
define ptr @leaf(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
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

; Eager start (no initial suspend) and the await's suspend result consumed
; by compares instead of a switch.
define ptr @eager_icmp() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %h = call ptr @leaf(i32 1)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %done = call i1 @llvm.coro.done(ptr %h)
  br i1 %done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  %is.resume = icmp eq i8 %s, 0
  br i1 %is.resume, label %loop, label %notresume
notresume:
  %is.destroy = icmp eq i8 %s, 1
  br i1 %is.destroy, label %destroy.child, label %suspend
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

; The child is resumed in two places, and two suspends are identical (a
; merge candidate) but one sits in a block no path reaches.
define ptr @resumed_twice(i1 %c) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 2)
  call void @llvm.coro.resume(ptr %h)
  br i1 %c, label %again, label %after
again:
  call void @llvm.coro.resume(ptr %h)
  br label %after
after:
  call void @llvm.coro.destroy(ptr %h)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %fin.bb
                                 i8 1, label %cleanup]
dead:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %fin.bb
                                 i8 1, label %cleanup]
fin.bb:
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

; A checked completion whose trap is reached through a phi-carrying block,
; and an optnone twin that every pass must skip.
define ptr @checked_phi(i32 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @use(i32 %n)
  %done = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %done, label %suspend [i8 0, label %trap
                                   i8 1, label %cleanup]
trap:
  %t = phi i32 [ %n, %body ]
  call void @llvm.trap()
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @checked_optnone(i32 %n) presplitcoroutine noinline optnone {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 %n)
  call void @llvm.coro.resume(ptr %h)
  call void @llvm.coro.destroy(ptr %h)
  %done = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %done, label %suspend [i8 0, label %trap
                                   i8 1, label %cleanup]
trap:
  call void @llvm.trap()
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}
