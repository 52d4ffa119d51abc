; coroslim-embed-frame on C++ awaits by symmetric transfer of tasks that
; suspend, in the shape the caller has at its ScalarOptimizerLate slot
; (pre-split; the awaited task already split by CoroSplit, its ramp inlined
; or called), written by hand after clang++ 22's output (bench/sensor.cpp's
; adc_sample and read_sensor). Each refusal has its own function.
;
; CORPUS-SKIP: a mid-pipeline snapshot (split callees inlined into pre-split callers); LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
; REQUIRES: llvm-22
;
; RUN: %opt -passes='coroslim-embed-frame' -verify-each -S %s | FileCheck %s
; RUN: %opt -passes='coroslim-embed-frame' -pass-remarks=coroslim-embed-frame -pass-remarks-missed=coroslim-embed-frame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s --check-prefix=STATES
; Idempotent: a second run finds nothing left to rewrite.
; RUN: %opt -passes='coroslim-embed-frame' -S %s -o %t.once.ll
; RUN: %opt -passes='coroslim-embed-frame' -S %t.once.ll -o %t.twice.ll
; (Comments dropped: the predecessor lists of a re-read module differ in order.)
; RUN: sed -e 1d -e 's/ *;.*$//' %t.once.ll > %t.once.body && sed -e 1d -e 's/ *;.*$//' %t.twice.ll | diff %t.once.body -
; After it the caller still splits, and keeps the task's frame in its own.
; RUN: %opt -passes='coroslim-embed-frame,coro-split' -S %s | FileCheck %s --check-prefix=SPLIT
; The report counts the caller's own state; what it holds of the task is
; said apart (frame=40 of the 80 bytes).
; RUN: %opt -passes='coroslim-embed-frame,coro-split,print<coroslim-states>' -disable-output %s | FileCheck %s --check-prefix=LOWERED
; LOWERED: lowered @embeds: frame=40 embedded=40 states=

; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame (40 bytes) is part of the caller's frame, not allocated on the heap (the task keeps its own code and handle)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: a path from its ramp leaves the caller without destroying it
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: a path from its ramp starts it again without destroying it
; REMARK-DAG: remark: {{.*}}C++ await of 'selfdestroys': its frame stays on the heap: its resume function frees its own frame
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: under minsize its ramp, called from several places, is not copied into each caller
; REMARK-DAG: remark: {{.*}}C++ await of 'noalloc': its frame stays on the heap: its frame allocation cannot be switched off
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: under minsize its frame (40 bytes) would move the caller's own state past short displacements (to byte 160 of the caller's frame)
; REMARK-DAG: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: a path from its ramp leaves the caller without destroying it

; STATES-LABEL: coroutine @embeds:
; STATES: transfer await @waiter at %wframe (inlined ramp): suspend=%s1 continuation@24 may not complete
; STATES-NEXT: its frame can live in the caller's frame
; STATES-LABEL: coroutine @refuses_leak:
; STATES: transfer await @waiter
; STATES-NEXT: its frame stays where it is: a path from its ramp leaves the caller without destroying it

; The frame of every task: resume, destroy, promise {i32 value, ptr
; continuation} at 16, the argument at 32, the suspend index at 36.
@waiter.resumers = private constant [3 x ptr] [ptr @waiter.resume, ptr @waiter.destroy, ptr @waiter.cleanup]
@selfdestroys.resumers = private constant [3 x ptr] [ptr @selfdestroys.resume, ptr @waiter.destroy, ptr @waiter.cleanup]
@noalloc.resumers = private constant [3 x ptr] [ptr @waiter.resume, ptr @waiter.destroy, ptr @waiter.cleanup]
; What the task waits on: one waiting handle, as an event holds it.
@waiting = global ptr null

; The ramp as CoroSplit leaves it: llvm.coro.alloc chooses heap or not,
; and with it which function goes in the destroy slot.
define void @waiter(ptr sret(ptr) captures(none) %task, i32 %x) {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @waiter, ptr @waiter.resumers)
  %alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %alloc, label %heap, label %begin
