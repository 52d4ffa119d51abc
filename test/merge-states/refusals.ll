; Refusals of coroslim-merge-states: each function has two sibling suspend
; points that differ in one way the pass must not merge. Nothing changes and
; a missed remark says which rule failed.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -S < %s > %t.orig.ll
; RUN: diff %t.orig.ll %t.ll
;
; REMARK-NOT: remark: {{.*}} merged
; REMARK: remark: <unknown>:0:0: coroutine destroy_differs: cannot merge the second internal suspend point with the first internal suspend point: destroy behaviour differs: different callees (@release_a vs @release_b)
; REMARK: remark: <unknown>:0:0: coroutine liveout_unrepairable: cannot merge the second internal suspend point with the first internal suspend point: unrepairable live-out value: where the regions join, the code starting with a call of @use takes an add from one region and 7, which does not correspond, from the other
; REMARK: remark: <unknown>:0:0: coroutine volatile_differs: cannot merge the second internal suspend point with the first internal suspend point: resume continuations differ: volatile or atomic access differs (a store vs a store)
; REMARK: remark: <unknown>:0:0: coroutine atomic_operands: cannot merge the second internal suspend point with the first internal suspend point: resume continuations differ: volatile or atomic access with different operands (1 vs 2)
; REMARK: remark: <unknown>:0:0: coroutine debug_differs: cannot merge the second internal suspend point with the first internal suspend point: resume continuations differ: debug info present: debug records before a call of @use and a call of @use differ (variable or expression); merging would describe one arm's variables in the other

define ptr @destroy_differs(i1 %c, ptr %p) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %r.a
    i8 1, label %d.a
  ]
arm.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %r.b
    i8 1, label %d.b
  ]
r.a:
  call void @use(i32 1)
  br label %join
r.b:
  call void @use(i32 2)
  br label %join
d.a:
  call void @release_a()
  br label %cleanup
d.b:
  call void @release_b()
  br label %cleanup
join:

  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}
define ptr @liveout_unrepairable(i1 %c, ptr %p, i32 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %r.a
    i8 1, label %cleanup
  ]
arm.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %r.b
    i8 1, label %cleanup
  ]
r.a:
  %xa = add i32 %n, 2
  br label %join
r.b:
  %xb = add i32 %n, 2
  br label %join
join:
  %v = phi i32 [ %xa, %r.a ], [ 7, %r.b ]
  call void @use(i32 %v)
  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}
define ptr @volatile_differs(i1 %c, ptr %p) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %r.a
    i8 1, label %cleanup
  ]
arm.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %r.b
    i8 1, label %cleanup
  ]
r.a:
  store volatile i32 1, ptr %p
  br label %join
r.b:
  store i32 1, ptr %p
  br label %join
join:

  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}
define ptr @atomic_operands(i1 %c, ptr %p) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %r.a
    i8 1, label %cleanup
  ]
arm.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %r.b
    i8 1, label %cleanup
  ]
r.a:
  store atomic i32 1, ptr %p seq_cst, align 4
  br label %join
r.b:
  store atomic i32 2, ptr %p seq_cst, align 4
  br label %join
join:

  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}
define ptr @debug_differs(i1 %c, ptr %p) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %start
    i8 1, label %cleanup
  ]
start:
  br i1 %c, label %arm.a, label %arm.b
arm.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %r.a
    i8 1, label %cleanup
  ]
arm.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %r.b
    i8 1, label %cleanup
  ]
r.a:
    #dbg_value(i32 1, !10, !DIExpression(), !20)
  call void @use(i32 1)
  br label %join
r.b:
    #dbg_value(i32 1, !11, !DIExpression(), !20)
  call void @use(i32 1)
  br label %join
join:

  br label %cleanup
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare void @use(i32)
declare void @release_a()
declare void @release_b()
declare ptr @malloc(i64)
declare void @free(ptr)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.c", directory: "/")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = distinct !DISubprogram(name: "debug_differs", scope: !1, file: !1, line: 1, type: !4, unit: !0, spFlags: DISPFlagDefinition | DISPFlagOptimized)
!4 = !DISubroutineType(types: !{})
!5 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!10 = !DILocalVariable(name: "x", scope: !3, file: !1, line: 2, type: !5)
!11 = !DILocalVariable(name: "y", scope: !3, file: !1, line: 3, type: !5)
!20 = !DILocation(line: 2, scope: !3)
