; opt takes every coroslim pass name at any position of a pipeline, the way
; it takes LLVM's own: a function pass at module level runs through a
; module-to-function adaptor, one in cgscc(...) through a CGSCC-to-function
; adaptor. A pass at a level it cannot run at is one clear error.
; (-disable-verify: no trailing `verify` in the printed pipelines.)
;
; A function pass after a module pass (was: "unknown module pass").
; RUN: %opt -passes='coroslim-c-presplit,coroslim-merge-states' -print-pipeline-passes -disable-verify -disable-output %s > %t.1
; RUN: FileCheck %s --match-full-lines --check-prefix=MIXED1 < %t.1
; MIXED1: coroslim-c-presplit,function(coroslim-merge-states<level=2;max-blocks=64;cost=speed>)
; RUN: %opt -passes='coroslim-c-presplit,coroslim-merge-states' -debug-pass-manager -disable-output %s 2>&1 | FileCheck %s --check-prefix=RAN
; RAN: Running pass: coroslim::CPreSplitPass on [module]
; RAN: Running pass: coroslim::MergeStatesPass on f
;
; A function pass first, a module pass after it.
; RUN: %opt -passes='coroslim-strip-done-traps<form=lowered>,print<coroslim-states>' -print-pipeline-passes -disable-verify -disable-output %s > %t.2
; RUN: FileCheck %s --match-full-lines --check-prefix=MIXED2 < %t.2
; MIXED2: function(coroslim-strip-done-traps<no-release;done-resume=return;form=lowered>),print<coroslim-states>
; RUN: %opt -passes='coroslim-merge-states,coroslim-inline-single-suspend' -print-pipeline-passes -disable-verify -disable-output %s > %t.3
; RUN: FileCheck %s --match-full-lines --check-prefix=MIXED3 < %t.3
; MIXED3: function(coroslim-merge-states<level=2;max-blocks=64;cost=speed>),coroslim-inline-single-suspend<max-suspends=1;max-size=250;cost=speed>
;
; Explicit nesting, and a function pass in cgscc(...) and module(...).
; RUN: %opt -passes='function(coroslim-merge-states),coroslim-fold-suspend-free' -print-pipeline-passes -disable-verify -disable-output %s > %t.4
; RUN: FileCheck %s --match-full-lines --check-prefix=MIXED4 < %t.4
; MIXED4: function(coroslim-merge-states<level=2;max-blocks=64;cost=speed>),coroslim-fold-suspend-free<cost=speed>
; RUN: %opt -passes='cgscc(coroslim-merge-states<level=1>),module(coroslim-strip-done-traps<release>)' -print-pipeline-passes -disable-verify -disable-output %s > %t.5
; RUN: FileCheck %s --match-full-lines --check-prefix=MIXED5 < %t.5
; MIXED5: cgscc(function(coroslim-merge-states<level=1;max-blocks=64;cost=speed>)),function(coroslim-strip-done-traps<release;done-resume=return;form=any>)
;
; Each printed pipeline parses again to itself.
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.1 | diff %t.1 -
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.2 | diff %t.2 -
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.3 | diff %t.3 -
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.4 | diff %t.4 -
; RUN: xargs -I{} %opt -passes={} -print-pipeline-passes -disable-verify -disable-output %s < %t.5 | diff %t.5 -
;
; A module pass where only function, CGSCC or loop passes go: one clear
; reason, then opt's own line.
; RUN: not %opt -passes='function(coroslim-c-presplit)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=INFUNC
; INFUNC: coroslim: coroslim-c-presplit is a module pass: it cannot run inside function(...); put it at the top level of the pipeline or in module(...)
; INFUNC-NEXT: {{.*}}opt: unknown function pass 'coroslim-c-presplit'
; LLVM wraps a pipeline that starts with a function pass in function(...).
; RUN: not %opt -passes='instcombine,coroslim-fold-suspend-free' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=AFTERFUNC
; AFTERFUNC: coroslim: coroslim-fold-suspend-free is a module pass: it cannot run inside function(...); put it at the top level of the pipeline or in module(...)
; AFTERFUNC-NEXT: {{.*}}opt: unknown function pass 'coroslim-fold-suspend-free'
; RUN: not %opt -passes='cgscc(coroslim-inline-single-suspend<max-size=10>)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=INCGSCC
; INCGSCC: coroslim: coroslim-inline-single-suspend is a module pass: it cannot run inside cgscc(...); put it at the top level of the pipeline or in module(...)
; INCGSCC-NEXT: {{.*}}opt: unknown cgscc pass 'coroslim-inline-single-suspend<max-size=10>'
; RUN: not %opt -passes='function(print<coroslim-states>)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=PRINTER
; PRINTER: coroslim: print<coroslim-states> is a module pass: it cannot run inside function(...); put it at the top level of the pipeline or in module(...)
; PRINTER-NEXT: {{.*}}opt: unknown function pass 'print<coroslim-states>'
; RUN: not %opt -passes='loop(coroslim-merge-states)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=INLOOP
; INLOOP: coroslim: coroslim-merge-states is a function pass: it cannot run inside loop(...); put it in function(...) or at the top level of the pipeline
; INLOOP-NEXT: {{.*}}opt: unknown loop pass 'coroslim-merge-states'
; RUN: not %opt -passes='loop(coroslim-c-presplit)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=PRESPLITLOOP
; PRESPLITLOOP: coroslim: coroslim-c-presplit is a module pass: it cannot run inside loop(...); put it at the top level of the pipeline or in module(...)
; PRESPLITLOOP-NEXT: {{.*}}opt: unknown loop pass 'coroslim-c-presplit'
; Names take no inner pipeline.
; RUN: not %opt -passes='coroslim-merge-states(instcombine)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=INNER
; INNER: {{.*}}opt: invalid use of 'coroslim-merge-states' pass as module pipeline

define void @f() {
  ret void
}
