; What one inline leaves must be input the pass accepts again. bar awaits
; foo, into which event was already inlined (taken from raw-chain.c).
; Inlining foo into bar clones foo's cleanup-destination switch; on the
; path the clone runs it is constant (`switch i32 0`), and one of its dead
; cases ends in the clone of foo's return, `ret ptr poison`. The clean-up
; after the rewrite folds the switch and deletes the dead cases (and the
; cloned cleanups' branches to inl.never). max-size=100 stops the pass after
; that one inline (bar into twice would clone 115 instructions); a second
; run then inlines bar into twice, which refused it before.
;
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='coroslim-inline-single-suspend<max-size=100>' -verify-each -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -S %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=ONE
; RUN: FileCheck %s < %t.ll
; RUN: %opt -passes='coroslim-inline-single-suspend' -verify-each -pass-remarks=coroslim-inline-single-suspend -pass-remarks-missed=coroslim-inline-single-suspend -disable-output %t.ll 2>&1 | FileCheck %s --check-prefix=AGAIN

; ONE: inlined coroutine foo into bar: 1 internal suspend point(s), 85 instructions cloned
; ONE: not inlining 'bar' into twice: it would clone 115 instructions (at most 100 allowed by -coroslim-inline-max-size)

; CHECK-LABEL: define hidden ptr @bar(
; CHECK-NOT: switch i32 0,
; CHECK-NOT: ret ptr poison
; CHECK-NOT: inl.never
; CHECK-NOT: {{call ptr @(foo|event)\(}}
; CHECK: {{^}}}

; AGAIN: inlined coroutine bar into twice: 1 internal suspend point(s), 115 instructions cloned
; AGAIN-NOT: not inlining

; ModuleID = 'llvm-link'
source_filename = "llvm-link"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.promise_t = type { i32 }

@current = external hidden global ptr, align 8
@waiter = external hidden global ptr, align 8
@.str.6 = external hidden unnamed_addr constant [20 x i8], align 1
@.str.5 = external hidden unnamed_addr constant [18 x i8], align 1

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @foo(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = alloca %struct.promise_t, align 8
  %4 = call token @llvm.coro.id(i32 8, ptr %3, ptr @foo, ptr null)
  %5 = call i1 @llvm.coro.alloc(token %4)
  br i1 %5, label %6, label %9

6:                                                ; preds = %1
  %7 = call i64 @llvm.coro.size.i64()
  %8 = call ptr @my_alloc(i64 noundef %7) #8
  br label %9

9:                                                ; preds = %6, %1
  %10 = phi ptr [ %8, %6 ], [ null, %1 ]
  %11 = call ptr @llvm.coro.begin(token %4, ptr %10) #9
  %promise.addr = call ptr @llvm.coro.promise(ptr %11, i32 8, i1 false) #9
  %12 = getelementptr inbounds i8, ptr %11, i32 16
  %13 = call i8 @llvm.coro.suspend(token none, i1 false)
  %14 = sext i8 %13 to i32
  switch i32 %14, label %36 [
    i32 0, label %15
    i32 1, label %31
  ]

15:                                               ; preds = %9
  %16 = mul nsw i32 %0, 10
  br label %event.inl

inl.post:                                         ; preds = %event.inl2
  br label %17

17:                                               ; preds = %inl.post
  br label %event.inl3

18:                                               ; preds = %event.inl3
  %19 = call i8 @llvm.coro.suspend(token none, i1 false)
  %20 = sext i8 %19 to i32
  switch i32 %20, label %24 [
    i32 0, label %event.inl4
    i32 1, label %21
  ]

21:                                               ; preds = %18
  br label %event.cleanup

inl.destroyed:                                    ; preds = %event.cleanup11
  br label %24

22:                                               ; preds = %event.inl4
  %23 = load i32, ptr %2, align 4
  br label %event.cleanup14

inl.destroyed13:                                  ; preds = %event.cleanup16
  br label %24

24:                                               ; preds = %inl.destroyed13, %inl.destroyed, %18
  %.0 = phi i32 [ %23, %inl.destroyed13 ], [ undef, %18 ], [ undef, %inl.destroyed ]
  %25 = phi i32 [ 0, %inl.destroyed13 ], [ 3, %inl.destroyed ], [ 4, %18 ]
  switch i32 %25, label %.unreachabledefault [
    i32 0, label %26
    i32 3, label %31
    i32 4, label %36
  ]

26:                                               ; preds = %24
  %27 = add nsw i32 %.0, 2
  store i32 %27, ptr %12, align 4
  %28 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %29 = sext i8 %28 to i32
  switch i32 %29, label %36 [
    i32 0, label %30
    i32 1, label %31
  ]

30:                                               ; preds = %26
  call void @llvm.trap()
  unreachable

31:                                               ; preds = %26, %24, %9
  %32 = call ptr @llvm.coro.free(token %4, ptr %11)
  %33 = icmp ne ptr %32, null
  br i1 %33, label %34, label %35

34:                                               ; preds = %31
  call void @my_free(ptr noundef %32) #8
  br label %35

35:                                               ; preds = %34, %31
  br label %36

36:                                               ; preds = %35, %26, %24, %9
  call void @llvm.coro.end(ptr %11, i1 false, token none) #9
  ret ptr %11

.unreachabledefault:                              ; preds = %24
  unreachable

event.inl:                                        ; preds = %15
  br label %event.inl2

event.inl2:                                       ; preds = %event.inl
  br label %inl.post

event.inl3:                                       ; preds = %17
  %37 = call i32 (ptr, ...) @printf(ptr noundef @.str.6, i32 noundef %16) #8
  %38 = load ptr, ptr @current, align 8
  store ptr %38, ptr @waiter, align 8
  br label %18

event.inl4:                                       ; preds = %18
  %39 = add nsw i32 %16, 1
  store i32 %39, ptr %2, align 4
  br label %22

event.cleanup:                                    ; preds = %21
  br label %event.cleanup10

event.cleanup10:                                  ; preds = %event.cleanup
  br label %event.cleanup11

event.cleanup11:                                  ; preds = %event.cleanup10
  br label %inl.destroyed

event.cleanup14:                                  ; preds = %22
  br label %event.cleanup15

event.cleanup15:                                  ; preds = %event.cleanup14
  br label %event.cleanup16

event.cleanup16:                                  ; preds = %event.cleanup15
  br label %inl.destroyed13
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare token @llvm.coro.id(i32, ptr readnone, ptr readonly captures(none), ptr) #1

; Function Attrs: nounwind
declare i1 @llvm.coro.alloc(token) #2

; Function Attrs: nounwind memory(none)
declare i64 @llvm.coro.size.i64() #3

; Function Attrs: nounwind optsize uwtable
declare hidden ptr @my_alloc(i64 noundef) #4

; Function Attrs: nounwind
declare ptr @llvm.coro.begin(token, ptr writeonly) #2

; Function Attrs: nounwind memory(none)
declare ptr @llvm.coro.promise(ptr captures(none), i32, i1) #3

; Function Attrs: nounwind
declare i8 @llvm.coro.suspend(token, i1) #2

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #5

; Function Attrs: nounwind memory(argmem: read)
declare ptr @llvm.coro.free(token, ptr readonly captures(none)) #6

; Function Attrs: nounwind optsize uwtable
declare hidden void @my_free(ptr noundef) #4

; Function Attrs: nounwind
declare void @llvm.coro.end(ptr, i1, token) #2

; Function Attrs: optsize
declare i32 @printf(ptr noundef, ...) #7

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @event(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @event, ptr null)
  %4 = call i1 @llvm.coro.alloc(token %3)
  br i1 %4, label %5, label %8

5:                                                ; preds = %1
  %6 = call i64 @llvm.coro.size.i64()
  %7 = call ptr @my_alloc(i64 noundef %6) #8
  br label %8

8:                                                ; preds = %5, %1
  %9 = phi ptr [ %7, %5 ], [ null, %1 ]
  %10 = call ptr @llvm.coro.begin(token %3, ptr %9) #9
  %promise.addr = call ptr @llvm.coro.promise(ptr %10, i32 8, i1 false) #9
  %11 = getelementptr inbounds i8, ptr %10, i32 16
  %12 = call i8 @llvm.coro.suspend(token none, i1 false)
  %13 = sext i8 %12 to i32
  switch i32 %13, label %29 [
    i32 0, label %14
    i32 1, label %24
  ]

14:                                               ; preds = %8
  %15 = call i32 (ptr, ...) @printf(ptr noundef @.str.6, i32 noundef %0) #8
  %16 = load ptr, ptr @current, align 8
  store ptr %16, ptr @waiter, align 8
  %17 = call i8 @llvm.coro.suspend(token none, i1 false)
  %18 = sext i8 %17 to i32
  switch i32 %18, label %29 [
    i32 0, label %19
    i32 1, label %24
  ]

19:                                               ; preds = %14
  %20 = add nsw i32 %0, 1
  store i32 %20, ptr %11, align 4
  %21 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %22 = sext i8 %21 to i32
  switch i32 %22, label %29 [
    i32 0, label %23
    i32 1, label %24
  ]

23:                                               ; preds = %19
  call void @llvm.trap()
  unreachable

24:                                               ; preds = %19, %14, %8
  %25 = call ptr @llvm.coro.free(token %3, ptr %10)
  %26 = icmp ne ptr %25, null
  br i1 %26, label %27, label %28

27:                                               ; preds = %24
  call void @my_free(ptr noundef %25) #8
  br label %28

28:                                               ; preds = %27, %24
  br label %29

29:                                               ; preds = %28, %19, %14, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10
}

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @twice(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @twice, ptr null)
  %4 = call i1 @llvm.coro.alloc(token %3)
  br i1 %4, label %5, label %8

5:                                                ; preds = %1
  %6 = call i64 @llvm.coro.size.i64()
  %7 = call ptr @my_alloc(i64 noundef %6) #8
  br label %8

8:                                                ; preds = %5, %1
  %9 = phi ptr [ %7, %5 ], [ null, %1 ]
  %10 = call ptr @llvm.coro.begin(token %3, ptr %9) #9
  %promise.addr = call ptr @llvm.coro.promise(ptr %10, i32 8, i1 false) #9
  %11 = getelementptr inbounds i8, ptr %10, i32 16
  %12 = call i8 @llvm.coro.suspend(token none, i1 false)
  %13 = sext i8 %12 to i32
  switch i32 %13, label %60 [
    i32 0, label %14
    i32 1, label %55
  ]

14:                                               ; preds = %8
  %15 = call ptr @bar(i32 noundef %0) #8
  br label %16

16:                                               ; preds = %20, %14
  %17 = call ptr @llvm.coro.subfn.addr(ptr %15, i8 0)
  call fastcc void %17(ptr %15)
  %18 = load ptr, ptr %15, align 8
  %19 = icmp eq ptr %18, null
  br i1 %19, label %25, label %20

20:                                               ; preds = %16
  %21 = call i8 @llvm.coro.suspend(token none, i1 false)
  %22 = sext i8 %21 to i32
  switch i32 %22, label %29 [
    i32 0, label %16
    i32 1, label %23
  ]

23:                                               ; preds = %20
  %24 = call ptr @llvm.coro.subfn.addr(ptr %15, i8 1)
  call fastcc void %24(ptr %15)
  br label %29

25:                                               ; preds = %16
  %26 = getelementptr inbounds i8, ptr %15, i32 16
  %27 = load i32, ptr %26, align 4
  %28 = call ptr @llvm.coro.subfn.addr(ptr %15, i8 1)
  call fastcc void %28(ptr %15)
  br label %29

29:                                               ; preds = %25, %23, %20
  %.0 = phi i32 [ %27, %25 ], [ undef, %20 ], [ undef, %23 ]
  %30 = phi i32 [ 0, %25 ], [ 3, %23 ], [ 4, %20 ]
  switch i32 %30, label %.unreachabledefault [
    i32 0, label %31
    i32 3, label %55
    i32 4, label %60
  ]

31:                                               ; preds = %29
  %32 = add nsw i32 %0, 1
  %33 = call ptr @bar(i32 noundef %32) #8
  br label %34

34:                                               ; preds = %38, %31
  %35 = call ptr @llvm.coro.subfn.addr(ptr %33, i8 0)
  call fastcc void %35(ptr %33)
  %36 = load ptr, ptr %33, align 8
  %37 = icmp eq ptr %36, null
  br i1 %37, label %43, label %38

38:                                               ; preds = %34
  %39 = call i8 @llvm.coro.suspend(token none, i1 false)
  %40 = sext i8 %39 to i32
  switch i32 %40, label %47 [
    i32 0, label %34
    i32 1, label %41
  ]

41:                                               ; preds = %38
  %42 = call ptr @llvm.coro.subfn.addr(ptr %33, i8 1)
  call fastcc void %42(ptr %33)
  br label %47

43:                                               ; preds = %34
  %44 = getelementptr inbounds i8, ptr %33, i32 16
  %45 = load i32, ptr %44, align 4
  %46 = call ptr @llvm.coro.subfn.addr(ptr %33, i8 1)
  call fastcc void %46(ptr %33)
  br label %47

47:                                               ; preds = %43, %41, %38
  %.024 = phi i32 [ %45, %43 ], [ undef, %38 ], [ undef, %41 ]
  %48 = phi i32 [ 0, %43 ], [ 3, %41 ], [ 4, %38 ]
  switch i32 %48, label %.unreachabledefault1 [
    i32 0, label %49
    i32 3, label %55
    i32 4, label %60
  ]

49:                                               ; preds = %47
  %50 = call i32 (ptr, ...) @printf(ptr noundef @.str.5, i32 noundef %0, i32 noundef %.0, i32 noundef %.024) #8
  %51 = add nsw i32 %.0, %.024
  store i32 %51, ptr %11, align 4
  %52 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %53 = sext i8 %52 to i32
  switch i32 %53, label %60 [
    i32 0, label %54
    i32 1, label %55
  ]

54:                                               ; preds = %49
  call void @llvm.trap()
  unreachable

55:                                               ; preds = %49, %47, %29, %8
  %56 = call ptr @llvm.coro.free(token %3, ptr %10)
  %57 = icmp ne ptr %56, null
  br i1 %57, label %58, label %59

58:                                               ; preds = %55
  call void @my_free(ptr noundef %56) #8
  br label %59

59:                                               ; preds = %58, %55
  br label %60

60:                                               ; preds = %59, %49, %47, %29, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10

.unreachabledefault:                              ; preds = %29
  unreachable

.unreachabledefault1:                             ; preds = %47
  unreachable
}

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @bar(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @bar, ptr null)
  %4 = call i1 @llvm.coro.alloc(token %3)
  br i1 %4, label %5, label %8

5:                                                ; preds = %1
  %6 = call i64 @llvm.coro.size.i64()
  %7 = call ptr @my_alloc(i64 noundef %6) #8
  br label %8

8:                                                ; preds = %5, %1
  %9 = phi ptr [ %7, %5 ], [ null, %1 ]
  %10 = call ptr @llvm.coro.begin(token %3, ptr %9) #9
  %promise.addr = call ptr @llvm.coro.promise(ptr %10, i32 8, i1 false) #9
  %11 = getelementptr inbounds i8, ptr %10, i32 16
  %12 = call i8 @llvm.coro.suspend(token none, i1 false)
  %13 = sext i8 %12 to i32
  switch i32 %13, label %42 [
    i32 0, label %14
    i32 1, label %37
  ]

14:                                               ; preds = %8
  %15 = add nsw i32 %0, 1
  %16 = call ptr @foo(i32 noundef %15) #8
  br label %17

17:                                               ; preds = %21, %14
  %18 = call ptr @llvm.coro.subfn.addr(ptr %16, i8 0)
  call fastcc void %18(ptr %16)
  %19 = load ptr, ptr %16, align 8
  %20 = icmp eq ptr %19, null
  br i1 %20, label %26, label %21

21:                                               ; preds = %17
  %22 = call i8 @llvm.coro.suspend(token none, i1 false)
  %23 = sext i8 %22 to i32
  switch i32 %23, label %30 [
    i32 0, label %17
    i32 1, label %24
  ]

24:                                               ; preds = %21
  %25 = call ptr @llvm.coro.subfn.addr(ptr %16, i8 1)
  call fastcc void %25(ptr %16)
  br label %30

26:                                               ; preds = %17
  %27 = getelementptr inbounds i8, ptr %16, i32 16
  %28 = load i32, ptr %27, align 4
  %29 = call ptr @llvm.coro.subfn.addr(ptr %16, i8 1)
  call fastcc void %29(ptr %16)
  br label %30

30:                                               ; preds = %26, %24, %21
  %.0 = phi i32 [ %28, %26 ], [ undef, %21 ], [ undef, %24 ]
  %31 = phi i32 [ 0, %26 ], [ 3, %24 ], [ 4, %21 ]
  switch i32 %31, label %.unreachabledefault [
    i32 0, label %32
    i32 3, label %37
    i32 4, label %42
  ]

32:                                               ; preds = %30
  %33 = mul nsw i32 %.0, 3
  store i32 %33, ptr %11, align 4
  %34 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %35 = sext i8 %34 to i32
  switch i32 %35, label %42 [
    i32 0, label %36
    i32 1, label %37
  ]

36:                                               ; preds = %32
  call void @llvm.trap()
  unreachable

37:                                               ; preds = %32, %30, %8
  %38 = call ptr @llvm.coro.free(token %3, ptr %10)
  %39 = icmp ne ptr %38, null
  br i1 %39, label %40, label %41

40:                                               ; preds = %37
  call void @my_free(ptr noundef %38) #8
  br label %41

41:                                               ; preds = %40, %37
  br label %42

42:                                               ; preds = %41, %32, %30, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10

.unreachabledefault:                              ; preds = %30
  unreachable
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8) #1

attributes #0 = { nounwind optsize presplitcoroutine uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: read) }
attributes #2 = { nounwind }
attributes #3 = { nounwind memory(none) }
attributes #4 = { nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #6 = { nounwind memory(argmem: read) }
attributes #7 = { optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #8 = { optsize }
attributes #9 = { noduplicate }


