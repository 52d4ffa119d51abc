; coroslim-merge-states, lowered form: the states of a rustc poll function
; whose resume arms are the same but for the state they store (the match
; arms of `match cmd { A => send().await, B => send().await }`) become one:
; the dispatch sends each to the first arm, the first poll of each arm
; enters the first arm's blocks, the other copies go, and the state nothing
; stores any more leaves the dispatch. Refused, with a remark: arms that
; differ, a future passed to a call (which might read its state), and a
; reader elsewhere in the module that tells the states apart (drop glue).
; A child future's poll that is not inlined gets a pointer into the parent
; past its state; it may not read the state if everything it does with the
; pointer stays at or above it.

; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s -o %t.out.ll \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states 2> %t.rem
; RUN: FileCheck %s < %t.out.ll
; RUN: FileCheck %s --check-prefix=REM --implicit-check-not=remark: < %t.rem
; A second run changes nothing and says nothing new.
; RUN: %opt -passes=coroslim-merge-states -pass-remarks=coroslim-merge-states -disable-output < %t.out.ll 2>&1 \
; RUN:   | FileCheck %s --allow-empty --check-prefix=AGAIN
; AGAIN-NOT: merged

; REM: remark: {{.*}}: merged state 4 of poll function handler_poll into state 3: their resume arms (4 blocks each) are the same but for the state they store
; REM: remark: {{.*}}: removed 1 branch edge(s) of poll function handler_poll that no poll takes (no poll leaves the future's fields so): the state = 4
; REM: remark: {{.*}}: state 4 of poll function differs_poll not merged into state 3: their resume arms differ in an operand of a call of @respond
; REM: remark: {{.*}}: state 4 of poll function escapes_poll not merged into state 3: the future is passed to a call of @touch, which may read its state
; REM: remark: {{.*}}: state 4 of poll function glued_poll not merged into state 3: drop_glued reads the state at its offset and may tell the states apart
; REM: remark: {{.*}}: merged state 4 of poll function calls_child_poll into state 3: their resume arms (2 blocks each) are the same but for the state they store
; REM: remark: {{.*}}: removed 1 branch edge(s) of poll function calls_child_poll that no poll takes (no poll leaves the future's fields so): the state = 4
; REM: remark: {{.*}}: state 4 of poll function child_reads_below not merged into state 3: the future is passed to a call of @child_poll_below, which may read its state

; CHECK-LABEL: define internal i1 @handler_poll(
; CHECK:         switch i8 %state, label %bad [
; CHECK-NEXT:      i8 0, label %first
; CHECK-NEXT:      i8 3, label %arm3
; CHECK-NEXT:      i8 1, label %returned
; CHECK-NEXT:    ]
; CHECK:       first3:
; CHECK-NEXT:    store i32 10, ptr %code
; CHECK:       first4:
; CHECK-NEXT:    store i32 11, ptr %code
; CHECK:       await4.start:
; CHECK-NEXT:    store i8 0, ptr %flag
; CHECK-NEXT:    br label %poll3
; CHECK-NOT:   poll4:
; CHECK-NOT:   store i8 4,
; CHECK-LABEL: define internal i1 @differs_poll(
; CHECK:           i8 4, label %arm4
; CHECK:         store i8 4, ptr %state.addr
; CHECK-LABEL: define internal i1 @escapes_poll(
; CHECK:           i8 4, label %arm4
; CHECK-LABEL: define internal i1 @glued_poll(
; CHECK:           i8 4, label %arm4
; CHECK-LABEL: define internal i1 @calls_child_poll(
; CHECK:         switch i8 %state, label %bad [
; CHECK-NEXT:      i8 0, label %first
; CHECK-NEXT:      i8 3, label %arm3
; CHECK-NEXT:      i8 1, label %returned
; CHECK-NEXT:    ]
; CHECK:         br i1 %odd, label %arm3, label %arm3
; CHECK-NOT:   store i8 4,
; CHECK-LABEL: define internal i1 @child_reads_below(
; CHECK:           i8 4, label %arm4
declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @wake(ptr) nounwind
declare void @respond(i32) nounwind
declare void @respond_other(i32) nounwind
declare void @touch(ptr) nounwind
declare void @free_a(ptr) nounwind
declare void @free_b(ptr) nounwind
@loc.handler_poll = private constant [24 x i8] zeroinitializer
@loc.differs_poll = private constant [24 x i8] zeroinitializer
@loc.escapes_poll = private constant [24 x i8] zeroinitializer
@loc.glued_poll = private constant [24 x i8] zeroinitializer

; Two match arms awaiting the same future (a flag that is set on the first
; poll and read on the second): the same resume arms but for the state
; they store.
define internal i1 @handler_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 0
  %arg = getelementptr inbounds i8, ptr %self, i64 4
  %code = getelementptr inbounds i8, ptr %self, i64 8
  %flag = getelementptr inbounds i8, ptr %self, i64 12
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %cmd = load i32, ptr %arg, align 4
  %odd = trunc i32 %cmd to i1
  br i1 %odd, label %first4, label %first3
first3:
  store i32 10, ptr %code, align 4
  br label %await3.start
first4:
  store i32 11, ptr %code, align 4
  br label %await4.start
await3.start:
  store i8 0, ptr %flag, align 1
  br label %poll3
await4.start:
  store i8 0, ptr %flag, align 1
  br label %poll4
arm3:
  br label %poll3
arm4:
  br label %poll4
poll3:
  %f3 = load i8, ptr %flag, align 1
  %set3 = trunc i8 %f3 to i1
  br i1 %set3, label %ready3, label %pending3
poll4:
  %f4 = load i8, ptr %flag, align 1
  %set4 = trunc i8 %f4 to i1
  br i1 %set4, label %ready4, label %pending4
pending3:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 3, ptr %state.addr, align 1
  br label %exit
pending4:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 4, ptr %state.addr, align 1
  br label %exit
ready3:
  %c3 = load i32, ptr %code, align 4
  call void @respond(i32 %c3)
  br label %done
ready4:
  %c4 = load i32, ptr %code, align 4
  call void @respond(i32 %c4)
  br label %done
done:
  store i8 1, ptr %state.addr, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.handler_poll)
  unreachable
bad:
  unreachable
}

; The arms call different functions when the awaited future is ready.
define internal i1 @differs_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 0
  %arg = getelementptr inbounds i8, ptr %self, i64 4
  %code = getelementptr inbounds i8, ptr %self, i64 8
  %flag = getelementptr inbounds i8, ptr %self, i64 12
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %cmd = load i32, ptr %arg, align 4
  %odd = trunc i32 %cmd to i1
  br i1 %odd, label %first4, label %first3
first3:
  store i32 10, ptr %code, align 4
  br label %await3.start
first4:
  store i32 11, ptr %code, align 4
  br label %await4.start
await3.start:
  store i8 0, ptr %flag, align 1
  br label %poll3
await4.start:
  store i8 0, ptr %flag, align 1
  br label %poll4
arm3:
  br label %poll3
arm4:
  br label %poll4
poll3:
  %f3 = load i8, ptr %flag, align 1
  %set3 = trunc i8 %f3 to i1
  br i1 %set3, label %ready3, label %pending3
poll4:
  %f4 = load i8, ptr %flag, align 1
  %set4 = trunc i8 %f4 to i1
  br i1 %set4, label %ready4, label %pending4
pending3:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 3, ptr %state.addr, align 1
  br label %exit
pending4:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 4, ptr %state.addr, align 1
  br label %exit
ready3:
  %c3 = load i32, ptr %code, align 4
  call void @respond(i32 %c3)
  br label %done
ready4:
  %c4 = load i32, ptr %code, align 4
  call void @respond_other(i32 %c4)
  br label %done
done:
  store i8 1, ptr %state.addr, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.differs_poll)
  unreachable
bad:
  unreachable
}

; The future is handed to a call that might read its state.
define internal i1 @escapes_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 0
  %arg = getelementptr inbounds i8, ptr %self, i64 4
  %code = getelementptr inbounds i8, ptr %self, i64 8
  %flag = getelementptr inbounds i8, ptr %self, i64 12
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %cmd = load i32, ptr %arg, align 4
  %odd = trunc i32 %cmd to i1
  br i1 %odd, label %first4, label %first3
first3:
  store i32 10, ptr %code, align 4
  br label %await3.start
first4:
  store i32 11, ptr %code, align 4
  br label %await4.start
await3.start:
  store i8 0, ptr %flag, align 1
  br label %poll3
await4.start:
  store i8 0, ptr %flag, align 1
  br label %poll4
arm3:
  br label %poll3
arm4:
  br label %poll4
poll3:
  %f3 = load i8, ptr %flag, align 1
  %set3 = trunc i8 %f3 to i1
  br i1 %set3, label %ready3, label %pending3
poll4:
  %f4 = load i8, ptr %flag, align 1
  %set4 = trunc i8 %f4 to i1
  br i1 %set4, label %ready4, label %pending4
pending3:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  call void @touch(ptr %self)
  store i8 3, ptr %state.addr, align 1
  br label %exit
pending4:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  call void @touch(ptr %self)
  store i8 4, ptr %state.addr, align 1
  br label %exit
ready3:
  %c3 = load i32, ptr %code, align 4
  call void @respond(i32 %c3)
  br label %done
ready4:
  %c4 = load i32, ptr %code, align 4
  call void @respond(i32 %c4)
  br label %done
done:
  store i8 1, ptr %state.addr, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.escapes_poll)
  unreachable
bad:
  unreachable
}

; Its drop glue (below) drops different things in states 3 and 4.
define internal i1 @glued_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 32
  %arg = getelementptr inbounds i8, ptr %self, i64 36
  %code = getelementptr inbounds i8, ptr %self, i64 40
  %flag = getelementptr inbounds i8, ptr %self, i64 44
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %cmd = load i32, ptr %arg, align 4
  %odd = trunc i32 %cmd to i1
  br i1 %odd, label %first4, label %first3
first3:
  store i32 10, ptr %code, align 4
  br label %await3.start
first4:
  store i32 11, ptr %code, align 4
  br label %await4.start
await3.start:
  store i8 0, ptr %flag, align 1
  br label %poll3
await4.start:
  store i8 0, ptr %flag, align 1
  br label %poll4
arm3:
  br label %poll3
arm4:
  br label %poll4
poll3:
  %f3 = load i8, ptr %flag, align 1
  %set3 = trunc i8 %f3 to i1
  br i1 %set3, label %ready3, label %pending3
poll4:
  %f4 = load i8, ptr %flag, align 1
  %set4 = trunc i8 %f4 to i1
  br i1 %set4, label %ready4, label %pending4
pending3:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 3, ptr %state.addr, align 1
  br label %exit
pending4:
  store i8 1, ptr %flag, align 1
  call void @wake(ptr %cx)
  store i8 4, ptr %state.addr, align 1
  br label %exit
ready3:
  %c3 = load i32, ptr %code, align 4
  call void @respond(i32 %c3)
  br label %done
ready4:
  %c4 = load i32, ptr %code, align 4
  call void @respond(i32 %c4)
  br label %done
done:
  store i8 1, ptr %state.addr, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.glued_poll)
  unreachable
bad:
  unreachable
}

