// altcoro: firmware-style drivers on a polled scheduler. Frames come from
// a fixed-block pool whose release hook accepts NULL; awaits test the
// frame's resume-function slot; handles sit in struct fields. The command
// handler's switch arms all await the same driver (spi_xfer) with
// different registers; read_temp writes its result through a pointer.
// Run by test/e2e/altcoro-matrix.test (the e2e differential matrix).
#include <stddef.h>

#define AC_DONE_STYLE AC_DONE_SLOT
#define AC_FRAME_ALLOC(n) pool_get(n)
#define AC_FRAME_FREE(p) pool_put(p)
static void *pool_get(size_t n);
static void pool_put(void *p);
#include "altcoro.h"

/* --- frame pool -------------------------------------------------------- */
#define BLOCK 1024
#define BLOCKS 32
static _Alignas(16) unsigned char pool_mem[BLOCKS][BLOCK];
static void *pool_free_list;
static unsigned long pool_allocs;
static int pool_ready;

static void *pool_get(size_t n)
{
  void **b;
  if (!pool_ready) {
    int i;
    for (i = BLOCKS; i-- > 0;) {
      *(void **)pool_mem[i] = pool_free_list;
      pool_free_list = pool_mem[i];
    }
    pool_ready = 1;
  }
  b = (void **)pool_free_list;
  if (n > BLOCK)
    ac__die("frame larger than a pool block");
  if (!b)
    ac__die("frame pool exhausted");
  pool_free_list = *b;
  ++pool_allocs;
  return b;
}

/* Like free(): releasing NULL does nothing. */
static void pool_put(void *p)
{
  if (!p)
    return;
  *(void **)p = pool_free_list;
  pool_free_list = p;
}

/* --- simulated hardware ------------------------------------------------ */
/* Two SPI buses (register bit 5 selects one), so the command task and the
 * sensor task never share a transfer. */
static int spi_pending[2] = {-1, -1}, spi_countdown[2], spi_data[2],
           spi_irq[2];
static unsigned long spi_transfers;
static int gpio_level[4] = {1, 0, 1, 1};

static void hw_tick(void)
{
  int b;
  for (b = 0; b < 2; ++b)
    if (spi_pending[b] >= 0 && --spi_countdown[b] == 0) {
      spi_data[b] = (spi_pending[b] * 7 + 3 * (int)spi_transfers) & 0xff;
      spi_pending[b] = -1;
      spi_irq[b] = 1;
      ++spi_transfers;
    }
}

/* --- drivers ----------------------------------------------------------- */
/* One transfer: start it, wait for the interrupt (one suspend point). */
AC_ASYNC(int, spi_xfer, int reg)
{
  int bus = (reg >> 5) & 1;
  AC_START(spi_xfer);
  spi_pending[bus] = reg;
  spi_countdown[bus] = 1 + (reg & 1);
  spi_irq[bus] = 0;
  AC_WAIT_UNTIL(spi_irq[bus]);
  AC_RETURN(spi_data[bus]);
  AC_FINISH();
}

/* A transfer on the shared bus 1: take the bus lock, then wait for the
 * interrupt (two suspend points, so inline-single-suspend leaves it be). */
static int bus1_locked;
AC_ASYNC(int, spi_xfer_locked, int reg)
{
  AC_START(spi_xfer_locked);
  AC_WAIT_UNTIL(!bus1_locked);
  bus1_locked = 1;
  spi_pending[1] = reg;
  spi_countdown[1] = 1;
  spi_irq[1] = 0;
  AC_WAIT_UNTIL(spi_irq[1]);
  bus1_locked = 0;
  AC_RETURN(spi_data[1]);
  AC_FINISH();
}

/* Never suspends. */
AC_ASYNC(int, gpio_read, int pin)
{
  AC_START(gpio_read);
  AC_RETURN(gpio_level[pin & 3]);
  AC_FINISH();
}

/* Temperature through *out; a driver on a driver. */
AC_ASYNC_VOID(read_temp, int *out)
{
  struct { ac_task t; } io;
  int raw;
  AC_START(read_temp);
  AC_AWAIT_AT(io.t, raw = AC_RESULT(spi_xfer, io.t), spi_xfer, 0x21);
  *out = raw / 4 - 10;
  AC_FINISH();
}

