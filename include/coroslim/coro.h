/*===- coroslim/coro.h - Header-only C11 coroutine runtime -------*- C -*-===*
 *
 * Part of coroslim, an out-of-tree LLVM pass plugin. See README.md and
 * docs/runtime.md.
 *
 *===----------------------------------------------------------------------===*
 *
 * Stackless coroutines for C, built on clang's __builtin_coro_* builtins and
 * LLVM's switch-resume lowering, plus a tiny deterministic executor.
 *
 *   #include "coroslim/coro.h"
 *
 *   CS_CORO(int, twice, int x)          // a coroutine returning an int
 *   {
 *     CS_BEGIN(twice);
 *     CS_SUSPEND();                     // give the caller control once
 *     CS_RETURN(2 * x);
 *     CS_END();
 *   }
 *
 *   CS_CORO(int, task, void)
 *   {
 *     int r;
 *     CS_BEGIN(task);
 *     CS_AWAIT(r, twice, 21);           // r = 42; suspends while twice does
 *     CS_RETURN(r);
 *     CS_END();
 *   }
 *
 *   int main(void) { cs_spawn(task()); cs_run(); return 0; }
 *
 * Build with `coroslim-cc` (or clang-22 -Xclang -fcoroutines
 * -fpass-plugin=CoroSlim.so): the plugin's coroslim-c-presplit pass is
 * REQUIRED at every -O level, without it the backend cannot lower C
 * coroutines.
 *
 * GROUND RULES (break one and the program is wrong, not just slow)
 *
 *  1. A coroutine is a function written with CS_CORO / CS_CORO_STATIC (or
 *     CS_DECLARE + CS_CORO_DEFINE). Its body is: declarations, then
 *     CS_BEGIN(name), the code, CS_END() (or CS_END_CLEANUP). Nothing but
 *     declarations before CS_BEGIN; their initialisers (free of side
 *     effects) run when the coroutine is called, before its frame exists.
 *     A local the cleanup reads must be initialised there.
 *  2. Never `return` from a coroutine body: use CS_RETURN(v) or
 *     CS_RETURN_VOID(). Every CS_RETURN jumps to the one completion point in
 *     CS_END (LLVM allows one final suspend per coroutine). Falling into
 *     CS_END returns the zero value.
 *  3. Suspending macros (CS_SUSPEND, CS_YIELD, CS_AWAIT*, CS_WAIT, CS_SLEEP,
 *     CS_SEND, CS_RECV) are statements, not expressions. Locals survive a
 *     suspend (they live in the coroutine frame); do not use VLAs or alloca
 *     in a coroutine, and never jump into or out of a coroutine body with
 *     setjmp/longjmp.
 *  4. A coroutine starts lazily: calling it only allocates the frame and
 *     returns a cs_handle. Drive a handle in exactly ONE way: await it
 *     (CS_AWAIT*, which owns it), spawn it (cs_spawn, the executor owns
 *     it), or step it yourself (cs_next / cs_done / CS_VALUE / cs_destroy).
 *     Every handle is destroyed exactly once; the awaiting and executor
 *     paths do it for you.
 *  5. Resuming a completed coroutine is a bug. Checked mode (the default)
 *     stops the program with "coroslim: coroutine 'NAME' resumed after
 *     completion". `#define CS_UNCHECKED` before including this header
 *     removes the check: such a resume is then undefined behaviour.
 *  6. CS_WAIT, CS_SLEEP, CS_SEND and CS_RECV park the executor task that is
 *     running; use them only in coroutines that run under cs_run (spawned,
 *     or awaited by something spawned).
 *  7. The value type of a coroutine must not need more alignment than
 *     CS_PROMISE_ALIGN (8 by default); a static assertion says so. No local
 *     of a coroutine may need more alignment than CS_FRAME_ALIGN (two
 *     pointers): locals live in the frame, which has only that.
 *  8. The runtime's state (counters, allocator, executor) is one set of
 *     weak globals shared by all translation units: define the CS_*
 *     configuration macros identically in every file. Single-threaded.
 *  9. Identifiers starting with cs__ / CS__ are private; everything public
 *     starts with cs_ (functions, types) or CS_ (macros).
 *
 * CONFIGURATION MACROS (define before including)
 *
 *   CS_UNCHECKED        completion is a final suspend; no resume check.
 *   CS_NO_LIBC          do not use <stdio.h>/<stdlib.h> (implied when
 *                       __STDC_HOSTED__ is 0, e.g. with -ffreestanding):
 *                       no default allocator, fatal errors __builtin_trap().
 *   CS_ON_FATAL(msg)    called (must not return) on a runtime error instead
 *                       of printing + abort / trapping.
 *   CS_MAX_TASKS        executor task slots (default 32).
 *   CS_PROMISE_ALIGN    alignment of every promise (default 8).
 *
 *===----------------------------------------------------------------------===*/

