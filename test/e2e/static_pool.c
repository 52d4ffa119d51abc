// The allocator hook with a static pool (no malloc for frames): a
// fixed-block pool serves every coroutine frame of a small job system;
// a second, counting allocator shows the hook is used for every frame
// that is not elided; then the default allocator is restored.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

#define BLOCK 256
#define BLOCKS 12
CS_POOL_STORAGE(pool_mem, BLOCK, BLOCKS);
static cs_pool pool;

static unsigned long counted_allocs, counted_frees;

static void *counting_alloc(void *ctx, size_t size)
{
  (void)ctx;
  ++counted_allocs;
  return malloc(size);
}

static void counting_free(void *ctx, void *p, size_t size)
{
  (void)ctx;
  (void)size;
  ++counted_frees;
  free(p);
}

CS_CORO_STATIC(int, square_later, int x)
{
  CS_BEGIN(square_later);
  CS_SLEEP((unsigned long)(x % 3));
  CS_RETURN(x * x);
  CS_END();
}

CS_CORO_STATIC(int, sum_squares, int n)
{
  int i, s = 0, v;
  CS_BEGIN(sum_squares);
  for (i = 1; i <= n; ++i) {
    CS_AWAIT(v, square_later, i);
    s += v;
  }
  CS_RETURN(s);
  CS_END();
}

CS_CORO_STATIC(int, job, int id, int n)
{
  int s;
  CS_BEGIN(job);
  CS_AWAIT(s, sum_squares, n);
  printf("t=%lu job %d: sum of squares 1..%d = %d\n", cs_now(), id, n, s);
  CS_END();
}

static void run_jobs(const char *label)
{
  int i;
  for (i = 0; i < 4; ++i)
    cs_spawn(job(i, 3 + i));
  printf("%s: parked %d\n", label, cs_run());
}

int main(void)
{
  cs_allocator a = cs_pool_allocator(&pool);
  cs_allocator counting = {counting_alloc, counting_free, NULL};

  cs_pool_init(&pool, pool_mem, sizeof(pool_mem), BLOCK);
  printf("pool: %zu blocks of %zu bytes\n", pool.blocks, pool.block);
  cs_set_allocator(&a);
  run_jobs("pool");
  printf("pool blocks in use after the run: %zu\n", pool.used);
  printf("pool high water within bounds: %s\n",
         pool.high_water <= pool.blocks ? "yes" : "no");

  cs_set_allocator(&counting);
  run_jobs("counting");
  printf("counting allocator: every alloc freed: %s\n",
         counted_allocs == counted_frees ? "yes" : "no");

  cs_set_allocator(NULL);
  run_jobs("malloc");
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
