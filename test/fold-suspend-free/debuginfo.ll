; The twin keeps the coroutine's function attributes (minus
; presplitcoroutine and those that describe one call of the ramp, here
; nounwind: see twin-attributes.ll) and gets its own distinct DISubprogram, a clone of the
; ramp's, so both can live in one module; its code keeps its locations and
; the call that replaces the await carries the ramp call's location.
; Input: clang -O2 -g of a C coroutine written with raw builtins, as the
; pass sees it inside clang's pipeline (-print-before=coroslim-fold-suspend-free).
; LLVM 22 IR (a void llvm.coro.end, captures(none) and size-less lifetime markers), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-fold-suspend-free -verify-each -S %s | FileCheck %s

; CHECK-LABEL: define dso_local ptr @top(
; CHECK: call void @leaf.twin(i32 noundef %0, ptr %leaf.promise), !dbg [[CALL:![0-9]+]]
; CHECK: define internal ptr @leaf(i32 noundef %0) [[RAMPATTRS:#[0-9]+]] !dbg [[RAMPSP:![0-9]+]] {
; CHECK: define internal void @leaf.twin(i32 noundef %0, ptr noalias nonnull align 4 captures(none) dereferenceable(8) %promise) unnamed_addr [[TWINATTRS:#[0-9]+]] !dbg [[TWINSP:![0-9]+]] {
; CHECK: call void @effect(i32 noundef %0), !dbg [[EFFECT:![0-9]+]]
; CHECK: ret void, !dbg
; CHECK: attributes [[RAMPATTRS]] = { noinline nounwind presplitcoroutine uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
; CHECK: attributes [[TWINATTRS]] = { noinline uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
; CHECK-DAG: [[CALL]] = !DILocation(line: 38, column: 13,
; CHECK-DAG: [[RAMPSP]] = distinct !DISubprogram(name: "leaf", scope: !1, file: !1, line: 6,
; CHECK-DAG: [[TWINSP]] = distinct !DISubprogram(name: "leaf", scope: !1, file: !1, line: 6,
; CHECK-DAG: [[EFFECT]] = !DILocation(line: 15, column: 3, scope: [[TWINSP]])

; ModuleID = 'dbg.c'
source_filename = "dbg.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.promise_t = type { i32, i32 }

; Function Attrs: nounwind presplitcoroutine uwtable
define dso_local ptr @top(i32 noundef %0, ptr noundef %1) #0 !dbg !22 {
  %3 = alloca %struct.promise_t, align 4, !DIAssignID !40
    #dbg_assign(i1 poison, !30, !DIExpression(), !40, ptr %3, !DIExpression(), !41)
    #dbg_value(i32 %0, !28, !DIExpression(), !41)
    #dbg_value(ptr %1, !29, !DIExpression(), !41)
  %4 = call token @llvm.coro.id(i32 16, ptr %3, ptr @top, ptr null), !dbg !42
    #dbg_value(ptr null, !31, !DIExpression(), !41)
  %5 = call i1 @llvm.coro.alloc(token %4), !dbg !43
  br i1 %5, label %6, label %9, !dbg !45

6:                                                ; preds = %2
  %7 = call i64 @llvm.coro.size.i64(), !dbg !46
  %8 = call ptr @frame_alloc(i64 noundef %7), !dbg !47
    #dbg_value(ptr %8, !31, !DIExpression(), !41)
  br label %9, !dbg !48

9:                                                ; preds = %6, %2
  %10 = phi ptr [ %8, %6 ], [ null, %2 ], !dbg !41
    #dbg_value(ptr %10, !31, !DIExpression(), !41)
  %11 = call ptr @llvm.coro.begin(token %4, ptr %10) #10, !dbg !49
  %12 = call ptr @llvm.coro.promise(ptr %11, i32 4, i1 false) #10, !dbg !50
  %13 = getelementptr inbounds i8, ptr %11, i32 16, !dbg !50
    #dbg_value(ptr %13, !32, !DIExpression(), !41)
  store i32 0, ptr %13, align 4, !dbg !51, !tbaa !52
  %14 = call i8 @llvm.coro.suspend(token none, i1 false), !dbg !54
  %15 = sext i8 %14 to i32, !dbg !55
  switch i32 %15, label %43 [
    i32 0, label %16
    i32 1, label %38
  ], !dbg !56

16:                                               ; preds = %9
  %17 = call ptr @leaf(i32 noundef %0), !dbg !57
    #dbg_value(ptr %17, !35, !DIExpression(), !58)
  br label %18, !dbg !59

18:                                               ; preds = %23, %16
  %19 = call ptr @llvm.coro.subfn.addr(ptr %17, i8 0)
  call fastcc void %19(ptr %17), !dbg !60
  %20 = getelementptr inbounds i8, ptr %17, i32 16, !dbg !64
  %21 = load i32, ptr %20, align 4, !dbg !66, !tbaa !52
  %22 = icmp ne i32 %21, 0, !dbg !67
  br i1 %22, label %28, label %23, !dbg !68

23:                                               ; preds = %18
  %24 = call i8 @llvm.coro.suspend(token none, i1 false), !dbg !69
  %25 = sext i8 %24 to i32, !dbg !70
  switch i32 %25, label %32 [
    i32 0, label %18
    i32 1, label %26
  ], !dbg !71

26:                                               ; preds = %23
  %27 = call ptr @llvm.coro.subfn.addr(ptr %17, i8 1)
  call fastcc void %27(ptr %17), !dbg !72
  br label %32, !dbg !74

28:                                               ; preds = %18
  %29 = getelementptr inbounds nuw %struct.promise_t, ptr %20, i32 0, i32 1, !dbg !75
  %30 = load i32, ptr %29, align 4, !dbg !76, !tbaa !77
    #dbg_value(i32 %30, !33, !DIExpression(), !58)
  %31 = call ptr @llvm.coro.subfn.addr(ptr %17, i8 1)
  call fastcc void %31(ptr %17), !dbg !78
  store i32 %30, ptr %1, align 4, !dbg !79, !tbaa !18
  br label %32, !dbg !80

32:                                               ; preds = %23, %26, %28
  %33 = phi i32 [ 0, %28 ], [ 3, %26 ], [ 4, %23 ]
  switch i32 %33, label %44 [
    i32 0, label %34
    i32 3, label %38
    i32 4, label %43
  ]

34:                                               ; preds = %32
  store i32 1, ptr %13, align 4, !dbg !81, !tbaa !52
  %35 = call i8 @llvm.coro.suspend(token none, i1 true) #10, !dbg !82
  %36 = sext i8 %35 to i32, !dbg !83
  %37 = icmp eq i32 %36, 1, !dbg !84
  br i1 %37, label %38, label %43, !dbg !84

38:                                               ; preds = %34, %9, %32
    #dbg_label(!36, !85)
  %39 = call ptr @llvm.coro.free(token %4, ptr %11), !dbg !86
    #dbg_value(ptr %39, !37, !DIExpression(), !87)
  %40 = icmp ne ptr %39, null, !dbg !88
  br i1 %40, label %41, label %42, !dbg !90

41:                                               ; preds = %38
  call void @frame_free(ptr noundef %39), !dbg !91
  br label %42, !dbg !91

42:                                               ; preds = %41, %38
  br label %43, !dbg !92

43:                                               ; preds = %34, %9, %42, %32
    #dbg_label(!39, !93)
  call void @llvm.coro.end(ptr null, i1 false, token none) #10, !dbg !94
  ret ptr %11, !dbg !95

44:                                               ; preds = %32
  unreachable
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #1

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr) #2

; Function Attrs: nounwind
declare i1 @llvm.coro.alloc(token) #3

declare !dbg !96 ptr @frame_alloc(i64 noundef) #4

; Function Attrs: nofree nosync nounwind memory(none)
declare i64 @llvm.coro.size.i64() #5

; Function Attrs: nounwind
declare ptr @llvm.coro.begin(token, ptr writeonly) #3

; Function Attrs: nofree nosync nounwind memory(none)
declare ptr @llvm.coro.promise(ptr captures(none), i32, i1) #5

; Function Attrs: nounwind
declare i8 @llvm.coro.suspend(token, i1) #3

; Function Attrs: noinline nounwind presplitcoroutine uwtable
define internal ptr @leaf(i32 noundef %0) #6 !dbg !100 {
  %2 = alloca %struct.promise_t, align 4, !DIAssignID !112
    #dbg_assign(i1 poison, !105, !DIExpression(), !112, ptr %2, !DIExpression(), !113)
    #dbg_value(i32 %0, !104, !DIExpression(), !113)
  %3 = call token @llvm.coro.id(i32 16, ptr %2, ptr @leaf, ptr null), !dbg !114
    #dbg_value(ptr null, !106, !DIExpression(), !113)
  %4 = call i1 @llvm.coro.alloc(token %3), !dbg !115
  br i1 %4, label %5, label %8, !dbg !117

5:                                                ; preds = %1
  %6 = call i64 @llvm.coro.size.i64(), !dbg !118
  %7 = call ptr @frame_alloc(i64 noundef %6), !dbg !119
    #dbg_value(ptr %7, !106, !DIExpression(), !113)
  br label %8, !dbg !120

8:                                                ; preds = %5, %1
  %9 = phi ptr [ %7, %5 ], [ null, %1 ], !dbg !113
    #dbg_value(ptr %9, !106, !DIExpression(), !113)
  %10 = call ptr @llvm.coro.begin(token %3, ptr %9) #10, !dbg !121
  %11 = call ptr @llvm.coro.promise(ptr %10, i32 4, i1 false) #10, !dbg !122
  %12 = getelementptr inbounds i8, ptr %10, i32 16, !dbg !122
    #dbg_value(ptr %12, !107, !DIExpression(), !113)
  store i32 0, ptr %12, align 4, !dbg !123, !tbaa !52
  %13 = call i8 @llvm.coro.suspend(token none, i1 false), !dbg !124
  %14 = sext i8 %13 to i32, !dbg !125
  switch i32 %14, label %26 [
    i32 0, label %15
    i32 1, label %21
  ], !dbg !126

15:                                               ; preds = %8
  call void @effect(i32 noundef %0), !dbg !127
  %16 = mul nsw i32 %0, 2, !dbg !128
  %17 = getelementptr inbounds nuw %struct.promise_t, ptr %12, i32 0, i32 1, !dbg !129
  store i32 %16, ptr %17, align 4, !dbg !130, !tbaa !77
  store i32 1, ptr %12, align 4, !dbg !131, !tbaa !52
  %18 = call i8 @llvm.coro.suspend(token none, i1 true) #10, !dbg !132
  %19 = sext i8 %18 to i32, !dbg !133
  %20 = icmp eq i32 %19, 1, !dbg !134
  br i1 %20, label %21, label %26, !dbg !134

21:                                               ; preds = %15, %8
    #dbg_label(!108, !135)
  %22 = call ptr @llvm.coro.free(token %3, ptr %10), !dbg !136
    #dbg_value(ptr %22, !109, !DIExpression(), !137)
  %23 = icmp ne ptr %22, null, !dbg !138
  br i1 %23, label %24, label %25, !dbg !140

24:                                               ; preds = %21
  call void @frame_free(ptr noundef %22), !dbg !141
  br label %25, !dbg !141

25:                                               ; preds = %24, %21
  br label %26, !dbg !142

26:                                               ; preds = %15, %8, %25
    #dbg_label(!111, !143)
  call void @llvm.coro.end(ptr null, i1 false, token none) #10, !dbg !144
  ret ptr %10, !dbg !145
}

declare void @llvm.coro.resume(ptr)

declare void @llvm.coro.destroy(ptr)

; Function Attrs: mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #1

; Function Attrs: nofree nounwind memory(argmem: read)
declare ptr @llvm.coro.free(token, ptr readonly captures(none)) #7

declare !dbg !146 void @frame_free(ptr noundef) #4

; Function Attrs: nounwind
declare void @llvm.coro.end(ptr, i1, token) #3

; Function Attrs: nounwind uwtable
define dso_local ptr @start_leaf(i32 noundef %0) #8 !dbg !149 {
    #dbg_value(i32 %0, !151, !DIExpression(), !152)
  %2 = call ptr @leaf(i32 noundef %0), !dbg !153
  ret ptr %2, !dbg !154
}

declare !dbg !155 void @effect(i32 noundef) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8) #9

attributes #0 = { nounwind presplitcoroutine uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { mustprogress nocallback nofree nosync nounwind willreturn memory(argmem: read) }
attributes #3 = { nounwind }
attributes #4 = { "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nofree nosync nounwind memory(none) }
attributes #6 = { noinline nounwind presplitcoroutine uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #7 = { nofree nounwind memory(argmem: read) }
attributes #8 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #9 = { nocallback nofree nosync nounwind willreturn memory(argmem: read) }
attributes #10 = { noduplicate }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!10, !11, !12, !13, !14, !15, !16}
!llvm.ident = !{!17}
!llvm.errno.tbaa = !{!18}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "Debian clang version 22.1.8 (1~deb12u1)", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, retainedTypes: !2, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "dbg.c", directory: "/tmp/fold", checksumkind: CSK_MD5, checksum: "362bcbb532980b49f00dcf59cffdc70a")
!2 = !{!3}
!3 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !4, size: 64)
!4 = !DIDerivedType(tag: DW_TAG_typedef, name: "promise_t", file: !1, line: 1, baseType: !5)
!5 = distinct !DICompositeType(tag: DW_TAG_structure_type, file: !1, line: 1, size: 64, elements: !6)
!6 = !{!7, !9}
!7 = !DIDerivedType(tag: DW_TAG_member, name: "done", scope: !5, file: !1, line: 1, baseType: !8, size: 32)
!8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!9 = !DIDerivedType(tag: DW_TAG_member, name: "value", scope: !5, file: !1, line: 1, baseType: !8, size: 32, offset: 32)
!10 = !{i32 7, !"Dwarf Version", i32 5}
!11 = !{i32 2, !"Debug Info Version", i32 3}
!12 = !{i32 1, !"wchar_size", i32 4}
!13 = !{i32 8, !"PIC Level", i32 2}
!14 = !{i32 7, !"PIE Level", i32 2}
!15 = !{i32 7, !"uwtable", i32 2}
!16 = !{i32 7, !"debug-info-assignment-tracking", i1 true}
!17 = !{!"Debian clang version 22.1.8 (1~deb12u1)"}
!18 = !{!19, !19, i64 0}
!19 = !{!"int", !20, i64 0}
!20 = !{!"omnipotent char", !21, i64 0}
!21 = !{!"Simple C/C++ TBAA"}
!22 = distinct !DISubprogram(name: "top", scope: !1, file: !1, line: 27, type: !23, scopeLine: 27, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !27, keyInstructions: true)
!23 = !DISubroutineType(types: !24)
!24 = !{!25, !8, !26}
!25 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64)
!26 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !8, size: 64)
!27 = !{!28, !29, !30, !31, !32, !33, !35, !36, !37, !39}
!28 = !DILocalVariable(name: "n", arg: 1, scope: !22, file: !1, line: 27, type: !8)
!29 = !DILocalVariable(name: "res", arg: 2, scope: !22, file: !1, line: 27, type: !26)
!30 = !DILocalVariable(name: "prom", scope: !22, file: !1, line: 28, type: !4)
!31 = !DILocalVariable(name: "mem", scope: !22, file: !1, line: 30, type: !25)
!32 = !DILocalVariable(name: "p", scope: !22, file: !1, line: 33, type: !3)
!33 = !DILocalVariable(name: "v", scope: !34, file: !1, line: 37, type: !8)
!34 = distinct !DILexicalBlock(scope: !22, file: !1, line: 36, column: 3)
!35 = !DILocalVariable(name: "c", scope: !34, file: !1, line: 38, type: !25)
!36 = !DILabel(scope: !22, name: "cleanup", file: !1, line: 43, column: 1)
!37 = !DILocalVariable(name: "m", scope: !38, file: !1, line: 44, type: !25)
!38 = distinct !DILexicalBlock(scope: !22, file: !1, line: 43, column: 10)
!39 = !DILabel(scope: !22, name: "out", file: !1, line: 47, column: 1)
!40 = distinct !DIAssignID()
!41 = !DILocation(line: 0, scope: !22)
!42 = !DILocation(line: 29, column: 3, scope: !22)
!43 = !DILocation(line: 31, column: 7, scope: !44, atomGroup: 2, atomRank: 2)
!44 = distinct !DILexicalBlock(scope: !22, file: !1, line: 31, column: 7)
!45 = !DILocation(line: 31, column: 7, scope: !44, atomGroup: 2, atomRank: 1)
!46 = !DILocation(line: 32, column: 23, scope: !44)
!47 = !DILocation(line: 32, column: 11, scope: !44, atomGroup: 3, atomRank: 2)
!48 = !DILocation(line: 32, column: 5, scope: !44)
!49 = !DILocation(line: 33, column: 41, scope: !22, atomGroup: 24, atomRank: 2)
!50 = !DILocation(line: 33, column: 18, scope: !22, atomGroup: 4, atomRank: 2)
!51 = !DILocation(line: 34, column: 11, scope: !22, atomGroup: 5, atomRank: 1)
!52 = !{!53, !19, i64 0}
!53 = !{!"", !19, i64 0, !19, i64 4}
!54 = !DILocation(line: 35, column: 11, scope: !22, atomGroup: 6, atomRank: 3)
!55 = !DILocation(line: 35, column: 11, scope: !22, atomGroup: 6, atomRank: 2)
!56 = !DILocation(line: 35, column: 3, scope: !22, atomGroup: 6, atomRank: 1)
!57 = !DILocation(line: 38, column: 13, scope: !34, atomGroup: 9, atomRank: 2)
!58 = !DILocation(line: 0, scope: !34)
!59 = !DILocation(line: 38, column: 22, scope: !34)
!60 = !DILocation(line: 38, column: 33, scope: !61)
!61 = distinct !DILexicalBlock(scope: !62, file: !1, line: 38, column: 31)
!62 = distinct !DILexicalBlock(scope: !63, file: !1, line: 38, column: 22)
!63 = distinct !DILexicalBlock(scope: !34, file: !1, line: 38, column: 22)
!64 = !DILocation(line: 38, column: 76, scope: !65)
!65 = distinct !DILexicalBlock(scope: !61, file: !1, line: 38, column: 63)
!66 = !DILocation(line: 38, column: 110, scope: !65)
!67 = !DILocation(line: 38, column: 63, scope: !65, atomGroup: 10, atomRank: 2)
!68 = !DILocation(line: 38, column: 63, scope: !65, atomGroup: 10, atomRank: 1)
!69 = !DILocation(line: 38, column: 131, scope: !61, atomGroup: 12, atomRank: 3)
!70 = !DILocation(line: 38, column: 131, scope: !61, atomGroup: 12, atomRank: 2)
!71 = !DILocation(line: 38, column: 123, scope: !61, atomGroup: 12, atomRank: 1)
!72 = !DILocation(line: 38, column: 186, scope: !73)
!73 = distinct !DILexicalBlock(scope: !61, file: !1, line: 38, column: 158)
!74 = !DILocation(line: 38, column: 213, scope: !73, atomGroup: 14, atomRank: 1)
!75 = !DILocation(line: 38, column: 301, scope: !34)
!76 = !DILocation(line: 38, column: 301, scope: !34, atomGroup: 16, atomRank: 2)
!77 = !{!53, !19, i64 4}
!78 = !DILocation(line: 38, column: 308, scope: !34)
!79 = !DILocation(line: 39, column: 8, scope: !34, atomGroup: 17, atomRank: 1)
!80 = !DILocation(line: 40, column: 3, scope: !22)
!81 = !DILocation(line: 41, column: 11, scope: !22, atomGroup: 18, atomRank: 1)
!82 = !DILocation(line: 42, column: 11, scope: !22, atomGroup: 19, atomRank: 3)
!83 = !DILocation(line: 42, column: 11, scope: !22, atomGroup: 19, atomRank: 2)
!84 = !DILocation(line: 42, column: 3, scope: !22, atomGroup: 19, atomRank: 1)
!85 = !DILocation(line: 43, column: 1, scope: !22)
!86 = !DILocation(line: 44, column: 13, scope: !38, atomGroup: 22, atomRank: 2)
!87 = !DILocation(line: 0, scope: !38)
!88 = !DILocation(line: 45, column: 7, scope: !89, atomGroup: 23, atomRank: 2)
!89 = distinct !DILexicalBlock(scope: !38, file: !1, line: 45, column: 7)
!90 = !DILocation(line: 45, column: 7, scope: !89, atomGroup: 23, atomRank: 1)
!91 = !DILocation(line: 45, column: 10, scope: !89)
!92 = !DILocation(line: 46, column: 1, scope: !38)
!93 = !DILocation(line: 47, column: 1, scope: !22)
!94 = !DILocation(line: 47, column: 6, scope: !22)
!95 = !DILocation(line: 49, column: 1, scope: !22, atomGroup: 25, atomRank: 1)
!96 = !DISubprogram(name: "frame_alloc", scope: !1, file: !1, line: 2, type: !97, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)
!97 = !DISubroutineType(types: !98)
!98 = !{!25, !99}
!99 = !DIBasicType(name: "unsigned long", size: 64, encoding: DW_ATE_unsigned)
!100 = distinct !DISubprogram(name: "leaf", scope: !1, file: !1, line: 6, type: !101, scopeLine: 6, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !103, keyInstructions: true)
!101 = !DISubroutineType(types: !102)
!102 = !{!25, !8}
!103 = !{!104, !105, !106, !107, !108, !109, !111}
!104 = !DILocalVariable(name: "n", arg: 1, scope: !100, file: !1, line: 6, type: !8)
!105 = !DILocalVariable(name: "prom", scope: !100, file: !1, line: 7, type: !4)
!106 = !DILocalVariable(name: "mem", scope: !100, file: !1, line: 9, type: !25)
!107 = !DILocalVariable(name: "p", scope: !100, file: !1, line: 12, type: !3)
!108 = !DILabel(scope: !100, name: "cleanup", file: !1, line: 19, column: 1)
!109 = !DILocalVariable(name: "m", scope: !110, file: !1, line: 20, type: !25)
!110 = distinct !DILexicalBlock(scope: !100, file: !1, line: 19, column: 10)
!111 = !DILabel(scope: !100, name: "out", file: !1, line: 23, column: 1)
!112 = distinct !DIAssignID()
!113 = !DILocation(line: 0, scope: !100)
!114 = !DILocation(line: 8, column: 3, scope: !100)
!115 = !DILocation(line: 10, column: 7, scope: !116, atomGroup: 2, atomRank: 2)
!116 = distinct !DILexicalBlock(scope: !100, file: !1, line: 10, column: 7)
!117 = !DILocation(line: 10, column: 7, scope: !116, atomGroup: 2, atomRank: 1)
!118 = !DILocation(line: 11, column: 23, scope: !116)
!119 = !DILocation(line: 11, column: 11, scope: !116, atomGroup: 3, atomRank: 2)
!120 = !DILocation(line: 11, column: 5, scope: !116)
!121 = !DILocation(line: 12, column: 41, scope: !100, atomGroup: 17, atomRank: 2)
!122 = !DILocation(line: 12, column: 18, scope: !100, atomGroup: 4, atomRank: 2)
!123 = !DILocation(line: 13, column: 11, scope: !100, atomGroup: 5, atomRank: 1)
!124 = !DILocation(line: 14, column: 11, scope: !100, atomGroup: 6, atomRank: 3)
!125 = !DILocation(line: 14, column: 11, scope: !100, atomGroup: 6, atomRank: 2)
!126 = !DILocation(line: 14, column: 3, scope: !100, atomGroup: 6, atomRank: 1)
!127 = !DILocation(line: 15, column: 3, scope: !100)
!128 = !DILocation(line: 16, column: 16, scope: !100, atomGroup: 9, atomRank: 2)
!129 = !DILocation(line: 16, column: 6, scope: !100)
!130 = !DILocation(line: 16, column: 12, scope: !100, atomGroup: 9, atomRank: 1)
!131 = !DILocation(line: 17, column: 11, scope: !100, atomGroup: 10, atomRank: 1)
!132 = !DILocation(line: 18, column: 11, scope: !100, atomGroup: 11, atomRank: 3)
!133 = !DILocation(line: 18, column: 11, scope: !100, atomGroup: 11, atomRank: 2)
!134 = !DILocation(line: 18, column: 3, scope: !100, atomGroup: 11, atomRank: 1)
!135 = !DILocation(line: 19, column: 1, scope: !100)
!136 = !DILocation(line: 20, column: 13, scope: !110, atomGroup: 14, atomRank: 2)
!137 = !DILocation(line: 0, scope: !110)
!138 = !DILocation(line: 21, column: 7, scope: !139, atomGroup: 15, atomRank: 2)
!139 = distinct !DILexicalBlock(scope: !110, file: !1, line: 21, column: 7)
!140 = !DILocation(line: 21, column: 7, scope: !139, atomGroup: 15, atomRank: 1)
!141 = !DILocation(line: 21, column: 10, scope: !139)
!142 = !DILocation(line: 22, column: 1, scope: !110)
!143 = !DILocation(line: 23, column: 1, scope: !100)
!144 = !DILocation(line: 23, column: 6, scope: !100)
!145 = !DILocation(line: 24, column: 3, scope: !100, atomGroup: 17, atomRank: 1)
!146 = !DISubprogram(name: "frame_free", scope: !1, file: !1, line: 3, type: !147, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)
!147 = !DISubroutineType(types: !148)
!148 = !{null, !25}
!149 = distinct !DISubprogram(name: "start_leaf", scope: !1, file: !1, line: 52, type: !101, scopeLine: 52, flags: DIFlagPrototyped | DIFlagAllCallsDescribed, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !150, keyInstructions: true)
!150 = !{!151}
!151 = !DILocalVariable(name: "n", arg: 1, scope: !149, file: !1, line: 52, type: !8)
!152 = !DILocation(line: 0, scope: !149)
!153 = !DILocation(line: 52, column: 34, scope: !149, atomGroup: 1, atomRank: 2)
!154 = !DILocation(line: 52, column: 27, scope: !149, atomGroup: 1, atomRank: 1)
!155 = !DISubprogram(name: "effect", scope: !1, file: !1, line: 4, type: !156, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)
!156 = !DISubroutineType(types: !157)
!157 = !{null, !8}