heap:
  %mem = call ptr @_Znwm(i64 40)
  br label %begin
begin:
  %destroyfn = phi ptr [ @waiter.destroy, %heap ], [ @waiter.cleanup, %entry ]
  %m = phi ptr [ %mem, %heap ], [ null, %entry ]
  %frame = call ptr @llvm.coro.begin(token %id, ptr %m)
  store ptr @waiter.resume, ptr %frame
  %destroyp = getelementptr inbounds i8, ptr %frame, i64 8
  store ptr %destroyfn, ptr %destroyp
  %arg = getelementptr inbounds i8, ptr %frame, i64 32
  store i32 %x, ptr %arg
  %cont = getelementptr inbounds i8, ptr %frame, i64 24
  store ptr null, ptr %cont
  store ptr %frame, ptr %task
  ret void
}
; Its frame is always on the heap (no llvm.coro.alloc).
define void @noalloc(ptr sret(ptr) captures(none) %task, i32 %x) {
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @noalloc, ptr @noalloc.resumers)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr @waiter.resume, ptr %frame
  store ptr %frame, ptr %task
  ret void
}
define void @selfdestroys(ptr sret(ptr) captures(none) %task, i32 %x) {
entry:
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @selfdestroys, ptr @selfdestroys.resumers)
  %alloc = call i1 @llvm.coro.alloc(token %id)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr %frame, ptr %task
  ret void
}

; One internal suspend: first resumed, it hands its own handle to what it
; waits on and returns; resumed again, it completes and transfers to its
; continuation.
define internal fastcc void @waiter.resume(ptr noundef nonnull align 8 dereferenceable(40) %frame) {
  %indexp = getelementptr inbounds i8, ptr %frame, i64 36
  %index = load i8, ptr %indexp
  %first = icmp eq i8 %index, 0
  br i1 %first, label %wait, label %done
wait:
  store ptr %frame, ptr @waiting
  store i8 1, ptr %indexp
  ret void
done:
  %value = getelementptr inbounds i8, ptr %frame, i64 16
  store i32 7, ptr %value
  store ptr null, ptr %frame
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load ptr, ptr %contp
  %fn = call ptr @llvm.coro.subfn.addr(ptr %cont, i8 0)
  musttail call fastcc void %fn(ptr %cont)
  ret void
}
define internal fastcc void @waiter.destroy(ptr noundef nonnull align 8 dereferenceable(40) %frame) {
  call void @_ZdlPv(ptr %frame)
  ret void
}
define internal fastcc void @waiter.cleanup(ptr noundef nonnull align 8 dereferenceable(40) %frame) {
  ret void
}
; final_suspend returns suspend_never: it frees its frame when it
; completes, as its destroy function does.
define internal fastcc void @selfdestroys.resume(ptr noundef nonnull align 8 dereferenceable(40) %frame) {
  %indexp = getelementptr inbounds i8, ptr %frame, i64 36
  %index = load i8, ptr %indexp
  %first = icmp eq i8 %index, 0
  br i1 %first, label %wait, label %done
wait:
  store ptr %frame, ptr @waiting
  store i8 1, ptr %indexp
  ret void
done:
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load ptr, ptr %contp
  call void @_ZdlPv(ptr %frame)
  %fn = call ptr @llvm.coro.subfn.addr(ptr %cont, i8 0)
  musttail call fastcc void %fn(ptr %cont)
  ret void
}

; clang's wrapper of task::await_suspend(caller): promise().cont = caller;
; return h.
define internal ptr @await_suspend(ptr %awaiter, ptr %caller) {
  %h = load ptr, ptr %awaiter
  %contp = getelementptr inbounds i8, ptr %h, i64 24
  store ptr %caller, ptr %contp
  ret ptr %h
}

