; A module without coroutines: the table is only its header, the JSON has no
; coroutines, and the exit status is 0.
; RUN: %coroslim-stat %s | FileCheck %s --match-full-lines
; RUN: %coroslim-stat --json %s | FileCheck %s --check-prefix=JSON
; CHECK: coroutine initial internal final checked awaits states frame code passes
; CHECK-EMPTY:
; JSON: "coroutines": []}

; File names are never read as options or through a shell: a name with a
; leading '-' (after "--") and one with a space work like any other.
; RUN: rm -rf %t && mkdir %t && cd %t
; RUN: cp %s ./-odd.ll && cp %s 'with space.ll'
; RUN: %coroslim-stat -- -odd.ll | FileCheck %s --match-full-lines
; RUN: %coroslim-stat 'with space.ll' | FileCheck %s --match-full-lines

; The same for C: a translation unit without coroutines.
; RUN: echo 'int twice(int x) { return 2 * x; }' > plain.c
; RUN: %coroslim-stat -O1 plain.c | FileCheck %s --match-full-lines
; A C file whose name starts with '-' (clang's cc1 took it for an option).
; RUN: cp plain.c ./-plain.c
; RUN: %coroslim-stat -O1 -- -plain.c | FileCheck %s --match-full-lines

define i32 @twice(i32 %x) {
  %y = shl i32 %x, 1
  ret i32 %y
}

define void @calls_it(ptr %p) {
  %v = load i32, ptr %p
  %w = call i32 @twice(i32 %v)
  store i32 %w, ptr %p
  ret void
}
