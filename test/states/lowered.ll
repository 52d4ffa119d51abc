; print<coroslim-states> on lowered state machines: a rustc-style async
; poll function (switch on a state byte at an offset of the first argument,
; post-completion arms that panic) and shapes that are not dispatches.
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | FileCheck %s --check-prefix=JSON

; The same records as JSON, one per line, in module order; only the
; dispatches above are records.
; JSON: {"version":1,"functions":[
; JSON-NEXT: {"function":"poll","kind":"state-machine","dispatch":{"form":"switch","bits":8,"offset":8},"default":"unreachable","cases":[{"state":0,"dest":"%start.body","trap":null},{"state":1,"dest":"%returned","trap":"_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE"},{"state":2,"dest":"%panicked","trap":"_ZN4core9panicking11panic_const30panic_const_async_fn_resumed_panic17h0a1b2c3d4e5f6a7bE"},{"state":3,"dest":"%guarded","trap":null}]},
; JSON-NEXT: {"function":"poll2","kind":"state-machine","dispatch":{"form":"br","bits":8,"offset":4},"default":"reachable","cases":[{"state":1,"dest":"%panic","trap":"_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE"}]},
; JSON-NEXT: {"function":"store_first","kind":"state-machine","dispatch":{"form":"switch","bits":32,"offset":0},"default":"reachable","cases":[{"state":7,"dest":"%t","trap":null}]}
; JSON-NEXT: ]}

; CHECK-LABEL: state machine @poll: dispatch=i8@8 cases=4 default=unreachable
; CHECK-NEXT: case 0 -> %start.body{{$}}
; CHECK-NEXT: case 1 -> %returned: post-completion trap (@_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE)
; CHECK-NEXT: case 2 -> %panicked: post-completion trap (@_ZN4core9panicking11panic_const30panic_const_async_fn_resumed_panic17h0a1b2c3d4e5f6a7bE)
; CHECK-NEXT: case 3 -> %guarded{{$}}
define i1 @poll(ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %default [
    i8 0, label %start.body
    i8 1, label %returned
    i8 2, label %panicked
    i8 3, label %guarded
  ]
default:
  unreachable
start.body:
  store i8 1, ptr %state.addr, align 1
  ret i1 false
returned:
  call void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(ptr @loc)
  unreachable
panicked:
  call void @_ZN4core9panicking11panic_const30panic_const_async_fn_resumed_panic17h0a1b2c3d4e5f6a7bE(ptr @loc)
  unreachable
; Guarded by another condition: not a trap reached straight from the case.
guarded:
  %c = load i1, ptr %cx
  br i1 %c, label %trap, label %pending
trap:
  call void @llvm.trap()
  unreachable
pending:
  ret i1 true
}

; rustc's two-state poll: `br` on the state byte truncated to i1. Its
; !range [0, 3) leaves state 2 ("panicked") on the false edge with state 0.
; CHECK-LABEL: state machine @poll2: dispatch=br i8@4 cases=1 default=reachable
; CHECK-NEXT: case 1 -> %panic: post-completion trap (@_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE)
define { i32, i32 } @poll2(ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 4
  %state = load i8, ptr %state.addr, align 1, !range !0
  %bit = trunc i8 %state to i1
  br i1 %bit, label %panic, label %body
body:
  store i8 1, ptr %state.addr, align 1
  ret { i32, i32 } { i32 0, i32 42 }
panic:
  call void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(ptr @loc)
  unreachable
}

; Without a !range the truncated byte could be any value: no dispatch.
; CHECK-NOT: state machine @no_range
define void @no_range(ptr %self) {
start:
  %state = load i8, ptr %self, align 1
  %bit = trunc i8 %state to i1
  br i1 %bit, label %t, label %f
t:
  call void @llvm.trap()
  unreachable
f:
  ret void
}

; A store before the trap is a side effect: not a post-completion trap.
; CHECK-LABEL: state machine @store_first: dispatch=i32@0 cases=1 default=reachable
; CHECK-NEXT: case 7 -> %t{{$}}
define void @store_first(ptr %frame) {
entry:
  %s = load i32, ptr %frame
  switch i32 %s, label %ok [ i32 7, label %t ]
t:
  store i32 0, ptr %frame
  call void @llvm.trap()
  unreachable
ok:
  ret void
}

; The switch reads the second argument: not a dispatch on the first.
; CHECK-NOT: @not_first_arg
define void @not_first_arg(ptr %a, ptr %b) {
entry:
  %s = load i32, ptr %b
  switch i32 %s, label %ok [ i32 7, label %ok ]
ok:
  ret void
}

; No pointer first argument.
; CHECK-NOT: @no_pointer
define void @no_pointer(i32 %s) {
entry:
  switch i32 %s, label %ok [ i32 7, label %ok ]
ok:
  ret void
}

@loc = constant [4 x i8] c"loc\00"
declare void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(ptr) noreturn
declare void @_ZN4core9panicking11panic_const30panic_const_async_fn_resumed_panic17h0a1b2c3d4e5f6a7bE(ptr) noreturn
declare void @llvm.trap()

!0 = !{i8 0, i8 3}
