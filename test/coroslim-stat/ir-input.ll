; coroslim-stat on IR: the same module as text, as bitcode (made here with
; llvm-as), as bitcode under a name without a known extension (recognised by
; its magic), and after the whole -O2 pipeline (already split: only the
; lowered columns are known).
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %coroslim-stat --no-opt %s | FileCheck %s
; RUN: llvm-as %s -o %t.bc
; RUN: %coroslim-stat --no-opt %t.bc | FileCheck %s
; RUN: cp %t.bc %t.bitcode
; RUN: %coroslim-stat --no-opt %t.bitcode | FileCheck %s
; RUN: %opt -passes='default<O2>' %s -o %t.split.bc
; RUN: %coroslim-stat %t.split.bc | FileCheck %s --check-prefix=SPLIT
; RUN: %coroslim-stat --json %t.split.bc | FileCheck %s --check-prefix=SPLIT-JSON

; No target triple: frames are laid out with LLVM's default data layout and
; code bytes come from the host's default target.
; CHECK:      coroutine initial internal final checked awaits states frame code passes
; CHECK-NEXT: @gen 1 2 1 0 0 3 24 {{[1-9][0-9]*}} -
; CHECK-NEXT: @checked 1 0 0 1 0 2 24 {{[1-9][0-9]*}} {{.*}}strip-done-traps
; CHECK-NOT:  @plain

; Already split: the suspend points are gone, the lowered state machines
; and their post-completion trap remain.
; SPLIT:      coroutine initial internal final checked awaits states frame code passes
; SPLIT-NEXT: @gen - - - - - 3 24 {{[1-9][0-9]*}} -
; SPLIT-NEXT: @checked - - - - - 2 24 {{[1-9][0-9]*}} strip-done-traps
; SPLIT-NOT:  @plain
; SPLIT-JSON: {"name": "checked", "analysed": true, "suspends": null, "awaits": null, "refused_awaits": null, "states": 2, "frame": 24, "traps": 1, {{.*}}"passes": [{"pass": "coroslim-strip-done-traps", "why": "1 post-completion trap(s) in the lowered form; with -coroslim-release"}]}

; A generator: initial, two internal and a final suspend.
define ptr @gen(i32 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @yield(i32 %n)
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %more
                                i8 1, label %cleanup]
more:
  call void @yield(i32 %n)
  %s2 = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s2, label %suspend [i8 0, label %last
                                 i8 1, label %cleanup]
last:
  call void @yield(i32 %n)
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

; Checked completion: resuming after completion traps.
define ptr @checked(i32 %n) presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  call void @yield(i32 %n)
  %done = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %done, label %suspend [i8 0, label %trap
                                   i8 1, label %cleanup]
trap:
  call void @llvm.trap()
  unreachable
cleanup:
  %free = call ptr @llvm.coro.free(token %id, ptr %hdl)
  call void @free(ptr %free)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

define i32 @plain(i32 %x) {
  %y = add i32 %x, 1
  ret i32 %y
}

declare void @yield(i32)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @llvm.trap()
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
