; coroslim-fold-transfer on C++ awaits by symmetric transfer, in the shape
; the caller has at its ScalarOptimizerLate slot (pre-split; the awaited
; task already split by CoroSplit, its ramp inlined or called), written by
; hand after clang++ 22's output. Each refusal has its own function.
;
; CORPUS-SKIP: a mid-pipeline snapshot (split callees inlined into pre-split callers); LLVM's own coro-early, which runs before the inliner, rejects the inlined begin
; llvm.coro.end returns void from LLVM 20 on; the C++ end-to-end test
; task-chain.cpp runs on both versions.
; REQUIRES: llvm-22
;
; RUN: %opt -passes='coroslim-fold-transfer' -verify-each -S %s | FileCheck %s
; RUN: %opt -passes='coroslim-fold-transfer' -pass-remarks=coroslim-fold-transfer -pass-remarks-missed=coroslim-fold-transfer -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s --check-prefix=STATES
; Idempotent: a second run finds nothing left to rewrite.
; RUN: %opt -passes='coroslim-fold-transfer' -S %s -o %t.once.ll
; RUN: %opt -passes='coroslim-fold-transfer' -S %t.once.ll -o %t.twice.ll
; RUN: tail -n +2 %t.once.ll > %t.once.body && tail -n +2 %t.twice.ll | diff %t.once.body -
; In its default-pipeline slot the pass does not make the noop frame.
; RUN: %opt -passes='coroslim-fold-transfer<noop=existing>' -pass-remarks-missed=coroslim-fold-transfer -disable-output %s 2>&1 | FileCheck %s --check-prefix=EXISTING
; The whole pipeline (noop-coroutine<make> first) keeps the module valid.
; RUN: %opt -passes='coroslim-noop-coroutine<make>,function(coroslim-fold-transfer<noop=existing>),coroslim-noop-coroutine<release>' -verify-each -S %s | FileCheck %s --check-prefix=BRACKET

; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is left to CoroElide: its frame allocation cannot be switched off (its ramp has no llvm.coro.alloc))
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' runs it in place: no suspend point and no symmetric transfer (its frame is already on the caller's stack)
; REMARK-DAG: remark: {{.*}}C++ await of 'leaf' not run in place: under minsize its frame would stay on the heap (its ramp has several callers
; REMARK-DAG: remark: {{.*}}C++ await of 'suspends' not run in place: resuming it can return before it completes (it has an internal suspend point, or its final suspend does not keep its frame)
; REMARK-DAG: remark: {{.*}}C++ await of 'keeps_caller' not run in place: it uses its continuation other than to transfer to it at its final suspend (store)
; REMARK-DAG: remark: {{.*}}C++ await of 'throws' not run in place: an exception can leave it (its unhandled_exception or the end of its catch handler may throw)
; REMARK-DAG: remark: {{.*}}C++ await not run in place: its await_suspend returns void, not the handle to transfer to
; REMARK-DAG: remark: {{.*}}C++ await not run in place: its await_suspend writes memory other than the awaited task's frame
; REMARK-DAG: remark: {{.*}}C++ await not run in place: cannot tell which coroutine the awaiter holds when await_suspend runs

; STATES-LABEL: coroutine @folds:
; STATES: transfer await @leaf at %lframe (inlined ramp): suspend=%s1 continuation@24 runs to completion
; STATES-LABEL: coroutine @folds_sret:
; STATES: transfer await @leaf at call @leaf (split ramp call): suspend=%s1 continuation@24 runs to completion
; STATES-LABEL: coroutine @folds_elided:
; STATES: transfer await @leaf at %lalloca (elided frame): suspend=%s1 continuation@24 runs to completion
; STATES-LABEL: coroutine @refuses_internal_suspend:
; STATES: transfer await @suspends at {{.*}} may not complete: resuming it can return before it completes
; STATES-LABEL: coroutine @refuses_void:
; STATES: refused transfer await at %s1: its await_suspend returns void

; EXISTING: remark: {{.*}}the module has no noop coroutine frame
; BRACKET-NOT: @llvm.compiler.used
; BRACKET: @coroslim.noop.frame = internal constant { ptr, ptr } { ptr @coroslim.noop.fn, ptr @coroslim.noop.fn }
; BRACKET: define internal fastcc void @coroslim.noop.fn(ptr %0)

; The frame of every task: resume, destroy, promise {i32 value, ptr
; continuation} at 16, the argument at 32, the suspend index at 36.
@leaf.resumers = private constant [3 x ptr] [ptr @leaf.resume, ptr @leaf.destroy, ptr @leaf.cleanup]
@suspends.resumers = private constant [3 x ptr] [ptr @suspends.resume, ptr @suspends.destroy, ptr @suspends.cleanup]
@keeps_caller.resumers = private constant [3 x ptr] [ptr @keeps_caller.resume, ptr @leaf.destroy, ptr @leaf.cleanup]
@throws.resumers = private constant [3 x ptr] [ptr @throws.resume, ptr @leaf.destroy, ptr @leaf.cleanup]
; A library's own noop frame, as libstdc++ has one.
@std.noop.frame = external global { ptr, ptr }
@kept = global ptr null

; The ramps as CoroSplit leaves them: a split llvm.coro.id naming the
; resumers, the handle stored into the task returned through sret.
define void @leaf(ptr sret(ptr) captures(none) %task, i32 %x) {
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @leaf, ptr @leaf.resumers)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr @leaf.resume, ptr %frame
  %arg = getelementptr inbounds i8, ptr %frame, i64 32
  store i32 %x, ptr %arg
  %cont = getelementptr inbounds i8, ptr %frame, i64 24
  store ptr null, ptr %cont
  store ptr %frame, ptr %task
  ret void
}
define void @suspends(ptr sret(ptr) %task, i32 %x) {
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @suspends, ptr @suspends.resumers)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr %frame, ptr %task
  ret void
}
define void @keeps_caller(ptr sret(ptr) %task, i32 %x) {
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @keeps_caller, ptr @keeps_caller.resumers)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr %frame, ptr %task
  ret void
}
define void @throws(ptr sret(ptr) %task, i32 %x) {
  %id = call token @llvm.coro.id(i32 16, ptr null, ptr @throws, ptr @throws.resumers)
  %mem = call ptr @_Znwm(i64 40)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  store ptr %frame, ptr %task
  ret void
}