#ifndef COROSLIM_CORO_H
#define COROSLIM_CORO_H

#include <stddef.h>

#if !defined(__clang__) || (__clang_major__ != 19 && __clang_major__ < 22)
#error "coroslim/coro.h needs clang 22 or 19 (-Xclang -fcoroutines and the coroslim plugin)"
#elif !__has_builtin(__builtin_coro_begin)
/* Without it clang knows none of the __builtin_coro_* this header uses. The
 * rest of the header is skipped so that this is the only error it gives. */
#error "coroslim/coro.h: C coroutines are off: compile with -Xclang -fcoroutines, or use coroslim-cc"
#else

#if !defined(CS_NO_LIBC) && !__STDC_HOSTED__
#define CS_NO_LIBC 1
#endif
#ifndef CS_NO_LIBC
#include <stdio.h>
#include <stdlib.h>
#endif

#ifndef CS_MAX_TASKS
#define CS_MAX_TASKS 32
#endif

/* Every promise (the runtime's per-coroutine record: done flag and value)
 * has this alignment, so generic code (the executor, cs_done) can reach the
 * done flag of any coroutine through __builtin_coro_promise. */
#ifndef CS_PROMISE_ALIGN
#define CS_PROMISE_ALIGN 8
#endif

/* Alignment the frame allocator guarantees (what malloc gives). */
#define CS_FRAME_ALIGN (2 * sizeof(void *))
/* The promise lives in the frame, which is only CS_FRAME_ALIGN aligned. */
_Static_assert(CS_PROMISE_ALIGN <= CS_FRAME_ALIGN,
               "CS_PROMISE_ALIGN must not exceed CS_FRAME_ALIGN (the "
               "alignment of a frame)");

#if defined(__GNUC__)
#define CS__UNUSED __attribute__((unused))
#define CS__WEAK __attribute__((weak))
#define CS__COLD __attribute__((cold, noinline))
#endif

/* The promise slot must not be written before __builtin_coro_begin (see
 * CS_BEGIN); -ftrivial-auto-var-init would initialise it where it is
 * declared, so it opts out. */
#if defined(__has_attribute)
#if __has_attribute(uninitialized)
#define CS__UNINITIALIZED __attribute__((uninitialized))
#endif
#endif
#ifndef CS__UNINITIALIZED
#define CS__UNINITIALIZED
#endif

/*===----------------------------------------------------------------------===*
 * Types
 *===----------------------------------------------------------------------===*/

/* A coroutine handle: what calling a coroutine returns. */
typedef void *cs_handle;

/* The frame allocator. alloc returns memory aligned to CS_FRAME_ALIGN, or
 * NULL (a fatal error); free gets the size alloc was asked for. */
typedef struct cs_allocator {
  void *(*alloc)(void *ctx, size_t size);
  void (*free)(void *ctx, void *ptr, size_t size);
  void *ctx;
} cs_allocator;

typedef struct cs_task cs_task;

/* A FIFO of parked executor tasks (intrusive, no allocation). */
typedef struct cs_waitq {
  cs_task *head, *tail;
} cs_waitq;

/* An event: cs_event_fire wakes the longest-waiting task, or, when nobody
 * waits, is remembered for the next CS_WAIT (a counting semaphore).
 * Zero-initialise it: `cs_event ev = {0};`. */
typedef struct cs_event {
  cs_waitq waiters;
  unsigned pending;
} cs_event;

/* A bounded FIFO channel of longs between executor tasks. */
typedef struct cs_chan {
  long *buf;
  unsigned cap, head, count;
  int closed;
  cs_waitq readers, writers;
} cs_chan;

/* A fixed-block frame pool (the static-pool allocator example). */
typedef struct cs_pool {
  void *free_list;
  size_t block;
  size_t blocks, used, high_water;
} cs_pool;

/* CS__DYING: its frame is being destroyed (cs_cancel, or completion in
 * cs_run); a cleanup that cancels it again finds nothing to do. */
enum { CS__FREE = 0, CS__READY, CS__RUNNING, CS__PARKED, CS__DYING };

