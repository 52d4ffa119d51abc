; Fixture for textsplit_check.py: the unoptimised IR (with -g) that
; measure.ir_functions() reads. @task is a pre-split coroutine through its
; attribute group, @inline_co through an inline attribute, @cs_run is
; defined in a header (runtime), @bench_mix in the harness header, @run
; and @main in the program, @nodebug has no debug info. The C++ source
; name "pump" names two coroutines (a key), "get" a coroutine and a plain
; function (not a key).
define dso_local i32 @main() #0 !dbg !10 {
  ret i32 0
}
define internal i32 @run() #0 !dbg !11 {
  ret i32 0
}
define internal ptr @task(i32 noundef %0) #1 !dbg !12 {
  ret ptr null
}
define internal ptr @inline_co() presplitcoroutine !dbg !13 {
  ret ptr null
}
define internal i32 @cs_run() #0 !dbg !14 {
  ret i32 0
}
define internal i32 @bench_mix(i32 %a, i32 %b) #0 !dbg !15 {
  ret i32 0
}
define internal void @nodebug() #0 {
  ret void
}
define internal void @"quoted.name"() #0 !dbg !11 {
  ret void
}
define internal ptr @_ZN12_GLOBAL__N_14pumpEj(i32 %0) #1 !dbg !16 {
  ret ptr null
}
define internal ptr @_ZN12_GLOBAL__N_14pumpEv() #1 !dbg !17 {
  ret ptr null
}
define internal void @_Z3getv() #0 !dbg !18 {
  ret void
}
define internal void @_Z3geti() #1 !dbg !19 {
  ret void
}

attributes #0 = { noinline nounwind optnone "frame-pointer"="all" }
attributes #1 = { noinline nounwind optnone presplitcoroutine uwtable }

!1 = !DIFile(filename: "prog.c", directory: "/src/bench/p")
!2 = !DIFile(filename: "/src/include/coroslim/coro.h", directory: "")
!3 = !DIFile(filename: "/src/bench/p/../common/bench.h", directory: "")
!10 = distinct !DISubprogram(name: "main", scope: !1, file: !1, line: 3, type: !20)
!11 = distinct !DISubprogram(name: "run", scope: !1, file: !1, line: 4, type: !20)
!12 = distinct !DISubprogram(name: "task", scope: !1, file: !1, line: 5, type: !20)
!13 = distinct !DISubprogram(name: "inline_co", scope: !1, file: !1, line: 6, type: !20)
!14 = distinct !DISubprogram(name: "cs_run", scope: !2, file: !2, line: 7, type: !20)
!15 = distinct !DISubprogram(name: "bench_mix", scope: !3, file: !3, line: 8, type: !20)
!16 = distinct !DISubprogram(name: "pump", linkageName: "_ZN12_GLOBAL__N_14pumpEj", scope: !1, file: !1, line: 9, type: !20)
!17 = distinct !DISubprogram(name: "pump", linkageName: "_ZN12_GLOBAL__N_14pumpEv", scope: !1, file: !1, line: 10, type: !20)
!18 = distinct !DISubprogram(name: "get", linkageName: "_Z3getv", scope: !1, file: !1, line: 11, type: !20)
!19 = distinct !DISubprogram(name: "get", linkageName: "_Z3geti", scope: !1, file: !1, line: 12, type: !20)
