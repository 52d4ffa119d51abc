; coroslim-merge-states, lowered form: in a rustc poll function, the branch
; edges no poll can take go (coroslim/StateValues.h). A future is created
; unresumed and only its poll writes it between polls, so the fields hold
; at the start of a poll what some earlier poll left in them; the child
; future LLVM inlined into its parent is never polled again once the parent
; saw it complete, so its post-completion arm goes without any release flag,
; and so does a state no store writes any more. Refused: a poll whose future
; escapes to a call on a pending path, one that may unwind between the
; child's completion and the parent's next state, a function that checks a
; future's state without being its whole poll, and anything that is not a
; rustc poll.

; RUN: %opt -S < %s -o %t.in.ll
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s -o %t.out.ll \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states 2> %t.rem
; RUN: FileCheck %s < %t.out.ll
; RUN: FileCheck %s --check-prefix=REM --implicit-check-not=remark < %t.rem
; A second run finds nothing more.
; RUN: %opt -passes=coroslim-merge-states -S < %t.out.ll | diff %t.out.ll -
; The pre-split form leaves lowered functions alone.
; RUN: %opt -passes='coroslim-merge-states<form=pre-split>' -S < %s | diff %t.in.ll -
; RUN: %opt -passes='coroslim-merge-states<form=lowered>' -S < %s | diff %t.out.ll -

