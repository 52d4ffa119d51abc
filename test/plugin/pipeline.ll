; Every registered pass prints under its registered name in
; -print-pipeline-passes output, and that output parses again.
; RUN: %opt -passes='coroslim-c-presplit,print<coroslim-states>' -print-pipeline-passes -disable-output %s > %t.pipeline
; RUN: FileCheck %s --check-prefix=NAMES --input-file=%t.pipeline
; RUN: xargs -I{} %opt -passes={} -disable-output %s < %t.pipeline
; NAMES: coroslim-c-presplit,print<coroslim-states>

; c-presplit sits at PipelineStart at every level, -O0 included, and
; -coroslim-disable=all keeps it.
; RUN: %opt -passes='default<O0>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=START
; RUN: %opt -passes='default<O2>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=START
; RUN: %opt -passes='default<Oz>' -coroslim-disable=all -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=START
; START: coroslim-c-presplit

; The whole default pipeline with the plugin prints and parses again.
; RUN: %opt -passes='default<O2>' -print-pipeline-passes -disable-output %s > %t.o2
; RUN: xargs -I{} %opt -passes={} -disable-output %s < %t.o2

define void @f() {
  ret void
}
