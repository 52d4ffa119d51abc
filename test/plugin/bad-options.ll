; Bad pass parameters and option values are clear errors, never crashes.
; RUN: not %opt -passes='coroslim-c-presplit<bogus>' -disable-output %s 2>&1 | FileCheck %s --implicit-check-not='PLEASE submit' --check-prefix=PARAM
; PARAM: coroslim: coroslim-c-presplit: takes no parameters, got 'bogus'
; RUN: not %opt -coroslim-disable=coroslim-no-such-pass -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --implicit-check-not='PLEASE submit' --check-prefix=DISABLE
; DISABLE: unknown coroslim pass 'coroslim-no-such-pass'
; c-presplit cannot be disabled: the module would not compile without it.
; RUN: not %opt -coroslim-disable=coroslim-c-presplit -passes='default<O2>' -disable-output %s 2>&1 | FileCheck %s --implicit-check-not='PLEASE submit' --check-prefix=PRESPLIT
; PRESPLIT: 'coroslim-c-presplit' cannot be disabled
; From clang, -mllvm options are parsed after the plugin loads.
; RUN: not %clang %load_plugin -mllvm -coroslim-disable=typo -O2 -S -x ir %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not='PLEASE submit' --check-prefix=CLANG
; CLANG: unknown coroslim pass 'typo'

define void @f() {
  ret void
}
