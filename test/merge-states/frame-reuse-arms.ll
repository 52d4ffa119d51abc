; Never worse (issue 21): merging states must not cost the frame the slot
; sharing CoroFrame gives locals of different arms. Shaped like LLVM's
; coro-frame-reuse-alloca tests: two arms, each with a 500-byte local whose
; lifetime ends in the arm, each suspending once. Without coroslim the two
; locals share one slot (a 520-byte frame); merged naively, both would be
; live across one suspend behind a phi (1024 bytes).
;
; @two_arms: the locals can never be alive together, so the merge makes
; them one local (no phi); the frame stays 520 bytes.
; @overlapping: %keep is alive when %other starts, so they cannot be one;
; the phi of the two would be one more field (+8: 1024 -> 1032 bytes), and
; the cost model refuses with its figures.
; @sizes: locals of different sizes are never made one; behind a phi they
; could no longer share a slot (+400, and the phi +8: 520 -> 928 bytes).
; With cost=off both merges go ahead and the frames grow by exactly the
; predicted bytes, which is what the refusals prevent.
;
; LLVM 22 IR (size-less lifetime markers, a void llvm.coro.end).
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-merge-states -verify-each -S %s \
; RUN:   -pass-remarks=coroslim-merge-states -pass-remarks-missed=coroslim-merge-states \
; RUN:   -o %t.ll 2>%t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
; RUN: %opt -passes='default<O2>' -S %s | FileCheck %s --check-prefix=O2
; RUN: %opt -passes='default<O2>' -coroslim-cost=off -S %s | FileCheck %s --check-prefix=OFF
; Without the plugin (the baseline the O2 lines must match).
; RUN: %plain_opt -passes='default<O2>' -S %s | FileCheck %s --check-prefix=O2

; REMARK: remark: {{.*}}merged 2 internal suspend points of coroutine two_arms into one (1 suspend points fewer; predicted frame 0 bytes
; REMARK: remark: {{.*}}coroutine overlapping: cannot merge the second internal suspend point with the first internal suspend point: the cost model (cost=speed) predicts a frame +8 bytes (+8 for phis live across the suspend) and code {{-?[0-9]+}}
; REMARK: remark: {{.*}}coroutine sizes: cannot merge the second internal suspend point with the first internal suspend point: the cost model (cost=speed) predicts a frame +408 bytes (+8 for phis live across the suspend, +400 for locals behind a phi)

; The merged region uses %left for both arms; %right is gone.
; CHECK-LABEL: define ptr @two_arms(
; CHECK:         %left = alloca %big, align 1
; CHECK-NOT:     %right = alloca
; CHECK:       then:
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %left)
; CHECK:       else:
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %left)
; CHECK-NOT:     phi ptr
; CHECK-LABEL: define ptr @overlapping(
; CHECK-COUNT-2: call i8 @llvm.coro.suspend(token none, i1 false)
; CHECK-LABEL: define ptr @sizes(
; CHECK-COUNT-2: call i8 @llvm.coro.suspend(token none, i1 false)

; O2-LABEL: define {{.*}}ptr @two_arms(
; O2:         call ptr @malloc(i32 520)
; O2-LABEL: define {{.*}}ptr @overlapping(
; O2:         call ptr @malloc(i32 1024)
; O2-LABEL: define {{.*}}ptr @sizes(
; O2:         call ptr @malloc(i32 520)

; OFF-LABEL: define {{.*}}ptr @two_arms(
; OFF:         call ptr @malloc(i32 520)
; OFF-LABEL: define {{.*}}ptr @overlapping(
; OFF:         call ptr @malloc(i32 1032)
; OFF-LABEL: define {{.*}}ptr @sizes(
; OFF:         call ptr @malloc(i32 928)

%big = type { [500 x i8] }
%small = type { [400 x i8] }

define ptr @two_arms(i1 %c) presplitcoroutine {
entry:
  %left = alloca %big, align 1
  %right = alloca %big, align 1
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i32 @llvm.coro.size.i32()
  %mem = call ptr @malloc(i32 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  br i1 %c, label %then, label %else

then:
  call void @llvm.lifetime.start.p0(ptr %left)
  call void @fill(ptr %left)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %then.resume
    i8 1, label %then.destroy
  ]
then.resume:
  call void @llvm.lifetime.end.p0(ptr %left)
  br label %cleanup
then.destroy:
  call void @llvm.lifetime.end.p0(ptr %left)
  br label %cleanup

else:
  call void @llvm.lifetime.start.p0(ptr %right)
  call void @fill(ptr %right)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %ret [
    i8 0, label %else.resume
    i8 1, label %else.destroy
  ]
else.resume:
  call void @llvm.lifetime.end.p0(ptr %right)
  br label %cleanup
else.destroy:
  call void @llvm.lifetime.end.p0(ptr %right)
  br label %cleanup

cleanup:
  %f = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %f)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @overlapping(i1 %c) presplitcoroutine {
entry:
  %keep = alloca %big, align 1
  %other = alloca %big, align 1
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i32 @llvm.coro.size.i32()
  %mem = call ptr @malloc(i32 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  call void @llvm.lifetime.start.p0(ptr %keep)
  call void @fill(ptr %keep)
  br i1 %c, label %then, label %else

then:
  call void @fill(ptr %keep)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %then.resume
    i8 1, label %cleanup
  ]
then.resume:
  call void @fill(ptr %keep)
  br label %cleanup

else:
  call void @llvm.lifetime.start.p0(ptr %other)
  call void @fill(ptr %other)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %ret [
    i8 0, label %else.resume
    i8 1, label %cleanup
  ]
else.resume:
  call void @fill(ptr %other)
  br label %cleanup

cleanup:
  %f = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %f)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define ptr @sizes(i1 %c) presplitcoroutine {
entry:
  %wide = alloca %big, align 1
  %narrow = alloca %small, align 1
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %size = call i32 @llvm.coro.size.i32()
  %mem = call ptr @malloc(i32 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  br i1 %c, label %then, label %else

then:
  call void @llvm.lifetime.start.p0(ptr %wide)
  call void @fill(ptr %wide)
  %s1 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s1, label %ret [
    i8 0, label %then.resume
    i8 1, label %then.destroy
  ]
then.resume:
  call void @fill(ptr %wide)
  call void @llvm.lifetime.end.p0(ptr %wide)
  br label %cleanup
then.destroy:
  call void @llvm.lifetime.end.p0(ptr %wide)
  br label %cleanup

else:
  call void @llvm.lifetime.start.p0(ptr %narrow)
  call void @fill(ptr %narrow)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %ret [
    i8 0, label %else.resume
    i8 1, label %else.destroy
  ]
else.resume:
  call void @fill(ptr %narrow)
  call void @llvm.lifetime.end.p0(ptr %narrow)
  br label %cleanup
else.destroy:
  call void @llvm.lifetime.end.p0(ptr %narrow)
  br label %cleanup

cleanup:
  %f = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %f)
  br label %ret
ret:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

declare void @fill(ptr)
declare ptr @llvm.coro.free(token, ptr)
declare i32 @llvm.coro.size.i32()
declare i8 @llvm.coro.suspend(token, i1)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare noalias ptr @malloc(i32)
declare void @free(ptr)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)
