// The retry policy's rules one by one: each refusal's message, the backoff's bounds and
// defaults, every transport code and how deep the cause chain is read, which methods are
// idempotent, what a verdict carries, and what stops withRetry (attempts, deadline, signal).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Backoff, defaultBackoff, defaultRetryPolicy, isIdempotent, KubexArgumentError, KubexClientError, retryVerdict, transportCode, validateRetryPolicy, withRetry,
  type RetryNotice, type RetryableRequest,
} from "../../../runtime/index.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";
import { RequestPolicy, sleep, validateBackoff } from "../../../runtime/client/retry.js";

const refusedWith = (message: string) => (e: unknown) => e instanceof KubexArgumentError && e.message === message;
const withCode = (code: unknown, cause?: unknown) => Object.assign(new Error(`code ${String(code)}`), { code, cause });
const get: RetryableRequest = { method: "GET", path: "/api/v1/pods" };
const post: RetryableRequest = { method: "POST", path: "/api/v1/namespaces/n/configmaps", body: "{}" };

test("validateBackoff: each field accepts a finite number >= 0, factor >= 1; the message names the field and the value", () => {
  for (const key of ["initial", "max", "factor", "jitter"]) {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "1", null]) {
      assert.throws(() => new Backoff({ [key]: bad } as never), refusedWith(`backoff.${key}: accepts a finite number >= 0; got ${String(bad)}`), `${key} = ${String(bad)}`);
    }
  }
  assert.throws(() => validateBackoff("retry.backoff", { factor: 0.5 }), refusedWith("retry.backoff.factor: accepts a number >= 1; got 0.5"));
  assert.deepEqual(validateBackoff("b", { initial: 0, max: 0, factor: 1, jitter: 0 }), { initial: 0, max: 0, factor: 1, jitter: 0 });
  assert.deepEqual(validateBackoff("b", undefined), { initial: 0.8, max: 30, factor: 2, jitter: 1 });
  assert.deepEqual(defaultBackoff, { initial: 0.8, max: 30, factor: 2, jitter: 1 });
});

test("Backoff: waits grow by factor up to max, jitter spreads them over [d, d × (1 + jitter)), reset starts again", () => {
  const b = new Backoff({ initial: 1, max: 5, factor: 2, jitter: 0 });
  assert.equal(b.attempts, 0);
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [1, 2, 4, 5, 5]);
  assert.equal(b.attempts, 5);
  b.reset();
  assert.equal(b.attempts, 0);
  assert.equal(b.next(), 1);
  const jittered = new Backoff({ initial: 2, jitter: 0.5 }, () => 0.5);
  assert.equal(jittered.next(), 2.5);
  const defaults = new Backoff(undefined, () => 0);
  assert.deepEqual(Array.from({ length: 7 }, () => defaults.next()), [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30]);
  const spread = new Backoff(undefined, () => 0.5);
  assert.equal(spread.next(), 1.2000000000000002);
});

/** A signal whose listeners are counted. */
function countingSignal() {
  const controller = new AbortController();
  const counts = { added: 0, removed: 0 };
  const signal = controller.signal;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => (counts.added++, add(...args))) as typeof add;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => (counts.removed++, remove(...args))) as typeof remove;
  return { controller, signal, counts };
}

test("sleep: resolves after its time, at once on an aborted signal, and leaves no listener or timer behind", async () => {
  let started = Date.now();
  await sleep(0.05);
  assert.ok(Date.now() - started >= 45, "waited its time without a signal");
  const done = countingSignal();
  await sleep(0.01, done.signal);
  assert.deepEqual(done.counts, { added: 1, removed: 1 }, "the listener goes once the time is up");
  done.controller.abort();
  assert.deepEqual(done.counts, { added: 1, removed: 1 }, "an abort after the end finds no listener to run");

  const aborted = countingSignal();
  aborted.controller.abort();
  started = Date.now();
  await sleep(30, aborted.signal);
  assert.ok(Date.now() - started < 1_000);
  assert.deepEqual(aborted.counts, { added: 0, removed: 0 }, "an aborted signal is not listened to");

  const midway = countingSignal();
  const sleeping = sleep(0.1, midway.signal);
  midway.controller.abort();
  await sleeping;
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(midway.counts, { added: 1, removed: 1 }, "the timer was cleared: it did not run the end a second time");
});

