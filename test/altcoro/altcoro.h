/*===- altcoro.h - A second C coroutine front end (test only) ----*- C -*-===*
 *
 * Part of coroslim, an out-of-tree LLVM pass plugin. See docs/frontends.md.
 *
 *===----------------------------------------------------------------------===*
 *
 * A small coroutine library on clang's __builtin_coro_* builtins, written
 * independently of include/coroslim/coro.h and in the way other C coroutine
 * libraries do it, so that the passes are tested on details nobody tuned
 * them for:
 *
 *  - a coroutine returns a task struct (`ac_task`, a frame pointer in a
 *    struct), not a raw pointer;
 *  - the promise holds the result first and a `finished` byte after it; the
 *    coroutine writes it through its promise variable directly, not through
 *    __builtin_coro_promise; its size and alignment follow the result type;
 *  - completion is always a final suspend; "checked" mode checks in the
 *    resume wrapper (ac_resume) instead of in the coroutine;
 *  - an await tests "done" in one of three ways, per program
 *    (AC_DONE_STYLE): the `finished` byte, __builtin_coro_done, or the
 *    frame's resume-function slot being null;
 *  - the frame is freed with `AC_FRAME_FREE(__builtin_coro_free(frame))`,
 *    unguarded (free(NULL), and the pool hooks of the programs, do
 *    nothing), and allocated with AC_FRAME_ALLOC under
 *    __builtin_coro_alloc(): malloc by default, a pool hook if the program
 *    says so;
 *  - the awaited handle sits in a local, a struct field or an array slot
 *    (AC_AWAIT_AT), and a result can be written through a pointer the
 *    awaiter passes in (AC_ASYNC_VOID + AC_AWAIT_VOID);
 *  - a cooperative round-robin scheduler: every tick resumes every task
 *    once; tasks wait by polling (AC_WAIT_UNTIL).
 *
 *   AC_ASYNC(int, twice, int x) {       // coroutine returning int
 *     int r;
 *     AC_START(twice);
 *     AC_AWAIT(r, bar, x);              // r = result of bar(x)
 *     AC_RETURN(2 * r);
 *     AC_FINISH();
 *   }
 *
 * Rules (clang 22): declarations, then AC_START, then code, then AC_FINISH;
 * never `return`, use AC_RETURN (every return funnels into the one final
 * suspend). Suspending macros are statements.
 *
 * Configuration (define before including):
 *   AC_DONE_STYLE      AC_DONE_FLAG (default), AC_DONE_BUILTIN, AC_DONE_SLOT
 *   AC_FRAME_ALLOC(n)  allocation hook (default: counted malloc)
 *   AC_FRAME_FREE(p)   deallocation hook, must accept NULL (default: free)
 *   AC_FRAME_ALIGN     alignment AC_FRAME_ALLOC guarantees (default:
 *                      _Alignof(max_align_t), what malloc gives)
 *   AC_UNCHECKED       no "resumed a finished coroutine" check (the e2e
 *                      matrix's -DCS_UNCHECKED implies it)
 *
 *===----------------------------------------------------------------------===*/

#ifndef ALTCORO_H
#define ALTCORO_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(CS_UNCHECKED) && !defined(AC_UNCHECKED)
#define AC_UNCHECKED 1
#endif

#define AC_DONE_FLAG 0
#define AC_DONE_BUILTIN 1
#define AC_DONE_SLOT 2
#ifndef AC_DONE_STYLE
#define AC_DONE_STYLE AC_DONE_FLAG
#endif

#ifndef AC_MAX_TASKS
#define AC_MAX_TASKS 16
#endif

/* What the frame allocator guarantees (malloc: max_align_t). A program
 * whose promises need more (a 64-byte aligned result) defines it, and an
 * allocation hook that honours it. */
#ifndef AC_FRAME_ALIGN
#define AC_FRAME_ALIGN _Alignof(max_align_t)
#endif

#define AC__UNUSED __attribute__((unused))

/* A handle: the coroutine's frame, in a struct. */
typedef struct ac_task {
  void *co;
} ac_task;

/* Scheduler and counters. */
static struct {
  ac_task run[AC_MAX_TASKS];
  int n;
  unsigned long ticks, resumes, frames;
} ac__s;

static AC__UNUSED _Noreturn void ac__die(const char *why) {
  fprintf(stderr, "altcoro: %s\n", why);
  fflush(stderr);
  abort();
}

/* The default allocation hook: malloc, counted. */
static AC__UNUSED void *ac__malloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    ac__die("out of memory");
  ++ac__s.frames;
  return p;
}