struct cs_task {
  cs_handle h;
  cs_task *next;
  cs_waitq *q;            /* the queue the task is linked into, if any */
  unsigned long deadline; /* timer queue only */
  int id;
  int state;
};

/* All mutable runtime state. Weak, so every translation unit that includes
 * this header shares one instance. Zero-initialised. */
struct cs__runtime {
  unsigned long frames;  /* frames allocated through the hook, ever */
  unsigned long live;    /* allocated and not yet freed */
  cs_allocator allocator;
  int has_allocator;
  cs_task tasks[CS_MAX_TASKS];
  cs_waitq ready, timers;
  cs_task *current;
  unsigned long now, resumes;
  int last_id, running;
};
CS__WEAK struct cs__runtime cs__rt;

/*===----------------------------------------------------------------------===*
 * Errors
 *===----------------------------------------------------------------------===*/

/* Stops the program with a runtime error. */
CS__COLD CS__UNUSED _Noreturn static void cs__fatal(const char *msg) {
#if defined(CS_ON_FATAL)
  CS_ON_FATAL(msg);
  __builtin_trap();
#elif !defined(CS_NO_LIBC)
  fprintf(stderr, "coroslim: %s\n", msg);
  fflush(stderr);
  abort();
#else
  (void)msg;
  __builtin_trap();
#endif
}

/* The post-completion trap: the resume edge of a checked coroutine's
 * completion suspend calls this and nothing else. Kept out of line (and
 * noreturn) so that the trap path stays one call followed by unreachable,
 * which is what coroslim-strip-done-traps recognises. */
CS__COLD CS__UNUSED _Noreturn static void cs__resumed_after_completion(const char *name) {
#if defined(CS_ON_FATAL)
  (void)name;
  CS_ON_FATAL("coroutine resumed after completion");
  __builtin_trap();
#elif !defined(CS_NO_LIBC)
  fprintf(stderr, "coroslim: coroutine '%s' resumed after completion\n",
          name);
  fflush(stderr);
  abort();
#else
  (void)name;
  __builtin_trap();
#endif
}

/*===----------------------------------------------------------------------===*
 * Frame allocation
 *===----------------------------------------------------------------------===*/

/* Installs the frame allocator (copied); NULL restores the default (malloc,
 * or none without libc). Change it only while no frame is live. */
static inline CS__UNUSED void cs_set_allocator(const cs_allocator *a) {
  if (a)
    cs__rt.allocator = *a;
  cs__rt.has_allocator = a != NULL;
}

/* Frames allocated through the hook since the program started. Frames that
 * LLVM's CoroElide put on the caller's stack are not counted, so the number
 * depends on the -O level: print it, never compare it across builds. */
static inline CS__UNUSED unsigned long cs_frames_allocated(void) {
  return cs__rt.frames;
}

/* Frames allocated and not freed yet (0 when every handle was destroyed). */
static inline CS__UNUSED unsigned long cs_frames_live(void) {
  return cs__rt.live;
}

/* The allocation hook every coroutine ramp calls (only when the frame is
 * not elided, i.e. under __builtin_coro_alloc()). */
static inline CS__UNUSED void *cs__frame_alloc(size_t size) {
  void *p = NULL;
  ++cs__rt.frames;
  ++cs__rt.live;
  if (cs__rt.has_allocator)
    p = cs__rt.allocator.alloc(cs__rt.allocator.ctx, size);
#ifndef CS_NO_LIBC
  else
    p = malloc(size);
#endif
  if (!p)
    cs__fatal(cs__rt.has_allocator
                  ? "the frame allocator returned NULL"
                  : "no frame allocator (call cs_set_allocator)");
  return p;
}

static inline CS__UNUSED void cs__frame_free(void *p, size_t size) {
  --cs__rt.live;
  if (cs__rt.has_allocator)
    cs__rt.allocator.free(cs__rt.allocator.ctx, p, size);
#ifndef CS_NO_LIBC
  else
    free(p);
#endif
  (void)size;
}

/* Static pool: carve `mem` (aligned to CS_FRAME_ALIGN, e.g. declared with
 * CS_POOL_STORAGE) into blocks of `block` bytes. A frame larger than a
 * block, or more frames than blocks, is a fatal error. */
#define CS_POOL_STORAGE(name, block, count)                                    \
  _Alignas(CS_FRAME_ALIGN) static unsigned char name[(count) *                 \
                                                     CS__ROUND_UP(block)]