; CHECK-LABEL: define void @embeds(
; CHECK: %wframe.frame = alloca [40 x i8], align 8
; CHECK-NOT: call i1 @llvm.coro.alloc(token %wid)
; CHECK: br i1 false, label %wheap, label %wbegin
; CHECK-NOT: call ptr @llvm.coro.begin(token %wid
; CHECK: store ptr @waiter.resume, ptr %wframe.frame
; CHECK: store ptr %wframe.frame, ptr %task
; The task still suspends on its own: the await is unchanged.
; CHECK: call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
; CHECK: %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
; The destroys, through llvm.coro.subfn.addr on the task object's handle,
; become direct calls of the cleanup function (which frees nothing), no
; longer tail calls: the frame is a local now.
; CHECK: await.resume:
; CHECK-NOT: @llvm.coro.subfn.addr
; CHECK: call fastcc void @waiter.cleanup(ptr %h)
; CHECK: await.destroy:
; CHECK-NOT: @llvm.coro.subfn.addr
; CHECK: call fastcc void @waiter.cleanup(ptr %hd)
; The task's frame is a field of the caller's; the resume function has no
; local copy of it.
; SPLIT: %embeds.Frame = type { {{.*}}[40 x i8]
; SPLIT-LABEL: define internal fastcc void @embeds.resume(
; SPLIT-NOT: alloca
; SPLIT: ret void

define void @embeds(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; waiter's split ramp, inlined.
  %wid = call token @llvm.coro.id(i32 16, ptr null, ptr @waiter, ptr @waiter.resumers)
  %walloc = call i1 @llvm.coro.alloc(token %wid)
  br i1 %walloc, label %wheap, label %wbegin
wheap:
  %wmem = call ptr @_Znwm(i64 40)
  br label %wbegin
wbegin:
  %wdestroyfn = phi ptr [ @waiter.destroy, %wheap ], [ @waiter.cleanup, %start ]
  %wm = phi ptr [ %wmem, %wheap ], [ null, %start ]
  %wframe = call ptr @llvm.coro.begin(token %wid, ptr %wm)
  store ptr @waiter.resume, ptr %wframe
  %wdestroyp = getelementptr inbounds i8, ptr %wframe, i64 8
  store ptr %wdestroyfn, ptr %wdestroyp
  %warg = getelementptr inbounds i8, ptr %wframe, i64 32
  store i32 %x, ptr %warg
  %wcont = getelementptr inbounds i8, ptr %wframe, i64 24
  store ptr null, ptr %wcont
  store ptr %wframe, ptr %task
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %vp = getelementptr inbounds i8, ptr %h, i64 16
  %v = load i32, ptr %vp
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  tail call fastcc void %d(ptr %h)
  store i32 %v, ptr %promise
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  ; The task object's destructor: destroy the handle unless it is null.
  %hd = load ptr, ptr %task
  %isnull = icmp eq ptr %hd, null
  br i1 %isnull, label %cleanup, label %destroy.task
destroy.task:
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  tail call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @embeds_after_loop(
; clang's shape: the task object (written by the ramp through sret) and
; the awaiter (a copy of its handle) are two locals. Between the await and
; the task's destructor: a call given a pointer into the task's promise
; through a phi with null (await_resume after a ready test), which alias
; analysis lets write anything, and a loop. The task object's address
; never escapes, so neither can write it: the destructor still destroys
; this task.
; CHECK: %frame.i.frame = alloca [40 x i8], align 8
; CHECK-NOT: call void @waiter(
; CHECK: ret void
define void @embeds_after_loop(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %awaiter = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds_after_loop, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %h0 = load ptr, ptr %task
  store ptr %h0, ptr %awaiter
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %awaiter, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %ha = load ptr, ptr %awaiter
  %ready = icmp eq i32 %x, 0
  br i1 %ready, label %read, label %read.null
read.null:
  br label %read
read:
  %p = phi ptr [ %ha, %await.resume ], [ null, %read.null ]
  %vp = getelementptr inbounds nuw i8, ptr %p, i64 16
  call void @read_result(ptr %vp)
  br label %loop
loop:
  %i = phi i32 [ 0, %read ], [ %i.next, %loop ]
  call void @tick()
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, %x
  br i1 %more, label %loop, label %done
done:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_far_fields(
; Under minsize: the header (16 bytes), the promise (96), the caller's
; other locals (the task object, 8) and the task's frame (40) would end
; past the 128 bytes short displacements reach, and CoroFrame puts the
; embedded frame before the caller's own fields.
; CHECK: call i1 @llvm.coro.alloc(token %wid)
; CHECK: call ptr @llvm.coro.begin(token %wid
; CHECK-NOT: alloca [40 x i8]
; CHECK: ret void
define void @refuses_far_fields(i32 %x) presplitcoroutine minsize {
entry:
  %promise = alloca [96 x i8]
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_far_fields, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; waiter's split ramp, inlined.
  %wid = call token @llvm.coro.id(i32 16, ptr null, ptr @waiter, ptr @waiter.resumers)
  %walloc = call i1 @llvm.coro.alloc(token %wid)
  br i1 %walloc, label %wheap, label %wbegin
wheap:
  %wmem = call ptr @_Znwm(i64 40)
  br label %wbegin
wbegin:
  %wdestroyfn = phi ptr [ @waiter.destroy, %wheap ], [ @waiter.cleanup, %start ]
  %wm = phi ptr [ %wmem, %wheap ], [ null, %start ]
  %wframe = call ptr @llvm.coro.begin(token %wid, ptr %wm)
  store ptr @waiter.resume, ptr %wframe
  %wdestroyp = getelementptr inbounds i8, ptr %wframe, i64 8
  store ptr %wdestroyfn, ptr %wdestroyp
  %warg = getelementptr inbounds i8, ptr %wframe, i64 32
  store i32 %x, ptr %warg
  %wcont = getelementptr inbounds i8, ptr %wframe, i64 24
  store ptr null, ptr %wcont
  store ptr %wframe, ptr %task
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %vp = getelementptr inbounds i8, ptr %h, i64 16
  %v = load i32, ptr %vp
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  tail call fastcc void %d(ptr %h)
  store i32 %v, ptr %promise
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  ; The task object's destructor: destroy the handle unless it is null.
  %hd = load ptr, ptr %task
  %isnull = icmp eq ptr %hd, null
  br i1 %isnull, label %cleanup, label %destroy.task
destroy.task:
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  tail call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; The cleanup function of @waiter is already called here, so embedding
; its instances keeps no second teardown beside the refused ones'
; heap instances (the teardown rule is in embed-teardown.ll).
define void @keeps_cleanup(ptr %frame) {
  call fastcc void @waiter.cleanup(ptr %frame)
  ret void
}

; CHECK-LABEL: define void @embeds_sret(
; The -Os/-Oz shape: the ramp is not inlined; it is, then its frame moves.
; CHECK: %frame.i.frame = alloca [40 x i8], align 8
; CHECK-NOT: call void @waiter(
; CHECK-NOT: @llvm.coro.begin(token %id.i
; CHECK: store ptr %frame.i.frame, ptr %task
; CHECK: call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
define void @embeds_sret(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds_sret, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_minsize(
; Under minsize a ramp with other callers stays out of line.
; CHECK: call void @waiter(
; CHECK-NOT: alloca [40 x i8]
define void @refuses_minsize(i32 %x) presplitcoroutine minsize {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_minsize, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_leak(
; Destroying the caller at the await does not destroy the task: its frame
; would be freed with the caller's while the event still holds it.
; CHECK-NOT: alloca [40 x i8]
; CHECK: call void @waiter(
define void @refuses_leak(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_leak, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @embeds_loop(
; Awaited in a loop, destroyed before each new start: one frame serves
; every round.
; CHECK: %frame.i.frame = alloca [40 x i8], align 8
; CHECK-NOT: call void @waiter(
define void @embeds_loop(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds_loop, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %again = load i32, ptr %promise
  %more = icmp ne i32 %again, 0
  br i1 %more, label %start, label %final
final:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_selfdestroys(
; CHECK-NOT: alloca [40 x i8]
define void @refuses_selfdestroys(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_selfdestroys, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @selfdestroys(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_noalloc(
; CHECK-NOT: alloca [40 x i8]
define void @refuses_noalloc(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_noalloc, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @noalloc(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_escape(
; The task object is handed to code that may keep it (spawn) before the
; destroy: what the destroy reads back may not be this task any more.
; CHECK-NOT: alloca [40 x i8]
; CHECK: call void @spawn(ptr %task)
define void @refuses_escape(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_escape, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  call void @spawn(ptr %task)
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @refuses_restart(
; The ramp runs again before the task is destroyed: one frame cannot hold
; both.
; CHECK-NOT: alloca [40 x i8]
; CHECK: call void @waiter(
define void @refuses_restart(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_restart, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @waiter(ptr sret(ptr) %task, i32 %x)
  %again = load i32, ptr %promise
  %more = icmp ne i32 %again, 0
  br i1 %more, label %start, label %await
await:
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @embeds_devirtualized(
; CoroElide, which ran before, called the task's destroy function directly
; where the handle was the coro.begin itself: on an embedded frame that is
; the cleanup function (destroy would free the caller's memory).
; CHECK: %wframe.frame = alloca [40 x i8], align 8
; CHECK-NOT: @waiter.destroy(
; CHECK: call fastcc void @waiter.cleanup(ptr %wframe.frame)
; CHECK-NOT: @waiter.destroy(
; CHECK: call fastcc void @waiter.cleanup(ptr %wframe.frame)
define void @embeds_devirtualized(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds_devirtualized, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  %wid = call token @llvm.coro.id(i32 16, ptr null, ptr @waiter, ptr @waiter.resumers)
  %walloc = call i1 @llvm.coro.alloc(token %wid)
  br i1 %walloc, label %wheap, label %wbegin
wheap:
  %wmem = call ptr @_Znwm(i64 40)
  br label %wbegin
wbegin:
  %wdestroyfn = phi ptr [ @waiter.destroy, %wheap ], [ @waiter.cleanup, %start ]
  %wm = phi ptr [ %wmem, %wheap ], [ null, %start ]
  %wframe = call ptr @llvm.coro.begin(token %wid, ptr %wm)
  store ptr @waiter.resume, ptr %wframe
  %wdestroyp = getelementptr inbounds i8, ptr %wframe, i64 8
  store ptr %wdestroyfn, ptr %wdestroyp
  store ptr %wframe, ptr %task
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  call fastcc void @waiter.destroy(ptr %wframe)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  call fastcc void @waiter.destroy(ptr %wframe)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

; CHECK-LABEL: define void @embeds_invoke_ramp(
; -fexceptions at -Os: the ramp is invoked; if it throws there is no task
; to destroy, so only its normal edge starts the paths.
; CHECK: %frame.i.frame = alloca [40 x i8], align 8
; CHECK-NOT: invoke void @waiter(
define void @embeds_invoke_ramp(i32 %x) presplitcoroutine personality ptr @__gxx_personality_v0 {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @embeds_invoke_ramp, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  invoke void @waiter(ptr sret(ptr) %task, i32 %x)
          to label %await unwind label %lpad
await:
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %await.destroy]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
await.destroy:
  %hd = load ptr, ptr %task
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  call fastcc void %dd(ptr %hd)
  br label %cleanup
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
unreach:
  unreachable
}

declare void @spawn(ptr)
declare void @read_result(ptr)
declare void @tick()
declare ptr @_Znwm(i64)
declare void @_ZdlPv(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i1 @llvm.coro.alloc(token)
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare void @llvm.coro.await.suspend.handle(ptr, ptr, ptr)
declare ptr @llvm.coro.subfn.addr(ptr, i8)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare i32 @__gxx_personality_v0(...)
