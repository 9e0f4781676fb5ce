// The shared timer behind the fetch backend's read timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { armedDeadlines, readDeadline } from "../../../runtime/client/read-deadlines.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("a deadline fires once, after its silence, and is then disarmed", async () => {
  let fired = 0;
  const d = readDeadline(60, () => fired++);
  d.arm();
  assert.equal(armedDeadlines(), 1);
  await sleep(20);
  assert.equal(fired, 0);
  assert.equal(d.expired, false);
  await sleep(120);
  assert.equal(fired, 1);
  assert.equal(d.expired, true);
  assert.equal(armedDeadlines(), 0);
});

test("touch() starts the silence over; clear() stops the watch", async () => {
  let fired = 0;
  const d = readDeadline(80, () => fired++);
  d.arm();
  for (let i = 0; i < 4; i++) {
    await sleep(40);
    d.touch();
  }
  assert.equal(fired, 0, "160 ms of chunks 40 ms apart stay within an 80 ms silence");
  await sleep(150);
  assert.equal(fired, 1);
  const cleared = readDeadline(30, () => fired++);
  cleared.arm();
  cleared.clear();
  await sleep(80);
  assert.equal(fired, 1);
  assert.equal(armedDeadlines(), 0);
});

test("many deadlines share one timer; a shorter one armed later still fires on time", async () => {
  const realSetTimeout = globalThis.setTimeout;
  let timers = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => (timers++, realSetTimeout(...args))) as typeof setTimeout;
  const fired: number[] = [];
  const long = Array.from({ length: 100 }, (_, i) => readDeadline(10_000, () => fired.push(i)));
  try {
    for (const d of long) d.arm();
    const short = readDeadline(40, () => fired.push(-1));
    short.arm();
    assert.ok(timers <= 2, `${timers} timers for 101 deadlines`);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  await sleep(120);
  assert.deepEqual(fired, [-1]);
  for (const d of long) d.clear();
  assert.equal(armedDeadlines(), 0);
});
