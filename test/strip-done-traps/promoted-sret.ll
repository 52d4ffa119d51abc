; rustc returns a large Poll<T> through an `sret` argument ahead of self, so
; a poll function dispatches on its second argument. At -O3 LLVM's
; ArgumentPromotion (in the CGSCC walk, before the function's own
; simplification) rewrites every internal function it may, and the rewrite
; drops `sret`: the result becomes a `noalias` argument that keeps the
; `writable` and `dead_on_unwind` rustc gives its `sret` arguments. The
; shared analysis takes that argument for the result too (isResultSlot):
; otherwise it looked for the dispatch on the result, found none, and the
; pass left the poll alone until the inliner had copied its panic into its
; parent's body (the tokio program of scripts/rust-crates at -O3: `mpsc`'s
; `recv` and `send`, inlined into `run` and `produce`). `return` mode
; stores Pending into that argument, as the function's own pending return
; does.

; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefix=UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM < %t.unr.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefix=RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM < %t.ret.rem

; The whole pipeline in `unreachable` mode: at -O2 (no ArgumentPromotion)
; and at -O3 (the child's sret promoted away before the pass sees it) the
; child's panic goes before the inliner copies the child into its parent.
; merge-states is kept out: it may prove the inlined child's arm dead by
; itself in a parent as small as this one (not in tokio's `run`).
; RUN: %opt -passes='default<O3>,coroslim-options<release;done-resume=unreachable;disable=coroslim-merge-states>' -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -o %t.o3.ll 2> %t.o3.rem
; RUN: FileCheck %s --check-prefix=PIPE < %t.o3.ll
; RUN: FileCheck %s --check-prefix=PIPE-REM < %t.o3.rem
; RUN: %opt -passes='default<O2>,coroslim-options<release;done-resume=unreachable;disable=coroslim-merge-states>' -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps -o %t.o2.ll 2> %t.o2.rem
; RUN: FileCheck %s --check-prefix=PIPE < %t.o2.ll
; RUN: FileCheck %s --check-prefix=PIPE-REM < %t.o2.rem
; ArgumentPromotion does drop the sret at -O3 (not at -O2): without the
; plugin the child keeps its panic, and its result is a noalias argument.
; RUN: %plain_opt -passes='cgscc(argpromotion)' -S %s | FileCheck %s --check-prefix=PROMOTED

@loc.child = private constant [24 x i8] zeroinitializer
@loc.parent = private constant [24 x i8] zeroinitializer
@loc.other = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @wake(ptr) nounwind
declare void @consume(i64) nounwind

;--- What ArgumentPromotion leaves of an sret poll: the dispatch reads the
;--- second argument. Poll<u64> as { i64 tag, i64 payload }, tag 1 Pending.
; UNR-LABEL: define void @promoted_poll(
; UNR-NOT:     i8 1, label
; UNR-NOT:     panic_const_async_fn_resumed
; UNR:       }
; UNR-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of promoted_poll at state 1: the state left the dispatch (`unreachable` mode)
; RET-LABEL: define void @promoted_poll(
; RET:         i8 1, label %coroslim.done.resume
; RET-NOT:     panic_const_async_fn_resumed
; RET:       coroslim.done.resume:
; RET-NEXT:    store i64 1, ptr %out, align {{[0-9]+}}
; RET-NEXT:    ret void
; RET-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of promoted_poll at state 1: a resume after completion returns like a pending one (`return` mode)
; RET-REM: stripped 1 post-completion trap(s) from state machine promoted_poll (return mode): predicted code size a return with its sret stores
define void @promoted_poll(ptr dead_on_unwind noalias writable align 8 %out, ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 8
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %again
    i8 1, label %returned
  ]
first:
  call void @wake(ptr %cx)
  store i8 3, ptr %state.addr, align 8
  store i64 1, ptr %out, align 8
  ret void
again:
  %v = load i64, ptr %self, align 8
  store i8 1, ptr %state.addr, align 8
  store i64 0, ptr %out, align 8
  %payload = getelementptr inbounds i8, ptr %out, i64 8
  store i64 %v, ptr %payload, align 8
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- A noalias first argument without `writable` and `dead_on_unwind` is
;--- no result slot: the dispatch must be on it, and is not (kept).
; UNR-LABEL: define void @noalias_only(
; UNR:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; UNR-REM: kept trap ({{.*}}panic_const_async_fn_resumed) of noalias_only at {{.*}}: not a post-completion trap: the trap is in the body, not on a resume edge or a dispatch case
; RET-LABEL: define void @noalias_only(
; RET:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
define void @noalias_only(ptr noalias align 8 %out, ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 8
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 1, label %returned
  ]
first:
  store i8 1, ptr %state.addr, align 8
  store i64 0, ptr %out, align 8
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- Nor is one of a function that returns a value: ArgumentPromotion
;--- leaves those attributes only where an sret was, in a void function.
; UNR-LABEL: define i1 @returns_value(
; UNR:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; UNR-REM: kept trap ({{.*}}panic_const_async_fn_resumed) of returns_value at {{.*}}: not a post-completion trap: the trap is in the body, not on a resume edge or a dispatch case
define i1 @returns_value(ptr dead_on_unwind noalias writable align 8 %out, ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 8
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 1, label %returned
  ]
first:
  store i8 1, ptr %state.addr, align 8
  store i64 0, ptr %out, align 8
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.other)
  unreachable
bad:
  unreachable
}

;--- The pipeline: an internal child poll returning through sret, awaited by
;--- its parent, which an executor's `drive` polls.
; PIPE-LABEL: define {{.*}}i1 @drive(
; PIPE-NOT:   @loc.child
; PIPE-NOT:   call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed
; PIPE:       }
; PIPE-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of child_poll at state 1: the state left the dispatch (`unreachable` mode)
; PIPE-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of parent_poll at state 1: the state left the dispatch (`unreachable` mode)
; PROMOTED-LABEL: define internal void @child_poll(ptr dead_on_unwind noalias writable align 8 %out, ptr %self, ptr %cx)
; PROMOTED:         @loc.child
define internal void @child_poll(ptr dead_on_unwind noalias writable sret([16 x i8]) align 8 %out, ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 8
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %again
    i8 1, label %returned
  ]
first:
  call void @wake(ptr %cx)
  store i8 3, ptr %state.addr, align 8
  store i64 1, ptr %out, align 8
  ret void
again:
  %v = load i64, ptr %self, align 8
  store i8 1, ptr %state.addr, align 8
  store i64 0, ptr %out, align 8
  %payload = getelementptr inbounds i8, ptr %out, i64 8
  store i64 %v, ptr %payload, align 8
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.child)
  unreachable
bad:
  unreachable
}

; The parent's state at offset 0, the child future at offset 8.
define internal i1 @parent_poll(ptr %self, ptr %cx) {
start:
  %res = alloca [16 x i8], align 8
  %state = load i8, ptr %self, align 8
  %child = getelementptr inbounds i8, ptr %self, i64 8
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 1, label %returned
  ]
init:
  %child.state = getelementptr inbounds i8, ptr %child, i64 8
  store i8 0, ptr %child.state, align 8
  br label %await
await:
  call void @child_poll(ptr dead_on_unwind noalias writable sret([16 x i8]) align 8 %res, ptr %child, ptr %cx)
  %tag = load i64, ptr %res, align 8
  %pending = icmp eq i64 %tag, 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 8
  ret i1 true
done:
  %payload = getelementptr inbounds i8, ptr %res, i64 8
  %v = load i64, ptr %payload, align 8
  call void @consume(i64 %v)
  store i8 1, ptr %self, align 8
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.parent)
  unreachable
bad:
  unreachable
}

define i1 @drive(ptr %fut, ptr %cx) {
  %r = call i1 @parent_poll(ptr %fut, ptr %cx)
  ret i1 %r
}
