; Robustness corpus edge cases: already-lowered state machines (rustc-like
; poll functions and hand-written ones) in shapes the lowered form of
; coroslim-strip-done-traps must refuse or handle without breaking the IR.

declare void @_ZN4core9panicking11panic_const28panic_const_async_fn_resumed17h0123456789abcdefE(ptr) noreturn
declare void @_ZN4core9panicking11panic_const34panic_const_async_fn_resumed_panic17hfedcba9876543210E(ptr) noreturn
declare void @llvm.trap() noreturn
declare void @side_effect(i32)

; Two cases share one trap block; the dispatch value also feeds a phi.
define i32 @shared_trap(ptr %self) {
entry:
  %st = load i8, ptr %self, align 1
  switch i8 %st, label %bad [i8 0, label %start
                             i8 1, label %done
                             i8 2, label %done
                             i8 3, label %resume]
start:
  store i8 3, ptr %self, align 1
  ret i32 0
resume:
  br label %join
join:
  %v = phi i8 [ %st, %resume ]
  store i8 1, ptr %self, align 1
  %z = zext i8 %v to i32
  ret i32 %z
done:
  call void @_ZN4core9panicking11panic_const28panic_const_async_fn_resumed17h0123456789abcdefE(ptr null)
  unreachable
bad:
  unreachable
}

; The trap block does something observable first: not a post-completion
; trap, must be kept.
define i32 @trap_with_effect(ptr %self) {
entry:
  %p = getelementptr inbounds i8, ptr %self, i64 8
  %st = load i32, ptr %p, align 4
  switch i32 %st, label %bad [i32 0, label %start
                              i32 1, label %done]
start:
  store i32 1, ptr %p, align 4
  ret i32 1
done:
  call void @side_effect(i32 1)
  call void @llvm.trap()
  unreachable
bad:
  unreachable
}

; Dispatch on the state of a different pointer (not the first argument).
define i32 @other_pointer(ptr %self, ptr %state) {
entry:
  %st = load i8, ptr %state, align 1
  switch i8 %st, label %bad [i8 0, label %start
                             i8 1, label %done]
start:
  store i8 1, ptr %state, align 1
  ret i32 2
done:
  call void @_ZN4core9panicking11panic_const34panic_const_async_fn_resumed_panic17hfedcba9876543210E(ptr null)
  unreachable
bad:
  unreachable
}

; Every case traps, and the pending paths return different values: no
; single value to return instead, so `return` mode must fall back.
define i32 @all_traps(ptr %self, i1 %c) {
entry:
  %st = load i8, ptr %self, align 1
  switch i8 %st, label %live [i8 1, label %done
                              i8 2, label %done2]
live:
  br i1 %c, label %a, label %b
a:
  store i8 1, ptr %self, align 1
  ret i32 5
b:
  store i8 2, ptr %self, align 1
  ret i32 6
done:
  call void @_ZN4core9panicking11panic_const28panic_const_async_fn_resumed17h0123456789abcdefE(ptr null)
  unreachable
done2:
  call void @llvm.trap()
  unreachable
}

; Not a state machine at all: a switch on an argument, a trap in a case.
define void @plain_switch(i32 %x) {
entry:
  switch i32 %x, label %out [i32 7, label %t]
t:
  call void @llvm.trap()
  unreachable
out:
  ret void
}

; optnone: skipped.
define i32 @skipped(ptr %self) noinline optnone {
entry:
  %st = load i8, ptr %self, align 1
  switch i8 %st, label %bad [i8 0, label %start
                             i8 1, label %done]
start:
  store i8 1, ptr %self, align 1
  ret i32 0
done:
  call void @llvm.trap()
  unreachable
bad:
  unreachable
}
