; A rustc poll that never suspends has three states (0 unresumed, 1
; returned, 2 panicked), and LLVM may fold its two post-completion arms into
; one side of `br (icmp eq state, 0)`: futures' `flatten_unordered` test,
; an async block that only panics, whose Returned arm LLVM dropped. The
; shared analysis reads the state byte's `!range`: when it leaves at most
; two values besides the one compared, the other side is a case of each
; (here 1 and 2), so the post-completion arm is a dispatch case as in a
; switch, not a default the pass could not call post-completion. With a
; wider range the other side stays a default, and its trap is kept.

; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefix=UNR < %t.unr.ll
; RUN: FileCheck %s --check-prefix=UNR-REM < %t.unr.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release;form=lowered;pending-from-type>' -verify-each -S %s \
; RUN:   | FileCheck %s --check-prefix=TYPE
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=SHAPE

@loc = private constant [24 x i8] zeroinitializer

declare void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr) noreturn nounwind
declare void @side() nounwind

; UNR-LABEL: define i1 @only_eq(
; UNR-NOT:     icmp
; UNR-NOT:     panic_const_async_fn_resumed_panic
; UNR:         call void @side()
; UNR:       }
; UNR-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed_panic) of only_eq at state 1: the state left the dispatch (`unreachable` mode)
; TYPE-LABEL: define i1 @only_eq(
; TYPE:         br i1 %fresh, label %body, label %coroslim.done.resume
; TYPE-NOT:     panic_const_async_fn_resumed_panic
; TYPE:       coroslim.done.resume:
; TYPE-NEXT:    ret i1 true
; SHAPE-LABEL: state machine @only_eq: dispatch=br i8@0 cases=3 default=unreachable
; SHAPE-NEXT:    case 0 -> %body
; SHAPE-NEXT:    case 1 -> %done: post-completion trap
; SHAPE-NEXT:    case 2 -> %done: post-completion trap
; SHAPE-LABEL: state machine @wider: dispatch=br i8@0 cases=1 default=reachable
define i1 @only_eq(ptr %self) {
start:
  %state = load i8, ptr %self, align 1, !range !0
  %fresh = icmp eq i8 %state, 0
  br i1 %fresh, label %body, label %done
body:
  call void @side()
  store i8 1, ptr %self, align 1
  ret i1 false
done:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr @loc)
  unreachable
}

;--- The same with `icmp ne`: the true side is the other one.
; UNR-LABEL: define i1 @only_ne(
; UNR-NOT:     panic_const_async_fn_resumed_panic
; UNR:       }
define i1 @only_ne(ptr %self) {
start:
  %state = load i8, ptr %self, align 1, !range !0
  %used = icmp ne i8 %state, 0
  br i1 %used, label %done, label %body
body:
  call void @side()
  store i8 1, ptr %self, align 1
  ret i1 false
done:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr @loc)
  unreachable
}

;--- Four values: the other side holds three states, one of which could
;--- be a suspend; it stays a default, and so does its trap.
; UNR-LABEL: define i1 @wider(
; UNR:         call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(
; UNR-REM: kept trap ({{.*}}panic_const_async_fn_resumed_panic) of wider at {{.*}}: not a post-completion trap: the trap is in the body, not on a resume edge or a dispatch case
define i1 @wider(ptr %self) {
start:
  %state = load i8, ptr %self, align 1, !range !1
  %fresh = icmp eq i8 %state, 0
  br i1 %fresh, label %body, label %done
body:
  call void @side()
  store i8 1, ptr %self, align 1
  ret i1 false
done:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr @loc)
  unreachable
}

!0 = !{i8 0, i8 3}
!1 = !{i8 0, i8 4}
