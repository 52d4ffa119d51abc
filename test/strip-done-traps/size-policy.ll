; The code-size policy of `return` mode (docs/passes/strip-done-traps.md,
; "Code-size policy of return mode"): before the first change, the pass
; weighs the lowering against the trap paths it removes by TTI's code-size
; cost for the module's target, and keeps the traps, with a remark giving
; both figures, when the lowering is not predicted smaller (here forced
; with size-margin, since on every target of LLVM 22 a branch or a return
; costs less than a call plus `unreachable`). Whatever it lowers, the done
; case stays as unlikely as its trap made it: a !prof on the dispatch.
; The triple makes TTI target-specific: thumbv7em, where `return` mode
; grew the bench programs before the done case was kept unlikely.

; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -S %s -o %t.in.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefix=RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM < %t.ret.rem
; Idempotent: the second run finds the weights in place (both read from
; stdin, so that the ModuleIDs agree).
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -S < %s -o %t.ret1.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -S < %t.ret1.ll \
; RUN:   -pass-remarks=coroslim-strip-done-traps 2>&1 -o %t.ret2.ll | count 0
; RUN: diff %t.ret1.ll %t.ret2.ll

; A margin of 4: no lowering is predicted small enough, every trap stays,
; and each says why, with both costs. (The margin is about traps: the
; re-suspended clone below is lowered all the same.)
; RUN: %opt -passes='coroslim-strip-done-traps<release;size-margin=4>' -S %s \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.keep.ll 2> %t.keep.rem
; RUN: FileCheck %s --check-prefix=KEEP-IR < %t.keep.ll
; RUN: FileCheck %s --check-prefix=KEEP < %t.keep.rem
; KEEP-IR-LABEL: define ptr @checked(
; KEEP-IR-NOT:   coroslim
; KEEP-IR:       call void @cs__resumed_after_completion(ptr @name)
; KEEP-IR-LABEL: define internal fastcc void @join.resume(
; KEEP-IR-NOT:   !prof
; KEEP-IR:       call void @cs__resumed_after_completion(ptr @name)
; KEEP-IR-LABEL: define internal fastcc void @new.resume(
; KEEP-IR-NOT:   !prof
; KEEP-IR:       call void @cs__resumed_after_completion(ptr @name)
; KEEP-IR-LABEL: define internal fastcc void @resuspended.resume(
; The flag is the same setting; printPipeline shows a margin only when set.
; RUN: %opt -coroslim-release -coroslim-done-resume-size-margin=4 \
; RUN:   -passes=coroslim-strip-done-traps -S %s | diff %t.keep.ll -
; RUN: %opt -passes='coroslim-strip-done-traps<release;size-margin=4>' \
; RUN:   -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE
; PIPE: coroslim-strip-done-traps<release;done-resume=return;form=any;size-margin=4>
; RUN: not %opt -passes='coroslim-strip-done-traps<size-margin=-1>' \
; RUN:   -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: size-margin

; Without the flag, no weights and no attribute either.
; RUN: %opt -passes=coroslim-strip-done-traps -S %s | diff %t.in.ll -

target triple = "thumbv7em-none-eabi"

;--- Pre-split: the completion point re-suspends (one branch, against the
;--- trap's call and unreachable); the coroutine is marked so that its
;--- .resume clone's done case is weighted once CoroSplit made it.
; RET-LABEL: define ptr @checked(
; RET-SAME:    #[[CHECKED:[0-9]+]] {
; RET:       coroslim.resuspend:
; RET-NEXT:    %save = call token @llvm.coro.save(ptr %hdl)
; RET-NEXT:    %fin = call i8 @llvm.coro.suspend(token %save, i1 false)
; RET-NEXT:    switch i8 %fin, label %suspend [
; RET-NEXT:      i8 0, label %coroslim.resuspend
; RET-REM: remark: <unknown>:0:0: stripped 1 post-completion trap(s) from coroutine checked (return mode): predicted code size re-suspending 1 against the trap paths' 3 (TTI code size)
; KEEP: remark: <unknown>:0:0: kept post-completion trap (cs__resumed_after_completion) of checked at the resume edge of suspend point 2 of 2: `return` mode predicts a bigger function: re-suspending 1 against the trap paths' 3 (TTI code size, size-margin 4)
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

;--- Lowered, a reporter arm, and a block that only returns: the done case
;--- joins it (no new code) and is weighted unlikely (weight 1; the other
;--- successors keep their probabilities: the unreachable default none).
; RET-LABEL: define internal fastcc void @join.resume(
; RET:         switch i2 %index, label %unreachable [
; RET-NEXT:      i2 0, label %s0
; RET-NEXT:      i2 1, label %idle
; RET-NEXT:      i2 -2, label %idle
; RET-NEXT:    ], !prof [[JOIN:![0-9]+]]
; RET-NOT:   coroslim.done.resume
; RET-REM: remark: <unknown>:0:0: stripped 1 post-completion trap(s) from state machine join.resume (return mode): predicted code size sharing a return block 0 against the trap paths' 3 (TTI code size)
; KEEP: remark: <unknown>:0:0: kept post-completion trap (cs__resumed_after_completion) of join.resume at state 2: `return` mode predicts a bigger function: sharing a return block 0 against the trap paths' 3 (TTI code size, size-margin 4)
define internal fastcc void @join.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %index = load i2, ptr %index.addr, align 1
  switch i2 %index, label %unreachable [
    i2 0, label %s0
    i2 1, label %idle
    i2 2, label %s2
  ]
s0:
  store i2 1, ptr %index.addr
  ret void
idle:
  ret void
s2:
  call void @cs__resumed_after_completion(ptr @name)
  unreachable
unreachable:
  unreachable
}

;--- Lowered, no block that only returns: a new one (a return, 1).
; RET-LABEL: define internal fastcc void @new.resume(
; RET:         switch i2 %index, label %unreachable [
; RET-NEXT:      i2 0, label %s0
; RET-NEXT:      i2 1, label %s1
; RET-NEXT:      i2 -2, label %coroslim.done.resume
; RET-NEXT:    ], !prof [[JOIN]]
; RET:       coroslim.done.resume:
; RET-NEXT:    ret void
; RET-REM: remark: <unknown>:0:0: stripped 1 post-completion trap(s) from state machine new.resume (return mode): predicted code size a return 1 against the trap paths' 3 (TTI code size)
; KEEP: remark: <unknown>:0:0: kept post-completion trap (cs__resumed_after_completion) of new.resume at state 2: `return` mode predicts a bigger function: a return 1 against the trap paths' 3 (TTI code size, size-margin 4)
define internal fastcc void @new.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %index = load i2, ptr %index.addr, align 1
  switch i2 %index, label %unreachable [
    i2 0, label %s0
    i2 1, label %s1
    i2 2, label %s2
  ]
s0:
  store i2 1, ptr %index.addr
  ret void
s1:
  store i2 -2, ptr %index.addr
  ret void
s2:
  call void @cs__resumed_after_completion(ptr @name)
  unreachable
unreachable:
  unreachable
}

;--- What CoroSplit and SimplifyCFG make of a re-suspending completion
;--- point: its case joins the suspend-return path and stores the state it
;--- was dispatched on back. The pre-split form marked the coroutine, so the
;--- case that does nothing (state 2) is weighted unlikely; state 1, which
;--- stores another state, is not.
; Its store is redundant (the state is what it was dispatched on), so the
; case returns at once: inlined into an awaiter's .resume, it then adds no
; store and no join with the awaiter's state.
; RET-LABEL: define internal fastcc void @resuspended.resume(
; RET:         switch i2 %index, label %unreachable [
; RET-NEXT:      i2 0, label %s0
; RET-NEXT:      i2 1, label %s1
; RET-NEXT:      i2 -2, label %coroslim.done.resume
; RET-NEXT:    ], !prof [[RESUSPEND:![0-9]+]]
; RET:       ret:
; RET-NEXT:    %next = phi i2 [ 1, %s0 ], [ -2, %s1 ]
; RET:       coroslim.done.resume:
; RET-NEXT:    ret void
; RET-REM: remark: <unknown>:0:0: state machine resuspended.resume: the re-suspending completion point (state 2) returns at once, without storing its state again, and is marked as unlikely as its trap was
define internal fastcc void @resuspended.resume(ptr %frame) #0 {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %index = load i2, ptr %index.addr, align 1
  switch i2 %index, label %unreachable [
    i2 0, label %s0
    i2 1, label %s1
    i2 2, label %ret
  ]
s0:
  call void @work()
  br label %ret
s1:
  br label %ret
ret:
  %next = phi i2 [ 1, %s0 ], [ -2, %s1 ], [ %index, %entry ]
  store i2 %next, ptr %index.addr, align 1
  ret void
unreachable:
  unreachable
}

;--- The same, optimised for size (-Os/-Oz): the clone stays out of line,
;--- where joining the suspend-return path is free; only the weights.
; RET-LABEL: define internal fastcc void @resuspended_os.resume(
; RET:         i2 -2, label %ret
; RET-NEXT:    ], !prof [[RESUSPEND]]
; RET:       ret:
; RET-NEXT:    %next = phi i2 [ 1, %s0 ], [ -2, %s1 ], [ %index, %entry ]
; RET-REM: remark: <unknown>:0:0: state machine resuspended_os.resume: the re-suspending completion point (state 2) joins the suspend-return path and is marked as unlikely as its trap was
define internal fastcc void @resuspended_os.resume(ptr %frame) #1 {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %index = load i2, ptr %index.addr, align 1
  switch i2 %index, label %unreachable [
    i2 0, label %s0
    i2 1, label %s1
    i2 2, label %ret
  ]
s0:
  call void @work()
  br label %ret
s1:
  br label %ret
ret:
  %next = phi i2 [ 1, %s0 ], [ -2, %s1 ], [ %index, %entry ]
  store i2 %next, ptr %index.addr, align 1
  ret void
unreachable:
  unreachable
}

;--- The same clone without the mark (a coroutine whose completion point
;--- the pre-split form did not rewrite): left alone, silently.
; RET-LABEL: define internal fastcc void @unmarked.resume(
; RET:         i2 -2, label %ret
; RET-NEXT:    ]{{$}}
; RET-REM-NOT: unmarked.resume
define internal fastcc void @unmarked.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 20
  %index = load i2, ptr %index.addr, align 1
  switch i2 %index, label %unreachable [
    i2 0, label %s0
    i2 1, label %s1
    i2 2, label %ret
  ]
s0:
  call void @work()
  br label %ret
s1:
  br label %ret
ret:
  %next = phi i2 [ 1, %s0 ], [ -2, %s1 ], [ %index, %entry ]
  store i2 %next, ptr %index.addr, align 1
  ret void
unreachable:
  unreachable
}

; The pre-split form marks what it re-suspended.
; RET: attributes #[[CHECKED]] = { presplitcoroutine "coroslim-done-resuspend" }
; The done case's weight is 1; the others keep their share of 2^31: with
; the trap, BranchProbabilityInfo gave the trap's case (almost) nothing and
; the other two half each; the case that did nothing had a third, which
; the other two now keep. The unreachable default gets 0.
; RET-DAG: [[JOIN]] = !{!"branch_weights", i32 0, i32 1073741312, i32 1073741312, i32 1}
; RET-DAG: [[RESUSPEND]] = !{!"branch_weights", i32 0, i32 715827883, i32 715827883, i32 1}

attributes #0 = { "coroslim-done-resuspend" }
attributes #1 = { optsize "coroslim-done-resuspend" }

@name = private constant [8 x i8] c"checked\00"
declare void @cs__resumed_after_completion(ptr) noreturn
declare void @work()
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare noalias ptr @malloc(i64)
declare void @free(ptr)
