; coroslim-strip-done-traps on pre-split coroutines: a non-final suspend
; whose resume edge leads straight to a trap (the C runtime's checked-mode
; completion point), in both modes, with the flag off, and the near misses
; it must refuse.

; Flag off: nothing changes, a missed remark names each trap kept.
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -S %s -o %t.in.ll
; RUN: %opt -passes=coroslim-strip-done-traps -S %s -o %t.off.ll \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps 2> %t.off.rem
; RUN: diff %t.in.ll %t.off.ll
; RUN: FileCheck %s --check-prefix=OFF < %t.off.rem
; The cl::opt and the pass parameter are the same switch: the parameter
; wins over the flag.
; RUN: %opt -coroslim-release -passes='coroslim-strip-done-traps<no-release>' -S %s \
; RUN:   | diff %t.in.ll -

; `return` mode (default): the resume edge re-suspends.
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefix=RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM < %t.ret.rem
; RUN: %opt -coroslim-release -passes=coroslim-strip-done-traps -S %s | diff %t.ret.ll -

; `unreachable` mode: the completion suspend becomes the final suspend.
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>' \
; RUN:   -verify-each -S %s -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefix=UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM < %t.unr.rem
; RUN: %opt -coroslim-release -coroslim-done-resume=unreachable \
; RUN:   -passes=coroslim-strip-done-traps -S %s | diff %t.unr.ll -

; Idempotent: a second run changes nothing and removes nothing.
; RUN: %opt -passes='coroslim-strip-done-traps<release>,coroslim-strip-done-traps<release>' \
; RUN:   -S %s | diff %t.ret.ll -
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>,coroslim-strip-done-traps<release;done-resume=unreachable>' \
; RUN:   -S %s -pass-remarks=coroslim-strip-done-traps 2>&1 -o %t.unr2.ll \
; RUN:   | FileCheck %s --check-prefix=IDEM
; RUN: diff %t.unr.ll %t.unr2.ll
; IDEM-COUNT-3: remark: {{.*}} stripped
; IDEM-NOT: remark

