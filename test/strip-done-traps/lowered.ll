; coroslim-strip-done-traps on lowered state machines: rustc async poll
; functions (v0 and legacy mangling) and LLVM's own .resume clones (switch
; and two-state branch dispatch), both modes, the flag off, and refusals.

; RUN: %opt -S %s -o %t.in.ll
; RUN: %opt -passes=coroslim-strip-done-traps -S %s -o %t.off.ll \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps 2> %t.off.rem
; RUN: diff %t.in.ll %t.off.ll
; RUN: FileCheck %s --check-prefix=OFF < %t.off.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.ret.ll 2> %t.ret.rem
; RUN: FileCheck %s --check-prefixes=RET,BOTH < %t.ret.ll
; RUN: FileCheck %s --check-prefixes=RET-REM,REM < %t.ret.rem
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>' \
; RUN:   -verify-each -S %s -pass-remarks=coroslim-strip-done-traps \
; RUN:   -pass-remarks-missed=coroslim-strip-done-traps -o %t.unr.ll 2> %t.unr.rem
; RUN: FileCheck %s --check-prefixes=UNR,BOTH < %t.unr.ll
; RUN: FileCheck %s --check-prefixes=UNR-REM,REM < %t.unr.rem
; Idempotent in both modes.
; RUN: %opt -passes='coroslim-strip-done-traps<release>,coroslim-strip-done-traps<release>' -S %s | diff %t.ret.ll -
; RUN: %opt -passes='coroslim-strip-done-traps<release;done-resume=unreachable>,coroslim-strip-done-traps<release;done-resume=unreachable>' -S %s | diff %t.unr.ll -
; Bad parameters are rejected.
; RUN: not %opt -passes='coroslim-strip-done-traps<relase>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: unknown parameter 'relase'