; REM: remark: {{.*}}: removed 2 branch edge(s) of poll function parent_poll that no poll takes (no poll leaves the future's fields so): the state = 4, the field at +1 = 1
; REM: remark: {{.*}}: removed 1 branch edge(s) of poll function clobbered_poll that no poll takes (no poll leaves the future's fields so): the state = 4
; REM: remark: {{.*}}: removed 2 branch edge(s) of poll function dup_a that no poll takes (no poll leaves the future's fields so): the state = 4, the field at +1 = 1
; REM: remark: {{.*}}: removed 2 branch edge(s) of poll function dup_b that no poll takes (no poll leaves the future's fields so): the state = 4, the field at +1 = 1
; REM: remark: {{.*}}: removed 2 branch edge(s) of poll function inlined_beside that no poll takes (no poll leaves the future's fields so): the state = 4, the field at +1 = 1
; REM: remark: {{.*}}: states of poll function run_inline not analysed: its post-completion location loc.beside is used outside it too: the poll has copies elsewhere, and this function is no whole poll of its own (a dispatch to that panic, and a store of its state)
; REM: remark: {{.*}}: removed 2 branch edge(s) of poll function select_poll that no poll takes (no poll leaves the future's fields so): the field at +8 = 0, the field at +8 = 1

; CHECK-LABEL: define internal i1 @parent_poll(
; CHECK:         switch i8 %state, label %bad [
; CHECK-NEXT:      i8 0, label %init
; CHECK-NEXT:      i8 3, label %await
; CHECK-NEXT:      i8 1, label %returned
; CHECK-NEXT:    ]
; CHECK:         switch i8 %cstate, label %bad [
; CHECK-NEXT:      i8 0, label %c.first
; CHECK-NEXT:      i8 3, label %c.again
; CHECK-NEXT:    ]
; CHECK-NOT:   define
; CHECK:         call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.parent)
; CHECK-LABEL: define internal i1 @clobbered_poll(
; CHECK:         switch i8 %state, label %bad [
; CHECK-NOT:       i8 4,
; CHECK:         switch i8 %cstate, label %bad [
; CHECK-NEXT:      i8 0, label %c.first
; CHECK-NEXT:      i8 3, label %c.again
; CHECK-NEXT:      i8 1, label %c.returned
; CHECK-LABEL: define internal i1 @unwind_poll(
; CHECK:           i8 4, label %stale
; CHECK:           i8 1, label %c.returned
; CHECK-LABEL: define internal i1 @dup_a(
; CHECK-NOT:       i8 4, label %stale
; CHECK-NOT:       i8 1, label %c.returned
; CHECK-LABEL: define internal i1 @dup_b(
; CHECK-NOT:       i8 4, label %stale
; CHECK-LABEL: define internal i1 @inlined_beside(
; CHECK-NOT:       i8 4, label %stale
; CHECK-NOT:       i8 1, label %c.returned
; CHECK-LABEL: define internal void @run_inline(
; CHECK:         br i1 %done, label %panic, label %out
; CHECK-LABEL: define internal { i64, i64 } @select_poll(
; CHECK:         switch i8 %cstate, label %c.bad [
; CHECK-NEXT:      i8 3, label %c.again
; CHECK-NEXT:    ]
; CHECK-LABEL: define internal i1 @plain_machine(
; CHECK:           i8 7, label %seven

@loc.child = private constant [24 x i8] zeroinitializer
@loc.parent = private constant [24 x i8] zeroinitializer
@loc.clobbered = private constant [24 x i8] zeroinitializer
@loc.unwind = private constant [24 x i8] zeroinitializer
@loc.dup = private constant [24 x i8] zeroinitializer
@loc.clobbered.child = private constant [24 x i8] zeroinitializer
@loc.unwind.child = private constant [24 x i8] zeroinitializer
@loc.dup.child = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @wake(ptr) nounwind
declare void @touch(ptr) nounwind
declare void @log()
declare void @abort() noreturn nounwind

; A parent future (state at +0) with its child future inlined (the child's
; state at +1), as rustc's polls look after LLVM inlined the child's poll:
; the child returns Pending once (0 -> 3), then Ready (3 -> 1); the parent
; awaits it in its state 3. State 4 is a resume point no store writes any
; more (an await LLVM proved always Ready).
define internal i1 @parent_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.parent)
  unreachable
bad:
  unreachable
}

; The future escapes to a call on a pending path: it may write the child's
; state, so its post-completion arm stays.
define internal i1 @clobbered_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  call void @touch(ptr %self)
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.clobbered.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.clobbered)
  unreachable
bad:
  unreachable
}

; panic=unwind: a call that may unwind after the child completed and before
; the parent stores its next state leaves (3, child 1) for the next poll
; (which must then panic as the child's arm says): the arm stays.
define internal i1 @unwind_poll(ptr noundef nonnull align 1 %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  call void @log()
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.unwind.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.unwind)
  unreachable
bad:
  unreachable
}

; Two whole poll functions naming one location: instantiations of one
; generic async fn (or clones of one poll). Each makes the same transitions
; (or polls a future of its own type), so each is solved alone.
define internal i1 @dup_a(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.dup.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.dup)
  unreachable
bad:
  unreachable
}
define internal i1 @dup_b(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.dup.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.dup)
  unreachable
bad:
  unreachable
}


; A poll beside another function naming its location (run_inline checks
; the state as a dispatch would, but writes none). The poll is solved: what
; other code does to its future is what a poll of it does (a copy inlined
; into a body makes the same transitions; a reader makes none). run_inline
; is not: it is no whole poll, and its future is written elsewhere.
@loc.beside = private constant [24 x i8] zeroinitializer
@loc.beside.child = private constant [24 x i8] zeroinitializer
define internal i1 @inlined_beside(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ]
init:
  store i8 0, ptr %child, align 1
  br label %await
await:
  %cstate = load i8, ptr %child, align 1
  switch i8 %cstate, label %bad [
    i8 0, label %c.first
    i8 3, label %c.again
    i8 1, label %c.returned
  ]
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  br label %c.exit
c.exit:
  %cnext = phi i8 [ 3, %c.first ], [ 1, %c.again ]
  %pending = phi i1 [ true, %c.first ], [ false, %c.again ]
  store i8 %cnext, ptr %child, align 1
  br i1 %pending, label %suspend, label %done
suspend:
  store i8 3, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
stale:
  call void @wake(ptr %cx)
  ret i1 true
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.beside.child)
  unreachable
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.beside)
  unreachable
bad:
  unreachable
}
define internal void @run_inline(ptr %fut, ptr %flag) nounwind {
  %s = load i8, ptr %fut, align 1
  %done = icmp eq i8 %s, 1
  br i1 %done, label %panic, label %out
panic:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.beside)
  unreachable
out:
  store i8 3, ptr %flag, align 1
  ret void
}


; The parent's next state is a select on whether the inlined child answered
; Pending (SimplifyCFG's form: the child's result is a phi of the block, the
; state stored is `select %pending, 3, 1`): per incoming edge it is a
; constant, so the child's post-completion arm (and its unresumed case,
; which the parent enters by its own first poll only) go.
@loc.sel = private constant [24 x i8] zeroinitializer
@loc.sel.child = private constant [24 x i8] zeroinitializer
define internal { i64, i64 } @select_poll(ptr noundef nonnull align 8 %self, ptr %cx) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 16
  %state = load i8, ptr %state.addr, align 8
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 1, label %returned
    i8 3, label %await
  ]
init:
  %child.i = getelementptr inbounds i8, ptr %self, i64 8
  store i8 0, ptr %child.i, align 8
  br label %c.first
await:
  %child = getelementptr inbounds i8, ptr %self, i64 8
  %cstate = load i8, ptr %child, align 8
  switch i8 %cstate, label %c.bad [
    i8 0, label %c.first
    i8 1, label %c.returned
    i8 3, label %c.again
  ]
c.bad:
  unreachable
c.first:
  call void @wake(ptr %cx)
  br label %c.exit
c.again:
  %x = load i64, ptr %self, align 8
  %r = insertvalue { i64, i64 } { i64 0, i64 poison }, i64 %x, 1
  br label %c.exit
c.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.sel.child)
  unreachable
c.exit:
  %cnext = phi i8 [ 1, %c.again ], [ 3, %c.first ]
  %cres = phi { i64, i64 } [ %r, %c.again ], [ { i64 1, i64 undef }, %c.first ]
  %cptr = getelementptr inbounds i8, ptr %self, i64 8
  store i8 %cnext, ptr %cptr, align 8
  %tag = extractvalue { i64, i64 } %cres, 0
  %pending = trunc nuw i64 %tag to i1
  %next = select i1 %pending, i8 3, i8 1
  store i8 %next, ptr %state.addr, align 8
  br i1 %pending, label %ret, label %ready
ready:
  %v = extractvalue { i64, i64 } %cres, 1
  %rv = insertvalue { i64, i64 } { i64 0, i64 poison }, i64 %v, 1
  br label %ret
ret:
  %out = phi { i64, i64 } [ { i64 1, i64 undef }, %c.exit ], [ %rv, %ready ]
  ret { i64, i64 } %out
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.sel)
  unreachable
bad:
  unreachable
}

; Not a rustc poll (no post-completion panic arm): a switch on a field of an
; argument is ordinary code, and nothing says its fields keep their values
; between calls.
define internal i1 @plain_machine(ptr %obj, ptr %cx) nounwind {
start:
  %kind = load i8, ptr %obj, align 1
  switch i8 %kind, label %other [
    i8 0, label %zero
    i8 7, label %seven
  ]
zero:
  store i8 3, ptr %obj, align 1
  ret i1 true
seven:
  call void @abort()
  unreachable
other:
  ret i1 false
}

define void @keep(ptr %a, ptr %cx) {
  call i1 @parent_poll(ptr %a, ptr %cx)
  call i1 @clobbered_poll(ptr %a, ptr %cx)
  call i1 @unwind_poll(ptr %a, ptr %cx)
  call i1 @dup_a(ptr %a, ptr %cx)
  call i1 @dup_b(ptr %a, ptr %cx)
  call i1 @inlined_beside(ptr %a, ptr %cx)
  call { i64, i64 } @select_poll(ptr %a, ptr %cx)
  call void @run_inline(ptr %a, ptr %cx)
  call i1 @plain_machine(ptr %a, ptr %cx)
  ret void
}