#ifndef AC_FRAME_ALLOC
#define AC_FRAME_ALLOC(n) ac__malloc(n)
#endif
#ifndef AC_FRAME_FREE
#define AC_FRAME_FREE(p) free(p)
#endif

/* Frames allocated through the hook (CoroElide's stack frames are not). */
static inline AC__UNUSED unsigned long ac_frames(void) { return ac__s.frames; }
static inline AC__UNUSED unsigned long ac_now(void) { return ac__s.ticks; }
static inline AC__UNUSED unsigned long ac_resumes(void) {
  return ac__s.resumes;
}

/*===----------------------------------------------------------------------===*
 * Defining coroutines
 *===----------------------------------------------------------------------===*/

#define AC_PROMISE(name) struct ac__promise_##name
#define AC__DEF_PROMISE(T, name)                                               \
  AC_PROMISE(name) {                                                           \
    T result;                                                                  \
    unsigned char finished;                                                    \
  }
/* No result: the promise is the one byte. */
#define AC__DEF_PROMISE_VOID(name)                                             \
  AC_PROMISE(name) { unsigned char finished; }

#define AC_ASYNC(T, name, ...)                                                 \
  AC__DEF_PROMISE(T, name);                                                    \
  static ac_task name(__VA_ARGS__)
#define AC_ASYNC_VOID(name, ...)                                               \
  AC__DEF_PROMISE_VOID(name);                                                  \
  static ac_task name(__VA_ARGS__)

/* The promise is touched only after __builtin_coro_begin. */
#define AC_START(name)                                                         \
  typedef AC_PROMISE(name) ac__promise_t AC__UNUSED;                           \
  ac__promise_t ac__pr __attribute__((uninitialized));                         \
  __builtin_coro_id(AC_FRAME_ALIGN, &ac__pr, 0, 0);                            \
  __builtin_coro_begin(__builtin_coro_alloc()                                  \
                           ? AC_FRAME_ALLOC(__builtin_coro_size())             \
                           : NULL);                                            \
  ac__pr.finished = 0;                                                         \
  AC__SUSPEND()

#define AC__SUSPEND()                                                          \
  switch (__builtin_coro_suspend(0)) {                                         \
  case 0:                                                                      \
    break;                                                                     \
  case 1:                                                                      \
    goto ac__destroy;                                                          \
  default:                                                                     \
    goto ac__out;                                                              \
  }

/* Give the scheduler the rest of this tick. */
#define AC_YIELD()                                                             \
  do {                                                                         \
    AC__SUSPEND()                                                              \
  } while (0)

/* Generators: publish v, then yield. */
#define AC_EMIT(v)                                                             \
  do {                                                                         \
    ac__pr.result = (v);                                                       \
    AC__SUSPEND()                                                              \
  } while (0)

/* One suspend point, taken as long as cond is false. */
#define AC_WAIT_UNTIL(cond)                                                    \
  do {                                                                         \
    while (!(cond))                                                            \
      AC__SUSPEND()                                                            \
  } while (0)

#define AC_RETURN(v)                                                           \
  do {                                                                         \
    ac__pr.result = (v);                                                       \
    goto ac__final;                                                            \
  } while (0)
#define AC_RETURN_VOID() goto ac__final

/* The end of a coroutine body: the one final suspend, then the cleanup
 * (`...`, run whenever the coroutine is destroyed) and the frame free. */
#define AC_FINISH_WITH(...)                                                    \
  goto ac__final;                                                              \
  ac__final:                                                                   \
  ac__pr.finished = 1;                                                         \
  switch (__builtin_coro_suspend(1)) {                                         \
  case 0:                                                                      \
    __builtin_unreachable();                                                   \
  case 1:                                                                      \
    goto ac__destroy;                                                          \
  default:                                                                     \
    goto ac__out;                                                              \
  }                                                                            \
  ac__destroy : {                                                              \
    __VA_ARGS__;                                                               \
  }                                                                            \
  AC_FRAME_FREE(__builtin_coro_free(__builtin_coro_frame()));                  \
  ac__out:                                                                     \
  __builtin_coro_end(0, 0);                                                    \
  return (ac_task){__builtin_coro_frame()}
#define AC_FINISH() AC_FINISH_WITH((void)0)

/*===----------------------------------------------------------------------===*
 * Awaiting
 *===----------------------------------------------------------------------===*/

#define AC__PROMISE_OF(fn, frame)                                              \
  ((AC_PROMISE(fn) *)__builtin_coro_promise((frame), _Alignof(AC_PROMISE(fn)), \
                                            0))