;--- rustc poll: returns Poll<()> as i1 through a common return block that
;--- stores the next state; pending paths (resumable state 3) return true.
; OFF: kept post-completion trap (_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed) of poll at state 1: -coroslim-release is off
; OFF: kept post-completion trap (_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic) of poll at state 2: -coroslim-release is off
; RET-LABEL: define i1 @poll(
; RET:         switch i8 %state, label %default [
; RET-NEXT:      i8 0, label %start.body
; RET-NEXT:      i8 1, label %coroslim.done.resume
; RET-NEXT:      i8 2, label %coroslim.done.resume
; RET-NEXT:      i8 3, label %resumed
; RET-NEXT:    ]
; RET:       coroslim.done.resume:
; RET-NEXT:    ret i1 true
; UNR-LABEL: define i1 @poll(
; UNR:         switch i8 %state, label %default [
; UNR-NEXT:      i8 0, label %start.body
; UNR-NEXT:      i8 3, label %resumed
; UNR-NEXT:    ]
; BOTH-NOT:  panic_const_async_fn_resumed
; RET-REM: removed post-completion trap (_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed) of poll at state 1: a resume after completion returns like a pending one (`return` mode)
; RET-REM: removed post-completion trap (_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic) of poll at state 2: a resume after completion returns like a pending one (`return` mode)
; RET-REM: stripped 2 post-completion trap(s) from state machine poll (return mode)
; UNR-REM: removed post-completion trap ({{.*}}panic_const_async_fn_resumed) of poll at state 1: the state left the dispatch (`unreachable` mode)
; UNR-REM: stripped 2 post-completion trap(s) from state machine poll (unreachable mode)
define i1 @poll(ptr %self, ptr %cx) {
start:
  %state.addr = getelementptr inbounds i8, ptr %self, i64 8
  %state = load i8, ptr %state.addr, align 1
  switch i8 %state, label %default [
    i8 0, label %start.body
    i8 1, label %returned
    i8 2, label %panicked
    i8 3, label %resumed
  ]
default:
  unreachable
start.body:
  %c = load i1, ptr %cx
  br i1 %c, label %common.ret, label %done
resumed:
  br label %done
done:
  br label %common.ret
common.ret:
  %next = phi i8 [ 3, %start.body ], [ 1, %done ]
  %ret = phi i1 [ true, %start.body ], [ false, %done ]
  store i8 %next, ptr %state.addr, align 1
  ret i1 %ret
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
panicked:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr @loc)
  unreachable
}

;--- Legacy mangling with the hash tail; the panic is invoked; the pending
;--- value is not provable (a ready path returns the same value), so
;--- `return` mode keeps the trap and says so; `unreachable` mode removes it.
; RET-LABEL: define i1 @legacy_poll(
; RET:         switch i8 %state, label %default [
; RET-NEXT:      i8 0, label %body
; RET-NEXT:      i8 1, label %returned
; RET-NEXT:    ]
; RET:         invoke void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(
; UNR-LABEL: define i1 @legacy_poll(
; UNR:         switch i8 %state, label %default [
; UNR-NEXT:      i8 0, label %body
; UNR-NEXT:    ]
; RET-REM: legacy_poll: cannot prove what a pending resume returns (a completing return returns the same value as a pending one): its post-completion traps are kept (`return` mode never makes a resume after completion undefined; done-resume=unreachable removes them)
define i1 @legacy_poll(ptr %self) personality ptr @pers {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 1, label %returned
  ]
default:
  unreachable
body:
  %c = load i1, ptr %self
  %next = select i1 %c, i8 0, i8 1
  br i1 %c, label %pending, label %ready
pending:
  store i8 0, ptr %self
  ret i1 false
ready:
  store i8 1, ptr %self
  ret i1 false
returned:
  invoke void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(ptr @loc)
          to label %noexc unwind label %lpad
noexc:
  unreachable
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}

;--- Poll<T> returned through sret (rustc's large results): the pending
;--- return stores the Pending encoding (here i64 2 at +0, the Ready one
;--- stores 0 and the value at +8) and returns; `return` mode gives the same
;--- stores on the done case.
; RET-LABEL: define void @sret_poll(
; RET:         switch i32 %state, label %default [
; RET-NEXT:      i32 0, label %body
; RET-NEXT:      i32 3, label %body
; RET-NEXT:      i32 1, label %coroslim.done.resume
; RET-NEXT:    ], !prof
; RET:       coroslim.done.resume:
; RET-NEXT:    store i64 2, ptr %out
; RET-NEXT:    ret void
; UNR-LABEL: define void @sret_poll(
; UNR:         switch i32 %state, label %default [
; UNR-NEXT:      i32 0, label %body
; UNR-NEXT:      i32 3, label %body
; UNR-NEXT:    ]
; RET-REM: removed post-completion trap ({{.*}}) of sret_poll at state 1: a resume after completion returns like a pending one (`return` mode)
; RET-REM: stripped 1 post-completion trap(s) from state machine sret_poll (return mode): predicted code size a return with its sret stores
define void @sret_poll(ptr %self, ptr sret([16 x i8]) %out, i1 %ready) {
start:
  %state = load i32, ptr %self, align 4
  switch i32 %state, label %default [
    i32 0, label %body
    i32 3, label %body
    i32 1, label %returned
  ]
default:
  unreachable
body:
  br i1 %ready, label %done, label %pending
pending:
  store i64 2, ptr %out
  store i32 3, ptr %self
  br label %exit
done:
  %v = call i64 @compute()
  store i64 0, ptr %out
  %val = getelementptr inbounds i8, ptr %out, i64 8
  store i64 %v, ptr %val
  store i32 1, ptr %self
  br label %exit
exit:
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- SimplifyCFG sinks the stores of the return paths into their common
;--- block: the result and the next state are phis there, resolved per
;--- incoming edge (pending: 2 and state 3; ready: 0 and state 1).
; RET-LABEL: define void @sret_sunk(
; RET:           i32 1, label %coroslim.done.resume
; RET:       coroslim.done.resume:
; RET-NEXT:    store i64 2, ptr %out
; RET-NEXT:    ret void
; RET-REM: removed post-completion trap ({{.*}}) of sret_sunk at state 1: a resume after completion returns like a pending one (`return` mode)
define void @sret_sunk(ptr %self, ptr sret([16 x i8]) %out, i1 %ready) {
start:
  %state = load i32, ptr %self, align 4
  switch i32 %state, label %default [
    i32 0, label %body
    i32 3, label %body
    i32 1, label %returned
  ]
default:
  unreachable
body:
  br i1 %ready, label %done, label %pending
pending:
  br label %exit
done:
  %v = call i64 @compute()
  %val = getelementptr inbounds i8, ptr %out, i64 8
  store i64 %v, ptr %val
  br label %exit
exit:
  %tag = phi i64 [ 2, %pending ], [ 0, %done ]
  %next = phi i32 [ 3, %pending ], [ 1, %done ]
  store i64 %tag, ptr %out
  store i32 %next, ptr %self
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- Two pending returns that store different results: no one Pending.
; RET-LABEL: define void @sret_two_pendings(
; RET:           i32 1, label %returned
; RET-REM: sret_two_pendings: cannot prove what a pending resume returns (pending returns return different values): its post-completion traps are kept
define void @sret_two_pendings(ptr %self, ptr sret([16 x i8]) %out, i1 %ready, i1 %which) {
start:
  %state = load i32, ptr %self, align 4
  switch i32 %state, label %default [
    i32 0, label %body
    i32 3, label %body
    i32 1, label %returned
  ]
default:
  unreachable
body:
  br i1 %ready, label %done, label %pending
pending:
  br i1 %which, label %pa, label %pb
pa:
  store i64 2, ptr %out
  store i32 3, ptr %self
  ret void
pb:
  store i64 3, ptr %out
  store i32 3, ptr %self
  ret void
done:
  store i64 0, ptr %out
  store i32 1, ptr %self
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- rustc numbers suspend states from 3. LLVM sent state 4's case straight
;--- to an inlined child's panic (it proved the child complete there), yet a
;--- pending return stores 4: a suspend, not a completion. Both done cases
;--- return Pending (true); the completion stores 1 and returns false.
; RET-LABEL: define i1 @poll_dead_suspend(
; RET:         switch i8 %state, label %default [
; RET-NEXT:      i8 0, label %body
; RET-NEXT:      i8 3, label %body
; RET-NEXT:      i8 1, label %coroslim.done.resume
; RET-NEXT:      i8 4, label %coroslim.done.resume
; RET-NEXT:    ], !prof
; RET-REM: removed post-completion trap ({{.*}}) of poll_dead_suspend at state 1: a resume after completion returns like a pending one (`return` mode)
; RET-REM: removed post-completion trap ({{.*}}) of poll_dead_suspend at state 4: a resume after completion returns like a pending one (`return` mode)
define i1 @poll_dead_suspend(ptr %self, i1 %ready, i1 %later) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
    i8 3, label %body
    i8 1, label %returned
    i8 4, label %child.returned
  ]
default:
  unreachable
body:
  br i1 %ready, label %done, label %pending
pending:
  br i1 %later, label %pending4, label %pending3
pending3:
  store i8 3, ptr %self, align 1
  ret i1 true
pending4:
  store i8 4, ptr %self, align 1
  ret i1 true
done:
  store i8 1, ptr %self, align 1
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
child.returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc.child)
  unreachable
}
@loc.child = private constant [24 x i8] zeroinitializer

;--- An sret poll without a pending return (an async block without an
;--- await): nothing shows how Pending is encoded, the trap stays.
; RET-LABEL: define void @sret_ready_only(
; RET:           i32 1, label %returned
; RET-REM: sret_ready_only: cannot prove what a pending resume returns (no return path stores a resumable state): its post-completion traps are kept
define void @sret_ready_only(ptr %self, ptr sret([16 x i8]) %out) {
start:
  %state = load i32, ptr %self, align 4
  switch i32 %state, label %default [
    i32 0, label %body
    i32 1, label %returned
  ]
default:
  unreachable
body:
  store i32 1, ptr %self
  store i64 0, ptr %out
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}

;--- The pending return's result is written by a call that may keep the
;--- pointer: the stores at the return are not the whole result.
; RET-LABEL: define void @sret_escapes(
; RET:           i32 1, label %returned
; RET-REM: sret_escapes: cannot prove what a pending resume returns (its sret pointer escapes into a call): its post-completion traps are kept
define void @sret_escapes(ptr %self, ptr sret([16 x i8]) %out, i1 %ready) {
start:
  %state = load i32, ptr %self, align 4
  switch i32 %state, label %default [
    i32 0, label %body
    i32 3, label %body
    i32 1, label %returned
  ]
default:
  unreachable
body:
  call void @remember(ptr %out)
  br i1 %ready, label %done, label %pending
pending:
  store i64 2, ptr %out
  store i32 3, ptr %self
  ret void
done:
  store i64 0, ptr %out
  store i32 1, ptr %self
  ret void
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
}
declare i64 @compute()
declare void @remember(ptr)

;--- LLVM's .resume clone of a checked-mode C coroutine: void, switch.
; OFF: kept post-completion trap (cs__resumed_after_completion) of f.resume at state 2: -coroslim-release is off
; RET-LABEL: define internal fastcc void @f.resume(
; RET:         switch i2 %index, label %unreachable [
; RET-NEXT:      i2 0, label %s0
; RET-NEXT:      i2 1, label %s1
; RET-NEXT:      i2 -2, label %coroslim.done.resume
; RET:       coroslim.done.resume:
; RET-NEXT:    ret void
; UNR-LABEL: define internal fastcc void @f.resume(
; UNR:         switch i2 %index, label %unreachable [
; UNR-NEXT:      i2 0, label %s0
; UNR-NEXT:      i2 1, label %s1
; UNR-NEXT:    ]
; BOTH-NOT:  cs__resumed_after_completion
define internal fastcc void @f.resume(ptr %frame) {
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
  call void @cs__resumed_after_completion(ptr @loc)
  unreachable
unreachable:
  unreachable
}

;--- Two states: CoroSplit dispatches with a branch on an i1 index.
; RET-LABEL: define internal fastcc void @g.resume(
; RET:         br i1 %index, label %coroslim.done.resume, label %s0
; UNR-LABEL: define internal fastcc void @g.resume(
; UNR-NEXT:  entry:
; UNR-NEXT:    %index.addr = getelementptr inbounds i8, ptr %frame, i64 16
; UNR-NEXT:    br label %s0
define internal fastcc void @g.resume(ptr %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %index = load i1, ptr %index.addr, align 1
  br i1 %index, label %trap, label %s0
s0:
  store i1 true, ptr %index.addr
  ret void
trap:
  call void @cs__resumed_after_completion(ptr @loc)
  unreachable
}

;--- A .resume clone whose "dispatch" case calls llvm.trap: in a clone
;--- only a known reporter marks a post-completion state (the branch may
;--- be the body's own `if (flag) __builtin_trap();` on a reloaded i1).
;--- (A clone with a reporter arm too would name this trap in a remark.)
; Left alone, silently.
; REM-NOT: t.resume
; BOTH-LABEL: define internal fastcc void @t.resume(
; BOTH:         br i1 %flag, label %trap, label %s0
; BOTH:       trap:
; BOTH-NEXT:    call void @llvm.trap()
define internal fastcc void @t.resume(ptr %frame) {
entry:
  %flag.addr = getelementptr inbounds i8, ptr %frame, i64 16
  %flag = load i1, ptr %flag.addr, align 1
  br i1 %flag, label %trap, label %s0
s0:
  store ptr null, ptr %frame
  ret void
trap:
  call void @llvm.trap()
  unreachable
}

;--- Refusals in a recognised state machine: a store of the state before
;--- the panic, a trap behind another condition, a trapping default.
; REM: kept trap (_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed) of refusals at state 2: not a post-completion trap: the path stores the state before the trap, and later code (the next resume, or the unwinder) reads it
; REM: kept trap (llvm.trap) of refusals at state 3: not a post-completion trap: the trap is guarded by another condition{{$}}
; REM: kept trap (abort) of refusals at the default case: not a post-completion trap: the default case traps on an unknown state
; BOTH-LABEL: define i1 @refusals(
; BOTH:      bad.state:
; BOTH-NEXT:   call void @abort()
; BOTH:      stores.state:
; BOTH-NEXT:   store i8 5, ptr %self
; BOTH-NEXT:   call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed
; BOTH:      trap:
; BOTH-NEXT:   call void @llvm.trap()
define i1 @refusals(ptr %self, ptr %cx) {
start:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %bad.state [
    i8 0, label %body
    i8 1, label %returned
    i8 2, label %stores.state
    i8 3, label %guarded
  ]
bad.state:
  call void @abort()
  unreachable
body:
  store i8 1, ptr %self
  ret i1 false
returned:
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
stores.state:
  store i8 5, ptr %self
  call void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr @loc)
  unreachable
guarded:
  %c = load i1, ptr %cx
  br i1 %c, label %trap, label %pending
trap:
  call void @llvm.trap()
  unreachable
pending:
  store i8 3, ptr %self
  ret i1 true
}

;--- Not a state machine: a plain function switching on a field of its
;--- first argument, with a case that aborts. Left alone, silently.
; BOTH-LABEL: define i32 @plain(
; BOTH:        call void @abort()
; REM-NOT:     plain
define i32 @plain(ptr %obj) {
entry:
  %kind = load i32, ptr %obj
  switch i32 %kind, label %other [ i32 7, label %bad ]
bad:
  call void @abort()
  unreachable
other:
  ret i32 0
}

;--- The default case is already unreachable and no case traps: nothing
;--- to do.
; BOTH-LABEL: define internal fastcc void @h.resume(
; BOTH-NEXT:  entry:
; BOTH-NEXT:    %index = load i8, ptr %frame
; BOTH-NEXT:    switch i8 %index, label %unreachable [
; BOTH-NEXT:      i8 0, label %s0
; BOTH-NEXT:      i8 1, label %s0
; BOTH-NEXT:    ]
; REM-NOT:     h.resume
define internal fastcc void @h.resume(ptr %frame) {
entry:
  %index = load i8, ptr %frame
  switch i8 %index, label %unreachable [
    i8 0, label %s0
    i8 1, label %s0
  ]
s0:
  ret void
unreachable:
  unreachable
}

@loc = constant [4 x i8] c"loc\00"
declare void @_RNvNtNtCs1234_4core9panicking11panic_const28panic_const_async_fn_resumed(ptr) noreturn
declare void @_RNvNtNtCs1234_4core9panicking11panic_const34panic_const_async_fn_resumed_panic(ptr) noreturn
declare void @_ZN4core9panicking11panic_const24panic_const_async_fn_resumed17h0a1b2c3d4e5f6a7bE(ptr) noreturn
declare void @cs__resumed_after_completion(ptr) noreturn
declare void @abort() noreturn
declare void @llvm.trap()
declare i32 @pers(...)
