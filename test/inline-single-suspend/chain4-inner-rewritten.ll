; A 4-deep chain l4 -> l3 -> l2 -> l1 -> event in which the inner levels
; were already rewritten (event inlined into l1, l1 into l2; made from
; raw-chain.c by this pass, functions extracted with llvm-extract), and l3
; also awaits the suspend-free sfree. One run of both await passes folds
; sfree into l3, inlines l2 into l3 and then l3 into l4. Before the clean-up
; after each rewrite, l2's clone left a constant cleanup-destination switch
; with a dead `ret ptr poison` in l3, and l4 refused it ("not inlining 'l3'
; into l4: it returns without llvm.coro.end").
;
; LLVM 22 IR (a void llvm.coro.end and captures(none)), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='coroslim-fold-suspend-free,coroslim-inline-single-suspend' -verify-each -pass-remarks='coroslim-(fold-suspend-free|inline-single-suspend)' -pass-remarks-missed=coroslim-inline-single-suspend -S %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: FileCheck %s < %t.ll

; REMARK: folded await of suspend-free coroutine sfree in l3 into a call of sfree.twin
; REMARK: inlined coroutine l2 into l3: 1 internal suspend point(s)
; REMARK: inlined coroutine l3 into l4: 1 internal suspend point(s)
; REMARK-NOT: not inlining

; l4 keeps its own frame allocation, calls the twin of sfree, and has
; nothing else of the chain.
; CHECK-LABEL: define hidden ptr @l4(
; CHECK: call ptr @my_alloc(
; CHECK-NOT: {{call ptr @(my_alloc|l3|l2|l1|event|sfree)\(}}
; CHECK: call void @sfree.twin(
; CHECK-NOT: {{call ptr @(my_alloc|l3|l2|l1|event|sfree)\(}}
; CHECK-NOT: switch i32 0,
; CHECK-NOT: ret ptr poison
; CHECK: {{^}}}

; ModuleID = 'llvm-link'
source_filename = "llvm-link"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.promise_t = type { i32 }

@current = external hidden global ptr, align 8
@waiter = external hidden global ptr, align 8
@.str.6 = external hidden unnamed_addr constant [20 x i8], align 1
@.str.7 = external hidden unnamed_addr constant [12 x i8], align 1

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

; Function Attrs: optsize
declare i32 @printf(ptr noundef, ...) #5

; Function Attrs: cold noreturn nounwind memory(inaccessiblemem: write)
declare void @llvm.trap() #6

; Function Attrs: nounwind memory(argmem: read)
declare ptr @llvm.coro.free(token, ptr readonly captures(none)) #7

; Function Attrs: nounwind optsize uwtable
declare hidden void @my_free(ptr noundef) #4

; Function Attrs: nounwind
declare void @llvm.coro.end(ptr, i1, token) #2

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @l2(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = alloca %struct.promise_t, align 8
  %4 = alloca %struct.promise_t, align 8
  %5 = call token @llvm.coro.id(i32 8, ptr %4, ptr @l2, ptr null)
  %6 = call i1 @llvm.coro.alloc(token %5)
  br i1 %6, label %7, label %10

7:                                                ; preds = %1
  %8 = call i64 @llvm.coro.size.i64()
  %9 = call ptr @my_alloc(i64 noundef %8) #8
  br label %10

10:                                               ; preds = %7, %1
  %11 = phi ptr [ %9, %7 ], [ null, %1 ]
  %12 = call ptr @llvm.coro.begin(token %5, ptr %11) #9
  %promise.addr = call ptr @llvm.coro.promise(ptr %12, i32 8, i1 false) #9
  %13 = getelementptr inbounds i8, ptr %12, i32 16
  %14 = call i8 @llvm.coro.suspend(token none, i1 false)
  %15 = sext i8 %14 to i32
  switch i32 %15, label %37 [
    i32 0, label %16
    i32 1, label %32
  ]

16:                                               ; preds = %10
  %17 = add nsw i32 %0, 1
  br label %l1.inl

inl.post:                                         ; preds = %l1.inl2
  br label %18

18:                                               ; preds = %inl.post
  br label %l1.inl3

19:                                               ; preds = %l1.inl5
  %20 = call i8 @llvm.coro.suspend(token none, i1 false)
  %21 = sext i8 %20 to i32
  switch i32 %21, label %25 [
    i32 0, label %event.inl4.inl
    i32 1, label %22
  ]

22:                                               ; preds = %19
  br label %l1.cleanup

inl.destroyed:                                    ; preds = %l1.cleanup18
  br label %25

23:                                               ; preds = %l1.inl9
  %24 = load i32, ptr %2, align 4
  br label %l1.cleanup21

inl.destroyed20:                                  ; preds = %l1.cleanup23
  br label %25

25:                                               ; preds = %inl.destroyed20, %inl.destroyed, %19
  %.0 = phi i32 [ %24, %inl.destroyed20 ], [ undef, %19 ], [ undef, %inl.destroyed ]
  %26 = phi i32 [ 0, %inl.destroyed20 ], [ 3, %inl.destroyed ], [ 4, %19 ]
  switch i32 %26, label %.unreachabledefault [
    i32 0, label %27
    i32 3, label %32
    i32 4, label %37
  ]

27:                                               ; preds = %25
  %28 = mul nsw i32 %.0, 2
  store i32 %28, ptr %13, align 4
  %29 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %30 = sext i8 %29 to i32
  switch i32 %30, label %37 [
    i32 0, label %31
    i32 1, label %32
  ]

31:                                               ; preds = %27
  call void @llvm.trap()
  unreachable

32:                                               ; preds = %27, %25, %10
  %33 = call ptr @llvm.coro.free(token %5, ptr %12)
  %34 = icmp ne ptr %33, null
  br i1 %34, label %35, label %36

35:                                               ; preds = %32
  call void @my_free(ptr noundef %33) #8
  br label %36

36:                                               ; preds = %35, %32
  br label %37

37:                                               ; preds = %36, %27, %25, %10
  call void @llvm.coro.end(ptr %12, i1 false, token none) #9
  ret ptr %12

.unreachabledefault:                              ; preds = %25
  unreachable

l1.inl:                                           ; preds = %16
  br label %l1.inl2

l1.inl2:                                          ; preds = %l1.inl
  br label %inl.post

l1.inl3:                                          ; preds = %18
  br label %event.inl.inl

inl.post.inl:                                     ; preds = %event.inl2.inl
  br label %l1.inl4

l1.inl4:                                          ; preds = %inl.post.inl
  br label %event.inl3.inl

l1.inl5:                                          ; preds = %event.inl3.inl
  br label %19

l1.inl7:                                          ; preds = %event.inl4.inl
  %38 = load i32, ptr %3, align 4
  br label %event.cleanup14.inl

inl.destroyed13.inl:                              ; preds = %event.cleanup16.inl
  br label %l1.inl8

l1.inl8:                                          ; preds = %inl.destroyed13.inl
  br label %l1.inl9

l1.inl9:                                          ; preds = %l1.inl8
  %39 = add nsw i32 %38, 1
  store i32 %39, ptr %2, align 4
  br label %23

event.inl.inl:                                    ; preds = %l1.inl3
  br label %event.inl2.inl

event.inl2.inl:                                   ; preds = %event.inl.inl
  br label %inl.post.inl

event.inl3.inl:                                   ; preds = %l1.inl4
  %40 = call i32 (ptr, ...) @printf(ptr noundef @.str.6, i32 noundef %17) #8
  %41 = load ptr, ptr @current, align 8
  store ptr %41, ptr @waiter, align 8
  br label %l1.inl5

event.inl4.inl:                                   ; preds = %19
  %42 = add nsw i32 %17, 1
  store i32 %42, ptr %3, align 4
  br label %l1.inl7

event.cleanup14.inl:                              ; preds = %l1.inl7
  br label %event.cleanup15.inl

event.cleanup15.inl:                              ; preds = %event.cleanup14.inl
  br label %event.cleanup16.inl

event.cleanup16.inl:                              ; preds = %event.cleanup15.inl
  br label %inl.destroyed13.inl

l1.cleanup:                                       ; preds = %22
  br label %event.cleanup.cleanup

event.cleanup.cleanup:                            ; preds = %l1.cleanup
  br label %event.cleanup10.cleanup

event.cleanup10.cleanup:                          ; preds = %event.cleanup.cleanup
  br label %event.cleanup11.cleanup

event.cleanup11.cleanup:                          ; preds = %event.cleanup10.cleanup
  br label %inl.destroyed.cleanup

inl.destroyed.cleanup:                            ; preds = %event.cleanup11.cleanup
  br label %l1.cleanup15

l1.cleanup15:                                     ; preds = %inl.destroyed.cleanup
  br label %l1.cleanup16

l1.cleanup16:                                     ; preds = %l1.cleanup15
  br label %l1.cleanup17

l1.cleanup17:                                     ; preds = %l1.cleanup16
  br label %l1.cleanup18

l1.cleanup18:                                     ; preds = %l1.cleanup17
  br label %inl.destroyed

l1.cleanup21:                                     ; preds = %23
  br label %l1.cleanup22

l1.cleanup22:                                     ; preds = %l1.cleanup21
  br label %l1.cleanup23

l1.cleanup23:                                     ; preds = %l1.cleanup22
  br label %inl.destroyed20
}

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @l1(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = alloca %struct.promise_t, align 8
  %4 = call token @llvm.coro.id(i32 8, ptr %3, ptr @l1, ptr null)
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
  switch i32 %14, label %35 [
    i32 0, label %15
    i32 1, label %30
  ]

15:                                               ; preds = %9
  br label %event.inl

inl.post:                                         ; preds = %event.inl2
  br label %16

16:                                               ; preds = %inl.post
  br label %event.inl3

17:                                               ; preds = %event.inl3
  %18 = call i8 @llvm.coro.suspend(token none, i1 false)
  %19 = sext i8 %18 to i32
  switch i32 %19, label %23 [
    i32 0, label %event.inl4
    i32 1, label %20
  ]

20:                                               ; preds = %17
  br label %event.cleanup

inl.destroyed:                                    ; preds = %event.cleanup11
  br label %23

21:                                               ; preds = %event.inl4
  %22 = load i32, ptr %2, align 4
  br label %event.cleanup14

inl.destroyed13:                                  ; preds = %event.cleanup16
  br label %23

23:                                               ; preds = %inl.destroyed13, %inl.destroyed, %17
  %.0 = phi i32 [ %22, %inl.destroyed13 ], [ undef, %17 ], [ undef, %inl.destroyed ]
  %24 = phi i32 [ 0, %inl.destroyed13 ], [ 3, %inl.destroyed ], [ 4, %17 ]
  switch i32 %24, label %.unreachabledefault [
    i32 0, label %25
    i32 3, label %30
    i32 4, label %35
  ]

25:                                               ; preds = %23
  %26 = add nsw i32 %.0, 1
  store i32 %26, ptr %12, align 4
  %27 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %28 = sext i8 %27 to i32
  switch i32 %28, label %35 [
    i32 0, label %29
    i32 1, label %30
  ]

29:                                               ; preds = %25
  call void @llvm.trap()
  unreachable

30:                                               ; preds = %25, %23, %9
  %31 = call ptr @llvm.coro.free(token %4, ptr %11)
  %32 = icmp ne ptr %31, null
  br i1 %32, label %33, label %34

33:                                               ; preds = %30
  call void @my_free(ptr noundef %31) #8
  br label %34

34:                                               ; preds = %33, %30
  br label %35

35:                                               ; preds = %34, %25, %23, %9
  call void @llvm.coro.end(ptr %11, i1 false, token none) #9
  ret ptr %11

.unreachabledefault:                              ; preds = %23
  unreachable

event.inl:                                        ; preds = %15
  br label %event.inl2

event.inl2:                                       ; preds = %event.inl
  br label %inl.post

event.inl3:                                       ; preds = %16
  %36 = call i32 (ptr, ...) @printf(ptr noundef @.str.6, i32 noundef %0) #8
  %37 = load ptr, ptr @current, align 8
  store ptr %37, ptr @waiter, align 8
  br label %17

event.inl4:                                       ; preds = %17
  %38 = add nsw i32 %0, 1
  store i32 %38, ptr %2, align 4
  br label %21

event.cleanup:                                    ; preds = %20
  br label %event.cleanup10

event.cleanup10:                                  ; preds = %event.cleanup
  br label %event.cleanup11

event.cleanup11:                                  ; preds = %event.cleanup10
  br label %inl.destroyed

event.cleanup14:                                  ; preds = %21
  br label %event.cleanup15

event.cleanup15:                                  ; preds = %event.cleanup14
  br label %event.cleanup16

event.cleanup16:                                  ; preds = %event.cleanup15
  br label %inl.destroyed13
}

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @l4(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @l4, ptr null)
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
  switch i32 %13, label %41 [
    i32 0, label %14
    i32 1, label %36
  ]

14:                                               ; preds = %8
  %15 = call ptr @l3(i32 noundef %0) #8
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
    i32 3, label %36
    i32 4, label %41
  ]

31:                                               ; preds = %29
  %32 = call i32 (ptr, ...) @printf(ptr noundef @.str.7, i32 noundef %0, i32 noundef %.0) #8
  store i32 %.0, ptr %11, align 4
  %33 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %34 = sext i8 %33 to i32
  switch i32 %34, label %41 [
    i32 0, label %35
    i32 1, label %36
  ]

35:                                               ; preds = %31
  call void @llvm.trap()
  unreachable

36:                                               ; preds = %31, %29, %8
  %37 = call ptr @llvm.coro.free(token %3, ptr %10)
  %38 = icmp ne ptr %37, null
  br i1 %38, label %39, label %40

39:                                               ; preds = %36
  call void @my_free(ptr noundef %37) #8
  br label %40

40:                                               ; preds = %39, %36
  br label %41

41:                                               ; preds = %40, %31, %29, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10

.unreachabledefault:                              ; preds = %29
  unreachable
}

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @l3(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @l3, ptr null)
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
  switch i32 %13, label %58 [
    i32 0, label %14
    i32 1, label %53
  ]

14:                                               ; preds = %8
  %15 = call ptr @sfree(i32 noundef %0) #8
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
    i32 3, label %53
    i32 4, label %58
  ]

31:                                               ; preds = %29
  %32 = call ptr @l2(i32 noundef %.0) #8
  br label %33

33:                                               ; preds = %37, %31
  %34 = call ptr @llvm.coro.subfn.addr(ptr %32, i8 0)
  call fastcc void %34(ptr %32)
  %35 = load ptr, ptr %32, align 8
  %36 = icmp eq ptr %35, null
  br i1 %36, label %42, label %37

37:                                               ; preds = %33
  %38 = call i8 @llvm.coro.suspend(token none, i1 false)
  %39 = sext i8 %38 to i32
  switch i32 %39, label %46 [
    i32 0, label %33
    i32 1, label %40
  ]

40:                                               ; preds = %37
  %41 = call ptr @llvm.coro.subfn.addr(ptr %32, i8 1)
  call fastcc void %41(ptr %32)
  br label %46

42:                                               ; preds = %33
  %43 = getelementptr inbounds i8, ptr %32, i32 16
  %44 = load i32, ptr %43, align 4
  %45 = call ptr @llvm.coro.subfn.addr(ptr %32, i8 1)
  call fastcc void %45(ptr %32)
  br label %46

46:                                               ; preds = %42, %40, %37
  %.021 = phi i32 [ %44, %42 ], [ undef, %37 ], [ undef, %40 ]
  %47 = phi i32 [ 0, %42 ], [ 3, %40 ], [ 4, %37 ]
  switch i32 %47, label %.unreachabledefault1 [
    i32 0, label %48
    i32 3, label %53
    i32 4, label %58
  ]

48:                                               ; preds = %46
  %49 = add nsw i32 %.021, %.0
  store i32 %49, ptr %11, align 4
  %50 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %51 = sext i8 %50 to i32
  switch i32 %51, label %58 [
    i32 0, label %52
    i32 1, label %53
  ]

52:                                               ; preds = %48
  call void @llvm.trap()
  unreachable

53:                                               ; preds = %48, %46, %29, %8
  %54 = call ptr @llvm.coro.free(token %3, ptr %10)
  %55 = icmp ne ptr %54, null
  br i1 %55, label %56, label %57

56:                                               ; preds = %53
  call void @my_free(ptr noundef %54) #8
  br label %57

57:                                               ; preds = %56, %53
  br label %58

58:                                               ; preds = %57, %48, %46, %29, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10

.unreachabledefault:                              ; preds = %29
  unreachable

.unreachabledefault1:                             ; preds = %46
  unreachable
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
declare ptr @llvm.coro.subfn.addr(ptr readonly captures(none), i8) #1

; Function Attrs: nounwind optsize presplitcoroutine uwtable
define hidden ptr @sfree(i32 noundef %0) #0 {
  %2 = alloca %struct.promise_t, align 8
  %3 = call token @llvm.coro.id(i32 8, ptr %2, ptr @sfree, ptr null)
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
  switch i32 %13, label %24 [
    i32 0, label %14
    i32 1, label %19
  ]

14:                                               ; preds = %8
  %15 = mul nsw i32 %0, 2
  store i32 %15, ptr %11, align 4
  %16 = call i8 @llvm.coro.suspend(token none, i1 true) #9
  %17 = sext i8 %16 to i32
  switch i32 %17, label %24 [
    i32 0, label %18
    i32 1, label %19
  ]

18:                                               ; preds = %14
  call void @llvm.trap()
  unreachable

19:                                               ; preds = %14, %8
  %20 = call ptr @llvm.coro.free(token %3, ptr %10)
  %21 = icmp ne ptr %20, null
  br i1 %21, label %22, label %23

22:                                               ; preds = %19
  call void @my_free(ptr noundef %20) #8
  br label %23

23:                                               ; preds = %22, %19
  br label %24

24:                                               ; preds = %23, %14, %8
  call void @llvm.coro.end(ptr %10, i1 false, token none) #9
  ret ptr %10
}

attributes #0 = { nounwind optsize presplitcoroutine uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: read) }
attributes #2 = { nounwind }
attributes #3 = { nounwind memory(none) }
attributes #4 = { nounwind optsize uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { optsize "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { cold noreturn nounwind memory(inaccessiblemem: write) }
attributes #7 = { nounwind memory(argmem: read) }
attributes #8 = { optsize }
attributes #9 = { noduplicate }


