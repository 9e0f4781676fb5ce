// The async queue's and the byte readers' rules at their edges: the marks (`<=` against `<`), the
// defaults (no bound, half the mark, one per item, a quarter for byte queues), what end and fail do
// to waiting pulls and later pushes, and the budgets and cuts of the readers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AsyncQueue, byteQueue } from "../../../runtime/util/async-queue.js";
import { concatBytes, readAll, readAllBytes, readAtMost } from "../../../runtime/util/read-all.js";

const flowLog = () => {
  const calls: string[] = [];
  return { calls, flow: { pause: () => calls.push("pause"), resume: () => calls.push("resume") } };
};
async function* from(...chunks: Uint8Array[]) {
  yield* chunks;
}
const bytes = (text: string) => new TextEncoder().encode(text);

test("a queue without marks never refuses, and counts one per item", () => {
  const q = new AsyncQueue<string>();
  for (let i = 0; i < 10_000; i++) assert.equal(q.push("x"), true);
  assert.equal(q.buffered, 10_000);
  assert.equal(q.bufferedSize, 10_000);
});

test("push is refused only above the high-water mark; the low mark defaults to half of it, resuming at and not above it", async () => {
  const { calls, flow } = flowLog();
  const q = new AsyncQueue<number>({ highWaterMark: 4, flow });
  for (let i = 0; i < 4; i++) assert.equal(q.push(i), true, `item ${i + 1} of 4 is at the mark`);
  assert.deepEqual(calls, []);
  assert.equal(q.push(4), false);
  assert.equal(q.push(5), false);
  assert.deepEqual(calls, ["pause"], "paused once");
  const it = q[Symbol.asyncIterator]();
  for (let i = 0; i < 3; i++) await it.next();
  assert.deepEqual(calls, ["pause"], "3 left is above the low mark of 2");
  let drained = false;
  const waiter = q.drained().then(() => (drained = true));
  await it.next();
  await waiter;
  assert.equal(drained, true);
  assert.deepEqual(calls, ["pause", "resume"], "2 left is at the low mark");
  await it.next();
  assert.deepEqual(calls, ["pause", "resume"], "resumed once");
});

test("an explicit low-water mark is honoured, and size measures each item", async () => {
  const { calls, flow } = flowLog();
  const q = new AsyncQueue<string>({ highWaterMark: 5, lowWaterMark: 0, size: (s) => s.length, flow });
  assert.equal(q.push("abc"), true);
  assert.equal(q.push("de"), true, "5 is at the mark");
  assert.equal(q.push("f"), false);
  assert.equal(q.bufferedSize, 6);
  assert.equal(q.buffered, 3);
  const it = q[Symbol.asyncIterator]();
  await it.next();
  await it.next();
  assert.deepEqual(calls, ["pause"], "1 left is above 0");
  await it.next();
  assert.deepEqual(calls, ["pause", "resume"]);
  assert.equal(q.bufferedSize, 0);
});

test("drained resolves at once when the queue is not paused, and when it is finished", async () => {
  await new AsyncQueue<number>({ highWaterMark: 1 }).drained();
  for (const finish of ["end", "fail"] as const) {
    const q = new AsyncQueue<number>({ highWaterMark: 1 });
    q.push(1);
    q.push(2);
    if (finish === "end") q.end();
    else q.fail(new Error("x"));
    let settled = false;
    void q.drained().then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, true, finish);
  }
  const paused = new AsyncQueue<number>({ highWaterMark: 1 });
  paused.push(1);
  paused.push(2);
  let settled = false;
  void paused.drained().then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(settled, false, "a paused queue is not drained");
});

test("after end or fail, pushes are ignored and accepted; a second end or fail changes nothing", async () => {
  const ended = new AsyncQueue<number>({ highWaterMark: 0 });
  ended.end();
  assert.equal(ended.push(1), true);
  assert.equal(ended.buffered, 0);
  ended.fail(new Error("late"));
  assert.deepEqual(await ended[Symbol.asyncIterator]().next(), { value: undefined, done: true });
  const failed = new AsyncQueue<number>({ highWaterMark: 0 });
  failed.fail(new Error("first"));
  assert.equal(failed.push(1), true);
  assert.equal(failed.buffered, 0);
  failed.fail(new Error("second"));
  failed.end();
  await assert.rejects(failed[Symbol.asyncIterator]().next(), /first/);
});

