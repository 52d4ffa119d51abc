; Level 2 refusals next to level2-argument-phis.ll: what differs inside
; the region (from the call that starts the awaited operation to the join)
; is not moved out of it. A pure operation computed after the suspend from
; values known before it (an add vs a mul) is not hoisted into the arms, an
; operation with side effects (a store vs a call) is not moved either, and
; an immarg operand (llvm.prefetch's) that differs cannot become a phi.
; Nothing changes, and the remarks say what differs in source terms: by
; what it does, by line with -g (the @dbg function), a C++ function by its
; demangled name, never by IR names.
;
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S < %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   > %t.ll 2>%t.remarks
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -S < %s > %t.orig.ll
; RUN: diff %t.orig.ll %t.ll
; RUN: not grep '%' %t.remarks
;
; REMARK-NOT: merged
; REMARK: remark: <unknown>:0:0: coroutine pure_inside: cannot merge the second internal suspend point with the first internal suspend point: different operations (an add vs a mul)
; REMARK: remark: <unknown>:0:0: coroutine effect_inside: cannot merge the second internal suspend point with the first internal suspend point: different operations (a store vs a call of log(int))
; REMARK: remark: <unknown>:0:0: coroutine immarg_inside: cannot merge the second internal suspend point with the first internal suspend point: operand 1 of llvm.prefetch.p0 differs and must stay constant
; REMARK: remark: dbg.c:13:3: coroutine dbg: cannot merge the internal suspend point at line 13 with the internal suspend point at line 12: different operations (a store at line 22 vs a call of @log at line 23)
; REMARK-NOT: merged

define ptr @pure_inside(i1 %c, i32 %x, i32 %y, i32 %z, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  br i1 %c, label %a, label %b

a:
  %ha = call ptr @start_op(i32 %x)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  %ra = add i32 %z, 1
  store i32 %ra, ptr %q
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %hb = call ptr @start_op(i32 %y)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  %rb = mul i32 %z, 2
  store i32 %rb, ptr %q
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @effect_inside(i1 %c, i32 %x, i32 %y, i32 %z, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  br i1 %c, label %a, label %b

a:
  %ha = call ptr @start_op(i32 %x)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  store i32 %va, ptr %q
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %hb = call ptr @start_op(i32 %y)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @_Z3logi(i32 %vb)
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @immarg_inside(i1 %c, i32 %x, i32 %y, i32 %z, ptr %q, ptr %out) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  br i1 %c, label %a, label %b

a:
  %ha = call ptr @start_op(i32 %x)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  call void @llvm.prefetch.p0(ptr %q, i32 0, i32 3, i32 1)
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %hb = call ptr @start_op(i32 %y)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @llvm.prefetch.p0(ptr %q, i32 1, i32 3, i32 1)
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @dbg(i1 %c, i32 %x, i32 %y, i32 %z, ptr %q, ptr %out) presplitcoroutine !dbg !3 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %s0 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s0, label %ret [
    i8 0, label %dispatch
    i8 1, label %cleanup
  ]

dispatch:
  br i1 %c, label %a, label %b

a:
  %ha = call ptr @start_op(i32 %x)
  br label %loop.a
loop.a:
  call void @llvm.coro.resume(ptr %ha)
  %da = call i1 @llvm.coro.done(ptr %ha)
  br i1 %da, label %ready.a, label %pending.a
pending.a:
  %sa = call i8 @llvm.coro.suspend(token none, i1 false), !dbg !10
  switch i8 %sa, label %ret [
    i8 0, label %loop.a
    i8 1, label %destroy.a
  ]
destroy.a:
  call void @llvm.coro.destroy(ptr %ha)
  br label %cleanup
ready.a:
  %pa = call ptr @llvm.coro.promise(ptr %ha, i32 4, i1 false)
  %va = load i32, ptr %pa
  store i32 %va, ptr %q, !dbg !12
  call void @llvm.coro.destroy(ptr %ha)
  br label %join

b:
  %hb = call ptr @start_op(i32 %y)
  br label %loop.b
loop.b:
  call void @llvm.coro.resume(ptr %hb)
  %db = call i1 @llvm.coro.done(ptr %hb)
  br i1 %db, label %ready.b, label %pending.b
pending.b:
  %sb = call i8 @llvm.coro.suspend(token none, i1 false), !dbg !11
  switch i8 %sb, label %ret [
    i8 0, label %loop.b
    i8 1, label %destroy.b
  ]
destroy.b:
  call void @llvm.coro.destroy(ptr %hb)
  br label %cleanup
ready.b:
  %pb = call ptr @llvm.coro.promise(ptr %hb, i32 4, i1 false)
  %vb = load i32, ptr %pb
  call void @log(i32 %vb), !dbg !13
  call void @llvm.coro.destroy(ptr %hb)
  br label %join

join:
  %v = phi i32 [ %va, %ready.a ], [ %vb, %ready.b ]
  store i32 %v, ptr %out
  %sf = call i8 @llvm.coro.suspend(token none, i1 true)
  switch i8 %sf, label %ret [
    i8 0, label %trap
    i8 1, label %cleanup
  ]
trap:
  unreachable
cleanup:
  %fr = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %fr)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare ptr @start_op(i32)
declare void @log(i32)
declare void @_Z3logi(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @llvm.prefetch.p0(ptr, i32 immarg, i32 immarg, i32 immarg)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "dbg.c", directory: "/")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = distinct !DISubprogram(name: "dbg", scope: !1, file: !1, line: 5, type: !4, scopeLine: 5, spFlags: DISPFlagDefinition, unit: !0)
!4 = !DISubroutineType(types: !{})
!10 = !DILocation(line: 12, column: 3, scope: !3)
!11 = !DILocation(line: 13, column: 3, scope: !3)
!12 = !DILocation(line: 22, column: 5, scope: !3)
!13 = !DILocation(line: 23, column: 5, scope: !3)
