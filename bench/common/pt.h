/*===- bench/common/pt.h - Protothreads-style local continuations --------===*
 *
 * Part of coroslim. See docs/benchmarks.md.
 *
 * The hand-written floor of the benchmarks: Dunkels' protothreads in
 * miniature. A thread is a function over a struct whose `lc` field is the
 * line to resume at; the locals that live across a wait are struct fields.
 * No heap, no frames, one switch per thread.
 *
 *===----------------------------------------------------------------------===*/
#ifndef BENCH_COMMON_PT_H
#define BENCH_COMMON_PT_H

enum { PT_WAITING = 0, PT_DONE = 1 };

#define PT_BEGIN(pt)                                                           \
  switch ((pt)->lc) {                                                          \
  case 0:
#define PT_WAIT_UNTIL(pt, cond)                                                \
  do {                                                                         \
    (pt)->lc = __LINE__;                                                       \
  case __LINE__:                                                               \
    if (!(cond))                                                               \
      return PT_WAITING;                                                       \
  } while (0)
#define PT_YIELD(pt)                                                           \
  do {                                                                         \
    (pt)->lc = __LINE__;                                                       \
    return PT_WAITING;                                                         \
  case __LINE__:;                                                              \
  } while (0)
#define PT_EXIT(pt)                                                            \
  do {                                                                         \
    (pt)->lc = -1;                                                             \
    return PT_DONE;                                                            \
  } while (0)
#define PT_END(pt)                                                             \
  default:;                                                                    \
  }                                                                            \
  (pt)->lc = -1;                                                               \
  return PT_DONE

#endif /* BENCH_COMMON_PT_H */
