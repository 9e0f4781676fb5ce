// The undici backend's own rules: pool settings and connect timeouts from ClientOptions, the
// options each call hands undici (read timeouts, keep-alive, where it goes), and the buffered
// read (a byte order mark dropped, an abort that reaches the wire, a call aborted while queued
// never sent). Against an in-process server. The client's own error-body bound (16 MiB) is in
// undici-error-body.test.ts: its bodies make it the slow part.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Pool, type Dispatcher } from "undici";
import { KubexClientError, type ClientOptions } from "../../../runtime/index.js";
import { connectionTimeouts, poolSettings, UndiciClient } from "../../../runtime/client/undici-client.js";
import { json, startServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";
import type { TLSSocket } from "node:tls";

const closedRequests: string[] = [];
const server = await startServer((req, res) => {
  res.on("close", () => void (!res.writableFinished && closedRequests.push(req.url!)));
  switch (req.url) {
    case "/hang":
      return;
    case "/bom":
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    case "/only-bom":
      res.writeHead(200);
      return res.end(Buffer.from([0xef, 0xbb, 0xbf]));
    case "/two-chunks":
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":');
      return setTimeout(() => res.end("2}"), 30);
    case "/open-stream":
      res.writeHead(200, { "content-type": "application/json" });
      return void res.write('{"type":"ADDED"}\n');
    case "/slow":
      return setTimeout(() => json(res, 200, {}), 300);
  }
  json(res, 200, { kind: "Echo" });
});
after(() => server.close());

test("poolSettings: the smaller of poolSize and poolSizePerHost (null is no limit), and the idle lifetime in ms", () => {
  assert.deepEqual(poolSettings({}), {});
  assert.deepEqual(poolSettings({ poolSize: 3 }), { connections: 3 });
  assert.deepEqual(poolSettings({ poolSizePerHost: 2 }), { connections: 2 });
  assert.deepEqual(poolSettings({ poolSize: 5, poolSizePerHost: 4 }), { connections: 4 });
  assert.deepEqual(poolSettings({ poolSize: 4, poolSizePerHost: 5 }), { connections: 4 });
  assert.deepEqual(poolSettings({ poolSize: null, poolSizePerHost: 6 }), { connections: 6 });
  assert.deepEqual(poolSettings({ poolSize: null, poolSizePerHost: null }), {});
  assert.deepEqual(poolSettings({ keepAliveTimeout: null }), { keepAliveTimeout: 2 ** 31 - 1, keepAliveMaxTimeout: 2 ** 31 - 1 });
  assert.deepEqual(poolSettings({ keepAliveTimeout: 30 }), { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
  assert.deepEqual(poolSettings({ keepAliveTimeout: 900 }), { keepAliveTimeout: 900_000, keepAliveMaxTimeout: 900_000 });
});

test("connectionTimeouts: timeout null leaves no connect timeout; a connect part in ms; anything else the default", () => {
  assert.deepEqual(connectionTimeouts({ timeout: null }), { connectMs: null });
  assert.deepEqual(connectionTimeouts({ timeout: { connect: 2.5 } }), { connectMs: 2500 });
  assert.deepEqual(connectionTimeouts({ timeout: { connect: null } }), { connectMs: null });
  assert.deepEqual(connectionTimeouts({ timeout: { read: 3 } }), {});
  assert.deepEqual(connectionTimeouts({ timeout: 10 }), {});
  assert.deepEqual(connectionTimeouts({}), {});
});

/** undici's dispatch options of each call made while `run` runs (buffered calls and streams both dispatch). */
async function dispatched(run: () => Promise<unknown>): Promise<Dispatcher.DispatchOptions[]> {
  let owner: object = Pool.prototype;
  while (!Object.hasOwn(owner, "dispatch")) owner = Object.getPrototypeOf(owner) as object;
  const target = owner as { dispatch: Dispatcher["dispatch"] };
  const original = target.dispatch;
  const seen: Dispatcher.DispatchOptions[] = [];
  target.dispatch = function (this: Dispatcher, options, handler) {
    // A Pool hands each call on to one of its connections, which dispatches it again: counted once.
    if (this instanceof Pool) seen.push({ ...options });
    return original.call(this, options, handler);
  };
  try {
    await run();
  } finally {
    target.dispatch = original;
  }
  return seen;
}

const read = async (options: ClientOptions, call: (c: UndiciClient) => Promise<unknown>) => {
  await using c = new UndiciClient(server.configuration(), options);
  return await dispatched(() => call(c));
};
const timers = (o: Dispatcher.DispatchOptions) => [o.headersTimeout, o.bodyTimeout];

test("read timeouts: a call's read part in ms; null none (0); unset, undici's default for a request and none for a stream", async () => {
  const get = (c: UndiciClient) => c.request({ method: "GET", path: "/a" }).then((r) => r.text());
  const stream = (c: UndiciClient) => c.stream({ method: "GET", path: "/a" }).then((r) => r.text());
  assert.deepEqual((await read({ timeout: { read: 2 } }, get)).map(timers), [[2000, 2000]]);
  assert.deepEqual((await read({ timeout: { read: 2 } }, stream)).map(timers), [[2000, 2000]]);
  assert.deepEqual((await read({ timeout: null }, get)).map(timers), [[0, 0]]);
  assert.deepEqual((await read({}, stream)).map(timers), [[0, 0]]);
  const plain = await read({}, get);
  assert.deepEqual(timers(plain[0]!), [undefined, undefined]);
  assert.equal("headersTimeout" in plain[0]!, false);
});

test("each call's options: origin and path (query included), method, flat headers, a body only when given; reset only with keepAlive false", async () => {
  const [get, post] = await read({}, async (c) => {
    await (await c.request({ method: "GET", path: "/a", query: [["x", "1"]] })).text();
    await (await c.request({ method: "POST", path: "/b", body: "{}" })).text();
  });
  assert.equal(get!.origin, server.url);
  assert.equal(get!.path, "/a?x=1");
  assert.equal(get!.method, "GET");
  assert.deepEqual((get!.headers as string[]).slice(0, 4), ["accept", "application/json", "user-agent", "kubex-ts"]);
  assert.equal("body" in get!, false);
  assert.equal("reset" in get!, false);
  assert.equal("idempotent" in get!, false);
  assert.equal(post!.body, "{}");
  const [once] = await read({ keepAlive: false }, (c) => c.request({ method: "GET", path: "/a" }).then((r) => r.text()));
  assert.equal(once!.reset, true);
  const [streamed] = await read({ keepAlive: false }, (c) => c.stream({ method: "GET", path: "/a" }).then((r) => r.text()));
  assert.equal(streamed!.reset, true);
});

test("a stream's read buffer: bufferSize when given, 2 MiB by default, undici's own with bufferSize null", async () => {
  const stream = (c: UndiciClient) => c.stream({ method: "GET", path: "/a" }).then((r) => r.text());
  const highWaterMark = (o: Dispatcher.DispatchOptions) => (o as { highWaterMark?: number }).highWaterMark;
  assert.equal(highWaterMark((await read({ bufferSize: 65536 }, stream))[0]!), 65536);
  assert.equal(highWaterMark((await read({}, stream))[0]!), 2 ** 21);
  assert.equal(highWaterMark((await read({ bufferSize: null }, stream))[0]!), undefined);
});

test("a buffered reply drops a UTF-8 byte order mark from its text, and joins a body that came in several chunks", async () => {
  await using c = new UndiciClient(server.configuration());
  assert.deepEqual(await (await c.request({ method: "GET", path: "/bom" })).json(), { a: 1 });
  assert.equal(await (await c.request({ method: "GET", path: "/only-bom" })).text(), "");
  assert.deepEqual(await (await c.request({ method: "GET", path: "/two-chunks" })).json(), { a: 2 });
  const bytes: Uint8Array[] = [];
  for await (const chunk of (await c.request({ method: "GET", path: "/bom", retry: false })).body()) bytes.push(chunk);
  assert.deepEqual([...Buffer.concat(bytes).subarray(0, 3)], [0xef, 0xbb, 0xbf], "the bytes themselves are kept");
});

test("a caller's abort stops the exchange on the wire, not only the promise", async () => {
  await using c = new UndiciClient(server.configuration(), { retry: false });
  const controller = new AbortController();
  const pending = c.request({ method: "GET", path: "/hang", signal: controller.signal });
  await new Promise((r) => setTimeout(r, 150));
  controller.abort(new Error("enough"));
  await assert.rejects(pending, KubexClientError);
  for (let i = 0; i < 50 && !closedRequests.includes("/hang"); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(closedRequests.includes("/hang"), "the server saw the request end unanswered");
});

test("a call aborted while queued behind a busy connection is never sent; one aborted before it starts is not sent either", async () => {
  await using c = new UndiciClient(server.configuration(), { poolSize: 1, retry: false });
  const before = server.requests.length;
  const busy = c.request({ method: "GET", path: "/slow" });
  const controller = new AbortController();
  const queued = c.request({ method: "GET", path: "/queued", signal: controller.signal });
  await new Promise((r) => setTimeout(r, 50));
  controller.abort(new Error("no longer needed"));
  await assert.rejects(queued, KubexClientError);
  await (await busy).text();
  await assert.rejects(c.request({ method: "GET", path: "/never", signal: AbortSignal.abort(new Error("already")) }), KubexClientError);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(server.requests.slice(before).map((r) => r.url), ["/slow"]);
});

test("a stream's cancel() ends its exchange on the wire", async () => {
  await using c = new UndiciClient(server.configuration());
  const response = await c.stream({ method: "GET", path: "/open-stream" });
  await response.cancel();
  for (let i = 0; i < 50 && !closedRequests.includes("/open-stream"); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(closedRequests.includes("/open-stream"), "the server saw the stream end");
});

test("a client certificate handed out by a credential provider is the one presented (a connection pool per certificate)", async () => {
  const certs = testCerts();
  const mtls = await startServer((req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    json(res, 200, { subject: peer.subject?.CN ?? null });
  }, { requestCert: true });
  try {
    await using c = new UndiciClient(mtls.configuration({ credentialProvider: { getCredentials: async () => ({ clientCertificate: { cert: certs.clientCert, key: certs.clientKey } }) } }));
    assert.deepEqual(await (await c.request({ method: "GET", path: "/whoami" })).json(), { subject: "test-user" });
    assert.deepEqual(await (await c.stream({ method: "GET", path: "/whoami" })).json(), { subject: "test-user" });
    await using anonymous = new UndiciClient(mtls.configuration());
    assert.deepEqual(await (await anonymous.request({ method: "GET", path: "/whoami" })).json(), { subject: null });
  } finally {
    await mtls.close();
  }
});