test("validateRetryPolicy: each refusal's message names the field, says what it accepts and shows the value", () => {
  for (const policy of ["yes", true, 3, null]) {
    assert.throws(() => validateRetryPolicy("options.retry", policy as never), refusedWith(`options.retry: accepts false or a retry policy object; got ${String(policy)}`), String(policy));
  }
  for (const attempts of [0, 1.5, -1, "2", null]) {
    assert.throws(() => validateRetryPolicy("options.retry", { attempts } as never), refusedWith(`options.retry.attempts: accepts an integer >= 1; got ${String(attempts)}`), String(attempts));
  }
  for (const maxRetryAfter of [-1, Number.POSITIVE_INFINITY, Number.NaN, "5", null]) {
    assert.throws(() => validateRetryPolicy("options.retry", { maxRetryAfter } as never), refusedWith(`options.retry.maxRetryAfter: accepts a number of seconds >= 0; got ${String(maxRetryAfter)}`), String(maxRetryAfter));
  }
  assert.throws(() => validateRetryPolicy("options.retry", { onRetry: "log" } as never), refusedWith("options.retry.onRetry: accepts a function"));
  assert.throws(() => validateRetryPolicy("options.retry", { backoff: { initial: -1 } }), refusedWith("options.retry.backoff.initial: accepts a finite number >= 0; got -1"));
  for (const ok of [undefined, false, {}, { attempts: 1, maxRetryAfter: 0, onRetry: () => {}, backoff: { initial: 0 } }]) {
    assert.doesNotThrow(() => validateRetryPolicy("options.retry", ok as never), JSON.stringify(ok));
  }
  assert.deepEqual(defaultRetryPolicy, { attempts: 5, backoff: { initial: 0.5, max: 10, factor: 2, jitter: 1 }, maxRetryAfter: 30 });
});

test("transportCode: every code that means never sent or broken, found up to four causes deep", () => {
  const codes = ["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"];
  for (const code of codes) assert.equal(transportCode(withCode(code)), code);
  assert.equal(transportCode(withCode("ERR_OTHER")), undefined);
  assert.equal(transportCode(withCode(111)), undefined, "a numeric code is not a transport code");
  assert.equal(transportCode(undefined), undefined);
  // The first known code along the chain: an unknown code on the outer error does not stop the walk.
  assert.equal(transportCode(withCode("ERR_OTHER", withCode("EPIPE", withCode("ECONNRESET")))), "EPIPE");
  const nested = (depth: number): unknown => (depth === 0 ? withCode("ECONNRESET") : new Error(`level ${depth}`, { cause: nested(depth - 1) }));
  assert.equal(transportCode(nested(4)), "ECONNRESET", "the fifth error of the chain is read");
  assert.equal(transportCode(nested(5)), undefined, "the sixth is not");
});

test("isIdempotent: GET and HEAD; PUT and DELETE only with a resourceVersion (query or body) or preconditions", () => {
  const table: [RetryableRequest, boolean][] = [
    [{ method: "GET", path: "/x" }, true],
    [{ method: "HEAD", path: "/x" }, true],
    [{ method: "OPTIONS", path: "/x" }, false],
    [{ method: "POST", path: "/x", query: [["resourceVersion", "1"]], body: '{"metadata":{"resourceVersion":"1"}}' }, false],
    [{ method: "PATCH", path: "/x", body: '{"metadata":{"resourceVersion":"1"}}' }, false],
    [{ method: "PUT", path: "/x", query: [["resourceVersion", "1"]] }, true],
    [{ method: "PUT", path: "/x", query: [["fieldManager", "resourceVersion"]] }, false],
    [{ method: "PUT", path: "/x", query: [["fieldManager", "me"], ["resourceVersion", "1"]] }, true],
    [{ method: "PUT", path: "/x", body: '{"metadata":{"resourceVersion" : "1"}}' }, true],
    [{ method: "PUT", path: "/x", body: '{"metadata":{"name":"resourceVersion"}}' }, false],
    [{ method: "DELETE", path: "/x", body: new TextEncoder().encode('{"preconditions":{"uid":"u"}}') }, true],
    [{ method: "DELETE", path: "/x", body: new TextEncoder().encode("{}") }, false],
    [{ method: "DELETE", path: "/x", body: '{"kind":"DeleteOptions","preconditions":\n{"resourceVersion":"2"}}' }, true],
    [{ method: "DELETE", path: "/x" }, false],
  ];
  for (const [request, want] of table) assert.equal(isIdempotent(request), want, JSON.stringify({ ...request, body: String(request.body) }));
});

