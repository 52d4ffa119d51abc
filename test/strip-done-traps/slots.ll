; The two pipeline slots each take one form (docs/design.md, "Pipeline"):
; ScalarOptimizerLate runs the pass with `form=pre-split`, where the CGSCC
; walk also shows it the .resume clones it must leave to OptimizerLast
; (`form=lowered`); by name the pass takes both (`form=any`, the default).

; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -S %s -o %t.in.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=pre-split>' -S %s -o %t.pre.ll
; RUN: FileCheck %s --check-prefixes=PRE < %t.pre.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=lowered>' -S %s -o %t.low.ll
; RUN: FileCheck %s --check-prefixes=LOW < %t.low.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=any>' -S %s -o %t.any.ll
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -S %s | diff %t.any.ll -
; RUN: FileCheck %s --check-prefixes=ANY < %t.any.ll
; RUN: not %opt -passes='coroslim-strip-done-traps<form=split>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD
; What the default pipeline runs in each slot (the pass prints all its
; parameters), and both traps still go at -O2.
; RUN: %opt -passes='default<O2>' -coroslim-release -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=SLOTS
; RUN: %opt -passes='default<O2>' -coroslim-release -pass-remarks=coroslim-strip-done-traps -disable-output %s 2>&1 | FileCheck %s --check-prefix=PIPE

; PRE-LABEL: define ptr @presplit(
; PRE-NOT:     call void @llvm.trap()
; PRE-LABEL: define fastcc void @lowered.resume(
; PRE:         call void @cs__resumed_after_completion(
; LOW-LABEL: define ptr @presplit(
; LOW:         call void @llvm.trap()
; LOW-LABEL: define fastcc void @lowered.resume(
; LOW-NOT:     call void @cs__resumed_after_completion(
; ANY-LABEL: define ptr @presplit(
; ANY-NOT:     call void @llvm.trap()
; ANY-LABEL: define fastcc void @lowered.resume(
; ANY-NOT:     call void @cs__resumed_after_completion(
; BAD: coroslim-strip-done-traps: form must be any, pre-split or lowered, got 'split'
; SLOTS: coroslim-strip-done-traps<release;done-resume=return;form=pre-split>,coroslim-merge-states
; SLOTS: function(coroslim-strip-done-traps<release;done-resume=return;form=lowered>)
; PIPE: removed post-completion trap (llvm.trap) of presplit at the resume edge of suspend point 2 of 2
; PIPE: removed post-completion trap (cs__resumed_after_completion) of lowered.resume at state 1

; A pre-split coroutine whose second suspend is a checked completion.
define ptr @presplit() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %body
                                 i8 1, label %cleanup]
body:
  call void @work()
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %trap
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

; A .resume clone with a two-state CoroSplit dispatch whose state 1 is the
; C runtime's post-completion report.
define fastcc void @lowered.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %index = load i1, ptr %index.addr, align 1
  br i1 %index, label %trap, label %s0
s0:
  call void @work()
  store i1 true, ptr %index.addr
  ret void
trap:
  call void @cs__resumed_after_completion(ptr null)
  unreachable
}

declare void @cs__resumed_after_completion(ptr) noreturn
declare void @work()
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.trap()
declare noalias ptr @malloc(i64)
declare void @free(ptr)