define internal void @drop_glued(ptr %fut) nounwind {
start:
  %state.addr = getelementptr inbounds i8, ptr %fut, i64 32
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %none [
    i8 3, label %drop3
    i8 4, label %drop4
  ]
drop3:
  call void @free_a(ptr %fut)
  ret void
drop4:
  call void @free_b(ptr %fut)
  ret void
none:
  ret void
}

define void @keep(ptr %a, ptr %cx) {
  call i1 @handler_poll(ptr %a, ptr %cx)
  call i1 @differs_poll(ptr %a, ptr %cx)
  call i1 @escapes_poll(ptr %a, ptr %cx)
  call i1 @glued_poll(ptr %a, ptr %cx)
  call void @drop_glued(ptr %a)
  ret void
}

; The child future is not inlined: each arm passes it (at +16, past the
; parent's state at +0) to its poll, which reads and writes only at and
; above that pointer. The arms merge.
define internal i1 @child_poll_ok(ptr %c, ptr %cx) nounwind {
  %flag.addr = getelementptr inbounds i8, ptr %c, i64 4
  %f = load i8, ptr %flag.addr, align 1
  %set = trunc i8 %f to i1
  store i8 1, ptr %flag.addr, align 1
  ret i1 %set
}

; A callee that reaches below its argument, into the parent's state.
define internal i1 @child_poll_below(ptr %c, ptr %cx) nounwind {
  %parent.state = getelementptr inbounds i8, ptr %c, i64 -16
  %s = load i8, ptr %parent.state, align 1
  %is3 = icmp eq i8 %s, 3
  ret i1 %is3
}

define internal i1 @calls_child_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %child = getelementptr inbounds i8, ptr %self, i64 16
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %odd = call i1 @pick()
  br i1 %odd, label %arm4, label %arm3
arm3:
  %p3 = call i1 @child_poll_ok(ptr %child, ptr %cx)
  br i1 %p3, label %pending3, label %done
arm4:
  %p4 = call i1 @child_poll_ok(ptr %child, ptr %cx)
  br i1 %p4, label %pending4, label %done
pending3:
  store i8 3, ptr %self, align 1
  br label %exit
pending4:
  store i8 4, ptr %self, align 1
  br label %exit
done:
  store i8 1, ptr %self, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.calls_child_poll)
  unreachable
