; coroslim-embed-frame's lifetime markers on an embedded frame: a start
; where the task's ramp made it, an end after the call that destroys it and
; on the null side of the destructor's test of its handle, so that CoroFrame
; keeps a frame no suspend of the caller separates from its uses out of the
; caller's coroutine frame even where its address escapes; and the form
; of its destroys. Same hand-written task as embed.ll; its instances are
; never awaited.
;
; CORPUS-SKIP: a mid-pipeline snapshot (split callees inlined into pre-split callers); LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
; REQUIRES: llvm-22
;
; RUN: %opt -passes='coroslim-embed-frame' -verify-each -S %s | FileCheck %s
; RUN: %opt -passes='coroslim-embed-frame,coro-split' -verify-each -S %s | FileCheck %s --check-prefix=SPLIT

; CHECK-LABEL: define void @marked(
; CHECK: %wframe.frame = alloca [40 x i8], align 8
; CHECK: start:
; CHECK: call void @llvm.lifetime.start.p0(ptr %wframe.frame)
; CHECK-NEXT: store ptr @waiter.resume, ptr %wframe.frame
; CHECK: br i1 %isnull, label %[[NULLSIDE:.*]], label %destroy.task
; CHECK: [[NULLSIDE]]:
; CHECK-NEXT: call void @llvm.lifetime.end.p0(ptr %wframe.frame)
; CHECK-NEXT: br label %final
; CHECK: destroy.task:
; CHECK-NEXT: call fastcc void @waiter.cleanup(ptr %hd)
; CHECK-NEXT: call void @llvm.lifetime.end.p0(ptr %wframe.frame)
; A task the caller keeps across a suspend without awaiting it: no
; markers, and its destroys go through its frame's destroy slot (which the
; ramp now fills with the cleanup function), as with LLVM alone, direct
; ones included.
; CHECK-LABEL: define void @across_suspend(
; CHECK-NOT: @llvm.lifetime
; CHECK: cleanup.early:
; CHECK-NEXT: %he = load ptr, ptr %task
; CHECK-NEXT: [[SLOT:%.*]] = call ptr @llvm.coro.subfn.addr(ptr %he, i8 1)
; CHECK-NEXT: call fastcc void [[SLOT]](ptr %he)
; CHECK: %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
; CHECK-NEXT: call fastcc void %dd(ptr %hd)
; No suspend, a long lifetime: no markers, a direct cleanup call.
; CHECK-LABEL: define void @long_lifetime(
; CHECK-NOT: @llvm.lifetime
; CHECK: call fastcc void @waiter.cleanup(ptr %hd)
; CHECK-NOT: @llvm.lifetime
; CHECK-LABEL: declare void @peek(

; The marked frame is a local of the resume function; the others are in
; the caller's frame.
; SPLIT: %marked.Frame = type { ptr, ptr, i32, i32, i1 }
; SPLIT: %across_suspend.Frame = type { {{.*}}[40 x i8]{{.*}} }
; SPLIT: %long_lifetime.Frame = type { {{.*}}[40 x i8]{{.*}} }
; SPLIT-LABEL: define internal fastcc void @marked.resume(
; SPLIT: alloca [40 x i8]

@waiter.resumers = private constant [3 x ptr] [ptr @waiter.resume, ptr @waiter.destroy, ptr @waiter.cleanup]
@waiting = global ptr null

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
define internal ptr @await_suspend(ptr %awaiter, ptr %caller) {
  %h = load ptr, ptr %awaiter
  %contp = getelementptr inbounds i8, ptr %h, i64 24
  store ptr %caller, ptr %contp
  ret ptr %h
}


; Nothing suspends while the task is alive.
define void @marked(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @marked, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; waiter's split ramp, inlined; the task is never awaited.
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
  ; Its frame escapes: without lifetime markers CoroFrame would keep it
  ; in the caller's frame.
  call void @peek(ptr %wframe)
  br label %dtor
dtor:
  ; The task object's destructor: destroy the handle unless it is null.
  %hd = load ptr, ptr %task
  %isnull = icmp eq ptr %hd, null
  br i1 %isnull, label %final, label %destroy.task
destroy.task:
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  tail call fastcc void %dd(ptr %hd)
  br label %final
final:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
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

; The caller suspends while the task is alive.
define void @across_suspend(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @across_suspend, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; waiter's split ramp, inlined; the task is never awaited.
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
  call void @peek(ptr %wframe)
  ; A suspend of the caller while the task is alive: its frame must stay
  ; in the caller's frame, and gets no markers.
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %dtor
                                 i8 1, label %cleanup.early]
cleanup.early:
  ; A destroy CoroElide made a direct call.
  %he = load ptr, ptr %task
  call fastcc void @waiter.destroy(ptr %he)
  br label %cleanup
dtor:
  ; The task object's destructor: destroy the handle unless it is null.
  %hd = load ptr, ptr %task
  %isnull = icmp eq ptr %hd, null
  br i1 %isnull, label %final, label %destroy.task
destroy.task:
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  tail call fastcc void %dd(ptr %hd)
  br label %final
final:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
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

; More blocks between its start and its ends than CoroFrame's walk explores
; (32): with markers CoroFrame would give up and keep the frame in the
; caller's, where without them it looks at its uses.
define void @long_lifetime(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @long_lifetime, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; waiter's split ramp, inlined; the task is never awaited.
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
  call void @peek(ptr %wframe)
  br label %b0
b0:
  call void @step(i32 0)
  br label %b1
b1:
  call void @step(i32 1)
  br label %b2
b2:
  call void @step(i32 2)
  br label %b3
b3:
  call void @step(i32 3)
  br label %b4
b4:
  call void @step(i32 4)
  br label %b5
b5:
  call void @step(i32 5)
  br label %b6
b6:
  call void @step(i32 6)
  br label %b7
b7:
  call void @step(i32 7)
  br label %b8
b8:
  call void @step(i32 8)
  br label %b9
b9:
  call void @step(i32 9)
  br label %b10
b10:
  call void @step(i32 10)
  br label %b11
b11:
  call void @step(i32 11)
  br label %b12
b12:
  call void @step(i32 12)
  br label %b13
b13:
  call void @step(i32 13)
  br label %b14
b14:
  call void @step(i32 14)
  br label %b15
b15:
  call void @step(i32 15)
  br label %b16
b16:
  call void @step(i32 16)
  br label %b17
b17:
  call void @step(i32 17)
  br label %b18
b18:
  call void @step(i32 18)
  br label %b19
b19:
  call void @step(i32 19)
  br label %b20
b20:
  call void @step(i32 20)
  br label %b21
b21:
  call void @step(i32 21)
  br label %b22
b22:
  call void @step(i32 22)
  br label %b23
b23:
  call void @step(i32 23)
  br label %b24
b24:
  call void @step(i32 24)
  br label %b25
b25:
  call void @step(i32 25)
  br label %b26
b26:
  call void @step(i32 26)
  br label %b27
b27:
  call void @step(i32 27)
  br label %b28
b28:
  call void @step(i32 28)
  br label %b29
b29:
  call void @step(i32 29)
  br label %b30
b30:
  call void @step(i32 30)
  br label %b31
b31:
  call void @step(i32 31)
  br label %b32
b32:
  call void @step(i32 32)
  br label %b33
b33:
  call void @step(i32 33)
  br label %b34
b34:
  call void @step(i32 34)
  br label %b35
b35:
  call void @step(i32 35)
  br label %b36
b36:
  call void @step(i32 36)
  br label %b37
b37:
  call void @step(i32 37)
  br label %b38
b38:
  call void @step(i32 38)
  br label %b39
b39:
  call void @step(i32 39)
  br label %b40
b40:
  br label %dtor
dtor:
  ; The task object's destructor: destroy the handle unless it is null.
  %hd = load ptr, ptr %task
  %isnull = icmp eq ptr %hd, null
  br i1 %isnull, label %final, label %destroy.task
destroy.task:
  %dd = call ptr @llvm.coro.subfn.addr(ptr %hd, i8 1)
  tail call fastcc void %dd(ptr %hd)
  br label %final
final:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [i8 0, label %unreach
                                 i8 1, label %cleanup]
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

; Its cleanup function is kept anyway: the three callers' instances are
; embedded each on its own (embed-teardown.ll has the rule).
define void @calls_cleanup(ptr %f) {
  call fastcc void @waiter.cleanup(ptr %f)
  ret void
}

declare void @peek(ptr)
declare void @step(i32)
declare void @spawn(ptr)
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
