// The watchdog's timing on a hand-driven clock: the bound, kicks, pauses, the parent's abort.
// (node:test's mock timers of this Node version do not move a refreshed timer.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { Watchdog } from "../../../runtime/watcher/watchdog.js";

/** setTimeout and clearTimeout replaced by a clock that moves only on `tick(ms)`. */
function fakeClock(t: { after(fn: () => void): void }) {
  let now = 0;
  const timers = new Set<{ due: number; ms: number; fn: () => void; refed: boolean }>();
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    const timer = { due: now + ms, ms, fn, refed: true };
    timers.add(timer);
    const handle = {
      refresh: () => ((timer.due = now + timer.ms), timers.add(timer), handle),
      unref: () => ((timer.refed = false), handle),
      hasRef: () => timer.refed,
      timer,
    };
    return handle;
  }) as never;
  globalThis.clearTimeout = ((handle: { timer: never } | undefined) => void (handle && timers.delete(handle.timer))) as never;
  t.after(() => Object.assign(globalThis, real));
  return {
    tick(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...timers].filter((x) => x.due <= end).sort((a, b) => a.due - b.due)[0];
        if (!next) break;
        now = next.due;
        timers.delete(next);
        next.fn();
      }
      now = end;
    },
  };
}

test("fires when the bound passes with no activity, with a message naming it", (t) => {
  const clock = fakeClock(t);
  const parent = new AbortController();
  const dog = new Watchdog(2, parent.signal);
  clock.tick(1999);
  assert.equal(dog.fired, false);
  assert.equal(dog.signal.aborted, false);
  clock.tick(1);
  assert.equal(dog.fired, true);
  assert.equal(dog.signal.aborted, true);
  assert.equal((dog.signal.reason as Error).message, "no event or bookmark for 2s");
  assert.equal(parent.signal.aborted, false, "the parent is left alone");
});

test("a kick starts the silence again", (t) => {
  const clock = fakeClock(t);
  const dog = new Watchdog(1, new AbortController().signal);
  clock.tick(900);
  dog.kick();
  clock.tick(900);
  assert.equal(dog.fired, false);
  clock.tick(100);
  assert.equal(dog.fired, true);
});

test("paused, the bound passing does not fire; kick resumes counting", (t) => {
  const clock = fakeClock(t);
  const dog = new Watchdog(1, new AbortController().signal);
  dog.pause();
  clock.tick(1000);
  assert.equal(dog.fired, false);
  clock.tick(5000);
  assert.equal(dog.fired, false, "still paused");
  dog.kick();
  clock.tick(999);
  assert.equal(dog.fired, false);
  clock.tick(1);
  assert.equal(dog.fired, true);
});

test("the parent's abort aborts the signal (not as a firing) and clears the timer", (t) => {
  const clock = fakeClock(t);
  const parent = new AbortController();
  const dog = new Watchdog(1, parent.signal);
  parent.abort(new Error("stop"));
  assert.equal(dog.signal.aborted, true);
  assert.equal((dog.signal.reason as Error).message, "stop");
  clock.tick(5000);
  assert.equal(dog.fired, false, "the timer was cleared");
});

test("dispose stops the timer", (t) => {
  const clock = fakeClock(t);
  const dog = new Watchdog(1, new AbortController().signal);
  dog.dispose();
  clock.tick(5000);
  assert.equal(dog.fired, false);
  assert.equal(dog.seconds, 1);
});

test("the watchdog does not keep the process alive: its timer is unref'd", (t) => {
  fakeClock(t);
  const dog = new Watchdog(3600, new AbortController().signal);
  assert.equal((dog as unknown as { timer: { hasRef(): boolean } }).timer.hasRef(), false);
});
