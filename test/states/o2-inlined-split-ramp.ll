; A coroutine as the -O2 pipeline can leave it: the CGSCC inliner has put
; the ramp of the already split coroutine @drv into @caller, which is still
; pre-split, so @caller holds two llvm.coro.begin, its own and the one on
; @drv's split llvm.coro.id (with @drv.resumers; CoroElide and CoroCleanup
; lower it later). Only the begin on its own pre-split coro.id is
; @caller's. Every pass analyses and transforms @caller as it would
; without the inlined ramp, and leaves the inlined ramp alone:
; fold-suspend-free folds the await of @leaf, inline-single-suspend
; inlines the await of @once, merge-states merges the two sibling
; suspends, strip-done-traps strips the checked completion's trap, and
; print<coroslim-states> reads it.
;
; The await of @drv, in the inlined form (no ramp call: the handle is the
; inlined begin, resume and destroy are direct calls of @drv.resume and
; @drv.destroy), is still an await to the analysis (an "inlined ramp"
; await, see "-O2: awaits whose callee LLVM has inlined or elided" in
; docs/frontends.md); fold and inline refuse it by name, as the callee's
; pre-split body is gone.
;
; CORPUS-SKIP: a mid-pipeline snapshot; LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
;
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=STATES
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s -pass-remarks=coroslim-fold-suspend-free -pass-remarks-missed=coroslim-fold-suspend-free -o %t.fold.ll 2>%t.fold.remarks
; RUN: FileCheck %s --check-prefix=FOLD < %t.fold.ll
; RUN: FileCheck %s --check-prefix=FOLD-REMARK < %t.fold.remarks
; RUN: %opt -passes=coroslim-inline-single-suspend -verify-each -S %s -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -o %t.inline.ll 2>%t.inline.remarks
; RUN: FileCheck %s --check-prefix=INLINE < %t.inline.ll
; RUN: FileCheck %s --check-prefix=INLINE-REMARK < %t.inline.remarks
; RUN: %opt -passes=coroslim-merge-states -verify-each -S %s -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states -o %t.merge.ll 2>%t.merge.remarks
; RUN: FileCheck %s --check-prefix=MERGE < %t.merge.ll
; RUN: FileCheck %s --check-prefix=MERGE-REMARK < %t.merge.remarks
; RUN: %opt -passes='coroslim-strip-done-traps<release>' -verify-each -S %s -pass-remarks=coroslim-strip-done-traps -o %t.strip.ll 2>%t.strip.remarks
; RUN: FileCheck %s --check-prefix=STRIP < %t.strip.ll
; RUN: FileCheck %s --check-prefix=STRIP-REMARK < %t.strip.remarks

; STATES-LABEL: coroutine @caller: pre-split initial=1 internal=5 final=0 checked=1 awaits=3
; STATES:   await @leaf at %h.leaf: done=promise-flag@16
; STATES:   await @once at %h.once: done=promise-flag@16
; STATES:   await @drv at %inl.hdl (inlined ramp): done=promise-flag@16 ready=%inl.ready pending=%inl.pending suspend=%inl.s destroys=2 reads=1
; STATES-NOT: refused await
; STATES: coroutine @leaf: pre-split
; STATES: coroutine @once: pre-split

; FOLD-REMARK: folded await of suspend-free coroutine leaf in caller into a call of leaf.twin
; FOLD-REMARK: cannot fold the await of drv in caller: LLVM has already split it (inlined ramp in the caller), and only a pre-split coroutine can be folded
; FOLD-REMARK-NOT: not recognised
; FOLD-LABEL: define ptr @caller(
; FOLD: %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr %inl.mem.phi)
; FOLD: call fastcc void @drv.resume(ptr %inl.hdl)
; FOLD: call void @leaf.twin(i32 %x, ptr %leaf.promise)
; FOLD-NOT: call ptr @leaf(
; FOLD-LABEL: {{^}}}

; INLINE-REMARK: not inlining 'drv' into caller: LLVM has already split it (inlined ramp in the caller)
; INLINE-REMARK: inlined coroutine once into caller
; INLINE-REMARK-NOT: not recognised
; INLINE-LABEL: define ptr @caller(
; INLINE: %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr %inl.mem.phi)
; INLINE: call fastcc void @drv.resume(ptr %inl.hdl)
; INLINE-NOT: call ptr @once(
; INLINE: call void @once_effect(
; INLINE-LABEL: {{^}}}

; MERGE-REMARK: merged 2 internal suspend points of coroutine caller into one (1 suspend points fewer;
; MERGE-LABEL: define ptr @caller(
; MERGE: %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr %inl.mem.phi)
; MERGE: %sa = call i8 @llvm.coro.suspend(token none, i1 false)
; MERGE-NOT: %sb = call i8 @llvm.coro.suspend
; MERGE-LABEL: {{^}}}

; STRIP-REMARK: stripped 1 post-completion trap(s) from coroutine caller
; STRIP-LABEL: define ptr @caller(
; STRIP: %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr %inl.mem.phi)
; STRIP-NOT: call void @resumed_after_completion()
; STRIP-LABEL: {{^}}}

