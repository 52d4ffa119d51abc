/*===- bench/common/bench.h - Output and entry points for C benchmarks ----===*
 *
 * Part of coroslim. See docs/benchmarks.md.
 *
 * Every C benchmark program (the coroslim/coro.h version and the
 * hand-written protothreads version) computes one checksum in
 * bench_run(). Hosted builds print it, plus the frame-allocation count, in
 * the format scripts/bench parses ("result: N", "frames: N"). Freestanding
 * builds (-ffreestanding, for the embedded .text figures) have no main: the
 * object exports bench_entry() and nothing touches libc, so the object
 * holds the state machines and the driver, as firmware would.
 *
 *===----------------------------------------------------------------------===*/
#ifndef BENCH_COMMON_BENCH_H
#define BENCH_COMMON_BENCH_H

/* 32-bit wrap-around mixing, the same in C and C++ and on every target. */
static inline unsigned bench_mix(unsigned acc, unsigned v) {
  return (acc ^ v) * 16777619u + 0x9e3779b9u;
}

#if __STDC_HOSTED__
#include <stdio.h>
#define BENCH_MAIN(run_expr, frames_expr)                                      \
  int main(void) {                                                             \
    unsigned r = (run_expr);                                                   \
    printf("result: %u\n", r);                                                 \
    printf("frames: %lu\n", (unsigned long)(frames_expr));                     \
    return 0;                                                                  \
  }
#else
#define BENCH_MAIN(run_expr, frames_expr)                                      \
  unsigned bench_entry(void);                                                  \
  unsigned bench_entry(void) { return (run_expr); }
#endif

#endif /* BENCH_COMMON_BENCH_H */
