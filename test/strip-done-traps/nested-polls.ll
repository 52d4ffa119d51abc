; rustc inlines a child future's poll function into its parent's, where the
; child's post-completion panic sits in the parent's body, on no dispatch
; case of its own. The pre-split slot (in the CGSCC walk, before the inliner
; visits the parent) therefore takes rustc poll functions too, in
; `unreachable` mode: every panic goes. In `return` mode it takes only the
; outermost future's poll (no other poll calls it: its "return Pending"
; inlined into an executor joins the executor's own Pending path); a child's
; is left to merge-states, which proves its arm dead in the parent (a
; child's "return Pending" inlined into its parent would cost more code than
; the panic, docs/rust.md), and to the lowered slot for what stays separate.
; coroslim-options<...>, parsed after the default pipeline is built (as rustc
; parses -C passes), sets the options of the slot passes, like the flags.
; merge-states is kept out: its lowered form proves the inlined child's
; arm dead even without the release flag (merge-states/lowered-dead-arms.ll).

; RUN: %opt -passes='default<O2>' -coroslim-disable=coroslim-merge-states -S %s -o %t.off.ll
; RUN: FileCheck %s --check-prefix=OFF < %t.off.ll
; With merge-states, no release: the child's arm is proven dead, the
; parent's own stays.
; RUN: %opt -passes='default<O2>' -S %s | FileCheck %s --check-prefix=MERGED
; RUN: %opt -passes='default<O2>,coroslim-options<release;done-resume=unreachable;disable=coroslim-merge-states>' -S %s -o %t.unr.ll \
; RUN:   -pass-remarks=coroslim-strip-done-traps 2> %t.unr.rem
; RUN: FileCheck %s --check-prefix=UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM < %t.unr.rem
; The flags' spelling does the same.
; RUN: %opt -passes='default<O2>' -coroslim-release -coroslim-done-resume=unreachable -coroslim-disable=coroslim-merge-states -S %s | diff %t.unr.ll -
; RUN: %opt -passes='default<O2>,coroslim-options<release;disable=coroslim-merge-states>' -S %s -o %t.ret.ll \
; RUN:   -pass-remarks=coroslim-strip-done-traps -pass-remarks-missed=coroslim-strip-done-traps 2> %t.ret.rem
; RUN: FileCheck %s --check-prefix=RET < %t.ret.ll
; RUN: FileCheck %s --check-prefix=RET-REM < %t.ret.rem
; disable= keeps a pass out, as -coroslim-disable does.
; RUN: %opt -passes='default<O2>,coroslim-options<release;done-resume=unreachable;disable=coroslim-strip-done-traps;disable=coroslim-merge-states>' -S %s | diff %t.off.ll -
; RUN: %opt -passes='default<O2>,coroslim-options<release;done-resume=unreachable;disable=all>' -S %s | diff %t.off.ll -
; The slot passes print what they run, and the printed pipeline parses again
; to the same module.
; RUN: %opt -passes='default<O2>,coroslim-options<release;done-resume=unreachable;disable=coroslim-merge-states>' -print-pipeline-passes -disable-output %s > %t.pipeline
; RUN: FileCheck %s --check-prefix=PIPE < %t.pipeline
; RUN: xargs -I{} %opt -passes={} -S %s -o %t.again.ll < %t.pipeline
; RUN: diff %t.unr.ll %t.again.ll

; OFF-LABEL: define {{.*}}i1 @drive(
; OFF-DAG:     call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr {{.*}}@loc.child)
; OFF-DAG:     call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr {{.*}}@loc.parent)
; MERGED-LABEL: define {{.*}}i1 @drive(
; MERGED-NOT:     @loc.child
; MERGED:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr {{.*}}@loc.parent)
; MERGED-NOT:     @loc.child
; Both polls were inlined into drive: the child's panic was taken while the
; child was still separate.
; UNR-NOT:   define {{.*}}@child_poll(
; UNR-NOT:   define {{.*}}@parent_poll(
; UNR-NOT:   call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed
; UNR-LABEL: define {{.*}}i1 @drive(
; UNR-NOT:   call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed
; UNR-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of child_poll at state 1: the state left the dispatch (`unreachable` mode)
; UNR-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of parent_poll at state 1: the state left the dispatch (`unreachable` mode)
; Return mode, merge-states kept out: the parent's own arm returns Pending
; (true) in drive, the child's panic inlined into the parent stays.
; RET-LABEL: define {{.*}}i1 @drive(
; RET:         switch i8 %state.i, label %bad.i [
; RET:           i8 1, label %parent_poll.exit
; RET-NOT:     @loc.parent
; RET:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr {{.*}}@loc.child)
; RET-NOT:     @loc.parent
; RET:       parent_poll.exit:
; RET-NEXT:    phi i1 [ %common.ret.op.i4.i, %child_poll.exit.i ], [ true, %0 ]
; RET-REM: kept trap ({{.*}}panic_const_async_fn_resumed) of parent_poll at state 3: not a post-completion trap: the trap is guarded by another condition
; RET-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of parent_poll at state 1: a resume after completion returns like a pending one (`return` mode)
; PIPE: coroslim-strip-done-traps<release;done-resume=unreachable;form=pre-split>
; PIPE-SAME: function(coroslim-strip-done-traps<release;done-resume=unreachable;form=lowered>)
; PIPE-SAME: coroslim-options<release;done-resume=unreachable;disable=coroslim-merge-states>
@loc.child = private constant [24 x i8] zeroinitializer
@loc.parent = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @wake(ptr) nounwind
declare i32 @read_hw(i32) nounwind

; The child future's poll: state byte at offset 0, Poll<()> as i1 (true =
; Pending). 0 -> wake, Pending (3); 3 -> Ready (1); 1 -> panic.
define internal i1 @child_poll(ptr %self, ptr %cx) nounwind {
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
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.child)
  unreachable
bad:
  unreachable
}

; The parent's poll: its state at offset 0, the child future at offset 1.
define internal i1 @parent_poll(ptr %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %pending = call i1 @child_poll(ptr %child, ptr %cx)
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.parent)
  unreachable
bad:
  unreachable
}

define i1 @drive(ptr %fut, ptr %cx) nounwind {
  %r = call i1 @parent_poll(ptr %fut, ptr %cx)
  ret i1 %r
}
