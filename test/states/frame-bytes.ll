; Frame bytes have one definition: CoroSplit's frame size, which it records
; as dereferenceable(N) on the frame parameter of every clone (and which
; CoroElide reads back). The allocation is no source: a hook may take other
; constant arguments (aligned_alloc's alignment), and an inlined ramp may be
; gone altogether.
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | FileCheck %s --check-prefix=JSON
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | %python -m json.tool > /dev/null

; The allocation's first constant is the alignment, 16; the frame is 48.
; CHECK-LABEL: lowered @hooked: frame=48 states=1 traps=0{{$}}
; JSON: {"function":"hooked","kind":"lowered","frame_bytes":48,"states":1,"traps":0,"resume":"hooked.resume","ramp_present":true},
define ptr @hooked() {
  %frame = call ptr @aligned_alloc(i64 16, i64 48)
  store ptr @hooked.resume, ptr %frame
  ret ptr %frame
}
define internal fastcc void @hooked.resume(ptr noundef nonnull align 16 dereferenceable(48) %frame) {
  ret void
}

; .resume lost its attribute: the other clones of the same frame still say.
; CHECK-LABEL: lowered @from_destroy: frame=24 states=1 traps=0{{$}}
; JSON: {"function":"from_destroy","kind":"lowered","frame_bytes":24,{{.*}}"ramp_present":true},
define ptr @from_destroy() {
  %frame = call ptr @malloc(i64 24)
  store ptr @from_destroy.resume, ptr %frame
  ret ptr %frame
}
define internal fastcc void @from_destroy.resume(ptr %frame) {
  ret void
}
define internal fastcc void @from_destroy.destroy(ptr dereferenceable(24) %frame) {
  ret void
}

; No clone carries it: unknown, even though the allocation looks constant.
; CHECK-LABEL: lowered @unknown: frame=? states=1 traps=0{{$}}
; JSON: {"function":"unknown","kind":"lowered","frame_bytes":null,{{.*}}"ramp_present":true},
define ptr @unknown() {
  %frame = call ptr @malloc(i64 40)
  store ptr @unknown.resume, ptr %frame
  ret ptr %frame
}
define internal fastcc void @unknown.resume(ptr %frame) {
  ret void
}

; The ramp was inlined into its caller and removed (a static ramp at -O2):
; the coroutine lives on in its clones, and so does its frame size.
; CHECK-LABEL: lowered @inlined: frame=32 states=2 traps=1 (ramp not in the module: inlined into its callers)
; CHECK-NEXT: state machine @inlined.resume: dispatch=br i1@8 cases=2 default=unreachable
; JSON: {"function":"inlined","kind":"lowered","frame_bytes":32,"states":2,"traps":1,"resume":"inlined.resume","ramp_present":false},
; JSON-NEXT: {"function":"inlined.resume","kind":"state-machine","dispatch":{"form":"br","bits":1,"offset":8},"default":"unreachable","cases":[{"state":1,"dest":"%done","trap":"llvm.trap"},{"state":0,"dest":"%body","trap":null}]}
; JSON-NEXT: ]}
define void @caller(ptr %out) {
  %frame = alloca [32 x i8], align 8
  store ptr @inlined.resume, ptr %frame
  store ptr %frame, ptr %out
  ret void
}
define internal fastcc void @inlined.resume(ptr noundef nonnull align 8 dereferenceable(32) %frame) {
entry:
  %index.addr = getelementptr inbounds i8, ptr %frame, i64 8
  %index = load i1, ptr %index.addr, align 1
  br i1 %index, label %done, label %body
body:
  store i1 true, ptr %index.addr, align 1
  ret void
done:
  call void @llvm.trap()
  unreachable
}

declare ptr @aligned_alloc(i64, i64)
declare ptr @malloc(i64)
declare void @llvm.trap()
