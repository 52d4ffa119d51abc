; Every -coroslim-* flag rejects a bad value when the command line is
; parsed: one error and a non-zero exit, never a default pipeline quietly
; built without the pass (-coroslim-merge-level=3 used to drop
; merge-states). A number takes the same rule as the pass parameter of the
; same name (bad-params.ll): decimal, in the range docs/options.md gives.
; Each check is the whole of stderr: --match-full-lines and no other line.
;
; merge-states: -coroslim-merge-level is 1 or 2.
; RUN: not %opt -coroslim-merge-level=3 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVEL3
; LEVEL3: opt: for the --coroslim-merge-level option: must be 1 or 2, got '3'
; RUN: not %opt -coroslim-merge-level=0 -passes=coroslim-merge-states -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVEL0
; LEVEL0: opt: for the --coroslim-merge-level option: must be 1 or 2, got '0'
; RUN: not %opt -coroslim-merge-level=two -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=LEVELTWO
; LEVELTWO: opt: for the --coroslim-merge-level option: must be 1 or 2, got 'two'
; From clang, where the bug was seen: -mllvm is parsed after the plugin loads.
; RUN: not %clang %load_plugin -mllvm -coroslim-merge-level=3 -O2 -S -x ir %s -o /dev/null 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=CLANG
; CLANG: clang (LLVM option parsing): for the --coroslim-merge-level option: must be 1 or 2, got '3'
;
; -coroslim-merge-max-blocks is at least 1, as max-blocks=N is; in decimal
; (cl::opt<unsigned> alone would also take 0x10 and read 010 as 8).
; RUN: not %opt -coroslim-merge-max-blocks=0 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKS0
; BLOCKS0: opt: for the --coroslim-merge-max-blocks option: must be a whole number of at least 1, got '0'
; RUN: not %opt -coroslim-merge-max-blocks=-1 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKSNEG
; BLOCKSNEG: opt: for the --coroslim-merge-max-blocks option: must be a whole number of at least 1, got '-1'
; RUN: not %opt -coroslim-merge-max-blocks=0x10 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKSHEX
; BLOCKSHEX: opt: for the --coroslim-merge-max-blocks option: must be a whole number of at least 1, got '0x10'
; RUN: not %opt -coroslim-merge-max-blocks=99999999999 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BLOCKSBIG
; BLOCKSBIG: opt: for the --coroslim-merge-max-blocks option: must be a whole number of at least 1, got '99999999999'
;
; inline-single-suspend: both limits are at least 1 (0 would inline
; nothing: -coroslim-disable says that).
; RUN: not %opt -coroslim-inline-max-suspends=0 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SUSP0
; SUSP0: opt: for the --coroslim-inline-max-suspends option: must be a whole number of at least 1, got '0'
; RUN: not %opt -coroslim-inline-max-size=0 -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SIZE0
; SIZE0: opt: for the --coroslim-inline-max-size option: must be a whole number of at least 1, got '0'
; RUN: not %opt -coroslim-inline-max-size=big -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=SIZEWORD
; SIZEWORD: opt: for the --coroslim-inline-max-size option: must be a whole number of at least 1, got 'big'
;
; strip-done-traps: -coroslim-done-resume is return or unreachable,
; -coroslim-release a boolean.
; RUN: not %opt -coroslim-done-resume=trap -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=RESUME
; RESUME: opt: for the --coroslim-done-resume option: must be return or unreachable, got 'trap'
; RUN: not %opt -coroslim-release=maybe -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=RELEASE
; RELEASE: opt: for the --coroslim-release option: 'maybe' is invalid value for boolean argument! Try 0 or 1
;
; -coroslim-disable: bad-options.ll.
;
; The edges of each range are accepted, and the default pipeline runs the
; passes with them.
; RUN: %opt -coroslim-merge-level=1 -coroslim-merge-max-blocks=1 -coroslim-inline-max-suspends=1 -coroslim-inline-max-size=1 -coroslim-done-resume=unreachable -coroslim-release=1 -passes='default<O2>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=EDGES
; RUN: %opt -coroslim-merge-level=2 -coroslim-merge-max-blocks=4294967295 -coroslim-inline-max-suspends=4294967295 -coroslim-inline-max-size=4294967295 -passes='default<O2>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=TOP
; EDGES: coroslim-inline-single-suspend<max-suspends=1;max-size=1;cost=speed>
; EDGES: coroslim-merge-states<level=1;max-blocks=1;cost=speed;form=lowered>,coroslim-fold-transfer<noop=existing>,coroslim-embed-frame,coroslim-strip-done-traps<release;done-resume=unreachable;form=pre-split>,coroslim-merge-states<level=1;max-blocks=1;cost=speed;form=pre-split>
; TOP: coroslim-inline-single-suspend<max-suspends=4294967295;max-size=4294967295;cost=speed>
; TOP: coroslim-merge-states<level=2;max-blocks=4294967295;cost=speed;form=pre-split>

define void @f() {
  ret void
}
