; Two llvm.coro.begin on a coroutine's own pre-split coro.id: not a
; coroutine the analysis reads (LLVM's own CoroEarly stops on it with
; "coroutine should have exactly one defining @llvm.coro.begin"), so
; every coroslim pass leaves it alone and says why. Contrast
; two-coro-begin.ll, where the second begin is on an inlined, already split
; callee's id and the coroutine is recognised.
;
; CORPUS-SKIP: LLVM's own coro-early rejects this input (two begins on one id)
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATES
; RUN: %opt -passes=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK

; STATES: @twice_own: {{.*}}more than one llvm.coro.begin for its llvm.coro.id
; REMARK: remark: {{.*}}coroutine twice_own not recognised: more than one llvm.coro.begin for its llvm.coro.id

define ptr @twice_own() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %hdl2 = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl2
}

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
