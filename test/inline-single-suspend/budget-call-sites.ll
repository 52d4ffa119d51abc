; inline-single-suspend bounds the net growth of inlining every await of
; one callee: instructions cloned for one await times the number of its
; call sites (minus its body when it is local). Only calls count: the
; callee's own llvm.coro.id (which CoroEarly points at it) is not a call
; site. @leaf (external, so its body stays) is awaited twice by @top and
; clones SIZE instructions per await, so a budget of 2 * SIZE fits both
; awaits exactly and one less does not. Before the fix the coro.id use
; counted as a third site and the first budget refused too.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='coro-early,coroslim-inline-single-suspend<max-size=74>' -verify-each -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -S %s -o %t.fits.ll 2>&1 | FileCheck %s --check-prefix=FITS
; RUN: FileCheck %s --check-prefix=IR < %t.fits.ll
; RUN: %opt -passes='coro-early,coroslim-inline-single-suspend<max-size=73>' -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -disable-output %s 2>&1 | FileCheck %s --check-prefix=OVER

; FITS: remark: <unknown>:0:0: inlined coroutine leaf into top: 1 internal suspend point(s), 37 instructions cloned
; FITS: remark: <unknown>:0:0: inlined coroutine leaf into top: 1 internal suspend point(s), 37 instructions cloned
; FITS-NOT: not inlining
; IR-LABEL: define ptr @top(
; IR-NOT: call ptr @leaf(
; IR: ret ptr
; OVER: remark: <unknown>:0:0: not inlining 'leaf' into top: inlining its 2 awaits would add 74 instructions (at most 73 allowed by -coroslim-inline-max-size)
; OVER-NOT: inlined coroutine

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

define ptr @leaf(i32 %n) #0 {
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

define ptr @top() #0 {
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
  %h2 = call ptr @leaf(i32 8)
  br label %loop2
loop2:
  call void @llvm.coro.resume(ptr %h2)
  %d2 = call i1 @llvm.coro.done(ptr %h2)
  br i1 %d2, label %ready2, label %pending2
pending2:
  %s3 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s3, label %ret [ i8 0, label %loop2
                              i8 1, label %kill2 ]
kill2:
  call void @llvm.coro.destroy(ptr %h2)
  br label %cleanup
ready2:
  call void @llvm.coro.destroy(ptr %h2)
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
