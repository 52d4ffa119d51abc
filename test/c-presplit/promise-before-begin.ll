; A C coroutine that touches its promise before llvm.coro.begin cannot be
; lowered by LLVM 22 (CoroEarly would rewrite the use into a value that does
; not dominate it). c-presplit rejects it with an error naming the coroutine.
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: not %opt -passes=coroslim-c-presplit -disable-output %s 2>&1 | FileCheck %s
; CHECK: error: {{.*}}coroutine 'early_promise' uses its promise before __builtin_coro_begin
; CHECK-NOT: late_promise

define ptr @early_promise() {
entry:
  %promise = alloca i32, align 4
  store i32 0, ptr %promise
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Initialising the promise after coro.begin is fine.
define ptr @late_promise() {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  store i32 0, ptr %promise
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