#define CS__ROUND_UP(n) (((n) + CS_FRAME_ALIGN - 1) / CS_FRAME_ALIGN * CS_FRAME_ALIGN)

static inline CS__UNUSED void cs_pool_init(cs_pool *pool, void *mem,
                                           size_t mem_size, size_t block) {
  unsigned char *p = (unsigned char *)mem;
  size_t i;
  /* A block holds at least the free-list link. */
  pool->block = CS__ROUND_UP(block < sizeof(void *) ? sizeof(void *) : block);
  pool->blocks = mem_size / pool->block;
  pool->used = pool->high_water = 0;
  pool->free_list = NULL;
  for (i = pool->blocks; i-- > 0;) {
    void **b = (void **)(p + i * pool->block);
    *b = pool->free_list;
    pool->free_list = b;
  }
}

static inline CS__UNUSED void *cs_pool_alloc(void *ctx, size_t size) {
  cs_pool *pool = (cs_pool *)ctx;
  void **b = (void **)pool->free_list;
  if (size > pool->block)
    cs__fatal("coroutine frame larger than a pool block");
  if (!b)
    cs__fatal("frame pool exhausted");
  pool->free_list = *b;
  if (++pool->used > pool->high_water)
    pool->high_water = pool->used;
  return b;
}

static inline CS__UNUSED void cs_pool_free(void *ctx, void *ptr, size_t size) {
  cs_pool *pool = (cs_pool *)ctx;
  (void)size;
  *(void **)ptr = pool->free_list;
  pool->free_list = ptr;
  --pool->used;
}

/* A cs_allocator that uses `pool`. */
static inline CS__UNUSED cs_allocator cs_pool_allocator(cs_pool *pool) {
  cs_allocator a;
  a.alloc = cs_pool_alloc;
  a.free = cs_pool_free;
  a.ctx = pool;
  return a;
}

/*===----------------------------------------------------------------------===*
 * Defining coroutines
 *===----------------------------------------------------------------------===*/

/* The promise of coroutine `name`: lives in its frame at a fixed offset
 * (reached with __builtin_coro_promise). `done` becomes non-zero right
 * before the coroutine completes; `value` holds the last CS_YIELD or the
 * CS_RETURN value. */
#define CS__PROMISE(name) struct cs__promise_##name
#define CS__DEFINE_PROMISE(T, name)                                            \
  CS__PROMISE(name) {                                                          \
    _Alignas(CS_PROMISE_ALIGN) int done;                                       \
    T value;                                                                   \
  };                                                                           \
  _Static_assert(_Alignof(CS__PROMISE(name)) == CS_PROMISE_ALIGN,              \
                 "coroutine '" #name "': its value type needs more "          \
                 "alignment than CS_PROMISE_ALIGN")

/* CS_CORO(T, name, params...): header of a coroutine `name` with external
 * linkage whose CS_RETURN value has type T. Follow it with the body
 * `{ ... CS_BEGIN(name); ... CS_END(); }`. Write `void` for no params. */
#define CS_CORO(T, name, ...)                                                  \
  CS__DEFINE_PROMISE(T, name);                                                 \
  cs_handle name(__VA_ARGS__)

/* CS_CORO_STATIC(T, name, params...): the same with internal linkage. */
#define CS_CORO_STATIC(T, name, ...)                                           \
  CS__DEFINE_PROMISE(T, name);                                                 \
  static cs_handle name(__VA_ARGS__)

/* CS_DECLARE(T, name, params...): declares a coroutine defined later (with
 * CS_CORO_DEFINE), so that others can await it first. */
#define CS_DECLARE(T, name, ...)                                               \
  CS__DEFINE_PROMISE(T, name);                                                 \
  cs_handle name(__VA_ARGS__)

/* CS_CORO_DEFINE(name, params...): header of a coroutine declared before
 * with CS_DECLARE. */
#define CS_CORO_DEFINE(name, ...) cs_handle name(__VA_ARGS__)

/* The running coroutine's own promise. */
#define CS__SELF()                                                             \
  ((cs__self_t *)__builtin_coro_promise(__builtin_coro_frame(),                \
                                        CS_PROMISE_ALIGN, 0))

/* One suspend point: resume continues after it, destroy runs the cleanup,
 * and the first time (and whenever the coroutine suspends) control returns
 * to whoever resumed it. */