/* --- the command handler ---------------------------------------------- */
enum { CMD_ID, CMD_STATUS, CMD_CONFIG, CMD_RESET, CMD_NOP };

struct op {
  ac_task t;
  int cmd;
};

AC_ASYNC(int, handle, int cmd)
{
  struct op op;
  int ack = -1, status;
  AC_START(handle);
  op.cmd = cmd;
  /* The status register sits on the shared bus. */
  AC_AWAIT(status, spi_xfer_locked, 0x3f);
  if (status & 0x100)
    AC_RETURN(-1);
  switch (cmd) {
  case CMD_ID:
    AC_AWAIT_AT(op.t, ack = AC_RESULT(spi_xfer, op.t), spi_xfer, 0x10);
    break;
  case CMD_STATUS:
    AC_AWAIT_AT(op.t, ack = AC_RESULT(spi_xfer, op.t), spi_xfer, 0x11);
    break;
  case CMD_CONFIG:
    AC_AWAIT_AT(op.t, ack = AC_RESULT(spi_xfer, op.t), spi_xfer, 0x12);
    break;
  case CMD_RESET:
    AC_AWAIT_AT(op.t, ack = AC_RESULT(spi_xfer, op.t), spi_xfer, 0x13);
    break;
  default:
    AC_RETURN(0);
  }
  printf("t=%lu cmd %d ack 0x%02x\n", ac_now(), op.cmd, ack);
  AC_RETURN(ack);
  AC_FINISH();
}

/* Every arm awaits the handler (whose ramp LLVM's inliner puts into each
 * arm at -O2). */
AC_ASYNC(int, dispatch, int kind)
{
  int r = 0;
  AC_START(dispatch);
  switch (kind) {
  case 0:
    AC_AWAIT(r, handle, CMD_ID);
    break;
  case 1:
    AC_AWAIT(r, handle, CMD_STATUS);
    break;
  case 2:
    AC_AWAIT(r, handle, CMD_CONFIG);
    break;
  case 3:
    AC_AWAIT(r, handle, CMD_RESET);
    break;
  default:
    AC_RETURN(0);
  }
  AC_RETURN(r);
  AC_FINISH();
}

/* Configuration writes: every arm awaits the two-suspend driver. */
AC_ASYNC(int, configure, int what)
{
  int ack = -1;
  AC_START(configure);
  switch (what) {
  case 0:
    AC_AWAIT(ack, spi_xfer_locked, 0x30);
    break;
  case 1:
    AC_AWAIT(ack, spi_xfer_locked, 0x31);
    break;
  case 2:
    AC_AWAIT(ack, spi_xfer_locked, 0x32);
    break;
  case 3:
    AC_AWAIT(ack, spi_xfer_locked, 0x33);
    break;
  default:
    AC_RETURN(0);
  }
  printf("t=%lu config %d ack 0x%02x\n", ac_now(), what, ack);
  AC_RETURN(ack);
  AC_FINISH();
}

/* --- application tasks ------------------------------------------------- */
AC_ASYNC(int, command_task, int first, int count)
{
  int i, sum = 0, r;
  AC_START(command_task);
  for (i = 0; i < count; ++i) {
    AC_AWAIT(r, dispatch, (first + i) % 5);
    sum += r;
  }
  printf("t=%lu commands done, sum %d\n", ac_now(), sum);
  AC_RETURN(sum);
  AC_FINISH();
}

AC_ASYNC(int, sensor_task, int rounds)
{
  int i, t = 0, button = 0, cfg = 0;
  AC_START(sensor_task);
  for (i = 0; i < rounds; ++i) {
    AC_AWAIT_VOID(read_temp, &t);
    AC_AWAIT(button, gpio_read, i);
    AC_AWAIT(cfg, configure, (i + button) % 5);
    printf("t=%lu temp %d button %d config 0x%02x\n", ac_now(), t, button,
           cfg);
    AC_YIELD();
  }
  AC_RETURN(t);
  AC_FINISH();
}

int main(void)
{
  ac_spawn(command_task(0, 6));
  ac_spawn(sensor_task(5));
    while (ac_tick())
    hw_tick();
  printf("t=%lu transfers: %lu resumes: %lu\n", ac_now(), spi_transfers,
         ac_resumes());
  printf("frames: %lu\n", pool_allocs);
  return 0;
}
