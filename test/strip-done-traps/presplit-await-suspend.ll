; `return` mode re-suspends at the completion point by looping its resume
; edge back to the coro.save. Code between the save and the suspend (C++'s
; await_suspend: it notifies or reschedules) would then run again on every
; resume after completion, which is no no-op: the trap is kept, with a
; remark. `unreachable` mode removes it (the suspend becomes final).
; Before, `return` mode looped @notify_waiter.

; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefix=RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM < %t.ret.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefix=UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM < %t.unr.rem

; RET-REM: kept post-completion trap (llvm.trap) of notifying at the resume edge of suspend point 1 of 1: code runs between its coro.save and its suspend, and re-suspending would run it again (`unreachable` mode would remove the trap)
; RET-REM-NOT: removed
; UNR-REM: removed post-completion trap (llvm.trap) of notifying at the resume edge of suspend point 1 of 1: the suspend is final now

; RET-LABEL: define ptr @notifying(
; RET-NOT:     coroslim.resuspend
; RET:         switch i8 %s, label %suspend [
; RET-NEXT:      i8 0, label %trap
; RET:         call void @llvm.trap()
; UNR-LABEL: define ptr @notifying(
; UNR:         %s = call i8 @llvm.coro.suspend(token %save, i1 true)
; UNR-NOT:     call void @llvm.trap()

define ptr @notifying() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %save = call token @llvm.coro.save(ptr %hdl)
  call void @notify_waiter(ptr %hdl)
  %s = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s, label %suspend [i8 0, label %trap
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

declare void @notify_waiter(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.trap()
declare noalias ptr @malloc(i64)
declare void @free(ptr)
