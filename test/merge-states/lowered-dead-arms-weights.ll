; coroslim-merge-states, lowered form: a dispatch switch with branch weights
; (strip-done-traps' `return` mode gives its done cases unlikely weights,
; rustc's own `!prof` too) keeps one weight per successor when the cases no
; poll takes go; before, the case went and its weight stayed, and the
; verifier rejected the function ("Wrong number of operands"; rustc, which
; does not verify, crashed later on some programs).

; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s -o %t.out.ll
; RUN: FileCheck %s < %t.out.ll

; CHECK-LABEL: define internal i1 @weighted_poll(
; CHECK:         switch i8 %state, label %bad [
; CHECK-NEXT:      i8 0, label %init
; CHECK-NEXT:      i8 3, label %await
; CHECK-NEXT:      i8 1, label %returned
; CHECK-NEXT:    ], !prof [[W:![0-9]+]]
; CHECK:       [[W]] = !{!"branch_weights", i32 0, i32 10, i32 20, i32 1}

@loc.child = private constant [24 x i8] zeroinitializer
@loc.parent = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn nounwind
declare void @wake(ptr) nounwind

define internal i1 @weighted_poll(ptr noundef nonnull align 1 %self, ptr %cx) nounwind {
start:
  %state = load i8, ptr %self, align 1
  %child = getelementptr inbounds i8, ptr %self, i64 1
  switch i8 %state, label %bad [
    i8 0, label %init
    i8 3, label %await
    i8 4, label %stale
    i8 1, label %returned
  ], !prof !0
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

!0 = !{!"branch_weights", i32 0, i32 10, i32 20, i32 5, i32 1}
