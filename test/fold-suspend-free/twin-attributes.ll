; Function attributes that describe one call of a pre-split coroutine
; describe its ramp, which stops at the initial suspend. The twin runs the
; whole body (here: a call of @print, which may recurse, free, synchronise
; or not return), so it gets none of them, nor the ramp parameters'
; access, capture and aliasing attributes; the folded call does not copy
; the ramp call's either. Other attributes stay.
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-fold-suspend-free 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; The same after CoroEarly, where the ramp call, which claims no effects,
; dies with the handle's address computations (it was erased twice).
; RUN: %opt -passes='coro-early,function(sroa,early-cse,simplifycfg),coroslim-fold-suspend-free' \
; RUN:   -verify-each -S %s | FileCheck %s

; REMARK: folded await of suspend-free coroutine leaf in caller into a call of leaf.twin

; CHECK-LABEL: define internal void @leaf.twin(
; CHECK-SAME: i32 %x, ptr %src, ptr noalias nonnull align 4 captures(none) dereferenceable(4) %promise) unnamed_addr [[TWIN:#[0-9]+]] {
; CHECK-LABEL: define ptr @caller()
; CHECK: call void @leaf.twin(i32 7, ptr @g, ptr %leaf.promise){{$}}
; CHECK: attributes [[TWIN]] = { uwtable "keep"="yes" }

define internal ptr @leaf(i32 %x, ptr noalias readonly captures(none) %src) #7 {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 8, ptr %promise, ptr null, ptr null)
  %alloc = call i1 @llvm.coro.alloc(token %id)
  br i1 %alloc, label %dyn.alloc, label %begin
dyn.alloc:
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  br label %begin
begin:
  %phi = phi ptr [ null, %entry ], [ %mem, %dyn.alloc ]
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %phi)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %y = load i32, ptr %src
  call void @print(i32 %y)
  store i32 %x, ptr %promise
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %fin, label %suspend [i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @caller() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 7, ptr readonly captures(none) @g) #8
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %done = call i1 @llvm.coro.done(ptr %h)
  br i1 %done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %loop
                                i8 1, label %destroy.child]
destroy.child:
  call void @llvm.coro.destroy(ptr %h)
  br label %cleanup
ready:
  %p = call ptr @llvm.coro.promise(ptr %h, i32 4, i1 false)
  %v = load i32, ptr %p
  call void @llvm.coro.destroy(ptr %h)
  call void @use(i32 %v)
  %fin = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %fin, label %suspend [i8 1, label %cleanup]
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

@g = global i32 1

declare void @print(i32)
declare void @use(i32)
declare ptr @malloc(i64)
declare void @free(ptr)

declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr)
declare i1 @llvm.coro.alloc(token)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr writeonly)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr readonly captures(none))
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr captures(none), i32, i1)

attributes #7 = { presplitcoroutine willreturn nofree nosync norecurse nounwind mustprogress nocallback memory(argmem: read) uwtable "keep"="yes" }
attributes #8 = { nounwind willreturn memory(none) }