test("retryVerdict: what each verdict carries", () => {
  assert.deepEqual(retryVerdict(get, apiErrorFromResponse(429, "")), { retry: true });
  assert.deepEqual(retryVerdict(get, apiErrorFromResponse(429, "", "4")), { retry: true, retryAfter: 4 });
  assert.deepEqual(retryVerdict(post, apiErrorFromResponse(503, "", "1")), { retry: true, retryAfter: 1 });
  assert.deepEqual(retryVerdict(get, apiErrorFromResponse(503, "")), { retry: false });
  assert.deepEqual(retryVerdict(get, apiErrorFromResponse(500, "", "1")), { retry: false }, "Retry-After on a 500 does not make it retried");
  assert.deepEqual(retryVerdict(get, apiErrorFromResponse(502, "", "1")), { retry: false });
  // A status that is not a number is not an API answer: the transport code decides.
  assert.deepEqual(retryVerdict(get, Object.assign(withCode("ECONNRESET"), { status: "429" })), { retry: true });
  assert.deepEqual(retryVerdict(get, new Error("boom")), { retry: false });
  for (const code of ["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]) {
    assert.deepEqual(retryVerdict(post, withCode(code)), { retry: true }, `${code}: never reached the server, a POST is retried`);
  }
  for (const code of ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]) {
    assert.deepEqual(retryVerdict(get, withCode(code)), { retry: true }, `${code} on a GET`);
    assert.deepEqual(retryVerdict(post, withCode(code)), { retry: false, reason: `not retried: the connection broke (${code}) after a POST may have reached the server` });
  }
});

const failing = (error: unknown) => async () => {
  throw error;
};

test("withRetry: the reason a failure is not retried is added once to its message; the error stays the same object", async () => {
  const error = new KubexClientError("POST /x: socket closed", { cause: withCode("UND_ERR_SOCKET") });
  const reason = "not retried: the connection broke (UND_ERR_SOCKET) after a POST may have reached the server";
  await assert.rejects(withRetry(post, {}, failing(error)), (e: unknown) => e === error && error.message === `POST /x: socket closed (${reason})`);
  await assert.rejects(withRetry(post, {}, failing(error)), (e: unknown) => e === error && error.message === `POST /x: socket closed (${reason})`, "not added twice");
  const plain = { code: "ECONNRESET" };
  await assert.rejects(withRetry(post, {}, failing(plain)), (e: unknown) => e === plain && Object.keys(plain).length === 1, "what is not an Error is passed on untouched");
  const unknown = new Error("boom");
  await assert.rejects(withRetry(post, {}, failing(unknown)), (e: unknown) => e === unknown && unknown.message === "boom");
});

test("withRetry: attempts 1 is one call; defaults: 5 attempts, backoff from 0.5 s with jitter 1, Retry-After capped at 30 s", async () => {
  let calls = 0;
  await assert.rejects(withRetry(get, { attempts: 1 }, async () => {
    calls++;
    throw withCode("ECONNREFUSED");
  }));
  assert.equal(calls, 1);

  // onRetry aborts each wait, so the delays are seen without being waited for.
  const delays = async (policy: object, error: unknown, random: () => number) => {
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(withRetry(get, { ...policy, onRetry: (n: RetryNotice) => (seen.push(n.delay), controller.abort()) }, failing(error), { signal: controller.signal, random }));
    return seen;
  };
  assert.deepEqual(await delays({}, withCode("ECONNREFUSED"), () => 0), [0.5]);
  assert.deepEqual(await delays({}, withCode("ECONNREFUSED"), () => 0.5), [0.75]);
  assert.deepEqual(await delays({ backoff: { initial: 2 } }, withCode("ECONNREFUSED"), () => 0.5), [3], "a backoff without jitter gets jitter 1");
  assert.deepEqual(await delays({ backoff: { initial: 0.01, jitter: 0 } }, apiErrorFromResponse(429, "", "60"), () => 0), [30]);
  assert.deepEqual(await delays({ backoff: { initial: 0.01 } }, apiErrorFromResponse(429, "", "60"), () => 0.5), [45], "the cap is spread with the default jitter");
  assert.deepEqual(await delays({ backoff: { initial: 5, jitter: 0 } }, apiErrorFromResponse(429, "", "1"), () => 0), [5], "never less than the backoff");

  // An abort during the wait ends it with no further attempt.
  calls = 0;
  const controller = new AbortController();
  await assert.rejects(withRetry(get, { onRetry: () => controller.abort() }, async () => {
    calls++;
    throw withCode("ECONNREFUSED");
  }, { signal: controller.signal }));
  assert.equal(calls, 1);
});