#define CS__SUSPEND_SWITCH()                                                   \
  switch (__builtin_coro_suspend(0)) {                                         \
  case 0:                                                                      \
    break;                                                                     \
  case 1:                                                                      \
    goto cs__cleanup;                                                          \
  default:                                                                     \
    goto cs__suspend;                                                          \
  }

/* CS_BEGIN(name): first statement of the body of coroutine `name`.
 * Emits the lazy start: coro.id (with the promise slot, which nothing
 * touches before coro.begin), the frame allocation through the hook (only
 * when not elided), coro.begin, the promise initialisation and the initial
 * suspend. */
#define CS_BEGIN(name)                                                         \
  typedef CS__PROMISE(name) cs__self_t;                                        \
  cs__self_t cs__promise_slot CS__UNINITIALIZED;                               \
  void *cs__mem = NULL;                                                        \
  __builtin_coro_id(CS_FRAME_ALIGN, &cs__promise_slot, 0, 0);                  \
  if (__builtin_coro_alloc())                                                  \
    cs__mem = cs__frame_alloc(__builtin_coro_size());                          \
  *(cs__self_t *)__builtin_coro_promise(__builtin_coro_begin(cs__mem),         \
                                        CS_PROMISE_ALIGN, 0) =                 \
      (cs__self_t){0};                                                         \
  CS__SUSPEND_SWITCH()

/* CS_SUSPEND(): suspend; the next resume continues here. Under the
 * executor this yields: the task goes to the back of the ready queue. */
#define CS_SUSPEND()                                                           \
  do {                                                                         \
    CS__SUSPEND_SWITCH()                                                       \
  } while (0)

/* CS_YIELD(v): store v as the current value, then suspend (generators). */
#define CS_YIELD(v)                                                            \
  do {                                                                         \
    CS__SELF()->value = (v);                                                   \
    CS__SUSPEND_SWITCH()                                                       \
  } while (0)

/* CS_RETURN(v): complete with value v. Jumps to the completion point. */
#define CS_RETURN(v)                                                           \
  do {                                                                         \
    CS__SELF()->value = (v);                                                   \
    goto cs__complete;                                                         \
  } while (0)

/* CS_RETURN_VOID(): complete, leaving the value as it is. */
#define CS_RETURN_VOID() goto cs__complete

/* The completion suspend. Checked: a non-final suspend whose resume edge
 * is the post-completion trap. Unchecked: the final suspend. */
#ifdef CS_UNCHECKED
#define CS__COMPLETION_SUSPEND()                                               \
  switch (__builtin_coro_suspend(1)) {                                         \
  case 0:                                                                      \
    __builtin_unreachable();                                                   \
  case 1:                                                                      \
    goto cs__cleanup;                                                          \
  default:                                                                     \
    goto cs__suspend;                                                          \
  }
#else
#define CS__COMPLETION_SUSPEND()                                               \
  switch (__builtin_coro_suspend(0)) {                                         \
  case 0:                                                                      \
    cs__resumed_after_completion(__func__);                                    \
    __builtin_unreachable();                                                   \
  case 1:                                                                      \
    goto cs__cleanup;                                                          \
  default:                                                                     \
    goto cs__suspend;                                                          \
  }
#endif

/* CS_END_CLEANUP(stmts...): last statement of a coroutine body. The
 * statements run whenever the coroutine is destroyed (after completion or
 * while suspended, after any coroutine it was awaiting was destroyed);
 * they see the function-scope locals. */
#define CS_END_CLEANUP(...)                                                    \
  goto cs__complete;                                                           \
  cs__complete:                                                                \
  CS__SELF()->done = 1;                                                        \
  CS__COMPLETION_SUSPEND()                                                     \
  cs__cleanup : {                                                              \
    __VA_ARGS__;                                                               \
  }                                                                            \
  {                                                                            \
    void *cs__m = __builtin_coro_free(__builtin_coro_frame());                 \
    if (cs__m)                                                                 \
      cs__frame_free(cs__m, __builtin_coro_size());                            \
  }                                                                            \
  cs__suspend:                                                                 \
  __builtin_coro_end(0, 0);                                                    \
  return __builtin_coro_frame()

/* CS_END(): last statement of a coroutine body. */
#define CS_END() CS_END_CLEANUP((void)0)

/*===----------------------------------------------------------------------===*
 * Awaiting
 *===----------------------------------------------------------------------===*/

