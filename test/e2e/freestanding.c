// The runtime compiles freestanding (no libc, no hosted headers) for
// embedded and wasm targets at -Os, checked and unchecked, with frames
// from a static pool, and references no libc function.
//
// RUN: %coroslim-cc --target=thumbv7em-none-eabi -mthumb -ffreestanding -nostdlib -Os -Wall -Wextra -Werror -c %s -o %t.thumb.o
// RUN: llvm-nm --defined-only %t.thumb.o | FileCheck %s --check-prefix=DEF
// RUN: llvm-nm -u %t.thumb.o | FileCheck %s --check-prefix=UNDEF --allow-empty
// RUN: %coroslim-cc --target=thumbv7em-none-eabi -mthumb -ffreestanding -nostdlib -Os -DCS_UNCHECKED -Wall -Wextra -Werror -c %s -o %t.thumb-unchecked.o
// RUN: llvm-nm --defined-only %t.thumb-unchecked.o | FileCheck %s --check-prefix=DEF
// RUN: llvm-nm -u %t.thumb-unchecked.o | FileCheck %s --check-prefix=UNDEF --allow-empty
// RUN: %coroslim-cc --target=riscv32-unknown-elf -march=rv32imac -ffreestanding -nostdlib -Os -Wall -Wextra -Werror -c %s -o %t.rv32.o
// RUN: llvm-nm --defined-only %t.rv32.o | FileCheck %s --check-prefix=DEF
// RUN: llvm-nm -u %t.rv32.o | FileCheck %s --check-prefix=UNDEF --allow-empty
// RUN: %coroslim-cc --target=wasm32-unknown-unknown -ffreestanding -nostdlib -Os -Wall -Wextra -Werror -c %s -o %t.wasm.o
// RUN: llvm-nm --defined-only %t.wasm.o | FileCheck %s --check-prefix=DEF
// RUN: llvm-nm -u %t.wasm.o | FileCheck %s --check-prefix=UNDEF --allow-empty
// RUN: %coroslim-cc --no-opt --target=thumbv7em-none-eabi -mthumb -ffreestanding -nostdlib -Os -c %s -o %t.thumb-noopt.o
// RUN: llvm-nm --defined-only %t.thumb-noopt.o | FileCheck %s --check-prefix=DEF
// RUN: llvm-nm -u %t.thumb-noopt.o | FileCheck %s --check-prefix=UNDEF --allow-empty
//
// DEF: T app_main
// UNDEF-NOT: {{malloc|free|abort|printf|fprintf|puts|fflush|stderr|exit}}
#include "coroslim/coro.h"

CS_POOL_STORAGE(frames, 128, 8);
static cs_pool pool;
static cs_event irq;
volatile int led;

CS_CORO_STATIC(int, read_adc, int channel)
{
  CS_BEGIN(read_adc);
  CS_WAIT(&irq);
  CS_RETURN(channel * 100 + 7);
  CS_END();
}

CS_CORO_STATIC(int, blink, int times)
{
  int v;
  CS_BEGIN(blink);
  while (times-- > 0) {
    CS_AWAIT(v, read_adc, times);
    led = v & 1;
    CS_SLEEP(10);
  }
  CS_END();
}

int app_main(void)
{
  cs_allocator a;
  cs_pool_init(&pool, frames, sizeof(frames), 128);
  a = cs_pool_allocator(&pool);
  cs_set_allocator(&a);
  cs_spawn(blink(3));
  while (cs_run() > 0)
    cs_event_fire(&irq);
  return (int)cs_frames_live();
}
