; A rustc poll that never suspends (an async block without an await) has no
; pending return to copy Pending from. When it returns its Poll as an `i1`
; (Poll<()>: Ready's one value and Pending), every return gives Ready's
; constant and Pending is the other value. That shows only until IPSCCP
; has folded the constant into the callers: it then replaces the returned
; value with poison, and a caller no longer reads what the poll returns (a
; Pending returned there would be taken for Ready). So `return` mode takes
; these polls in the EarlySimplification slot, before IPSCCP and the
; inliner (`pending-from-type`), and only these: every other poll is left
; to the later slots, silently. Not in a post-link LTO pipeline, whose
; input the pre-link pipeline has propagated and inlined already.

; RUN: %opt -passes='coroslim-strip-done-traps<release;form=lowered;pending-from-type>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.type.ll 2> %t.type.rem
; RUN: FileCheck %s --check-prefix=TYPE < %t.type.ll
; RUN: FileCheck %s --check-prefix=TYPE-REM --implicit-check-not=byte_poll --implicit-check-not=computed_poll --implicit-check-not=two_values --implicit-check-not=suspending_poll < %t.type.rem
; Without pending-from-type (the later slots) the type is no proof.
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=lowered>' -S %s \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.late.ll 2> %t.late.rem
; RUN: FileCheck %s --check-prefix=LATE < %t.late.ll
; RUN: FileCheck %s --check-prefix=LATE-REM < %t.late.rem
; In `unreachable` mode the instance does nothing (the later slots take
; every poll).
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable;form=lowered;pending-from-type>' -S %s \
; RUN:   | FileCheck %s --check-prefix=UNR
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=lowered;pending-from-type>' -print-pipeline-passes -disable-output %s \
; RUN:   | FileCheck %s --check-prefix=PRINT

; The default pipeline: the instance runs before IPSCCP (pre-link and
; per-module pipelines), not in the ThinLTO post-link one.
; REQUIRES: llvm-22
; RUN: %opt -passes='default<O2>' -coroslim-release -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=SLOT
; RUN: %opt -passes='thinlto-pre-link<O2>' -coroslim-release -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=SLOT
; RUN: %opt -passes='thinlto<O2>' -coroslim-release -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=POSTLINK
; SLOT: coroslim-strip-done-traps<release;done-resume=return;form=lowered;pending-from-type>{{.*}}ipsccp
; POSTLINK-NOT: pending-from-type
; POSTLINK: ipsccp

; The whole pipeline: plain -O2 folds the poll's constant Ready into the
; executor, whose Pending path (`park`) goes; with the plugin in `return`
; mode the re-poll answers Pending, the executor keeps that path, and no
; panic is left. In `unreachable` mode the panic goes too, and so does the
; path (a re-poll is undefined).
; RUN: %plain_opt -passes='default<O2>' -S %s | FileCheck %s --check-prefix=PLAIN
; RUN: %opt -passes='default<O2>' -coroslim-release -S %s | FileCheck %s --check-prefix=PIPE
; RUN: %opt -passes='default<O2>' -coroslim-release -coroslim-done-resume=unreachable -S %s | FileCheck %s --check-prefix=PIPE-UNR

@loc.unit = private constant [24 x i8] zeroinitializer
@loc.other = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr) noreturn nounwind
declare void @side(i32) nounwind
declare void @park() nounwind
declare void @wake(ptr) nounwind

; PRINT: coroslim-strip-done-traps<release;done-resume=return;form=lowered;pending-from-type>

;--- `async { side(x) }`: Poll<()> as i1, Ready false. Both post-completion
;--- arms answer true.
; TYPE-LABEL: define internal i1 @unit_poll(
; TYPE:         i8 1, label %coroslim.done.resume
; TYPE:         i8 2, label %coroslim.done.resume
; TYPE-NOT:     panic_const_async_fn_resumed
; TYPE:       coroslim.done.resume:
; TYPE-NEXT:    ret i1 true
; TYPE-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of unit_poll at state 1: a resume after completion returns Pending, the value of its two-valued i1 result that no return gives (`return` mode, a poll that never suspends)
; TYPE-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed_panic) of unit_poll at state 2: a resume after completion returns Pending
; TYPE-REM: stripped 2 post-completion trap(s) from state machine unit_poll (return mode)
; LATE-LABEL: define internal i1 @unit_poll(
; LATE:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; LATE-REM: unit_poll{{.*}}cannot prove what a pending resume returns (no return path stores a resumable state)
; UNR-LABEL: define internal i1 @unit_poll(
; UNR:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
define internal i1 @unit_poll(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 4
  switch i8 %state, label %bad [
    i8 0, label %body
    i8 1, label %returned
    i8 2, label %panicked
  ]
body:
  %x.addr = getelementptr inbounds i8, ptr %self, i64 4
  %x = load i32, ptr %x.addr, align 4
  call void @side(i32 %x)
  store i8 1, ptr %self, align 4
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.unit)
  unreachable
panicked:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr @loc.unit)
  unreachable
bad:
  unreachable
}

;--- An executor polling it until Ready, then once more.
; PLAIN-LABEL: define void @drive(
; PLAIN-NOT:     call void @park()
; PLAIN:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; PIPE-LABEL: define void @drive(
; PIPE-NOT:     panic_const_async_fn_resumed
; PIPE:         call void @park()
; PIPE-NOT:     panic_const_async_fn_resumed
; PIPE:       }
; PIPE-UNR-LABEL: define void @drive(
; PIPE-UNR-NOT:     panic_const_async_fn_resumed
; PIPE-UNR:       }
define void @drive(ptr %fut, ptr %cx) {
start:
  br label %loop
loop:
  %r = call i1 @unit_poll(ptr %fut, ptr %cx)
  br i1 %r, label %pending, label %ready
pending:
  call void @park()
  br label %loop
ready:
  %again = call i1 @unit_poll(ptr %fut, ptr %cx)
  br i1 %again, label %pending2, label %done
pending2:
  call void @park()
  br label %done
done:
  ret void
}

;--- Poll<bool> is an i8 of three values: the type shows no Pending.
; TYPE-LABEL: define i8 @byte_poll(
; TYPE:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
define i8 @byte_poll(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %body
    i8 1, label %returned
  ]
body:
  store i8 1, ptr %self, align 1
  ret i8 1
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- An i1 that some return computes: not every return gives Ready's
;--- constant, so no other value is proven.
; TYPE-LABEL: define i1 @computed_poll(
; TYPE:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
define i1 @computed_poll(ptr %self, ptr %cx, i1 %c) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %body
    i8 1, label %returned
  ]
body:
  store i8 1, ptr %self, align 1
  ret i1 %c
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- Returns that disagree (true and false): both values are taken.
; TYPE-LABEL: define i1 @two_values(
; TYPE:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
define i1 @two_values(ptr %self, ptr %cx, i1 %c) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %body
    i8 1, label %returned
  ]
body:
  store i8 1, ptr %self, align 1
  br i1 %c, label %t, label %f
t:
  ret i1 true
f:
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- A poll that suspends: its Pending is its pending return's, and it is
;--- the later slots' (the early slot leaves it, and says nothing).
; TYPE-LABEL: define i1 @suspending_poll(
; TYPE:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; LATE-LABEL: define i1 @suspending_poll(
; LATE-NOT:     call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; LATE:       }
define i1 @suspending_poll(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %again
    i8 1, label %returned
  ]
first:
  call void @wake(ptr %cx)
  store i8 3, ptr %self, align 1
  ret i1 true
again:
  store i8 1, ptr %self, align 1
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}
