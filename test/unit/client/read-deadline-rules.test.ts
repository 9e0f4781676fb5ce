// The shared read-deadline timer, case by case on a hand-driven clock: when a deadline fires
// to the millisecond, which deadline sets the one timer, that nothing is left scheduled once
// all have fired, and how the timer is kept from holding the process (Node's unref, Deno's
// unrefTimer).
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { armedDeadlines, readDeadline } from "../../../runtime/client/read-deadlines.js";

/** Runs `body` on mocked setTimeout and Date (starting at 0), counting the timers set and cleared. */
function onClock(body: (clock: { tick(ms: number): void; set: () => number; cleared: () => number }) => void): void {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  const mockedSet = globalThis.setTimeout;
  const mockedClear = globalThis.clearTimeout;
  let set = 0;
  let cleared = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => (set++, mockedSet(...args))) as typeof setTimeout;
  globalThis.clearTimeout = ((t: Parameters<typeof clearTimeout>[0]) => (cleared++, mockedClear(t))) as typeof clearTimeout;
  try {
    body({ tick: (ms) => mock.timers.tick(ms), set: () => set, cleared: () => cleared });
    // Every timer of the test has run: the module holds no mocked timer into the next one.
    mock.timers.tick(1_000_000);
    assert.equal(armedDeadlines(), 0);
  } finally {
    globalThis.setTimeout = mockedSet;
    globalThis.clearTimeout = mockedClear;
    mock.timers.reset();
  }
}

test("a deadline fires after exactly its silence, not a millisecond before, and once", () => {
  onClock(({ tick, set }) => {
    let fired = 0;
    const d = readDeadline(100, () => fired++);
    d.arm();
    assert.equal(set(), 1);
    tick(99);
    assert.equal(fired, 0);
    assert.equal(d.expired, false);
    assert.equal(armedDeadlines(), 1);
    tick(1);
    assert.equal(fired, 1);
    assert.equal(d.expired, true);
    assert.equal(armedDeadlines(), 0);
    tick(10_000);
    assert.equal(fired, 1);
    assert.equal(set(), 1, "no timer is set once the last deadline has fired");
  });
});

test("touch() counts the silence from the touch: a deadline touched at 60 ms fires at 160 ms", () => {
  onClock(({ tick }) => {
    let fired = 0;
    const d = readDeadline(100, () => fired++);
    d.arm();
    tick(60);
    d.touch();
    tick(39);
    assert.equal(fired, 0, "the timer set for 100 ms found the deadline pushed back");
    tick(60);
    assert.equal(fired, 0);
    tick(1);
    assert.equal(fired, 1);
  });
});

test("arm() again starts the silence over from now", () => {
  onClock(({ tick }) => {
    let fired = 0;
    const d = readDeadline(50, () => fired++);
    d.arm();
    tick(40);
    d.arm();
    tick(49);
    assert.equal(fired, 0);
    tick(1);
    assert.equal(fired, 1);
  });
});

test("each of several deadlines fires at its own time, the timer set again for the earliest left", () => {
  onClock(({ tick }) => {
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(name);
    // Armed in this order on purpose: the latest one comes last in the set.
    readDeadline(200, at("200")).arm();
    readDeadline(100, at("100")).arm();
    readDeadline(300, at("300")).arm();
    tick(100);
    assert.deepEqual(fired, ["100"]);
    tick(99);
    assert.deepEqual(fired, ["100"]);
    tick(1);
    assert.deepEqual(fired, ["100", "200"]);
    tick(99);
    assert.deepEqual(fired, ["100", "200"]);
    tick(1);
    assert.deepEqual(fired, ["100", "200", "300"]);
  });
});

test("a later or equal deadline leaves the timer alone; an earlier one replaces it (the old timer cleared)", () => {
  onClock(({ tick, set, cleared }) => {
    const fired: string[] = [];
    readDeadline(100, () => fired.push("first")).arm();
    readDeadline(100, () => fired.push("same")).arm();
    readDeadline(150, () => fired.push("later")).arm();
    assert.equal(set(), 1);
    assert.equal(cleared(), 0);
    readDeadline(40, () => fired.push("earlier")).arm();
    assert.equal(set(), 2);
    assert.equal(cleared(), 1);
    tick(40);
    assert.deepEqual(fired, ["earlier"]);
    tick(60);
    assert.deepEqual(fired, ["earlier", "first", "same"]);
    tick(50);
    assert.deepEqual(fired, ["earlier", "first", "same", "later"]);
    // 40 ms, then 100 ms, then 150 ms: one timer each, none more.
    assert.equal(set(), 4);
  });
});

test("a cleared deadline never runs; the timer it set fires, finds nothing due and sets no other", () => {
  onClock(({ tick, set }) => {
    let fired = 0;
    const d = readDeadline(30, () => fired++);
    d.arm();
    d.clear();
    assert.equal(armedDeadlines(), 0);
    tick(1_000);
    assert.equal(fired, 0);
    assert.equal(d.expired, false);
    assert.equal(set(), 1);
  });
});

// Real timers from here on: these look at what the runtime's setTimeout handed back.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Arms a 20 ms deadline while setTimeout hands back what `wrap` makes of the real timer, and waits for it to fire. */
async function armWith(wrap: (real: ReturnType<typeof setTimeout>) => unknown): Promise<boolean> {
  const realSet = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => wrap(realSet(...args))) as typeof setTimeout;
  const d = readDeadline(20, () => undefined);
  try {
    d.arm();
  } finally {
    globalThis.setTimeout = realSet;
  }
  for (let i = 0; i < 200 && !d.expired; i++) await sleep(10);
  return d.expired;
}

test("the shared timer does not keep a Node process alive (unref'd)", async () => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  assert.equal(
    await armWith((real) => (timer = real)),
    true,
  );
  assert.equal(timer?.hasRef(), false);
});

test("a numeric timer (Deno's) is unref'd through Deno.unrefTimer; without Deno or unrefTimer nothing fails", async () => {
  const g = globalThis as { Deno?: unknown };
  const unrefd: unknown[] = [];
  try {
    g.Deno = { unrefTimer: (id: number) => unrefd.push(id) };
    assert.equal(await armWith(() => 7), true);
    assert.deepEqual(unrefd, [7]);
    g.Deno = {};
    assert.equal(await armWith(() => 8), true);
    delete g.Deno;
    assert.equal(await armWith(() => 9), true);
    // A timer object without unref (no runtime kubex supports hands one out) is left as it is,
    // and is not handed to Deno.unrefTimer, which takes numbers.
    g.Deno = { unrefTimer: (id: number) => unrefd.push(id) };
    assert.equal(await armWith(() => ({})), true);
    assert.deepEqual(unrefd, [7]);
  } finally {
    delete g.Deno;
  }
});
