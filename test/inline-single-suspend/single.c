// One await of a coroutine that suspends once (waits for an event): the
// callee is inlined, its frame allocation and handle disappear, the caller
// keeps exactly one internal suspend point, and the pass is idempotent.
//
// RUN: %clang -O2 -Xclang -fcoroutines -I%include -Xclang -disable-llvm-passes -emit-llvm -S %s -o %t.raw.ll
// RUN: %opt -passes='coroslim-c-presplit,coro-early,function(sroa,early-cse,simplifycfg,instcombine)' %t.raw.ll -S -o %t.in.ll
// RUN: %opt -passes=coroslim-inline-single-suspend -verify-each -pass-remarks=coroslim-inline-single-suspend %t.in.ll -S -o %t.ll 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s < %t.ll
// RUN: %opt -passes='print<coroslim-states>' -disable-output %t.ll | FileCheck %s --check-prefix=STATES
// Idempotent: a second run changes nothing (comments aside: module id,
// predecessor order).
// RUN: %opt -passes=coroslim-inline-single-suspend %t.ll -S -o %t.again.ll
// RUN: sed -e 's/ *;.*//' %t.ll > %t.1 && sed -e 's/ *;.*//' %t.again.ll > %t.2
// RUN: diff %t.1 %t.2
// Same output, resume count and cleanup order as without the pass.
// RUN: %clang_cc -Os %s -o %t.on && %t.on > %t.on.txt
// RUN: %clang_cc -Os -mllvm -coroslim-disable=coroslim-inline-single-suspend %s -o %t.off && %t.off > %t.off.txt
// RUN: FileCheck %s --check-prefix=OUT < %t.on.txt
// RUN: grep -v frames %t.on.txt > %t.on.cmp && grep -v frames %t.off.txt > %t.off.cmp && diff %t.on.cmp %t.off.cmp
// RUN: FileCheck %s --check-prefix=FRAMES-OFF < %t.off.txt

// REMARK: remark: {{.*}} inlined coroutine wait_sensor into task: 1 internal suspend point(s), {{[0-9]+}} instructions cloned, its frame allocation and handle removed

// The callee is gone: nothing calls its ramp, and being static, it is
// deleted.
// CHECK-NOT: define internal ptr @wait_sensor(
// CHECK-LABEL: define {{.*}}ptr @task(
// CHECK: %[[PROMISE:[0-9]+]] = alloca %struct.cs__promise_wait_sensor
// Only the caller's own frame is allocated.
// CHECK: call ptr @llvm.coro.begin(
// CHECK-NOT: call ptr @llvm.coro.begin(
// CHECK-NOT: call ptr @wait_sensor(
// CHECK-NOT: @llvm.coro.subfn.addr
// The callee's promise is a local of the caller (in its frame after
// CoroSplit): its ramp clears it, its body writes the result, the caller's
// ready path reads it.
// CHECK: store i32 0, ptr %[[PROMISE]]
// The callee's wait runs in the caller and then goes to the caller's
// await suspend.
// CHECK: call void @cs__park(
// CHECK-NEXT: br label %{{[0-9]+$}}
// CHECK: load i32, ptr @sensor_value
// CHECK: store i32 1, ptr %[[PROMISE]]
// CHECK-NOT: call ptr @llvm.coro.begin(
// CHECK-LABEL: define {{.*}} @main(

// STATES: coroutine @task: pre-split initial=1 internal=1 final=0 checked=1 awaits=0
// Resuming the caller's one internal suspend continues the callee's body.
// STATES: suspend %{{[0-9]+}} internal: resume=%wait_sensor.inl{{[0-9]*}} destroy=%{{[0-9]+}}

// OUT-LABEL: task: waiting
// OUT-NEXT: sensor: 42
// OUT-NEXT: task: got 84
// OUT-NEXT: resumes: 2
// OUT-NEXT: live frames: 0
// OUT-NEXT: frames: 1
// FRAMES-OFF: frames: 2
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event sensor;
static int sensor_value;

CS_CORO_STATIC(int, wait_sensor, int scale)
{
  CS_BEGIN(wait_sensor);
  CS_WAIT(&sensor);
  printf("sensor: %d\n", sensor_value);
  CS_RETURN(sensor_value * scale);
  CS_END();
}

CS_CORO(int, task, void)
{
  int v;
  CS_BEGIN(task);
  printf("task: waiting\n");
  CS_AWAIT(v, wait_sensor, 2);
  printf("task: got %d\n", v);
  CS_END();
}

int main(void)
{
  cs_spawn(task());
  cs_run();
  sensor_value = 42;
  cs_event_fire(&sensor);
  cs_run();
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