; Runs to its final suspend, then transfers to the continuation or, when
; it is null, to the noop coroutine.
define internal fastcc void @leaf.resume(ptr %frame) {
  %value = getelementptr inbounds i8, ptr %frame, i64 16
  %arg = getelementptr inbounds i8, ptr %frame, i64 32
  %x = load i32, ptr %arg
  %r = shl i32 %x, 1
  store i32 %r, ptr %value
  store ptr null, ptr %frame
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load i64, ptr %contp
  %contptr = inttoptr i64 %cont to ptr
  %isnull = icmp eq i64 %cont, 0
  %target = select i1 %isnull, ptr @std.noop.frame, ptr %contptr
  %fn = call ptr @llvm.coro.subfn.addr(ptr %target, i8 0)
  musttail call fastcc void %fn(ptr %target)
  ret void
}
define internal fastcc void @leaf.destroy(ptr %frame) {
  call void @_ZdlPv(ptr %frame)
  ret void
}
define internal fastcc void @leaf.cleanup(ptr %frame) {
  ret void
}

; One internal suspend: resumed from the initial suspend it stores its
; index and returns.
define internal fastcc void @suspends.resume(ptr %frame) {
  %indexp = getelementptr inbounds i8, ptr %frame, i64 36
  %index = load i8, ptr %indexp
  %first = icmp eq i8 %index, 0
  br i1 %first, label %wait, label %done
wait:
  store i8 1, ptr %indexp
  ret void
done:
  store ptr null, ptr %frame
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load ptr, ptr %contp
  %fn = call ptr @llvm.coro.subfn.addr(ptr %cont, i8 0)
  musttail call fastcc void %fn(ptr %cont)
  ret void
}
define internal fastcc void @suspends.destroy(ptr %frame) {
  ret void
}
define internal fastcc void @suspends.cleanup(ptr %frame) {
  ret void
}

; Keeps its continuation somewhere else before transferring to it.
define internal fastcc void @keeps_caller.resume(ptr %frame) {
  store ptr null, ptr %frame
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load ptr, ptr %contp
  store ptr %cont, ptr @kept
  %fn = call ptr @llvm.coro.subfn.addr(ptr %cont, i8 0)
  musttail call fastcc void %fn(ptr %cont)
  ret void
}

; Its catch-all handler can end in an exception.
define internal fastcc void @throws.resume(ptr %frame) personality ptr @__gxx_personality_v0 {
  invoke void @may_throw()
          to label %final unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  store ptr null, ptr %frame
  resume { ptr, i32 } %lp
final:
  store ptr null, ptr %frame
  %contp = getelementptr inbounds i8, ptr %frame, i64 24
  %cont = load ptr, ptr %contp
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
  %h2 = load ptr, ptr %awaiter
  ret ptr %h2
}
define internal void @await_suspend_void(ptr %awaiter, ptr %caller) {
  %h = load ptr, ptr %awaiter
  %contp = getelementptr inbounds i8, ptr %h, i64 24
  store ptr %caller, ptr %contp
  ret void
}
; folly-like: also reads the caller's promise (its executor).
; Writes into the caller's promise: refused.
define internal ptr @await_suspend_writes_caller(ptr %awaiter, ptr %caller) {
  %h = load ptr, ptr %awaiter
  %contp = getelementptr inbounds i8, ptr %h, i64 24
  store ptr %caller, ptr %contp
  %callerflag = getelementptr inbounds i8, ptr %caller, i64 16
  store i32 1, ptr %callerflag
  ret ptr %h
}
define internal ptr @await_suspend_reads_caller(ptr %awaiter, ptr %caller) {
  %h = load ptr, ptr %awaiter
  %contp = getelementptr inbounds i8, ptr %h, i64 24
  store ptr %caller, ptr %contp
  %callerexec = getelementptr inbounds i8, ptr %caller, i64 16
  %exec = load ptr, ptr %callerexec
  %execp = getelementptr inbounds i8, ptr %h, i64 16
  store ptr %exec, ptr %execp
  ret ptr %h
}

