// The queue's flow control over several rounds: pause and resume come in pairs (ending or failing
// a queue that never paused resumes nothing), and a queue paused and drained twice wakes the
// waiters of each round.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AsyncQueue } from "../../../runtime/util/async-queue.js";

const flowLog = () => {
  const calls: string[] = [];
  return { calls, flow: { pause: () => calls.push("pause"), resume: () => calls.push("resume") } };
};

test("ending or failing a queue that never paused resumes nothing", () => {
  const ended = flowLog();
  const q = new AsyncQueue<number>({ highWaterMark: 4, flow: ended.flow });
  q.push(1);
  q.end();
  assert.deepEqual(ended.calls, []);
  const failed = flowLog();
  const r = new AsyncQueue<number>({ highWaterMark: 4, flow: failed.flow });
  r.fail(new Error("lost"));
  assert.deepEqual(failed.calls, []);
});

test("a queue paused and drained twice resumes twice and wakes the waiters of both rounds", async () => {
  const { calls, flow } = flowLog();
  const q = new AsyncQueue<number>({ highWaterMark: 1, lowWaterMark: 0, flow });
  const it = q[Symbol.asyncIterator]();
  for (let round = 0; round < 2; round++) {
    q.push(1);
    assert.equal(q.push(2), false, `round ${round}`);
    const drained = q.drained();
    await it.next();
    await it.next();
    await drained;
  }
  assert.deepEqual(calls, ["pause", "resume", "pause", "resume"]);
  q.push(3);
  q.end();
  assert.deepEqual(await it.next(), { value: 3, done: false });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});