test("withRetry: an aborted signal or a wait past the deadline ends it with the last error, without telling onRetry", async () => {
  const notices: RetryNotice[] = [];
  const onRetry = (n: RetryNotice) => void notices.push(n);
  const error = withCode("ECONNREFUSED");
  let calls = 0;
  const counted = async () => {
    calls++;
    throw error;
  };
  await assert.rejects(withRetry(get, { onRetry }, counted, { signal: AbortSignal.abort() }), (e: unknown) => e === error);
  assert.deepEqual([calls, notices.length], [1, 0]);

  calls = 0;
  await assert.rejects(withRetry(get, { onRetry, backoff: { initial: 0.2, jitter: 0 } }, counted, { deadline: Date.now() + 150 }), (e: unknown) => e === error);
  assert.deepEqual([calls, notices.length], [1, 0]);

  // A deadline far enough away lets the retries run until the attempts are spent.
  calls = 0;
  await assert.rejects(withRetry(get, { onRetry, attempts: 3, backoff: { initial: 0.01, jitter: 0 } }, counted, { deadline: Date.now() + 60_000 }), (e: unknown) => e === error);
  assert.deepEqual([calls, notices.map((n) => [n.attempt, n.error === error])], [3, [[1, true], [2, true]]]);
});

test("RequestPolicy: the call's policy wins over the client's; the limiter runs before every attempt; a total timeout bounds the waits", async () => {
  assert.throws(() => new RequestPolicy({ attempts: 0 }), refusedWith("ClientOptions.retry.attempts: accepts an integer >= 1; got 0"));
  const on = new RequestPolicy(undefined);
  const off = new RequestPolicy(false);
  assert.deepEqual([on.retries({}), on.retries({ retry: false }), on.retries({ retry: {} }), off.retries({}), off.retries({ retry: {} })], [true, false, true, false, true]);

  let takes = 0;
  const limiter = { async take() { takes++; } };
  const policy = new RequestPolicy({ backoff: { initial: 0.01, jitter: 0 } }, limiter);
  let calls = 0;
  const flaky = async () => {
    if (++calls < 3) throw withCode("ECONNREFUSED");
    return "ok";
  };
  assert.equal(await policy.run(get, undefined, () => undefined, flaky), "ok");
  assert.deepEqual([calls, takes], [3, 3]);

  calls = 0;
  await assert.rejects(policy.run({ ...get, retry: false }, undefined, () => undefined, flaky));
  assert.equal(calls, 1, "retry: false on the call");
  calls = 0;
  assert.equal(await new RequestPolicy(false).run({ ...get, retry: { backoff: { initial: 0.01, jitter: 0 } } }, undefined, () => undefined, flaky), "ok");
  assert.equal(calls, 3, "a call's policy on a client without retries");
  await assert.rejects(async () => policy.run({ ...get, retry: { attempts: 0 } }, undefined, () => undefined, flaky), refusedWith("retry.attempts: accepts an integer >= 1; got 0"));

  calls = 0;
  const slow = new RequestPolicy({ backoff: { initial: 0.1, jitter: 0 } });
  await assert.rejects(slow.run(get, 0.05, () => undefined, flaky));
  assert.equal(calls, 1, "the first wait would end past the total timeout");
  calls = 0;
  assert.equal(await slow.run(get, 30, () => undefined, flaky), "ok");
  assert.equal(calls, 3, "a total timeout that leaves room");

  calls = 0;
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(slow.run(get, undefined, () => controller.signal, flaky));
  assert.equal(calls, 1, "the signal reaches withRetry");
});