bad:
  unreachable
}

define internal i1 @child_reads_below(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %child = getelementptr inbounds i8, ptr %self, i64 16
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad [
    i8 0, label %first
    i8 3, label %arm3
    i8 4, label %arm4
    i8 1, label %returned
  ]
first:
  %odd = call i1 @pick()
  br i1 %odd, label %arm4, label %arm3
arm3:
  %p3 = call i1 @child_poll_below(ptr %child, ptr %cx)
  br i1 %p3, label %pending3, label %done
arm4:
  %p4 = call i1 @child_poll_below(ptr %child, ptr %cx)
  br i1 %p4, label %pending4, label %done
pending3:
  store i8 3, ptr %self, align 1
  br label %exit
pending4:
  store i8 4, ptr %self, align 1
  br label %exit
done:
  store i8 1, ptr %self, align 1
  br label %exit
exit:
  %r = phi i1 [ true, %pending3 ], [ true, %pending4 ], [ false, %done ]
  ret i1 %r
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.child_reads_below)
  unreachable
bad:
  unreachable
}

declare i1 @pick() nounwind
@loc.calls_child_poll = private constant [24 x i8] zeroinitializer
@loc.child_reads_below = private constant [24 x i8] zeroinitializer

define void @keep2(ptr %a, ptr %cx) {
  call i1 @calls_child_poll(ptr %a, ptr %cx)
  call i1 @child_reads_below(ptr %a, ptr %cx)
  ret void
}
