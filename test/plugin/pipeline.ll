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

; The whole default pipeline with the plugin prints and parses again, every
; coroslim pass with all its parameters (the -coroslim-* values it runs
; with), so the printed pipeline is the one that ran.
; RUN: %opt -passes='default<O2>' -print-pipeline-passes -disable-output %s > %t.o2
; RUN: xargs -I{} %opt -passes={} -disable-output %s < %t.o2
; RUN: FileCheck %s --check-prefix=PARAMS < %t.o2
; PARAMS: coroslim-inline-single-suspend<max-suspends=1;max-size=250;cost=speed>
; PARAMS: coroslim-merge-states<level=2;max-blocks=64;cost=speed;form=lowered>,coroslim-fold-transfer<noop=existing>,coroslim-embed-frame,coroslim-strip-done-traps<no-release;done-resume=return;form=pre-split>,coroslim-merge-states<level=2;max-blocks=64;cost=speed;form=pre-split>
; PARAMS: function(coroslim-strip-done-traps<no-release;done-resume=return;form=lowered>)

; Parameters other than the defaults print as given and parse again to the
; same pipeline.
; RUN: %opt -passes='coroslim-inline-single-suspend<max-size=50;max-suspends=2>,function(coroslim-merge-states<max-blocks=8;level=1>,coroslim-strip-done-traps<form=pre-split;done-resume=unreachable;release>)' -print-pipeline-passes -disable-verify -disable-output %s > %t.given
; RUN: FileCheck %s --match-full-lines --check-prefix=GIVEN < %t.given
; GIVEN: coroslim-inline-single-suspend<max-suspends=2;max-size=50;cost=speed>,function(coroslim-merge-states<level=1;max-blocks=8;cost=speed>,coroslim-strip-done-traps<release;done-resume=unreachable;form=pre-split>)
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.given | diff %t.given -

define void @f() {
  ret void
}
