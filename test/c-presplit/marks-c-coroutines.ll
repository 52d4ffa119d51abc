; coroslim-c-presplit marks exactly the functions that hold a pre-split
; switch-ABI llvm.coro.id and lack the attribute; everything else is left as
; it is.
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes=coroslim-c-presplit -pass-remarks=coroslim-c-presplit -S < %s -o %t.ll 2> %t.remarks
; RUN: FileCheck %s --input-file=%t.ll
; RUN: FileCheck %s --check-prefix=REMARK --input-file=%t.remarks
; Idempotent: a second run changes nothing and says nothing.
; RUN: %opt -passes=coroslim-c-presplit -pass-remarks=coroslim-c-presplit -S < %t.ll -o %t2.ll 2> %t2.remarks
; RUN: diff %t.ll %t2.ll
; RUN: FileCheck %s --check-prefix=NOREMARK --allow-empty --input-file=%t2.remarks

; REMARK: remark: {{.*}}marked C coroutine c_coro as pre-split
; REMARK-NOT: marked C coroutine
; NOREMARK-NOT: remark

; CHECK-LABEL: define ptr @c_coro()
; CHECK-SAME: #[[PRESPLIT:[0-9]+]]
define ptr @c_coro() {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; A C++ coroutine already carries the attribute (and its own group).
; CHECK-LABEL: define ptr @cxx_coro()
; CHECK-SAME: #[[PRESPLIT]]
define ptr @cxx_coro() #0 {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Already split: llvm.coro.id carries its resumers.
; CHECK-LABEL: define ptr @post_split()
; CHECK-NOT: #
; CHECK: entry:
@post_split.resumers = private constant [3 x ptr] [ptr @plain, ptr @plain, ptr @plain]
define ptr @post_split() {
entry:
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr @post_split.resumers)
  ret ptr null
}

; Returned-continuation ABI: not ours.
; CHECK-LABEL: define { ptr, i32 } @retcon(ptr %buffer)
; CHECK-NOT: #
; CHECK: entry:
define {ptr, i32} @retcon(ptr %buffer) {
entry:
  %id = call token @llvm.coro.id.retcon(i32 8, i32 4, ptr %buffer, ptr @retcon_prototype, ptr @allocate, ptr @deallocate)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  unreachable
}

; CHECK-LABEL: define i32 @plain(i32 %x)
; CHECK-NOT: #
; CHECK: ret i32 %x
define i32 @plain(i32 %x) {
  ret i32 %x
}

; CHECK: attributes #[[PRESPLIT]] = { presplitcoroutine }

declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare token @llvm.coro.id.retcon(i32, i32, ptr, ptr, ptr, ptr)
declare ptr @llvm.coro.begin(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare {ptr, i32} @retcon_prototype(ptr, i1)
declare noalias ptr @allocate(i32)
declare void @deallocate(ptr)

attributes #0 = { presplitcoroutine }