/* The await idiom (docs/design.md): start the callee, resume it; while it is
 * not done, suspend this coroutine and resume the callee when resumed;
 * destroying this coroutine meanwhile destroys the callee first. The handle
 * is a local of the caller and is used for nothing else. */
#define CS__AWAIT(fn, read_result, ...)                                        \
  do {                                                                         \
    cs_handle cs__aw = fn(__VA_ARGS__);                                        \
    for (;;) {                                                                 \
      __builtin_coro_resume(cs__aw);                                           \
      if (((CS__PROMISE(fn) *)__builtin_coro_promise(cs__aw, CS_PROMISE_ALIGN, \
                                                     0))                       \
              ->done)                                                          \
        break;                                                                 \
      switch (__builtin_coro_suspend(0)) {                                     \
      case 0:                                                                  \
        continue;                                                              \
      case 1:                                                                  \
        __builtin_coro_destroy(cs__aw);                                        \
        goto cs__cleanup;                                                      \
      default:                                                                 \
        goto cs__suspend;                                                      \
      }                                                                        \
    }                                                                          \
    read_result;                                                               \
    __builtin_coro_destroy(cs__aw);                                            \
  } while (0)

/* CS_AWAIT(dst, fn, args...): dst = the CS_RETURN value of coroutine fn
 * called with args; this coroutine suspends as often as fn does. */
#define CS_AWAIT(dst, fn, ...)                                                 \
  CS__AWAIT(fn,                                                                \
            (dst) = ((CS__PROMISE(fn) *)__builtin_coro_promise(                \
                         cs__aw, CS_PROMISE_ALIGN, 0))                         \
                        ->value,                                               \
            __VA_ARGS__)

/* CS_AWAIT_VOID(fn, args...): await fn, ignoring its value. */
#define CS_AWAIT_VOID(fn, ...) CS__AWAIT(fn, (void)0, __VA_ARGS__)

/*===----------------------------------------------------------------------===*
 * Driving a handle by hand (generators, tests)
 *===----------------------------------------------------------------------===*/

/* Non-zero once the coroutine has completed. */
static inline CS__UNUSED int cs_done(cs_handle h) {
  return *(int *)__builtin_coro_promise(h, CS_PROMISE_ALIGN, 0);
}

/* Resumes h; returns non-zero while it has not completed (it suspended or
 * yielded). Resuming a completed coroutine is the post-completion bug. */
static inline CS__UNUSED int cs_next(cs_handle h) {
  __builtin_coro_resume(h);
  return !cs_done(h);
}

/* Destroys h (completed or suspended) and frees its frame. */
static inline CS__UNUSED void cs_destroy(cs_handle h) {
  __builtin_coro_destroy(h);
}

/* CS_VALUE(fn, h): the value (last CS_YIELD or the CS_RETURN) of handle h
 * of coroutine fn, as an lvalue. */
#define CS_VALUE(fn, h)                                                        \
  (((CS__PROMISE(fn) *)__builtin_coro_promise((h), CS_PROMISE_ALIGN, 0))->value)

/*===----------------------------------------------------------------------===*
 * Executor: ready queue, virtual-time timers, events, channels
 *===----------------------------------------------------------------------===*/

static inline CS__UNUSED void cs__push(cs_waitq *q, cs_task *t) {
  t->next = NULL;
  t->q = q;
  if (q->tail)
    q->tail->next = t;
  else
    q->head = t;
  q->tail = t;
}

static inline CS__UNUSED cs_task *cs__pop(cs_waitq *q) {
  cs_task *t = q->head;
  if (t) {
    q->head = t->next;
    if (!q->head)
      q->tail = NULL;
    t->next = NULL;
    t->q = NULL;
  }
  return t;
}

static inline CS__UNUSED void cs__unlink(cs_task *t) {
  cs_waitq *q = t->q;
  cs_task *prev = NULL, *cur;
  if (!q)
    return;
  for (cur = q->head; cur && cur != t; cur = cur->next)
    prev = cur;
  if (cur) {
    if (prev)
      prev->next = t->next;
    else
      q->head = t->next;
    if (q->tail == t)
      q->tail = prev;
  }
  t->next = NULL;
  t->q = NULL;
}

/* Makes a parked task ready. */
static inline CS__UNUSED void cs__wake(cs_task *t) {
  t->state = CS__READY;
  cs__push(&cs__rt.ready, t);
}

static inline CS__UNUSED void cs__wake_one(cs_waitq *q) {
  cs_task *t = cs__pop(q);
  if (t)
    cs__wake(t);
}

