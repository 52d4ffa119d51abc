; Fixture for textsplit_check.py: the unoptimised IR (with -g) that
; measure.ir_functions() reads. @task is a pre-split coroutine through its
; attribute group, @inline_co through an inline attribute, @cs_run is
; defined in a header (runtime), @bench_mix in the harness header, @run
; and @main in the program, @nodebug has no debug info.
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