#if AC_DONE_STYLE == AC_DONE_FLAG
#define AC__FINISHED(fn, frame) (AC__PROMISE_OF(fn, frame)->finished)
#elif AC_DONE_STYLE == AC_DONE_BUILTIN
#define AC__FINISHED(fn, frame) __builtin_coro_done(frame)
#elif AC_DONE_STYLE == AC_DONE_SLOT
/* Switch-ABI frames start with the resume function, null once final. */
#define AC__FINISHED(fn, frame) (*(void **)(frame) == NULL)
#else
#error "AC_DONE_STYLE: AC_DONE_FLAG, AC_DONE_BUILTIN or AC_DONE_SLOT"
#endif

/* AC_AWAIT_AT(slot, read, fn, args...): start fn(args) with its handle in
 * the lvalue `slot` (a local, a struct field, an array slot), drive it to
 * completion, suspending while it does, run `read` (which may use
 * AC_RESULT(fn, slot)), destroy it. Destroying this coroutine meanwhile
 * destroys the callee first. */
#define AC_AWAIT_AT(slot, read, fn, ...)                                       \
  do {                                                                         \
    (slot) = fn(__VA_ARGS__);                                                  \
    for (;;) {                                                                 \
      __builtin_coro_resume((slot).co);                                        \
      if (AC__FINISHED(fn, (slot).co))                                         \
        break;                                                                 \
      switch (__builtin_coro_suspend(0)) {                                     \
      case 0:                                                                  \
        continue;                                                              \
      case 1:                                                                  \
        __builtin_coro_destroy((slot).co);                                     \
        goto ac__destroy;                                                      \
      default:                                                                 \
        goto ac__out;                                                          \
      }                                                                        \
    }                                                                          \
    read;                                                                      \
    __builtin_coro_destroy((slot).co);                                         \
  } while (0)

#define AC_RESULT(fn, t) (AC__PROMISE_OF(fn, (t).co)->result)

/* dst = the result of fn(args). */
#define AC_AWAIT(dst, fn, ...)                                                 \
  do {                                                                         \
    ac_task ac__t;                                                             \
    AC_AWAIT_AT(ac__t, (dst) = AC_RESULT(fn, ac__t), fn, __VA_ARGS__);         \
  } while (0)

/* Await fn(args) for its effects (a result written through a pointer). */
#define AC_AWAIT_VOID(fn, ...)                                                 \
  do {                                                                         \
    ac_task ac__t;                                                             \
    AC_AWAIT_AT(ac__t, (void)0, fn, __VA_ARGS__);                              \
  } while (0)

/*===----------------------------------------------------------------------===*
 * Driving handles: by hand, or on the round-robin scheduler
 *===----------------------------------------------------------------------===*/

static inline AC__UNUSED int ac_done(ac_task t) {
  return __builtin_coro_done(t.co);
}

static inline AC__UNUSED void ac_resume(ac_task t) {
#ifndef AC_UNCHECKED
  if (__builtin_coro_done(t.co))
    ac__die("resumed a finished coroutine");
#endif
  __builtin_coro_resume(t.co);
}

/* Resume; non-zero while not finished (generators). */
static inline AC__UNUSED int ac_next(ac_task t) {
  ac_resume(t);
  return !ac_done(t);
}

static inline AC__UNUSED void ac_drop(ac_task t) {
  __builtin_coro_destroy(t.co);
}

static inline AC__UNUSED void ac_spawn(ac_task t) {
  if (ac__s.n == AC_MAX_TASKS)
    ac__die("too many tasks");
  ac__s.run[ac__s.n++] = t;
}

/* One tick: resume every task once, in spawn order; a finished task is
 * destroyed. Tasks spawned during the tick run from the next one. Returns
 * the number of tasks left. */
static inline AC__UNUSED int ac_tick(void) {
  int i, j = 0, n = ac__s.n;
  ++ac__s.ticks;
  for (i = 0; i < n; ++i) {
    ac_task t = ac__s.run[i];
    ++ac__s.resumes;
    ac_resume(t);
    if (ac_done(t))
      ac_drop(t);
    else
      ac__s.run[j++] = t;
  }
  for (i = n; i < ac__s.n; ++i)
    ac__s.run[j++] = ac__s.run[i];
  ac__s.n = j;
  return j;
}

/* Ticks until no task is left or `max` ticks passed; returns tasks left. */
static inline AC__UNUSED int ac_run(unsigned long max) {
  while (ac__s.n && ac__s.ticks < max)
    ac_tick();
  return ac__s.n;
}

/* Destroys every task still scheduled (destroy while pending). */
static inline AC__UNUSED void ac_cancel_all(void) {
  while (ac__s.n)
    ac_drop(ac__s.run[--ac__s.n]);
}

#endif /* ALTCORO_H */
