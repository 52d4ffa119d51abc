; print<coroslim-states> takes one optional parameter: `json` or `text`.
; A bad or repeated one is an error (one line from the plugin, opt exits
; non-zero), never a silently different report.
; RUN: %opt -passes='print<coroslim-states>' -disable-output %s | FileCheck %s --check-prefix=TEXT
; RUN: %opt -passes='print<coroslim-states<text>>' -disable-output %s | FileCheck %s --check-prefix=TEXT
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | FileCheck %s --check-prefix=JSON --match-full-lines --strict-whitespace
; TEXT: state machine @"we\22ird\0Aname": dispatch=i8@0 cases=1 default=unreachable
; TEXT-NOT: {

; Names are JSON-escaped (a quote and a newline here), and the document is
; valid JSON that round-trips to the same name.
;      JSON:{"version":1,"functions":[
; JSON-NEXT:{"function":"we\"ird\nname","kind":"state-machine","dispatch":{"form":"switch","bits":8,"offset":0},"default":"unreachable","cases":[{"state":0,"dest":"%body","trap":null}]}
; JSON-NEXT:]}
; JSON-EMPTY:
; RUN: %opt -passes='print<coroslim-states<json>>' -disable-output %s | %python -c 'import json,sys; print(repr(json.load(sys.stdin)["functions"][0]["function"]))' | FileCheck %s --check-prefix=ROUND
; ROUND: 'we"ird\nname'

; A module without records is still one document.
; RUN: echo 'define void @f() { ret void }' | %opt -passes='print<coroslim-states<json>>' -disable-output | FileCheck %s --check-prefix=EMPTY --match-full-lines
; EMPTY: {"version":1,"functions":[]}

; Each printer in a pipeline prints its own document.
; RUN: %opt -passes='print<coroslim-states<json>>,print<coroslim-states<json>>' -disable-output %s | FileCheck %s --check-prefix=TWO
; TWO: {"version":1,"functions":[
; TWO: {{^}}]}{{$}}
; TWO-NEXT: {"version":1,"functions":[
; TWO: {{^}}]}{{$}}

; -print-pipeline-passes keeps the parameter, and its output parses again.
; RUN: %opt -passes='print<coroslim-states<json>>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE
; PIPE: print<coroslim-states<json>>
; RUN: %opt -passes='print<coroslim-states>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE-TEXT
; PIPE-TEXT: print<coroslim-states>,

; Bad parameters.
; RUN: not %opt -passes='print<coroslim-states<jsn>>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: coroslim: print<coroslim-states>: unknown parameter 'jsn' (expected json or text)
; RUN: not %opt -passes='print<coroslim-states<json;json>>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=TWICE
; TWICE: coroslim: print<coroslim-states>: 'json' given twice; give one of json or text
; RUN: not %opt -passes='print<coroslim-states<json;text>>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BOTH
; BOTH: coroslim: print<coroslim-states>: 'json' and 'text' both given; give one of json or text

define void @"we\22ird\0Aname"(ptr %self) {
entry:
  %state = load i8, ptr %self, align 1
  switch i8 %state, label %default [
    i8 0, label %body
  ]
default:
  unreachable
body:
  ret void
}
