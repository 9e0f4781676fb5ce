// The rate limit's checks with their messages, the default burst for a qps below 1, a refill
// that is partial or capped at burst, a token given back to a full bucket, and take() when a
// token is ready.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, TokenBucket } from "../../../runtime/index.js";
import { validateRateLimit } from "../../../runtime/client/rate-limit.js";

const refusedWith = (message: string) => (e: unknown) => e instanceof KubexArgumentError && e.message === message;

test("validateRateLimit: each refusal names its field, with what it accepts and the value", () => {
  assert.doesNotThrow(() => validateRateLimit("rateLimit", undefined));
  assert.doesNotThrow(() => validateRateLimit("rateLimit", { qps: 0.5 }));
  assert.doesNotThrow(() => validateRateLimit("rateLimit", { qps: 5, burst: 1 }));
  assert.throws(() => validateRateLimit("options.rateLimit", 5 as never), refusedWith("options.rateLimit: accepts { qps, burst? }; got 5"));
  assert.throws(() => validateRateLimit("options.rateLimit", null as never), refusedWith("options.rateLimit: accepts { qps, burst? }; got null"));
  for (const qps of [0, -1, Number.POSITIVE_INFINITY, Number.NaN, "1"]) {
    assert.throws(() => validateRateLimit("options.rateLimit", { qps } as never), refusedWith(`options.rateLimit.qps: accepts a number > 0; got ${String(qps)}`), String(qps));
  }
  for (const burst of [0, 1.5, "2", null]) {
    assert.throws(() => validateRateLimit("options.rateLimit", { qps: 1, burst } as never), refusedWith(`options.rateLimit.burst: accepts an integer >= 1; got ${String(burst)}`), String(burst));
  }
});

test("a TokenBucket built from a bad limit names the client option, rateLimit", () => {
  assert.throws(() => new TokenBucket({ qps: 0 }), refusedWith("rateLimit.qps: accepts a number > 0; got 0"));
});

test("burst defaults to 1 below 1 qps and to qps when it is whole", () => {
  assert.equal(new TokenBucket({ qps: 0.2 }).burst, 1);
  assert.equal(new TokenBucket({ qps: 4 }).burst, 4);
  assert.equal(new TokenBucket({ qps: 4, burst: 9 }).burst, 9);
});

test("a partial refill counts: half the interval halves the next wait", () => {
  let now = 0;
  const bucket = new TokenBucket({ qps: 2, burst: 1 }, () => now);
  assert.equal(bucket.reserve(), 0);
  assert.equal(bucket.reserve(), 0.5);
  now += 250;
  assert.equal(bucket.reserve(), 0.75);
});

test("a token given back to a full bucket does not raise it above burst", () => {
  let now = 0;
  const bucket = new TokenBucket({ qps: 1, burst: 2 }, () => now);
  bucket.cancel();
  assert.deepEqual([bucket.reserve(), bucket.reserve(), bucket.reserve()], [0, 0, 1]);
});

test("take() resolves at once when a token is ready, and after the wait otherwise", async () => {
  const bucket = new TokenBucket({ qps: 5, burst: 1 });
  const started = Date.now();
  // A ready token settles take() in the same turn, before any timer or immediate could run.
  const first = await Promise.race([bucket.take().then(() => "at once"), new Promise((resolve) => setImmediate(() => resolve("later")))]);
  assert.equal(first, "at once");
  // The next token is ready 200 ms after the first was taken, however long the machine took since.
  await bucket.take(new AbortController().signal);
  assert.ok(Date.now() - started >= 190, `the second take waited for the refill (${Date.now() - started} ms)`);
});