test("a pull waiting on an empty queue gets the next push directly, and end settles a waiting pull", async () => {
  const q = new AsyncQueue<number>({ highWaterMark: 0 });
  const it = q[Symbol.asyncIterator]();
  const pending = it.next();
  assert.equal(q.push(7), true, "handed to the waiting pull, not queued");
  assert.equal(q.buffered, 0);
  assert.deepEqual(await pending, { value: 7, done: false });
  const waiting = it.next();
  q.end();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  assert.deepEqual(await it.return!(), { value: undefined, done: true });
});

test("byteQueue bounds by bytes and resumes at a quarter of the mark", async () => {
  const { calls, flow } = flowLog();
  const q = byteQueue(8, flow);
  assert.equal(q.push(new Uint8Array(8)), true);
  assert.equal(q.push(new Uint8Array(1)), false);
  assert.equal(q.bufferedSize, 9);
  const it = q[Symbol.asyncIterator]();
  await it.next();
  assert.deepEqual(calls, ["pause", "resume"], "1 byte left is under 2");
  const { calls: atQuarter, flow: second } = flowLog();
  const edge = byteQueue(8, second);
  edge.push(new Uint8Array(7));
  edge.push(new Uint8Array(2));
  edge.push(new Uint8Array(2));
  const e = edge[Symbol.asyncIterator]();
  await e.next();
  assert.deepEqual(atQuarter, ["pause"], "4 bytes left is above 2");
  await e.next();
  assert.deepEqual(atQuarter, ["pause", "resume"], "2 bytes left is at a quarter of 8");
  const flowless = byteQueue(1);
  assert.equal(flowless.push(new Uint8Array(2)), false, "no flow to pause, still bounded");
});

test("readAll and readAllBytes charge each chunk to the budget; readAll of nothing is empty", async () => {
  const charged: number[] = [];
  const budget = { take: (n: number) => void charged.push(n) };
  assert.equal(await readAll(from(bytes("ab"), bytes("cde")), budget), "abcde");
  assert.deepEqual(charged, [2, 3]);
  assert.deepEqual(await readAllBytes(from(bytes("ab"), bytes("c")), budget), bytes("abc"));
  assert.deepEqual(charged, [2, 3, 2, 1]);
  assert.equal(await readAll(from()), "");
  assert.deepEqual(await readAllBytes(from()), new Uint8Array(0));
  const refusing = { take: () => { throw new Error("budget spent"); } };
  await assert.rejects(readAll(from(bytes("x")), refusing), /budget spent/);
  await assert.rejects(readAllBytes(from(bytes("x")), refusing), /budget spent/);
});

test("readAll ends a text cut inside a character with a replacement character", async () => {
  assert.equal(await readAll(from(bytes("€").subarray(0, 2))), "\uFFFD");
});

test("concatBytes joins parts in order and measures them itself when no length is given", () => {
  assert.deepEqual(concatBytes([bytes("ab"), bytes(""), bytes("cd")]), bytes("abcd"));
  assert.deepEqual(concatBytes([]), new Uint8Array(0));
  assert.deepEqual(concatBytes([bytes("ab")], 3), Uint8Array.of(97, 98, 0));
});

test("readAtMost reads up to the limit exactly; a byte more is cut there and reported truncated", async () => {
  assert.deepEqual(await readAtMost(from(bytes("abc"), bytes("de")), 5), { text: "abcde", truncated: false });
  assert.deepEqual(await readAtMost(from(bytes("abc"), bytes("def")), 5), { text: "abcde", truncated: true });
  assert.deepEqual(await readAtMost(from(bytes("abcdef")), 3), { text: "abc", truncated: true });
  assert.deepEqual(await readAtMost(from(bytes("€")), 3), { text: "€", truncated: false });
  assert.deepEqual(await readAtMost(from(bytes("a€").subarray(0, 2), bytes("€").subarray(1)), 4), { text: "a€", truncated: false }, "a character split across chunks");
  assert.deepEqual(await readAtMost(from(), 3), { text: "", truncated: false });
  assert.deepEqual(await readAtMost(from(bytes("a"), bytes("b")), 1), { text: "a", truncated: true });
});