;--- A checked completion point (initial suspend + completion suspend).
; OFF: remark: <unknown>:0:0: kept post-completion trap (cs__resumed_after_completion) of checked at the resume edge of suspend point 2 of 2: -coroslim-release is off
; RET-LABEL: define ptr @checked(
; RET:         store i32 1, ptr %done.addr
; RET-NEXT:    br label %coroslim.resuspend
; RET:       coroslim.resuspend:
; RET-NEXT:    %save = call token @llvm.coro.save(ptr %hdl)
; RET-NEXT:    %fin = call i8 @llvm.coro.suspend(token %save, i1 false)
; RET-NEXT:    switch i8 %fin, label %suspend [
; RET-NEXT:      i8 0, label %coroslim.resuspend
; RET-NEXT:      i8 1, label %cleanup
; RET-NOT:   call void @cs__resumed_after_completion
; RET-LABEL: define ptr @two_completions(
; RET-REM: remark: <unknown>:0:0: removed post-completion trap (cs__resumed_after_completion) of checked at the resume edge of suspend point 2 of 2: a resume after completion re-suspends (`return` mode)
; RET-REM-NEXT: remark: <unknown>:0:0: stripped 1 post-completion trap(s) from coroutine checked (return mode)
; UNR-LABEL: define ptr @checked(
; UNR:         %fin = call i8 @llvm.coro.suspend(token %save, i1 true)
; UNR-NEXT:    switch i8 %fin, label %suspend [
; UNR-NEXT:      i8 0, label %coroslim.done.resume
; UNR-NEXT:      i8 1, label %cleanup
; UNR:       coroslim.done.resume:
; UNR-NEXT:    unreachable
; UNR-NOT:   call void @cs__resumed_after_completion
; UNR-REM: remark: <unknown>:0:0: removed post-completion trap (cs__resumed_after_completion) of checked at the resume edge of suspend point 2 of 2: the suspend is final now (`unreachable` mode); CoroSplit drops it from .resume
; UNR-REM-NEXT: remark: <unknown>:0:0: stripped 1 post-completion trap(s) from coroutine checked (unreachable mode)
define ptr @checked(i32 %x) presplitcoroutine {
entry:
  %promise = alloca [2 x i32], align 4
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  store i32 %x, ptr %promise
  %done.addr = getelementptr inbounds i8, ptr %promise, i64 4
  store i32 1, ptr %done.addr
  %save = call token @llvm.coro.save(ptr %hdl)
  %fin = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %fin, label %suspend [i8 0, label %after.done
                                  i8 1, label %cleanup]
after.done:
  call void @cs__resumed_after_completion(ptr @name)
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

;--- Two completion points: LLVM allows one final suspend, so `unreachable`
;--- mode keeps `return` mode for both and says so.
; UNR-LABEL: define ptr @two_completions(
; UNR:         %fin.a = call i8 @llvm.coro.suspend(token none, i1 false)
; UNR-NEXT:    switch i8 %fin.a, label %suspend [
; UNR-NEXT:      i8 0, label %coroslim.resuspend
; UNR:         %fin.b = call i8 @llvm.coro.suspend(token none, i1 false)
; UNR-NEXT:    switch i8 %fin.b, label %suspend [
; UNR-NEXT:      i8 0, label %coroslim.resuspend1
; UNR-NOT:   call void @llvm.trap
; UNR-REM: remark: <unknown>:0:0: two_completions: has 2 completion points and LLVM allows one final suspend: kept `return` mode for the resume edge of suspend point 2 of 3 (merge the completion points to get `unreachable`)
; UNR-REM-NEXT: remark: <unknown>:0:0: removed post-completion trap (llvm.trap) of two_completions at the resume edge of suspend point 2 of 3: a resume after completion re-suspends (`return` mode)
; UNR-REM-NEXT: remark: <unknown>:0:0: two_completions: has 2 completion points and LLVM allows one final suspend: kept `return` mode for the resume edge of suspend point 3 of 3 (merge the completion points to get `unreachable`)
; UNR-REM-NEXT: remark: <unknown>:0:0: removed post-completion trap (llvm.ubsantrap) of two_completions at the resume edge of suspend point 3 of 3: a resume after completion re-suspends (`return` mode)
; UNR-REM-NEXT: remark: <unknown>:0:0: stripped 2 post-completion trap(s) from coroutine two_completions (unreachable mode)
define ptr @two_completions(i1 %c) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  br i1 %c, label %a, label %b
a:
  %fin.a = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin.a, label %suspend [i8 0, label %trap.a
                                    i8 1, label %cleanup]
trap.a:
  call void @llvm.trap()
  unreachable
b:
  %fin.b = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin.b, label %suspend [i8 0, label %trap.b
                                    i8 1, label %cleanup]
trap.b:
  call void @llvm.ubsantrap(i8 3)
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

;--- A final suspend already exists: the checked one stays a normal suspend.
; UNR-LABEL: define ptr @with_final(
; UNR:         %chk = call i8 @llvm.coro.suspend(token none, i1 false)
; UNR-NEXT:    switch i8 %chk, label %suspend [
; UNR-NEXT:      i8 0, label %coroslim.resuspend
; UNR-REM: remark: <unknown>:0:0: with_final: has 2 completion points and LLVM allows one final suspend: kept `return` mode for the resume edge of suspend point 2 of 3
; UNR-REM-NEXT: remark: <unknown>:0:0: removed post-completion trap (abort) of with_final
define ptr @with_final(i1 %c) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  br i1 %c, label %checked, label %final
checked:
  %chk = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %chk, label %suspend [i8 0, label %trap
                                  i8 1, label %cleanup]
trap:
  call void @abort()
  unreachable
final:
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

;--- Refused: stores before the trap (a later reader may see them).
; RET-LABEL: define ptr @store_first(
; RET:       after.done:
; RET-NEXT:    store i32 2, ptr %promise
; RET-NEXT:    call void @cs__resumed_after_completion(ptr @name)
; OFF: remark: <unknown>:0:0: kept trap (cs__resumed_after_completion) of store_first at the resume edge of the initial suspend: not a post-completion trap: the path stores to memory before the trap, and later code may read it
; RET-REM: remark: <unknown>:0:0: kept trap (cs__resumed_after_completion) of store_first at the resume edge of the initial suspend: not a post-completion trap: the path stores to memory before the trap, and later code may read it
define ptr @store_first() presplitcoroutine {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin, label %suspend [i8 0, label %after.done
                                  i8 1, label %cleanup]
after.done:
  store i32 2, ptr %promise
  call void @cs__resumed_after_completion(ptr @name)
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

;--- Refused: the trap is guarded by another condition.
; RET-LABEL: define ptr @guarded(
; RET:       trap:
; RET-NEXT:    call void @llvm.trap()
; OFF: remark: <unknown>:0:0: kept trap (llvm.trap) of guarded at the resume edge of the initial suspend: not a post-completion trap: the trap is guarded by another condition{{$}}
; RET-REM: remark: <unknown>:0:0: kept trap (llvm.trap) of guarded at the resume edge of the initial suspend: not a post-completion trap: the trap is guarded by another condition{{$}}
define ptr @guarded(ptr %flag) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %resume
                                i8 1, label %cleanup]
resume:
  %c = load i1, ptr %flag
  br i1 %c, label %trap, label %fin.bb
trap:
  call void @llvm.trap()
  unreachable
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

;--- Refused: the reporter called in the body, not on a resume edge.
; RET-LABEL: define ptr @in_body(
; RET:       bad:
; RET-NEXT:    call void @cs__resumed_after_completion(ptr @name)
; OFF: remark: <unknown>:0:0: kept trap (cs__resumed_after_completion) of in_body at a line not known (compile with -g): not a post-completion trap: the trap is in the body, not on a resume edge or a dispatch case
; RET-REM: remark: <unknown>:0:0: kept trap (cs__resumed_after_completion) of in_body at a line not known (compile with -g): not a post-completion trap: the trap is in the body, not on a resume edge or a dispatch case
define ptr @in_body(i32 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %resume
                                i8 1, label %cleanup]
resume:
  call void @work()
  %neg = icmp slt i32 %n, 0
  br i1 %neg, label %bad, label %fin.bb
bad:
  call void @cs__resumed_after_completion(ptr @name)
  unreachable
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

;--- optnone: skipped.
; RET-LABEL: define ptr @skipped(
; RET:         call void @llvm.trap()
define ptr @skipped() presplitcoroutine noinline optnone {
entry:
  %id = call token @llvm.coro.id(i32 4, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %fin, label %suspend [i8 0, label %trap
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

@name = private constant [8 x i8] c"checked\00"
declare void @cs__resumed_after_completion(ptr) noreturn
declare void @abort() noreturn
declare void @work()
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.trap()
declare void @llvm.ubsantrap(i8)
declare noalias ptr @malloc(i64)
declare void @free(ptr)