static inline CS__UNUSED void cs__wake_all(cs_waitq *q) {
  cs_task *t;
  while ((t = cs__pop(q)))
    cs__wake(t);
}

/* Parks the running task on q; the caller suspends right after. */
static inline CS__UNUSED void cs__park(cs_waitq *q) {
  cs_task *t = cs__rt.current;
  if (!t)
    cs__fatal("a coroutine waited outside the executor (cs_run)");
  t->state = CS__PARKED;
  cs__push(q, t);
}

/* Parks the running task until virtual time `deadline` (timer queue sorted
 * by deadline, FIFO among equal deadlines). */
static inline CS__UNUSED void cs__park_until(unsigned long deadline) {
  cs_task *t = cs__rt.current, *prev = NULL, *cur;
  cs_waitq *q = &cs__rt.timers;
  if (!t)
    cs__fatal("a coroutine slept outside the executor (cs_run)");
  t->state = CS__PARKED;
  t->deadline = deadline;
  t->q = q;
  for (cur = q->head; cur && cur->deadline <= deadline; cur = cur->next)
    prev = cur;
  t->next = cur;
  if (prev)
    prev->next = t;
  else
    q->head = t;
  if (!cur)
    q->tail = t;
}

/* Whether a task that is not free has id `id`. */
static inline CS__UNUSED int cs__id_in_use(int id) {
  int i;
  for (i = 0; i < CS_MAX_TASKS; ++i)
    if (cs__rt.tasks[i].state != CS__FREE && cs__rt.tasks[i].id == id)
      return 1;
  return 0;
}

/* Hands h (a fresh coroutine handle) to the executor, which resumes it
 * until it completes and then destroys it. Returns the task id (> 0). */
static inline CS__UNUSED int cs_spawn(cs_handle h) {
  int i;
  for (i = 0; i < CS_MAX_TASKS; ++i) {
    cs_task *t = &cs__rt.tasks[i];
    if (t->state != CS__FREE)
      continue;
    t->h = h;
    /* Ids stay positive: after INT_MAX spawns they start again at 1,
     * passing over the ids of tasks still alive. */
    do
      cs__rt.last_id = cs__rt.last_id == 0x7fffffff ? 1 : cs__rt.last_id + 1;
    while (cs__id_in_use(cs__rt.last_id));
    t->id = cs__rt.last_id;
    cs__wake(t);
    return t->id;
  }
  cs__fatal("too many tasks (raise CS_MAX_TASKS)");
}

/* Runs ready tasks in FIFO order until none is ready; then advances the
 * virtual clock to the next timer and goes on. Returns, when nothing is
 * ready and no timer is pending, the number of tasks still parked (on
 * events or channels): fire them and call cs_run again. */
static inline CS__UNUSED int cs_run(void) {
  int i, parked = 0;
  if (cs__rt.running)
    cs__fatal("cs_run called from a task");
  cs__rt.running = 1;
  for (;;) {
    cs_task *t = cs__pop(&cs__rt.ready);
    if (!t) {
      if (!cs__rt.timers.head)
        break;
      cs__rt.now = cs__rt.timers.head->deadline;
      while (cs__rt.timers.head && cs__rt.timers.head->deadline <= cs__rt.now)
        cs__wake(cs__pop(&cs__rt.timers));
      continue;
    }
    cs__rt.current = t;
    t->state = CS__RUNNING;
    ++cs__rt.resumes;
    __builtin_coro_resume(t->h);
    cs__rt.current = NULL;
    if (cs_done(t->h)) {
      t->state = CS__DYING;
      __builtin_coro_destroy(t->h);
      t->state = CS__FREE;
    } else if (t->state == CS__RUNNING) {
      cs__wake(t); /* it just suspended: yield to the others */
    }
  }
  cs__rt.running = 0;
  for (i = 0; i < CS_MAX_TASKS; ++i)
    parked += cs__rt.tasks[i].state != CS__FREE;
  return parked;
}

/* Destroys task `id` if it has not completed (it is parked or ready), which
 * destroys every coroutine it is awaiting. Returns 1 if it did. */
static inline CS__UNUSED int cs_cancel(int id) {
  int i;
  for (i = 0; i < CS_MAX_TASKS; ++i) {
    cs_task *t = &cs__rt.tasks[i];
    if (t->state == CS__FREE || t->id != id)
      continue;
    if (t->state == CS__RUNNING)
      cs__fatal("a task cannot cancel itself");
    if (t->state == CS__DYING) /* a cleanup of its own destroy */
      return 0;
    cs__unlink(t);
    t->state = CS__DYING;
    __builtin_coro_destroy(t->h);
    t->state = CS__FREE;
    return 1;
  }
  return 0;
}

