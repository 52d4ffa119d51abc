; print<coroslim-states> on hand-written pre-split IR in the pre-CoroEarly
; form of the await idiom (llvm.coro.resume / coro.done / coro.promise /
; coro.destroy), and the awaits it must refuse.
; LLVM 22 IR (a void llvm.coro.end), which LLVM 19 rejects.
; REQUIRES: llvm-22
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | FileCheck %s --check-prefix=JSON
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | %python -m json.tool > /dev/null

; The JSON form: one record per line, the same facts as the text.
; JSON: {"version":1,"functions":[
; JSON-NEXT: {"function":"leaf","kind":"pre-split","suspends":{"initial":1,"internal":0,"final":1,"checked":0},"awaits":[],"refused_awaits":[],"could":[]},
; JSON-NEXT: {"function":"awaits_leaf","kind":"pre-split","suspends":{"initial":1,"internal":1,"final":1,"checked":0},"awaits":[{"callee":"leaf","at":"%h","done":"coro.done","flag_offset":null,"destroys":2,"reads":1,"form":"ramp call"}],"refused_awaits":[],"could":[{"pass":"coroslim-fold-suspend-free","count":1,"why":"1 await(s) of a coroutine without internal suspend points"}]},
; JSON-NEXT: {"function":"escapes","kind":"pre-split",{{.*}}"awaits":[],"refused_awaits":[{"callee":"leaf","at":"%h","why":"the handle escapes (store)"}],"could":[]},
; JSON-NEXT: {"function":"passes_handle",{{.*}}"refused_awaits":[{"callee":"leaf","at":"%h","why":"the handle is passed to 'spawn'"}]
; JSON-NEXT: {"function":"resumes_twice",
; JSON-NEXT: {"function":"no_done_test",
; JSON-NEXT: {"function":"leaks_child",
; JSON-NEXT: {"function":"retcon","kind":"not-a-coroutine","stage":"pre-split","why":"not a switch-ABI coroutine (retcon or async llvm.coro.id)"},
; JSON-NEXT: {"function":"half_formed","kind":"not-a-coroutine","stage":"pre-split","why":"half-formed coroutine: no llvm.coro.begin for its llvm.coro.id"}
; JSON-NEXT: ]}

; CHECK-LABEL: coroutine @leaf: pre-split initial=1 internal=0 final=1 checked=0 awaits=0
; CHECK-NEXT: suspend %init initial: resume=%body destroy=%cleanup return=%suspend
; CHECK-NEXT: suspend %fin final: resume=none destroy=%cleanup return=%suspend
define ptr @leaf(i32 %x) presplitcoroutine {
entry:
  %promise = alloca i32, align 4
  %id = call token @llvm.coro.id(i32 4, ptr %promise, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
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

; CHECK-LABEL: coroutine @awaits_leaf: pre-split initial=1 internal=1 final=1 checked=0 awaits=1
; CHECK: suspend %s internal: resume=%loop destroy=%destroy.child return=%suspend
; CHECK: await @leaf at %h: done=coro.done ready=%ready pending=%pending suspend=%s destroys=2 reads=1
; CHECK-NOT: refused
define ptr @awaits_leaf() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %size = call i64 @llvm.coro.size.i64()
  %mem = call ptr @malloc(i64 %size)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr %mem)
  %init = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %init, label %suspend [i8 0, label %body
                                   i8 1, label %cleanup]
body:
  %h = call ptr @leaf(i32 7)
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

@global = global ptr null

; CHECK-LABEL: coroutine @escapes: pre-split
; CHECK: refused await @leaf at %h: the handle escapes (store)
define ptr @escapes() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %h = call ptr @leaf(i32 1)
  store ptr %h, ptr @global
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; CHECK-LABEL: coroutine @passes_handle: pre-split
; CHECK: refused await @leaf at %h: the handle is passed to 'spawn'
define ptr @passes_handle() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %h = call ptr @leaf(i32 1)
  call void @spawn(ptr %h)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Resumed twice: not one await.
; CHECK-LABEL: coroutine @resumes_twice: pre-split
; CHECK: refused await @leaf at %h: the handle is resumed in 2 places
define ptr @resumes_twice() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %h = call ptr @leaf(i32 1)
  call void @llvm.coro.resume(ptr %h)
  call void @llvm.coro.resume(ptr %h)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; No done test after the resume.
; CHECK-LABEL: coroutine @no_done_test: pre-split
; CHECK: refused await @leaf at %h: no done test after resuming
define ptr @no_done_test() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %h = call ptr @leaf(i32 1)
  call void @llvm.coro.resume(ptr %h)
  call void @llvm.coro.destroy(ptr %h)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Destroying the caller while it waits must destroy the child first.
; CHECK-LABEL: coroutine @leaks_child: pre-split
; CHECK: refused await @leaf at %h: destroying the caller while it awaits does not destroy the awaited coroutine first
define ptr @leaks_child() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  %h = call ptr @leaf(i32 7)
  br label %loop
loop:
  call void @llvm.coro.resume(ptr %h)
  %done = call i1 @llvm.coro.done(ptr %h)
  br i1 %done, label %ready, label %pending
pending:
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %loop
                                i8 1, label %suspend]
ready:
  call void @llvm.coro.destroy(ptr %h)
  br label %suspend
suspend:
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  ret ptr %hdl
}

; Not coroutines: nothing printed for a plain function; other ABIs and
; half-formed coroutines are named with the reason.
; CHECK-NOT: @plain
; CHECK: not a coroutine @retcon: not a switch-ABI coroutine (retcon or async llvm.coro.id)
; CHECK: not a coroutine @half_formed: half-formed coroutine: no llvm.coro.begin for its llvm.coro.id
define i32 @plain(i32 %x) {
  ret i32 %x
}

define {ptr, i32} @retcon(ptr %buffer) {
entry:
  %id = call token @llvm.coro.id.retcon(i32 8, i32 4, ptr %buffer, ptr @retcon_prototype, ptr @malloc, ptr @free)
  %hdl = call ptr @llvm.coro.begin(token %id, ptr null)
  call void @llvm.coro.end(ptr %hdl, i1 false, token none)
  unreachable
}

define void @half_formed() presplitcoroutine {
entry:
  %id = call token @llvm.coro.id(i32 8, ptr null, ptr null, ptr null)
  ret void
}

declare {ptr, i32} @retcon_prototype(ptr, i1)
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare token @llvm.coro.id.retcon(i32, i32, ptr, ptr, ptr, ptr)
declare i64 @llvm.coro.size.i64()
declare ptr @llvm.coro.begin(token, ptr)
declare i8 @llvm.coro.suspend(token, i1)
declare ptr @llvm.coro.free(token, ptr)
declare void @llvm.coro.end(ptr, i1, token)
declare void @llvm.coro.resume(ptr)
declare void @llvm.coro.destroy(ptr)
declare i1 @llvm.coro.done(ptr)
declare ptr @llvm.coro.promise(ptr, i32, i1)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @use(i32)
declare void @spawn(ptr)
