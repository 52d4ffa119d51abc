; A .resume clone with one resumable state has no dispatch left (CoroSplit's
; index switch folds away), and its first branch is the body's own code on
; a value reloaded from the frame, an i32 or a _Bool's i1: its abort and
; __assert_fail are not post-completion traps (before, -coroslim-release
; replaced them by `ret void`). In a clone only a call of a known reporter
; marks a post-completion state. And once the
; two-state dispatch of @two.resume is gone (unreachable mode), a second
; run must not take the body's `if (x == 5) abort();` for the next one.

; RUN: %opt -passes='coroslim-strip-done-traps<release>,coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefixes=CHECK,RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM --implicit-check-not=one.resume --implicit-check-not=one_switch.resume --implicit-check-not=one_bool.resume --implicit-check-not='removed post-completion trap (abort)' < %t.ret.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>,coroslim-strip-done-traps<release;done-resume=unreachable>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -pass-remarks-missed=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefixes=CHECK,UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM --implicit-check-not=one.resume --implicit-check-not=one_switch.resume --implicit-check-not=one_bool.resume --implicit-check-not='removed post-completion trap (abort)' < %t.unr.rem

; No remark names the one-state clones (they are no state machines);
; @two.resume's trap goes, once, and its abort stays.
; RET-REM: kept trap (abort) of two.resume at state 0: not a post-completion trap: the trap is guarded by another condition
; RET-REM: removed post-completion trap (cs__resumed_after_completion) of two.resume at state 1
; UNR-REM: kept trap (abort) of two.resume at state 0: not a post-completion trap: the trap is guarded by another condition
; UNR-REM: removed post-completion trap (cs__resumed_after_completion) of two.resume at state 1

; CHECK-LABEL: define internal fastcc void @one.resume(
; CHECK:       die:
; CHECK-NEXT:    call void @abort()
; CHECK-NEXT:    unreachable
define internal fastcc void @one.resume(ptr %frame) {
entry:
  %n.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %n = load i32, ptr %n.addr, align 4
  %bad = icmp eq i32 %n, 3
  br i1 %bad, label %die, label %work
die:
  call void @abort()
  unreachable
work:
  call void @use(i32 %n)
  store ptr null, ptr %frame
  ret void
}

; CHECK-LABEL: define internal fastcc void @one_switch.resume(
; CHECK:         switch i32 %k, label %other [
; CHECK-NEXT:      i32 0, label %a
; CHECK-NEXT:      i32 7, label %die
; CHECK:       die:
; CHECK-NEXT:    call void @__assert_fail(
define internal fastcc void @one_switch.resume(ptr %frame) {
entry:
  %k.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %k = load i32, ptr %k.addr, align 4
  switch i32 %k, label %other [ i32 0, label %a
                                i32 7, label %die ]
a:
  call void @use(i32 0)
  br label %other
other:
  store ptr null, ptr %frame
  ret void
die:
  call void @__assert_fail(ptr null, ptr null, i32 3, ptr null)
  unreachable
}

; CHECK-LABEL: define internal fastcc void @two.resume(
; RET:           br i1 %index, label %coroslim.done.resume, label %s0
; UNR:           br label %s0
; CHECK:       s0:
; CHECK:         br i1 %c, label %bad, label %ok
; CHECK:       bad:
; CHECK-NEXT:    call void @abort()
define internal fastcc void @two.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %index = load i1, ptr %index.addr, align 1
  br i1 %index, label %trap, label %s0
s0:
  %x.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %x = load i32, ptr %x.addr
  %c = icmp eq i32 %x, 5
  br i1 %c, label %bad, label %ok
bad:
  call void @abort()
  unreachable
ok:
  store i1 true, ptr %index.addr
  ret void
trap:
  call void @cs__resumed_after_completion(ptr null)
  unreachable
}

; A _Bool parameter CoroSplit spilled as an i1: a narrow load is no sign of
; the suspend index either (`if (flag) abort();`).
; CHECK-LABEL: define internal fastcc void @one_bool.resume(
; CHECK:         br i1 %flag, label %die, label %work
; CHECK:       die:
; CHECK-NEXT:    call void @abort()
define internal fastcc void @one_bool.resume(ptr %frame) {
entry:
  %flag.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %flag = load i1, ptr %flag.addr, align 1
  br i1 %flag, label %die, label %work
die:
  call void @abort()
  unreachable
work:
  store ptr null, ptr %frame
  ret void
}

declare void @cs__resumed_after_completion(ptr) noreturn
declare void @abort() noreturn
declare void @__assert_fail(ptr, ptr, i32, ptr) noreturn
declare void @use(i32)
declare void @llvm.trap()
