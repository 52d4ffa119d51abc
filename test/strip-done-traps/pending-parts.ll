; coroslim-strip-done-traps, `return` mode: rustc polls whose pending
; return is not a constant as written. The Pending they give is proven on
; the path to the return: phis of the chain of single predecessors take
; their value for it, a branch taken on `X == C` makes X the constant C
; (an inlined child's Poll returned where its discriminant was tested equal
; to Pending's), and for a Poll returned as an aggregate, the part every
; pending return gives as one constant, which every completing return gives
; as another, tells Pending apart; the other parts are Ready's payload,
; undefined in Pending (poison in the done case). Where nothing proves it
; the trap stays, with a remark.

; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.ll 2> %t.rem
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REM < %t.rem

;--- poll_fn(|cx| child.poll(cx)).await at -Os, before the inliner: the
;--- common return block picks the discriminant with a phi and inserts the
;--- child's payload on every path, Pending's too.
; CHECK-LABEL: define { i32, i32 } @payload_inserted(
; CHECK:         i8 1, label %coroslim.done.resume
; CHECK:       coroslim.done.resume:
; CHECK-NEXT:    ret { i32, i32 } { i32 1, i32 poison }
; CHECK-NOT:   panic_const_async_fn_resumed
; REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of payload_inserted at state 1: a resume after completion returns like a pending one (`return` mode)
define { i32, i32 } @payload_inserted(ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 4
  switch i8 %state, label %default [
    i8 0, label %unresumed
    i8 1, label %returned
    i8 3, label %resumed
  ]
default:
  unreachable
unresumed:
  %n = load i32, ptr %self, align 4
  br label %poll
resumed:
  %payload.addr = getelementptr inbounds i8, ptr %self, i64 4
  %saved = load i32, ptr %payload.addr, align 4
  br label %poll
poll:
  %v = phi i32 [ %n, %unresumed ], [ %saved, %resumed ]
  %low = and i32 %v, 1
  %even = icmp eq i32 %low, 0
  br i1 %even, label %pending, label %common.ret
pending:
  %payload.addr2 = getelementptr inbounds i8, ptr %self, i64 4
  %odd = or disjoint i32 %v, 1
  store i32 %odd, ptr %payload.addr2, align 4
  br label %common.ret
common.ret:
  %next = phi i8 [ 3, %pending ], [ 1, %poll ]
  %poll.tag = phi { i32, i32 } [ { i32 1, i32 poison }, %pending ], [ { i32 0, i32 poison }, %poll ]
  store i8 %next, ptr %state.addr, align 4
  %ret = insertvalue { i32, i32 } %poll.tag, i32 %v, 1
  ret { i32, i32 } %ret
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- An inlined child answers a Poll with a niche (i8: 2 is Pending); the
;--- parent returns the child's answer itself on the path where it tested
;--- it equal to 2.
; CHECK-LABEL: define i8 @child_tested(
; CHECK:         i8 1, label %coroslim.done.resume
; CHECK:       coroslim.done.resume:
; CHECK-NEXT:    ret i8 2
; CHECK-NOT:   panic_const_async_fn_resumed
; REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of child_tested at state 1
define i8 @child_tested(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call i8 @child_poll(ptr %self, ptr %cx)
  %is.pending = icmp eq i8 %r, 2
  br i1 %is.pending, label %pending, label %ready
pending:
  store i8 3, ptr %self, align 1
  ret i8 %r
ready:
  store i8 1, ptr %self, align 1
  %flag = and i8 %r, 1
  ret i8 %flag
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- The same with a tagged Poll returned as a scalar pair: the child's
;--- discriminant (part 0) tested equal to 1 on a switch; the payload part
;--- is the child's, unknown, on the pending path.
; CHECK-LABEL: define { i64, i64 } @child_pair_tested(
; CHECK:         i8 1, label %coroslim.done.resume
; CHECK:       coroslim.done.resume:
; CHECK-NEXT:    ret { i64, i64 } { i64 1, i64 poison }
; CHECK-NOT:   panic_const_async_fn_resumed
; REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of child_pair_tested at state 1
define { i64, i64 } @child_pair_tested(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call { i64, i64 } @child_poll_pair(ptr %self, ptr %cx)
  %tag = extractvalue { i64, i64 } %r, 0
  switch i64 %tag, label %default [
    i64 0, label %ready
    i64 1, label %pending
  ]
pending:
  store i8 3, ptr %self, align 1
  br label %common.ret
ready:
  store i8 1, ptr %self, align 1
  %val = extractvalue { i64, i64 } %r, 1
  %done = insertvalue { i64, i64 } { i64 0, i64 poison }, i64 %val, 1
  br label %common.ret
common.ret:
  %ret = phi { i64, i64 } [ %r, %pending ], [ %done, %ready ]
  ret { i64, i64 } %ret
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- tokio's mpsc Receiver::recv().await, Poll<Option<u32>> at -Os: the
;--- niche is in part 0 (Option's tag: 0, 1; Pending 2); the pending return
;--- carries the child's payload, the completing one is the child's Ready
;--- itself, whose part 0 the path tested unequal to 2.
; CHECK-LABEL: define { i32, i32 } @niche_child(
; CHECK:         i8 1, label %coroslim.done.resume
; CHECK:       coroslim.done.resume:
; CHECK-NEXT:    ret { i32, i32 } { i32 2, i32 poison }
; CHECK-NOT:   panic_const_async_fn_resumed
; REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of niche_child at state 1
define { i32, i32 } @niche_child(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call { i32, i32 } @child_poll_option(ptr %self, ptr %cx)
  %tag = extractvalue { i32, i32 } %r, 0
  %is.pending = icmp eq i32 %tag, 2
  br i1 %is.pending, label %pending, label %common.ret
pending:
  %payload = extractvalue { i32, i32 } %r, 1
  %p = insertvalue { i32, i32 } { i32 2, i32 poison }, i32 %payload, 1
  br label %common.ret
common.ret:
  %next = phi i8 [ 3, %pending ], [ 1, %body ]
  %ret = phi { i32, i32 } [ %p, %pending ], [ %r, %body ]
  store i8 %next, ptr %self, align 1
  ret { i32, i32 } %ret
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- poll_fn(|cx| child.poll(cx)).await with the child not inlined: the
;--- tag (0..2) is tested as `trunc to i1`; the completing return is the
;--- child's Ready itself, whose tag's lowest bit the path tested 0, so not
;--- Pending's 1.
; CHECK-LABEL: define { i32, i32 } @tag_trunc_tested(
; CHECK:         i8 1, label %coroslim.done.resume
; CHECK:       coroslim.done.resume:
; CHECK-NEXT:    ret { i32, i32 } { i32 1, i32 poison }
; CHECK-NOT:   panic_const_async_fn_resumed
; REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of tag_trunc_tested at state 1
define { i32, i32 } @tag_trunc_tested(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call { i32, i32 } @child_poll_u32(ptr %self, ptr %cx)
  %tag = extractvalue { i32, i32 } %r, 0
  %is.pending = trunc i32 %tag to i1
  br i1 %is.pending, label %pending, label %common.ret
pending:
  %payload = extractvalue { i32, i32 } %r, 1
  %p = insertvalue { i32, i32 } { i32 1, i32 poison }, i32 %payload, 1
  br label %common.ret
common.ret:
  %next = phi i8 [ 3, %pending ], [ 1, %body ]
  %ret = phi { i32, i32 } [ %p, %pending ], [ %r, %body ]
  store i8 %next, ptr %self, align 1
  ret { i32, i32 } %ret
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- Refused: the pending return's constant part (0) is what the completing
;--- return gives there too, or an unknown value: no part tells Pending
;--- from Ready.
; CHECK-LABEL: define { i64, i64 } @no_part_tells(
; CHECK:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; REM: no_part_tells: cannot prove what a pending resume returns (a pending return does not return a constant, and no part of it that is one tells it from every completing return): its post-completion traps are kept
define { i64, i64 } @no_part_tells(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call { i64, i64 } @child_poll_pair(ptr %self, ptr %cx)
  %val = extractvalue { i64, i64 } %r, 1
  %c = load i1, ptr %cx
  br i1 %c, label %pending, label %ready
pending:
  store i8 3, ptr %self, align 1
  %p = insertvalue { i64, i64 } { i64 1, i64 poison }, i64 %val, 1
  ret { i64, i64 } %p
ready:
  store i8 1, ptr %self, align 1
  ret { i64, i64 } %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- Refused: the branch to the pending return proves no value of the
;--- child's answer (`ult`, not `eq`), and the result is no aggregate.
; CHECK-LABEL: define i8 @child_not_pinned(
; CHECK:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(
; REM: child_not_pinned: cannot prove what a pending resume returns (a pending return does not return a constant): its post-completion traps are kept
define i8 @child_not_pinned(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %r = call i8 @child_poll(ptr %self, ptr %cx)
  %is.ready = icmp ult i8 %r, 2
  br i1 %is.ready, label %ready, label %pending
pending:
  store i8 3, ptr %self, align 1
  ret i8 %r
ready:
  store i8 1, ptr %self, align 1
  ret i8 0
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

@loc = constant [4 x i8] c"loc\00"
declare i8 @child_poll(ptr, ptr)
declare { i64, i64 } @child_poll_pair(ptr, ptr)
declare { i32, i32 } @child_poll_option(ptr, ptr)
declare { i32, i32 } @child_poll_u32(ptr, ptr)
declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn
