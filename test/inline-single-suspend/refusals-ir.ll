; Awaits inline-single-suspend must refuse, in IR that the C runtime does
; not produce (found by review), each with a missed remark, the module
; left verifying; and one it inlines whose cleanup has a phi over edges
; that one cloned cleanup cannot take. @plain_top is the control: the
; same await of a plain callee is inlined. Before the fixes @nopromise_top
; crashed the pass, @self_top made it inline forever, @phi_top left a
; phi the verifier rejects, and the others were inlined.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: timeout 120 %opt -passes='coro-early,coroslim-inline-single-suspend' -verify-each -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -S %s -o %t.ll 2> %t.remarks
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: FileCheck %s < %t.ll

; REMARK-DAG: remark: <unknown>:0:0: inlined coroutine leaf into plain_top: 1 internal suspend point(s)
; REMARK-DAG: remark: <unknown>:0:0: inlined coroutine ssp_leaf into ssp_top: 1 internal suspend point(s)
; REMARK-DAG: remark: <unknown>:0:0: inlined coroutine phi_leaf into phi_top: 1 internal suspend point(s)
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'weak_leaf' into weak_top: the linker may replace it with another definition (weak linkage)
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'nopromise_leaf' into nopromise_top: it computes addresses in its frame but has no promise
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'noalloc_leaf' into noalloc_top: it allocates its frame without llvm.coro.alloc, so the allocation cannot be left out
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'ignored_alloc_leaf' into ignored_alloc_top: it allocates its frame whatever llvm.coro.alloc says, so the allocation cannot be left out
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'leaf' into loopload_top: the await loop reads memory before resuming the callee
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'leaf' into asan_top: caller and callee have attributes that forbid inlining one into the other
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'leaf' into noinline_top: the call of the coroutine is marked noinline
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'self' into self: recursion: the callee awaits or calls its caller or itself
; REMARK-DAG: remark: <unknown>:0:0: not inlining 'self' into self_top: recursion: the callee awaits or calls its caller or itself

; The control: no call of @leaf is left in @plain_top.
; CHECK-LABEL: define ptr @plain_top(
; CHECK-NOT: call ptr @leaf(
; CHECK: call void @work(i32 7)
; CHECK-LABEL: define ptr @ssp_top()
; CHECK-SAME: #[[SSP:[0-9]+]]
; CHECK-NOT: call ptr @ssp_leaf(
; CHECK-LABEL: define ptr @weak_top(
; CHECK: call ptr @weak_leaf(i32 7)
; CHECK-LABEL: define ptr @nopromise_top(
; CHECK: call ptr @nopromise_leaf(i32 7)
; CHECK-LABEL: define ptr @noalloc_top(
; CHECK: call ptr @noalloc_leaf(i32 7)
; CHECK-LABEL: define ptr @ignored_alloc_top(
; CHECK: call ptr @ignored_alloc_leaf(i32 7)
; The read of @g stays in the await loop, after the ramp call.
; CHECK-LABEL: define ptr @loopload_top(
; CHECK: call ptr @leaf(i32 7)
; CHECK: loop:
; CHECK-NEXT: %g.now = load i32, ptr @g
; CHECK-LABEL: define ptr @asan_top(
; CHECK: call ptr @leaf(i32 7)
; CHECK-LABEL: define ptr @noinline_top(
; CHECK: call ptr @leaf(i32 7) #[[NOINLINE:[0-9]+]]
; CHECK-LABEL: define ptr @phi_top(
; CHECK-NOT: call ptr @phi_leaf(
; Each cloned cleanup takes one way through the destination switch; the
; clean-up after the rewrite folds the switch and the phi behind it, so
; neither the unreachable block for the other way nor a phi is left.
; CHECK-NOT: inl.never
; CHECK: kill:
; CHECK: call void @work(i32 9)
; CHECK-NEXT: br label %[[END1:end.cleanup[0-9]*]]
; CHECK: [[END1]]:
; CHECK-NEXT: call void @work(i32 4)
; CHECK-NOT: inl.never
; CHECK: [[END2:end.cleanup[0-9]+]]:
; CHECK-NEXT: call void @work(i32 3)
; CHECK-NOT: inl.never
; CHECK-LABEL: define ptr @self_top(
; CHECK: call ptr @self(i32 3)
; CHECK: attributes #[[SSP]] = { nounwind presplitcoroutine sspreq }
; CHECK: attributes #[[NOINLINE]] = { noinline }

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @work(i32)

@g = global i32 0

; A lazily started coroutine with one internal suspend point.
define internal ptr @leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @plain_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; A callee that requires a stack protector (sspreq) inlined into an `ssp`
; caller: the caller gets the stronger level, as with LLVM's inliner
; (AttributeFuncs::mergeAttributesForInlining).
define internal ptr @ssp_leaf(i32 %n) #3 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @ssp_top() #4 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @ssp_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; The linker may pick another definition of a weak callee.
define weak ptr @weak_leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @weak_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @weak_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; llvm.coro.promise without a promise: no alloca to map the address to.
define internal ptr @nopromise_leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %unused = call ptr @llvm.coro.promise(ptr %hdl, i32 8, i1 false)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @nopromise_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @nopromise_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; The frame is allocated without llvm.coro.alloc: inlined, the
; allocation would stay and never be freed.
define internal ptr @noalloc_leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @noalloc_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @noalloc_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; llvm.coro.alloc is called but its answer ignored: the allocation would stay
; all the same.
define internal ptr @ignored_alloc_leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %unused = call i1 @llvm.coro.alloc(token %id)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %suspend [ i8 0, label %body
                                  i8 1, label %cleanup ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %suspend [ i8 0, label %body2
                                  i8 1, label %cleanup ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %suspend [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %suspend, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @ignored_alloc_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @ignored_alloc_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; @g is read on every round of the await loop, so its value after the
; await is the one after the callee finished.

define ptr @loopload_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  %g.now = load i32, ptr @g
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @work(i32 %g.now)
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; Only the caller is instrumented by AddressSanitizer.

define ptr @asan_top() #1 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; noinline on the call itself.

define ptr @noinline_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @leaf(i32 7) #2
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; A cleanup-destination switch: the cleanup after the internal suspend
; (%dest = 1) goes through %mid, the one after completion (%dest = 2)
; straight to %end, which has a phi over both. In each cloned cleanup the
; edge not taken goes to an unreachable block, and %where must lose its
; entries for that edge (the module did not verify); then the switch and
; the phi fold away.
define internal ptr @phi_leaf(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %body
                              i8 1, label %cl.1 ]
body:
  call void @work(i32 %n)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %body2
                              i8 1, label %cl.1 ]
body2:
  call void @work(i32 2)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cl.2 ]
cl.1:
  br label %cleanup
cl.2:
  br label %cleanup
cleanup:
  %dest = phi i32 [ 1, %cl.1 ], [ 2, %cl.2 ]
  switch i32 %dest, label %end [ i32 1, label %mid
                                 i32 2, label %end ]
mid:
  call void @work(i32 9)
  br label %end
end:
  %where = phi i32 [ 3, %cleanup ], [ 3, %cleanup ], [ 4, %mid ]
  call void @work(i32 %where)
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @phi_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @phi_leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

; Awaits itself while %n is not 0 (a countdown): a cycle of awaits.
define internal ptr @self(i32 %n) #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %z = icmp eq i32 %n, 0
  br i1 %z, label %fin, label %rec
rec:
  %m = sub i32 %n, 1
  %h = call ptr @self(i32 %m)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  br label %fin
fin:
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

define ptr @self_top() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %need = call i1 @llvm.coro.alloc(token %id)
  br i1 %need, label %alloc, label %begin
alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [ i8 0, label %start
                              i8 1, label %cleanup ]
start:
  %h = call ptr @self(i32 3)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %d = call i1 @llvm.coro.done(ptr %h)
  br i1 %d, label %ready, label %pending
pending:
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [ i8 0, label %loop
                              i8 1, label %kill ]
kill:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  call void @llvm.coro.destroy(ptr %h)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %s2, label %ret [ i8 1, label %cleanup ]
cleanup:
  %m2 = call ptr @llvm.coro.free(token %id, ptr %hdl)
  %nn = icmp eq ptr %m2, null
  br i1 %nn, label %ret, label %dofree
dofree:
  call void @free(ptr %m2)
  br label %ret
ret:
  call void @llvm.coro.end(ptr null, i1 false, token none)
  ret ptr %hdl
}

attributes #0 = { nounwind presplitcoroutine }
attributes #1 = { nounwind presplitcoroutine sanitize_address }
attributes #2 = { noinline }
attributes #3 = { nounwind presplitcoroutine sspreq }
attributes #4 = { nounwind presplitcoroutine ssp }
