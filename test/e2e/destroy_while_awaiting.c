// Destroying coroutines while they await, at several depths: the
// executor cancels tasks parked on an event, a timer and a channel, whose
// await chains are one, two and three deep; a watchdog task cancels a
// stuck task; a hand-driven chain is destroyed mid-await; and a task is
// cancelled while it is ready. Each level's cleanup prints, innermost
// first, and no frame is left behind.
// RUN: %e2e %s
#include "coroslim/coro.h"

#include <stdio.h>

static cs_event never;       /* nobody fires it */
static cs_event go;          /* fired once */
static long slot_buf[1];
static cs_chan empty_chan;   /* nobody sends */

/* depth-3 leaf: waits on the event `ev` */
CS_CORO_STATIC(int, leaf, int tag, cs_event *ev)
{
  CS_BEGIN(leaf);
  printf("  leaf %d waits\n", tag);
  CS_WAIT(ev);
  printf("  leaf %d woke\n", tag);
  CS_RETURN(tag);
  CS_END_CLEANUP(printf("  cleanup leaf %d\n", tag));
}

CS_CORO_STATIC(int, middle, int tag, cs_event *ev)
{
  int r;
  CS_BEGIN(middle);
  CS_AWAIT(r, leaf, tag, ev);
  CS_RETURN(r + 100);
  CS_END_CLEANUP(printf("  cleanup middle %d\n", tag));
}

CS_CORO_STATIC(int, outer, int tag, cs_event *ev)
{
  int r;
  CS_BEGIN(outer);
  CS_AWAIT(r, middle, tag, ev);
  printf("  outer %d got %d\n", tag, r);
  CS_RETURN(r + 1000);
  CS_END_CLEANUP(printf("  cleanup outer %d\n", tag));
}

/* Awaits on a timer two deep. */
CS_CORO_STATIC(int, nap, int ticks)
{
  CS_BEGIN(nap);
  CS_SLEEP((unsigned long)ticks);
  CS_RETURN(ticks);
  CS_END_CLEANUP(printf("  cleanup nap %d\n", ticks));
}

CS_CORO_STATIC(int, sleeper, int ticks)
{
  int r;
  CS_BEGIN(sleeper);
  CS_AWAIT(r, nap, ticks);
  printf("  sleeper slept %d\n", r);
  CS_END_CLEANUP(printf("  cleanup sleeper\n"));
}

/* Awaits a receive one deep. */
CS_CORO_STATIC(long, receive_one, void)
{
  long v;
  int ok;
  CS_BEGIN(receive_one);
  CS_RECV(ok, &empty_chan, v);
  CS_RETURN(ok ? v : -1);
  CS_END_CLEANUP(printf("  cleanup receive_one\n"));
}

CS_CORO_STATIC(int, reader, void)
{
  long v;
  CS_BEGIN(reader);
  CS_AWAIT(v, receive_one);
  printf("  reader got %ld\n", v);
  CS_END_CLEANUP(printf("  cleanup reader\n"));
}

/* Cancels `victim` after `ticks` unless it finished. */
CS_CORO_STATIC(int, watchdog, int victim, int ticks)
{
  CS_BEGIN(watchdog);
  CS_SLEEP((unsigned long)ticks);
  printf("t=%lu watchdog: cancel task %d -> %d\n", cs_now(), victim,
         cs_cancel(victim));
  CS_END();
}

CS_CORO_STATIC(int, spinner, void)
{
  int i;
  CS_BEGIN(spinner);
  for (i = 0;; ++i) {
    printf("  spinner %d\n", i);
    CS_SUSPEND();
  }
  CS_END_CLEANUP(printf("  cleanup spinner\n"));
}

/* A chain driven by hand (no executor): the leaf only yields. */
CS_CORO_STATIC(int, y_leaf, int n)
{
  int i;
  CS_BEGIN(y_leaf);
  for (i = 0; i < n; ++i)
    CS_SUSPEND();
  CS_RETURN(n);
  CS_END_CLEANUP(printf("  cleanup y_leaf\n"));
}

CS_CORO_STATIC(int, y_mid, int n)
{
  int r;
  CS_BEGIN(y_mid);
  CS_AWAIT(r, y_leaf, n);
  CS_RETURN(r);
  CS_END_CLEANUP(printf("  cleanup y_mid\n"));
}

CS_CORO_STATIC(int, y_top, int n)
{
  int r;
  CS_BEGIN(y_top);
  CS_AWAIT(r, y_mid, n);
  CS_RETURN(r);
  CS_END_CLEANUP(printf("  cleanup y_top\n"));
}

int main(void)
{
  int a, b, c, d, e, f;
  cs_handle h;

  cs_chan_init(&empty_chan, slot_buf, 1);

  printf("spawn\n");
  a = cs_spawn(outer(1, &never));   /* parked three deep */
  b = cs_spawn(outer(2, &go));      /* completes */
  c = cs_spawn(middle(3, &never));  /* parked two deep */
  d = cs_spawn(leaf(4, &never));    /* parked one deep */
  e = cs_spawn(sleeper(50));        /* parked on a timer, two deep */
  f = cs_spawn(reader());           /* parked on a channel, two deep */
  cs_spawn(watchdog(e, 7));
  printf("run: parked %d\n", cs_run());

  printf("fire go\n");
  cs_event_fire(&go);
  printf("run: parked %d\n", cs_run());

  printf("cancel depth 3\n");
  printf("-> %d\n", cs_cancel(a));
  printf("cancel depth 2\n");
  printf("-> %d\n", cs_cancel(c));
  printf("cancel depth 1\n");
  printf("-> %d\n", cs_cancel(d));
  printf("cancel the channel reader\n");
  printf("-> %d\n", cs_cancel(f));
  printf("cancel a finished task -> %d\n", cs_cancel(b));

  printf("cancel a ready task\n");
  a = cs_spawn(spinner());
  printf("-> %d\n", cs_cancel(a));

  printf("destroy a hand-driven chain mid-await\n");
  h = y_top(5);
  printf("  step: running=%d\n", cs_next(h));
  printf("  step: running=%d\n", cs_next(h));
  cs_destroy(h);
  printf("destroy a chain before it ever ran\n");
  cs_destroy(y_top(1));
  printf("a hand-driven chain to completion:");
  h = y_top(3);
  while (cs_next(h))
    printf(" .");
  printf(" %d\n", CS_VALUE(y_top, h));
  cs_destroy(h);

  printf("run: parked %d\n", cs_run());
  printf("resumes: %lu\n", cs_resumes());
  printf("live frames: %lu\n", cs_frames_live());
  printf("frames: %lu\n", cs_frames_allocated());
  return 0;
}
