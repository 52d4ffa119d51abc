; Two different callees count as the same only when their bodies are
; identical and neither can be replaced at link time: with weak (or
; linkonce) definitions the program may run another body for either, and
; the merged region would call only the kept one. Level 1 (@gen: calls in
; the resume continuations) and level 2 (@handler: awaits of two weak
; coroutines with identical bodies) are refused; @gen_odr, whose
; linkonce_odr callees are identical, still merges.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

; REMARK-DAG: remark: <unknown>:0:0: coroutine gen: cannot merge the second internal suspend point with the first internal suspend point: resume continuations differ: different callees (@on_a vs @on_b; the linker may replace @on_a)
; REMARK-DAG: remark: <unknown>:0:0: merged 2 internal suspend points of coroutine gen_odr into one (1 suspend points fewer;
; REMARK-DAG: remark: <unknown>:0:0: coroutine handler: cannot merge the second await of @recv with the first await of @send: different callees (@send vs @recv; the linker may replace @send)
; REMARK-NOT: merged {{.*}} of coroutine gen into
; REMARK-NOT: merged {{.*}} of coroutine handler into

; CHECK-LABEL: define ptr @gen(
; CHECK: %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
; CHECK: %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
; CHECK: call void @on_a()
; CHECK: call void @on_b()
; CHECK-LABEL: define ptr @gen_odr(
; CHECK: call void @odr_a()
; CHECK-NOT: @odr_b()
; CHECK-NOT: %sb = call i8 @llvm.coro.suspend
; CHECK-LABEL: define ptr @handler(
; CHECK: %ha = call ptr @send(i32 123)
; CHECK: %hb = call ptr @recv(i32 456)

define ptr @gen(i1 %c, ptr %slot) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %yield.a, label %yield.b
yield.a:
  store i32 1, ptr %slot
  %save.a = call token @llvm.coro.save(ptr null)
  %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %resume.a
    i8 1, label %cleanup
  ]
yield.b:
  store i32 2, ptr %slot
  %save.b = call token @llvm.coro.save(ptr null)
  %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %resume.b
    i8 1, label %cleanup
  ]
resume.a:
  call void @on_a()
  br label %join
resume.b:
  call void @on_b()
  br label %join
join:
  %v = phi i32 [ 10, %resume.a ], [ 20, %resume.b ]
  call void @use(i32 %v)
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @gen_odr(i1 %c, ptr %slot) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %yield.a, label %yield.b
yield.a:
  store i32 1, ptr %slot
  call void @odr_a()
  %save.a = call token @llvm.coro.save(ptr null)
  %sa = call i8 @llvm.coro.suspend(token %save.a, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
yield.b:
  store i32 2, ptr %slot
  call void @odr_b()
  %save.b = call token @llvm.coro.save(ptr null)
  %sb = call i8 @llvm.coro.suspend(token %save.b, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %join
    i8 1, label %cleanup
  ]
join:
  %v = phi i32 [ 10, %yield.a ], [ 20, %yield.b ]
  call void @use(i32 %v)
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @handler(i32 %cmd, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  %isa = icmp eq i32 %cmd, 0
  br i1 %isa, label %a, label %b

a:
  %ha = call ptr @send(i32 123)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %hb = call ptr @recv(i32 456)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @llvm.coro.destroy(ptr %hb)
  br label %join



join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define weak ptr @send(i32 %n) presplitcoroutine {
entry:
  %promise = alloca i32
  %id = call token @llvm.coro.id(i32 0, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %body
    i8 1, label %cleanup
  ]
body:
  call void @effect(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %done
    i8 1, label %cleanup
  ]
done:
  %r = add i32 %n, 1
  store i32 %r, ptr %promise
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define weak ptr @recv(i32 %n) presplitcoroutine {
entry:
  %promise = alloca i32
  %id = call token @llvm.coro.id(i32 0, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %body
    i8 1, label %cleanup
  ]
body:
  call void @effect(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %done
    i8 1, label %cleanup
  ]
done:
  %r = add i32 %n, 1
  store i32 %r, ptr %promise
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define weak void @on_a() {
  ret void
}
define weak void @on_b() {
  ret void
}
define linkonce_odr void @odr_a() {
  ret void
}
define linkonce_odr void @odr_b() {
  ret void
}

declare void @use(i32)
declare void @effect(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)
