// The token bucket against a clock the test moves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, TokenBucket } from "../../../runtime/index.js";

test("burst tokens go at once, then one every 1/qps seconds; a quiet period refills up to burst", () => {
  let now = 0;
  const bucket = new TokenBucket({ qps: 10, burst: 3 }, () => now);
  assert.deepEqual([1, 2, 3, 4, 5].map(() => Math.round(bucket.reserve() * 1000) / 1000), [0, 0, 0, 0.1, 0.2]);
  now += 10_000;
  assert.deepEqual([1, 2, 3, 4].map(() => Math.round(bucket.reserve() * 1000) / 1000), [0, 0, 0, 0.1]);
});

test("burst defaults to qps rounded up; a cancelled reservation gives its token back", () => {
  let now = 0;
  const bucket = new TokenBucket({ qps: 1.5 }, () => now);
  assert.equal(bucket.burst, 2);
  bucket.reserve();
  bucket.reserve();
  const wait = bucket.reserve();
  bucket.cancel();
  assert.equal(bucket.reserve(), wait);
});

test("take() waits in order and rejects on abort", async () => {
  const bucket = new TokenBucket({ qps: 20, burst: 1 });
  const started = Date.now();
  await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
  assert.ok(Date.now() - started >= 90, "two waits of 50 ms");
  // A bucket that refills once in 1000 s: the second take waits whatever the machine's load.
  const slow = new TokenBucket({ qps: 0.001, burst: 1 });
  await slow.take();
  const controller = new AbortController();
  const pending = slow.take(controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(pending, /stop/);
});

test("invalid limits are refused", () => {
  for (const bad of [{ qps: 0 }, { qps: -1 }, { qps: Number.POSITIVE_INFINITY }, { qps: 1, burst: 0 }, { qps: 1, burst: 1.5 }]) {
    assert.throws(() => new TokenBucket(bad), KubexArgumentError, JSON.stringify(bad));
  }
});