; CHECK-LABEL: define void @folds(
; CHECK: %lframe = call ptr @llvm.coro.begin(token %lid
; CHECK-NOT: llvm.coro.await.suspend
; await_suspend (inlined) stores the caller's frame; the noop frame
; replaces it before the run.
; CHECK: store ptr %frame, ptr
; CHECK-NEXT: %[[H:.*]] = load ptr, ptr %task
; CHECK-NEXT: %transfer.noop = getelementptr inbounds i8, ptr %[[H]], i64 24
; CHECK-NEXT: store ptr @coroslim.noop.frame, ptr %transfer.noop
; CHECK-NEXT: call fastcc void @leaf.resume(ptr %[[H]])
; Nothing reads the continuation after the run: it stays the noop frame.
; CHECK-NEXT: br label %await.resume
; CHECK-NOT: await.destroy:
; CHECK: await.resume:
; CHECK: call i8 @llvm.coro.suspend(token none, i1 true)
; The ramp is inlined, so that CoroElide sees the frame.
; CHECK-LABEL: define void @folds_sret(
; CHECK-NOT: call void @leaf(
; CHECK: %frame.i = call ptr @llvm.coro.begin(token %id.i
; CHECK-NOT: llvm.coro.await.suspend
; CHECK: call fastcc void @leaf.resume(
; CHECK-LABEL: define void @folds_elided(
; CHECK-NOT: llvm.coro.await.suspend
; CHECK: call fastcc void @leaf.resume(
; CHECK-LABEL: define void @folds_restores(
; CHECK: call fastcc void @leaf.resume(ptr %[[R:.*]])
; CHECK-NEXT: %transfer.continuation = getelementptr inbounds i8, ptr %[[R]], i64 24
; CHECK-NEXT: store ptr %frame, ptr %transfer.continuation
; CHECK-NEXT: br label %await.resume
; CHECK-LABEL: define void @folds_twice(
; CHECK-COUNT-1: call ptr @llvm.coro.begin(token %id.i
; CHECK-COUNT-2: call fastcc void @leaf.resume(
; CHECK-NOT: llvm.coro.await.suspend
; CHECK-LABEL: define void @refuses_minsize(
; CHECK: call void @llvm.coro.await.suspend.handle(
; CHECK-LABEL: define void @refuses_internal_suspend(
; CHECK: call void @llvm.coro.await.suspend.handle(
; CHECK-LABEL: define void @refuses_keeps_caller(
; CHECK: call void @llvm.coro.await.suspend.handle(
; CHECK-LABEL: define void @refuses_throws(
; CHECK: call void @llvm.coro.await.suspend.handle(
; CHECK-LABEL: define void @refuses_void(
; CHECK: call void @llvm.coro.await.suspend.void(
; folly's shape: await_suspend also reads the caller's promise (an
; executor it copies into the task's); it still gets the caller's frame.
; CHECK-LABEL: define void @folds_reads_caller(
; CHECK-NOT: llvm.coro.await.suspend
; CHECK: %exec.i = load ptr, ptr %callerexec.i
; CHECK: store ptr @coroslim.noop.frame, ptr %transfer.noop
; CHECK-NEXT: call fastcc void @leaf.resume(
; CHECK-LABEL: define void @refuses_writes_caller(
; CHECK: call void @llvm.coro.await.suspend.handle(
; CHECK-LABEL: define void @refuses_overwritten(
; CHECK: call void @llvm.coro.await.suspend.handle(

define void @folds(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  ; leaf's split ramp, inlined.
  %lid = call token @llvm.coro.id(i32 16, ptr null, ptr @leaf, ptr @leaf.resumers)
  %lmem = call ptr @_Znwm(i64 40)
  %lframe = call ptr @llvm.coro.begin(token %lid, ptr %lmem)
  store ptr @leaf.resume, ptr %lframe
  %larg = getelementptr inbounds i8, ptr %lframe, i64 32
  store i32 %x, ptr %larg
  %lcont = getelementptr inbounds i8, ptr %lframe, i64 24
  store ptr null, ptr %lcont
  store ptr %lframe, ptr %task
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
  call fastcc void %d(ptr %h)
  store i32 %v, ptr %promise
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

; The -Oz shape: leaf's ramp is not inlined; it writes its handle into the
; task through sret.
define void @folds_sret(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds_sret, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %cleanup]
await.resume:
  %h = load ptr, ptr %task
  %d = call ptr @llvm.coro.subfn.addr(ptr %h, i8 1)
  call fastcc void %d(ptr %h)
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

; CoroElide has put the task's frame on the caller's stack (its alloca,
; and the no-op bitcast CoroElide makes of it, which InstCombine has not yet
; folded): the await still runs in place.
define void @folds_elided(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %lalloca = alloca [40 x i8], align 8
  %lframe = bitcast ptr %lalloca to ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds_elided, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  store ptr @leaf.resume, ptr %lframe
  %larg = getelementptr inbounds i8, ptr %lframe, i64 32
  store i32 %x, ptr %larg
  %lcont = getelementptr inbounds i8, ptr %lframe, i64 24
  store ptr null, ptr %lcont
  store ptr %lframe, ptr %task
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

; Reads the task's continuation after the await: the run in place puts
; back what await_suspend stored there.
define void @folds_restores(i32 %x) presplitcoroutine {
entry:
  %promise = alloca ptr
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds_restores, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %await.resume
                                 i8 1, label %cleanup]
await.resume:
  %h = load ptr, ptr %task
  %cp = getelementptr inbounds i8, ptr %h, i64 24
  %c = load ptr, ptr %cp
  store ptr %c, ptr %promise
  br label %cleanup
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

; One task object awaited twice, each time through its own awaiter that
; copies the task's handle (the second await's done test is the awaiter's
; business): one ramp call serves both awaits and is inlined once.
define void @folds_twice(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %aw1 = alloca ptr
  %aw2 = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds_twice, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %h1 = load ptr, ptr %task
  store ptr %h1, ptr %aw1
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %aw1, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %again
                                 i8 1, label %cleanup]
again:
  %h2 = load ptr, ptr %task
  store ptr %h2, ptr %aw2
  %save2 = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %aw2, ptr %frame, ptr @await_suspend)
  %s2 = call i8 @llvm.coro.suspend(token %save2, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

; Under minsize the out-of-line ramp of 'leaf' (called from several places)
; would have to be copied here for its frame to go: not run in place.
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
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @refuses_internal_suspend(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_internal_suspend, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @suspends(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @refuses_keeps_caller(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_keeps_caller, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @keeps_caller(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @refuses_throws(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_throws, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @throws(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @refuses_void(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_void, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.void(ptr %task, ptr %frame, ptr @await_suspend_void)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @folds_reads_caller(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @folds_reads_caller, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend_reads_caller)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

define void @refuses_writes_caller(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_writes_caller, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend_writes_caller)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}

; The task object is handed to another function (spawned, detached)
; before the await: which coroutine it then holds is unknown.
define void @refuses_overwritten(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32
  %task = alloca ptr
  %id = call token @llvm.coro.id(i32 16, ptr %promise, ptr @refuses_overwritten, ptr null)
  %mem = call ptr @_Znwm(i64 48)
  %frame = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [i8 0, label %start
                                 i8 1, label %cleanup]
start:
  call void @leaf(ptr sret(ptr) %task, i32 %x)
  call void @spawn(ptr %task)
  %save = call token @llvm.coro.save(ptr null)
  call void @llvm.coro.await.suspend.handle(ptr %task, ptr %frame, ptr @await_suspend)
  %s1 = call i8 @llvm.coro.suspend(token %save, i1 false)
  switch i8 %s1, label %suspend [i8 0, label %cleanup
                                 i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %frame)
  call void @_ZdlPv(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret void
}


declare void @spawn(ptr)
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
declare ptr @_Znwm(i64)
declare void @_ZdlPv(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare token @llvm.coro.save(ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare void @llvm.coro.await.suspend.handle(ptr, ptr, ptr)
declare void @llvm.coro.await.suspend.void(ptr, ptr, ptr)
declare ptr @llvm.coro.subfn.addr(ptr, i8)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
