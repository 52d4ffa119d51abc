; coroslim-embed-frame's teardown rule: embedding one instance of a task
; while another instance of it stays on the heap keeps both its destroy
; function (for the heap one) and its cleanup function (for the embedded
; one), two near-copies of its teardown; that grew
; test/cxx/e2e/deep_chain.cpp by 278 bytes at -O2 (54 more than without
; the plugin). The pass refuses then, at every level, unless the cleanup
; function is already kept. Same hand-written shapes as embed.ll.
;
; CORPUS-SKIP: a mid-pipeline snapshot (split callees inlined into pre-split callers); LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
; REQUIRES: llvm-22
;
; @keeps_heap leaves an instance on the heap: @embeds is refused.
; RUN: %opt -passes='coroslim-embed-frame' -verify-each -S %s | FileCheck %s --check-prefix=HEAP
; RUN: %opt -passes='coroslim-embed-frame' -pass-remarks-missed=coroslim-embed-frame -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; Without it, the same await is embedded.
; RUN: sed -e '/^define void @keeps_heap/,/^}/d' %s | %opt -passes='coroslim-embed-frame' -S | FileCheck %s --check-prefix=ALONE
; With the cleanup function already called elsewhere, it is embedded too.
; RUN: sed -e 's/^; KEEP: //' %s | %opt -passes='coroslim-embed-frame' -S | FileCheck %s --check-prefix=ALONE
;
; REMARK: remark: {{.*}}C++ await of 'waiter': its frame stays on the heap: other instances of it stay on the heap, so embedding this one would keep a second copy of its teardown (its cleanup function beside its destroy function)
; HEAP-LABEL: define void @embeds(
; HEAP: call ptr @llvm.coro.begin(token %wid
; HEAP-NOT: alloca [40 x i8]
; HEAP: ret void
; ALONE-LABEL: define void @embeds(
; ALONE: %wframe.frame = alloca [40 x i8], align 8
; ALONE-NOT: call ptr @llvm.coro.begin(token %wid

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

; A task handed to someone else: it stays on the heap.
define void @keeps_heap(i32 %x) {
  %task = alloca ptr
  call void @waiter(ptr %task, i32 %x)
  %h = load ptr, ptr %task
  call void @spawn(ptr %h)
  ret void
}

; KEEP: define void @calls_cleanup(ptr %f) {
; KEEP:   call fastcc void @waiter.cleanup(ptr %f)
; KEEP:   ret void
; KEEP: }

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
