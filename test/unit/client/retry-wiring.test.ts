// Retries and the rate limit as a client applies them, on both backends, against an in-process server.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, InternalError, KubexConfigurationError, type Backend, type RetryNotice } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";

let flaky = 0;
const server = await startServer((req, res) => {
  const url = new URL(req.url!, "https://x");
  if (url.pathname === "/flaky") {
    if (flaky-- > 0) return json(res, 503, { kind: "Status", code: 503, reason: "ServiceUnavailable", message: "not now" }, { "retry-after": "0" });
    return json(res, 200, { kind: "Thing" });
  }
  if (url.pathname === "/reset") return void res.socket?.destroy();
  if (url.pathname === "/down") return json(res, 503, { kind: "Status", code: 503, reason: "ServiceUnavailable", message: "no endpoints available for service" });
  json(res, 200, { kind: "Thing" });
});
after(() => server.close());
const hits = (path: string) => server.requests.filter((r) => r.url === path).length;
const fast = { initial: 0.01, jitter: 0 };

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: a retry policy in ClientOptions retries 503s and tells the hook; retry: false per call and in ClientOptions wins`, async () => {
    const notices: RetryNotice[] = [];
    await using client = await createClient({ configuration: server.configuration(), backend, options: { retry: { backoff: fast, onRetry: (n) => notices.push(n) } } });
    const before = hits("/flaky");
    flaky = 2;
    const response = await client.request({ method: "GET", path: "/flaky" });
    assert.equal((await response.json<{ kind: string }>()).kind, "Thing");
    assert.equal(hits("/flaky") - before, 3);
    assert.deepEqual(notices.map((n) => [n.attempt, n.delay, n.error.name]), [[1, 0.01, "InternalError"], [2, 0.02, "InternalError"]]);

    flaky = 1;
    await assert.rejects(client.request({ method: "GET", path: "/flaky", retry: false }), InternalError);
    await using off = await createClient({ configuration: server.configuration(), backend, options: { retry: false } });
    flaky = 1;
    await assert.rejects(off.request({ method: "GET", path: "/flaky" }), InternalError);
    flaky = 0;
  });

  test(`${backend}: retries are on by default: a 503 with Retry-After is retried, a 503 without Retry-After is not`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend });
    let before = hits("/flaky");
    flaky = 1;
    assert.equal((await (await client.request({ method: "GET", path: "/flaky" })).json<{ kind: string }>()).kind, "Thing");
    assert.equal(hits("/flaky") - before, 2);
    before = hits("/down");
    await assert.rejects(client.request({ method: "GET", path: "/down" }), InternalError);
    assert.equal(hits("/down") - before, 1, "an aggregated API whose service is down answers at once");
  });

  test(`${backend}: a POST whose connection broke is not retried, and the error says so`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend, options: { retry: { backoff: fast } } });
    const before = hits("/reset");
    const error = await client.request({ method: "POST", path: "/reset", body: "{}" }).catch((e: Error) => e);
    assert.equal(hits("/reset") - before, 1);
    assert.match((error as Error).message, /not retried: .* a POST may have reached the server/);
    const gets = hits("/reset");
    await client.request({ method: "GET", path: "/reset" }).catch(() => {});
    assert.equal(hits("/reset") - gets, 5, "a GET is retried up to 5 attempts");
  });

  test(`${backend}: rateLimit spaces calls by 1/qps after the burst`, async () => {
    await using client = await createClient({ configuration: server.configuration(), backend, options: { rateLimit: { qps: 20, burst: 1 } } });
    const started = Date.now();
    await Promise.all([0, 1, 2].map(() => client.request({ method: "GET", path: "/ok" }).then((r) => r.text())));
    assert.ok(Date.now() - started >= 90, `took ${Date.now() - started} ms`);
  });
}

test("retry and rateLimit options are validated when the client is built", async () => {
  await assert.rejects(createClient({ configuration: server.configuration(), options: { retry: { attempts: 0 } } }), KubexConfigurationError);
  await assert.rejects(createClient({ configuration: server.configuration(), options: { rateLimit: { qps: -1 } } }), KubexConfigurationError);
});