/* Virtual time: advanced only by cs_run, to the next timer deadline. */
static inline CS__UNUSED unsigned long cs_now(void) { return cs__rt.now; }

/* How many times the executor resumed a task. */
static inline CS__UNUSED unsigned long cs_resumes(void) {
  return cs__rt.resumes;
}

/* The virtual time `ticks` from now; saturates instead of wrapping, so
 * that time never runs backwards. */
static inline CS__UNUSED unsigned long cs__deadline(unsigned long ticks) {
  return ticks > ~0UL - cs__rt.now ? ~0UL : cs__rt.now + ticks;
}

/* CS_SLEEP(ticks): park the running task for `ticks` of virtual time. */
#define CS_SLEEP(ticks)                                                        \
  do {                                                                         \
    cs__park_until(cs__deadline(ticks));                                       \
    CS__SUSPEND_SWITCH()                                                       \
  } while (0)

/* Wakes the longest waiter of ev, or remembers the fire for the next wait. */
static inline CS__UNUSED void cs_event_fire(cs_event *ev) {
  if (ev->waiters.head)
    cs__wake_one(&ev->waiters);
  else
    ++ev->pending;
}

/* CS_WAIT(ev): wait until event *ev fires (returns at once, consuming it,
 * if it fired while nobody waited). */
#define CS_WAIT(ev)                                                            \
  do {                                                                         \
    if ((ev)->pending) {                                                       \
      --(ev)->pending;                                                         \
      break;                                                                   \
    }                                                                          \
    cs__park(&(ev)->waiters);                                                  \
    CS__SUSPEND_SWITCH()                                                       \
  } while (0)

/* A channel over buf[cap]. */
static inline CS__UNUSED void cs_chan_init(cs_chan *c, long *buf,
                                           unsigned cap) {
  cs_chan z = {0};
  *c = z;
  c->buf = buf;
  c->cap = cap;
}

/* Non-blocking send/receive: 1 on success, 0 when full/empty. */
static inline CS__UNUSED int cs_chan_try_send(cs_chan *c, long v) {
  if (c->closed)
    cs__fatal("send on a closed channel");
  if (c->count == c->cap)
    return 0;
  c->buf[(c->head + c->count) % c->cap] = v;
  ++c->count;
  cs__wake_one(&c->readers);
  return 1;
}

static inline CS__UNUSED int cs_chan_try_recv(cs_chan *c, long *v) {
  if (!c->count)
    return 0;
  *v = c->buf[c->head];
  c->head = (c->head + 1) % c->cap;
  --c->count;
  cs__wake_one(&c->writers);
  return 1;
}

/* No more sends; receivers drain what is left, then get ok = 0. */
static inline CS__UNUSED void cs_chan_close(cs_chan *c) {
  c->closed = 1;
  cs__wake_all(&c->readers);
  cs__wake_all(&c->writers);
}

/* CS_SEND(ch, v): send v (evaluated once) on *ch, waiting while full. */
#define CS_SEND(ch, v)                                                         \
  do {                                                                         \
    long cs__sv = (v);                                                         \
    while (!cs_chan_try_send((ch), cs__sv)) {                                  \
      cs__park(&(ch)->writers);                                                \
      CS__SUSPEND_SWITCH()                                                     \
    }                                                                          \
  } while (0)

/* CS_RECV(ok, ch, dst): receive into dst, waiting while *ch is empty; ok is
 * set to 1, or to 0 (dst = 0) once the channel is closed and drained. */
#define CS_RECV(ok, ch, dst)                                                   \
  do {                                                                         \
    long cs__rv = 0;                                                           \
    (ok) = 0;                                                                  \
    for (;;) {                                                                 \
      if (cs_chan_try_recv((ch), &cs__rv)) {                                   \
        (ok) = 1;                                                              \
        break;                                                                 \
      }                                                                        \
      if ((ch)->closed)                                                        \
        break;                                                                 \
      cs__park(&(ch)->readers);                                                \
      CS__SUSPEND_SWITCH()                                                     \
    }                                                                          \
    (dst) = cs__rv;                                                            \
  } while (0)

#endif /* clang 22 with -fcoroutines */
#endif /* COROSLIM_CORO_H */
