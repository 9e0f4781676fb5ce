// Which failures are retried, how long each wait is, and what bounds the attempts.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  isIdempotent, KubexArgumentError, KubexClientError, retryVerdict, validateRetryPolicy, withRetry, type RetryNotice, type RetryableRequest,
} from "../../../runtime/index.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";

const transport = (code: string) => new KubexClientError(`GET /x: ${code}`, { cause: Object.assign(new Error("socket"), { code }) });
const get: RetryableRequest = { method: "GET", path: "/api/v1/pods" };
const post: RetryableRequest = { method: "POST", path: "/api/v1/namespaces/n/configmaps", body: "{}" };
const patch: RetryableRequest = { method: "PATCH", path: "/api/v1/namespaces/n/configmaps/a", body: '{"data":{}}' };
const putWithRv: RetryableRequest = { method: "PUT", path: "/x", body: '{"metadata":{"name":"a","resourceVersion":"5"}}' };
const putBlind: RetryableRequest = { method: "PUT", path: "/x", body: '{"metadata":{"name":"a"}}' };
const deletePre: RetryableRequest = { method: "DELETE", path: "/x", body: '{"preconditions":{"uid":"u"}}' };
const deleteBlind: RetryableRequest = { method: "DELETE", path: "/x" };

test("retryVerdict: a table of failures by method", () => {
  const table: [string, RetryableRequest, unknown, boolean][] = [
    ["429 on a POST (turned away)", post, apiErrorFromResponse(429, "", "3"), true],
    ["503 with Retry-After on a PATCH (shutting down)", patch, apiErrorFromResponse(503, "", "1"), true],
    ["503 without Retry-After (an aggregated API whose service is down)", get, apiErrorFromResponse(503, ""), false],
    ["429 without Retry-After", get, apiErrorFromResponse(429, ""), true],
    ["500 on a GET", get, apiErrorFromResponse(500, ""), false],
    ["404 on a GET", get, apiErrorFromResponse(404, ""), false],
    ["refused POST (never sent)", post, transport("ECONNREFUSED"), true],
    ["connect timeout POST", post, transport("UND_ERR_CONNECT_TIMEOUT"), true],
    ["reset GET", get, transport("ECONNRESET"), true],
    ["closed GET", get, transport("UND_ERR_SOCKET"), true],
    ["reset POST", post, transport("ECONNRESET"), false],
    ["reset PATCH", patch, transport("UND_ERR_SOCKET"), false],
    ["reset PUT with resourceVersion", putWithRv, transport("ECONNRESET"), true],
    ["reset PUT without", putBlind, transport("ECONNRESET"), false],
    ["reset DELETE with preconditions", deletePre, transport("ECONNRESET"), true],
    ["reset DELETE without", deleteBlind, transport("ECONNRESET"), false],
    ["an unknown error", get, new Error("boom"), false],
  ];
  for (const [what, request, error, want] of table) assert.equal(retryVerdict(request, error).retry, want, what);
  assert.deepEqual(retryVerdict(post, apiErrorFromResponse(429, "", "3")), { retry: true, retryAfter: 3 });
  assert.equal(isIdempotent({ method: "DELETE", path: "/x", query: [["resourceVersion", "1"]] }), true);
});

test("withRetry: retries until success, with the waits and attempts the hook sees", async () => {
  const notices: RetryNotice[] = [];
  let calls = 0;
  const result = await withRetry(get, { backoff: { initial: 0.01, jitter: 0 }, onRetry: (n) => notices.push(n) }, async () => {
    if (++calls < 3) throw transport("ECONNREFUSED");
    return "ok";
  });
  assert.equal(result, "ok");
  assert.deepEqual(notices.map((n) => [n.method, n.path, n.attempt, n.delay]), [["GET", "/api/v1/pods", 1, 0.01], ["GET", "/api/v1/pods", 2, 0.02]]);
});

test("withRetry: Retry-After is honoured up to maxRetryAfter", async () => {
  const delays: number[] = [];
  let calls = 0;
  const started = Date.now();
  await withRetry(post, { backoff: { initial: 0.01, jitter: 0 }, maxRetryAfter: 0.3, onRetry: (n) => delays.push(n.delay) }, async () => {
    if (++calls === 1) throw apiErrorFromResponse(429, "", "60");
    return "ok";
  });
  assert.deepEqual(delays, [0.3]);
  assert.ok(Date.now() - started >= 280);
});

test("withRetry: a Retry-After wait is spread over [r, r × (1 + jitter)), so a burst turned away together does not return together", async () => {
  const delays: number[] = [];
  let calls = 0;
  const policy = { backoff: { initial: 0.01, jitter: 1 }, maxRetryAfter: 0.2, onRetry: (n: RetryNotice) => delays.push(n.delay) };
  await withRetry(get, policy, async () => {
    if (++calls <= 2) throw apiErrorFromResponse(429, "", "1");
    return "ok";
  }, { random: (() => { const draws = [0, 0.5, 0, 0]; return () => draws.shift() ?? 0; })() });
  assert.deepEqual(delays.map((d) => Math.round(d * 1000) / 1000), [0.3, 0.2]);
});

test("withRetry: bounded by attempts (default 5), by the deadline, and never for a POST that may have reached the server", async () => {
  let calls = 0;
  await assert.rejects(withRetry(get, { backoff: { initial: 0.001, jitter: 0 } }, async () => {
    calls++;
    throw transport("ECONNRESET");
  }), /ECONNRESET/);
  assert.equal(calls, 5);

  calls = 0;
  await assert.rejects(withRetry(get, { backoff: { initial: 1, jitter: 0 } }, async () => {
    calls++;
    throw transport("ECONNREFUSED");
  }, { deadline: Date.now() + 500 }));
  assert.equal(calls, 1, "the first wait would pass the deadline");

  calls = 0;
  const error = await withRetry(post, {}, async () => {
    calls++;
    throw transport("ECONNRESET");
  }).catch((e: Error) => e);
  assert.equal(calls, 1);
  assert.match((error as Error).message, /not retried: the connection broke \(ECONNRESET\) after a POST may have reached the server/);
});

test("withRetry: an abort during a wait ends it with the last error", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  await assert.rejects(withRetry(get, { backoff: { initial: 5, jitter: 0 } }, async () => {
    throw transport("ECONNREFUSED");
  }, { signal: controller.signal }), /ECONNREFUSED/);
  assert.ok(Date.now() - started < 1000);
});

test("validateRetryPolicy names the bad field", () => {
  for (const [policy, argument] of [[{ attempts: 0 }, "retry.attempts"], [{ maxRetryAfter: -1 }, "retry.maxRetryAfter"], [{ onRetry: 1 }, "retry.onRetry"], [{ backoff: { factor: 0 } }, "retry.backoff.factor"], ["yes", "retry"]] as const) {
    assert.throws(() => validateRetryPolicy("retry", policy as never), (e: unknown) => e instanceof KubexArgumentError && e.argument === argument);
  }
  validateRetryPolicy("retry", false);
  validateRetryPolicy("retry", { attempts: 1 });
});