%promise.leaf = type { i32, i32 }

@drv.resumers = private constant [3 x ptr] [ptr @drv.resume, ptr @drv.destroy, ptr @drv.cleanup]

define ptr @caller(i32 %x, i1 %c, ptr %slot, ptr %out) presplitcoroutine nounwind {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @caller, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %done.addr = getelementptr inbounds i8, ptr %hdl, i64 16
  store i32 0, ptr %done.addr, align 8
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  %init.ext = sext i8 %init to i32
  switch i32 %init.ext, label %suspend [i32 0, label %body
                                        i32 1, label %cleanup]
body:
  ; The inlined ramp of the split coroutine @drv, as the CGSCC inliner
  ; leaves it (CoroSplit's ramp: allocation under coro.alloc, the resume
  ; and destroy functions stored in the frame).
  %inl.id = call token @llvm.coro.id(i32 16, ptr null, ptr @drv, ptr @drv.resumers)
  %inl.alloc = call i1 @llvm.coro.alloc(token %inl.id)
  br i1 %inl.alloc, label %inl.alloc.mem, label %inl.begin
inl.alloc.mem:
  %inl.mem = call ptr @malloc(i64 40)
  br label %inl.begin
inl.begin:
  %inl.destroy.fn = phi ptr [ @drv.cleanup, %body ], [ @drv.destroy, %inl.alloc.mem ]
  %inl.mem.phi = phi ptr [ null, %body ], [ %inl.mem, %inl.alloc.mem ]
  %inl.hdl = call ptr @llvm.coro.begin(token %inl.id, ptr %inl.mem.phi)
  store ptr @drv.resume, ptr %inl.hdl, align 8
  %inl.destroy.addr = getelementptr inbounds i8, ptr %inl.hdl, i64 8
  store ptr %inl.destroy.fn, ptr %inl.destroy.addr, align 8
  %inl.flag = getelementptr inbounds i8, ptr %inl.hdl, i64 16
  store i32 0, ptr %inl.flag, align 8
  br label %inl.loop
inl.loop:
  call fastcc void @drv.resume(ptr %inl.hdl)
  %inl.f = load i32, ptr %inl.flag, align 8
  %inl.done = icmp ne i32 %inl.f, 0
  br i1 %inl.done, label %inl.ready, label %inl.pending
inl.pending:
  %inl.s = call i8 @llvm.coro.suspend(token none, i1 false)
  %inl.s.ext = sext i8 %inl.s to i32
  switch i32 %inl.s.ext, label %suspend [i32 0, label %inl.loop
                                         i32 1, label %inl.destroy.child]
inl.destroy.child:
  %inl.d = call ptr @llvm.coro.subfn.addr(ptr %inl.hdl, i8 1)
  call fastcc void %inl.d(ptr %inl.hdl)
  br label %cleanup
inl.ready:
  %inl.v.addr = getelementptr inbounds i8, ptr %inl.hdl, i64 20
  %inl.v = load i32, ptr %inl.v.addr, align 4
  call fastcc void @drv.destroy(ptr %inl.hdl)
  ; An await of the suspend-free @leaf (fold-suspend-free's case).
  %h.leaf = call ptr @leaf(i32 %x)
  br label %loop.leaf
loop.leaf:
  %rl = call ptr @llvm.coro.subfn.addr(ptr %h.leaf, i8 0)
  call fastcc void %rl(ptr %h.leaf)
  %fl.addr = getelementptr inbounds i8, ptr %h.leaf, i64 16
  %fl = load i32, ptr %fl.addr, align 8
  %dl = icmp ne i32 %fl, 0
  br i1 %dl, label %ready.leaf, label %pending.leaf
pending.leaf:
  %sl = call i8 @llvm.coro.suspend(token none, i1 false)
  %sl.ext = sext i8 %sl to i32
  switch i32 %sl.ext, label %suspend [i32 0, label %loop.leaf
                                      i32 1, label %destroy.leaf]
destroy.leaf:
  %dfl = call ptr @llvm.coro.subfn.addr(ptr %h.leaf, i8 1)
  call fastcc void %dfl(ptr %h.leaf)
  br label %cleanup
ready.leaf:
  %vl.addr = getelementptr inbounds i8, ptr %h.leaf, i64 20
  %vl = load i32, ptr %vl.addr, align 4
  %dfl2 = call ptr @llvm.coro.subfn.addr(ptr %h.leaf, i8 1)
  call fastcc void %dfl2(ptr %h.leaf)
  ; An await of the single-suspend @once (inline-single-suspend's case).
  %h.once = call ptr @once(i32 %vl)
  br label %loop.once
loop.once:
  %ro = call ptr @llvm.coro.subfn.addr(ptr %h.once, i8 0)
  call fastcc void %ro(ptr %h.once)
  %fo.addr = getelementptr inbounds i8, ptr %h.once, i64 16
  %fo = load i32, ptr %fo.addr, align 8
  %do = icmp ne i32 %fo, 0
  br i1 %do, label %ready.once, label %pending.once
pending.once:
  %so = call i8 @llvm.coro.suspend(token none, i1 false)
  %so.ext = sext i8 %so to i32
  switch i32 %so.ext, label %suspend [i32 0, label %loop.once
                                      i32 1, label %destroy.once]
destroy.once:
  %dfo = call ptr @llvm.coro.subfn.addr(ptr %h.once, i8 1)
  call fastcc void %dfo(ptr %h.once)
  br label %cleanup
ready.once:
  %vo.addr = getelementptr inbounds i8, ptr %h.once, i64 20
  %vo = load i32, ptr %vo.addr, align 4
  %dfo2 = call ptr @llvm.coro.subfn.addr(ptr %h.once, i8 1)
  call fastcc void %dfo2(ptr %h.once)
  %sum1 = add i32 %inl.v, %vl
  %sum = add i32 %sum1, %vo
  store i32 %sum, ptr %out, align 4
  ; Two sibling suspends (merge-states' case).
  br i1 %c, label %yield.a, label %yield.b
yield.a:
  store i32 1, ptr %slot, align 4
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  %sa.ext = sext i8 %sa to i32
  switch i32 %sa.ext, label %suspend [i32 0, label %join
                                      i32 1, label %cleanup]
yield.b:
  store i32 2, ptr %slot, align 4
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  %sb.ext = sext i8 %sb to i32
  switch i32 %sb.ext, label %suspend [i32 0, label %join
                                      i32 1, label %cleanup]
join:
  ; The checked completion (strip-done-traps' case).
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  %fin.ext = sext i8 %fin to i32
  switch i32 %fin.ext, label %suspend [i32 0, label %trap
                                       i32 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define internal ptr @leaf(i32 %n) presplitcoroutine nounwind {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @leaf, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %done.addr = getelementptr inbounds i8, ptr %hdl, i64 16
  store i32 0, ptr %done.addr, align 8
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  %init.ext = sext i8 %init to i32
  switch i32 %init.ext, label %suspend [i32 0, label %body
                                        i32 1, label %cleanup]
body:
  call void @leaf_effect(i32 %n)
  %v = mul i32 %n, 2
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %v, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  %fin.ext = sext i8 %fin to i32
  switch i32 %fin.ext, label %suspend [i32 0, label %trap
                                       i32 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define internal ptr @once(i32 %n) presplitcoroutine nounwind {
entry:
  %promise = alloca %promise.leaf, align 8
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @once, ptr null)
  %need.alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %need.alloc, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ %mem, %alloc ], [ null, %entry ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %done.addr = getelementptr inbounds i8, ptr %hdl, i64 16
  store i32 0, ptr %done.addr, align 8
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  %init.ext = sext i8 %init to i32
  switch i32 %init.ext, label %suspend [i32 0, label %body
                                        i32 1, label %cleanup]
body:
  %w = call i8 @llvm.coro.suspend(token none, i1 false)
  %w.ext = sext i8 %w to i32
  switch i32 %w.ext, label %suspend [i32 0, label %work
                                     i32 1, label %cleanup]
work:
  call void @once_effect(i32 %n)
  %v = add i32 %n, 1
  %value.addr = getelementptr inbounds i8, ptr %hdl, i64 20
  store i32 %v, ptr %value.addr, align 4
  store i32 1, ptr %done.addr, align 8
  %fin = call i8 @llvm.coro.suspend(token none, i1 false)
  %fin.ext = sext i8 %fin to i32
  switch i32 %fin.ext, label %suspend [i32 0, label %trap
                                       i32 1, label %cleanup]
trap:
  call void @resumed_after_completion()
  unreachable
cleanup:
  %m = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %m)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

declare ptr @drv(ptr)
declare fastcc void @drv.resume(ptr)
declare fastcc void @drv.destroy(ptr)
declare fastcc void @drv.cleanup(ptr)
declare void @leaf_effect(i32)
declare void @once_effect(i32)
declare void @resumed_after_completion() noreturn
declare ptr @malloc(i64)
declare void @free(ptr)

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8)
