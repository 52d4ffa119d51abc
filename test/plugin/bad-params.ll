; Every bad `<params>` of every coroslim pass is one error from the plugin
; (then opt's own line naming the pipeline element) and a non-zero exit.
; A number follows the rule of its -coroslim-* flag (bad-flags.ll). A
; parameter given twice, or two that set the same thing, is an error: the
; pass never silently picks one. Each check is the whole of stderr.
;
; Passes without parameters.
; RUN: not %opt -passes='coroslim-c-presplit<bogus>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=PRESPLIT
; PRESPLIT: coroslim: coroslim-c-presplit: takes no parameters, got 'bogus'
; PRESPLIT-NEXT: {{.*}}opt: unknown pass name 'coroslim-c-presplit<bogus>'
; RUN: not %opt -passes='coroslim-fold-suspend-free<level=1>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=FOLD
; FOLD: coroslim: coroslim-fold-suspend-free: unknown parameter 'level=1' (expected cost=size|speed|off)
; FOLD-NEXT: {{.*}}opt: unknown pass name 'coroslim-fold-suspend-free<level=1>'
;
; merge-states: level=1|2, max-blocks=N (N >= 1).
; RUN: not %opt -passes='coroslim-merge-states<level=3>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVEL3
; LEVEL3: coroslim: coroslim-merge-states: level must be 1 or 2, got '3'
; LEVEL3-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<level=3>'
; RUN: not %opt -passes='coroslim-merge-states<level>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVELNONE
; LEVELNONE: coroslim: coroslim-merge-states: level must be 1 or 2, got ''
; LEVELNONE-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<level>'
; RUN: not %opt -passes='coroslim-merge-states<max-blocks=0>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKS0
; BLOCKS0: coroslim: coroslim-merge-states: max-blocks must be a whole number of at least 1, got '0'
; BLOCKS0-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<max-blocks=0>'
; RUN: not %opt -passes='coroslim-merge-states<level=1;level=2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVELTWICE
; LEVELTWICE: coroslim: coroslim-merge-states: 'level=1' and 'level=2' both set level: give it once
; LEVELTWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<level=1;level=2>'
; RUN: not %opt -passes='coroslim-merge-states<max-blocks=8;level=1;max-blocks=8>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKSTWICE
; BLOCKSTWICE: coroslim: coroslim-merge-states: 'max-blocks=8' and 'max-blocks=8' both set max-blocks: give it once
; BLOCKSTWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<max-blocks=8;level=1;max-blocks=8>'
; RUN: not %opt -passes='coroslim-merge-states<level=1;;max-blocks=2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=EMPTY
; EMPTY: coroslim: coroslim-merge-states: empty parameter (a ';' with nothing before or after it)
; EMPTY-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<level=1;;max-blocks=2>'
; RUN: not %opt -passes='coroslim-merge-states<level=1;>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=TRAILING
; TRAILING: coroslim: coroslim-merge-states: empty parameter (a ';' with nothing before or after it)
; TRAILING-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<level=1;>'
; RUN: not %opt -passes='coroslim-merge-states<levle=1>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=MERGEUNKNOWN
; MERGEUNKNOWN: coroslim: coroslim-merge-states: unknown parameter 'levle=1' (expected level=1|2, max-blocks=N, cost=size|speed|off or form=any|pre-split|lowered)
; MERGEUNKNOWN-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<levle=1>'
; RUN: not %opt -passes='coroslim-merge-states<form=split>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=MERGEFORM
; MERGEFORM: coroslim: coroslim-merge-states: form must be any, pre-split or lowered, got 'split'
; MERGEFORM-NEXT: {{.*}}opt: unknown pass name 'coroslim-merge-states<form=split>'
;
; Not the first element: opt's line says which pipeline it was parsing.
; RUN: not %opt -passes='coroslim-c-presplit,coroslim-merge-states<level=3>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LATER
; LATER: coroslim: coroslim-merge-states: level must be 1 or 2, got '3'
; LATER-NEXT: {{.*}}opt: unknown module pass 'coroslim-merge-states<level=3>'
; RUN: not %opt -passes='function(coroslim-merge-states<level=3>)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=NESTED
; NESTED: coroslim: coroslim-merge-states: level must be 1 or 2, got '3'
; NESTED-NEXT: {{.*}}opt: unknown function pass 'coroslim-merge-states<level=3>'
;
; inline-single-suspend: max-suspends=N, max-size=N (N >= 1).
; RUN: not %opt -passes='coroslim-inline-single-suspend<max-suspends=0>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SUSP0
; SUSP0: coroslim: coroslim-inline-single-suspend: max-suspends must be a whole number of at least 1, got '0'
; SUSP0-NEXT: {{.*}}opt: unknown pass name 'coroslim-inline-single-suspend<max-suspends=0>'
; RUN: not %opt -passes='coroslim-inline-single-suspend<max-size=-1>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SIZENEG
; SIZENEG: coroslim: coroslim-inline-single-suspend: max-size must be a whole number of at least 1, got '-1'
; SIZENEG-NEXT: {{.*}}opt: unknown pass name 'coroslim-inline-single-suspend<max-size=-1>'
; RUN: not %opt -passes='coroslim-inline-single-suspend<max-size=10;max-size=20>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SIZETWICE
; SIZETWICE: coroslim: coroslim-inline-single-suspend: 'max-size=10' and 'max-size=20' both set max-size: give it once
; SIZETWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-inline-single-suspend<max-size=10;max-size=20>'
; RUN: not %opt -passes='coroslim-inline-single-suspend<max-suspends>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SUSPNONE
; SUSPNONE: coroslim: coroslim-inline-single-suspend: max-suspends must be a whole number of at least 1, got ''
; SUSPNONE-NEXT: {{.*}}opt: unknown pass name 'coroslim-inline-single-suspend<max-suspends>'
;
; strip-done-traps: one error, although the pass fills two pipeline slots.
; RUN: not %opt -passes='coroslim-strip-done-traps<bogus>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=STRIP
; STRIP: coroslim: coroslim-strip-done-traps: unknown parameter 'bogus' (expected release, no-release, done-resume=return, done-resume=unreachable, form=any|pre-split|lowered, size-margin=N or pending-from-type)
; STRIP-NEXT: {{.*}}opt: unknown pass name 'coroslim-strip-done-traps<bogus>'
; RUN: not %opt -passes='coroslim-strip-done-traps<form=lowered;form=pre-split>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=FORMTWICE
; FORMTWICE: coroslim: coroslim-strip-done-traps: 'form=lowered' and 'form=pre-split' both set form: give it once
; FORMTWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-strip-done-traps<form=lowered;form=pre-split>'
; RUN: not %opt -passes='coroslim-strip-done-traps<release;no-release>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=RELEASETWICE
; RELEASETWICE: coroslim: coroslim-strip-done-traps: 'release' and 'no-release' both set release: give it once
; RELEASETWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-strip-done-traps<release;no-release>'
; RUN: not %opt -passes='coroslim-strip-done-traps<done-resume=return;release;done-resume=unreachable>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=RESUMETWICE
; RESUMETWICE: coroslim: coroslim-strip-done-traps: 'done-resume=return' and 'done-resume=unreachable' both set done-resume: give it once
; RESUMETWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-strip-done-traps<done-resume=return;release;done-resume=unreachable>'
; RUN: not %opt -passes='coroslim-strip-done-traps<release=1>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=RELEASEVAL
; RELEASEVAL: coroslim: coroslim-strip-done-traps: unknown parameter 'release=1' (expected release, no-release, done-resume=return, done-resume=unreachable, form=any|pre-split|lowered, size-margin=N or pending-from-type)
; RELEASEVAL-NEXT: {{.*}}opt: unknown pass name 'coroslim-strip-done-traps<release=1>'
;
; Empty brackets are the defaults, as for LLVM's own passes.
; RUN: %opt -passes='coroslim-merge-states<>,coroslim-strip-done-traps<>,coroslim-inline-single-suspend<>' -disable-output %s

define void @f() {
  ret void
}
;
; coroslim-options: the settings of the slot passes, by the rules of their
; flags (-coroslim-release, -coroslim-done-resume, -coroslim-disable).
; RUN: not %opt -passes='coroslim-options<relase>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTUNKNOWN
; OPTUNKNOWN: coroslim: coroslim-options: unknown parameter 'relase' (expected release, no-release, done-resume=return, done-resume=unreachable or disable=PASS)
; OPTUNKNOWN-NEXT: {{.*}}opt: unknown pass name 'coroslim-options<relase>'
; RUN: not %opt -passes='coroslim-options<done-resume=maybe>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTMODE
; OPTMODE: coroslim: coroslim-options: done-resume must be return or unreachable, got 'maybe'
; OPTMODE-NEXT: {{.*}}opt: unknown pass name 'coroslim-options<done-resume=maybe>'
; RUN: not %opt -passes='coroslim-options<disable=coroslim-nope>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTDISABLE
; OPTDISABLE: coroslim: coroslim-options: disable: unknown coroslim pass 'coroslim-nope' (expected a coroslim pass name or 'all')
; OPTDISABLE-NEXT: {{.*}}opt: unknown pass name 'coroslim-options<disable=coroslim-nope>'
; RUN: not %opt -passes='coroslim-options<disable=coroslim-c-presplit>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTPRESPLIT
; OPTPRESPLIT: coroslim: coroslim-options: disable: 'coroslim-c-presplit' cannot be disabled: C coroutines do not compile without it
; OPTPRESPLIT-NEXT: {{.*}}opt: unknown pass name 'coroslim-options<disable=coroslim-c-presplit>'
; RUN: not %opt -passes='coroslim-options<release;no-release>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTTWICE
; OPTTWICE: coroslim: coroslim-options: 'release' and 'no-release' both set release: give it once
; OPTTWICE-NEXT: {{.*}}opt: unknown pass name 'coroslim-options<release;no-release>'
; RUN: not %opt -passes='function(coroslim-options<release>)' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=OPTLEVEL
; OPTLEVEL: coroslim: coroslim-options is a module pass: it cannot run inside function(...); put it at the top level of the pipeline or in module(...)
; OPTLEVEL-NEXT: {{.*}}opt: unknown function pass 'coroslim-options<release>'
