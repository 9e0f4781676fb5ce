// The generic async queue and the shared readers, with no socket involved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AsyncQueue } from "../../../runtime/util/async-queue.js";
import { readAll, readAllBytes } from "../../../runtime/util/read-all.js";
import { FrameQueue } from "../../../runtime/client/websocket/frames.js";

test("items pushed before and after a pull come out in order; end finishes the iteration", async () => {
  const q = new AsyncQueue<number>();
  q.push(1);
  const it = q[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: 1, done: false });
  const pending = it.next();
  q.push(2);
  assert.deepEqual(await pending, { value: 2, done: false });
  const last = it.next();
  q.end();
  assert.deepEqual(await last, { value: undefined, done: true });
  q.push(3);
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test("fail delivers the items already queued, then the error; a waiting pull rejects at once", async () => {
  const q = new AsyncQueue<string>();
  q.push("a");
  q.fail(new Error("broken"));
  const it = q[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "a", done: false });
  await assert.rejects(it.next(), /broken/);
  const waiting = new AsyncQueue<string>();
  const pull = waiting[Symbol.asyncIterator]().next();
  waiting.fail(new Error("gone"));
  await assert.rejects(pull, /gone/);
});

test("over the high-water mark push reports false and pauses the flow; below the low mark it resumes and drained() resolves", async () => {
  const calls: string[] = [];
  const q = new AsyncQueue<Uint8Array>({ highWaterMark: 10, lowWaterMark: 4, size: (b) => b.length, flow: { pause: () => calls.push("pause"), resume: () => calls.push("resume") } });
  assert.equal(q.push(new Uint8Array(6)), true);
  assert.equal(q.push(new Uint8Array(6)), false);
  assert.deepEqual(calls, ["pause"]);
  assert.equal(q.bufferedSize, 12);
  let drained = false;
  const waiter = q.drained().then(() => (drained = true));
  const it = q[Symbol.asyncIterator]();
  await it.next();
  await Promise.resolve();
  assert.equal(drained, false, "6 bytes left is above the low mark");
  await it.next();
  await waiter;
  assert.deepEqual(calls, ["pause", "resume"]);
  assert.equal(q.push(new Uint8Array(1)), true);
});

test("ending or failing a paused queue releases whoever waits for room", async () => {
  for (const finish of [(q: AsyncQueue<number>) => q.end(), (q: AsyncQueue<number>) => q.fail(new Error("x"))]) {
    let resumed = 0;
    const q = new AsyncQueue<number>({ highWaterMark: 1, flow: { pause: () => undefined, resume: () => resumed++ } });
    q.push(1);
    q.push(2);
    const waiter = q.drained();
    finish(q);
    await waiter;
    assert.equal(resumed, 1);
  }
});

test("readAll decodes UTF-8 split across chunks; readAllBytes keeps every byte", async () => {
  const euro = new TextEncoder().encode("€");
  async function* chunks() {
    yield euro.subarray(0, 1);
    yield euro.subarray(1);
  }
  assert.equal(await readAll(chunks()), "€");
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  async function* bytes() {
    yield all.subarray(0, 100);
    yield all.subarray(100);
  }
  assert.deepEqual(await readAllBytes(bytes()), all);
});

test("a FrameQueue given the socket's pause and resume pauses above 64 unread frames and resumes at 16", async () => {
  const calls: string[] = [];
  const frames = new FrameQueue({ pause: () => calls.push("pause"), resume: () => calls.push("resume") });
  for (let i = 0; i < 65; i++) frames.push(Uint8Array.of(i));
  assert.deepEqual(calls, ["pause"]);
  const it = frames[Symbol.asyncIterator]();
  for (let i = 0; i < 48; i++) await it.next();
  assert.deepEqual(calls, ["pause"], "17 unread is still above the low mark");
  await it.next();
  assert.deepEqual(calls, ["pause", "resume"]);
});
