/*===- bench/common/bench_coro.h - Entry point for coro.h benchmarks -----===*
 *
 * Part of coroslim. See docs/benchmarks.md.
 *
 * BENCH_CORO_MAIN(run): main() for hosted builds (malloc frames, prints the
 * runtime's frame counter); bench_entry() for freestanding builds, where
 * frames come from a static pool (the runtime has no default allocator
 * without libc).
 *
 *===----------------------------------------------------------------------===*/
#ifndef BENCH_COMMON_BENCH_CORO_H
#define BENCH_COMMON_BENCH_CORO_H

#include "coroslim/coro.h"

#include "bench.h"

#if __STDC_HOSTED__
#define BENCH_CORO_MAIN(run) BENCH_MAIN(run(), cs_frames_allocated())
#else
#define BENCH_CORO_MAIN(run)                                                   \
  CS_POOL_STORAGE(bench_pool_mem, 512, 16);                                    \
  static unsigned bench_pooled_run(void) {                                     \
    static cs_pool pool;                                                       \
    cs_allocator a;                                                            \
    cs_pool_init(&pool, bench_pool_mem, sizeof bench_pool_mem, 512);           \
    a = cs_pool_allocator(&pool);                                              \
    cs_set_allocator(&a);                                                      \
    return run();                                                              \
  }                                                                            \
  BENCH_MAIN(bench_pooled_run(), 0)
#endif

#endif /* BENCH_COMMON_BENCH_CORO_H */
