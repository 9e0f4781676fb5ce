// The fetch backend's transport against a stand-in for the runtime's fetch (the Node platform's
// setup replaced for the file): what fetch is handed, one setup per client certificate, the
// connect timeout a setup gets, the read timeout before the headers and between chunks (on a
// hand-driven clock), the caller's signal, the body read as chunks or whole, cancel() and
// close(). No server: each case runs in milliseconds.
import { test, after, mock } from "node:test";
import assert from "node:assert/strict";
import { KubexConfigurationError } from "../../../runtime/errors.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";
import type { ClientOptions } from "../../../runtime/client/options.js";
import { FetchClient } from "../../../runtime/client/fetch-client.js";
import { CallInFlight } from "../../../runtime/client/in-flight.js";
import { ReadTimeoutError } from "../../../runtime/client/inactivity.js";
import { armedDeadlines } from "../../../runtime/client/read-deadlines.js";
import { nodeFetchPlatform } from "../../../runtime/client/platform/node.js";
import type { PreparedRequest } from "../../../runtime/client/http-client.js";
import type { RawResponse } from "../../../runtime/client/response.js";
import type { Route } from "../../../runtime/client/platform/tls.js";
import type { ConnectionTimeouts } from "../../../runtime/client/platform/types.js";
import type { Timeout } from "../../../runtime/client/timeout.js";
import type { WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";

interface Sent {
  readonly url: string;
  readonly init: RequestInit & { readonly marker?: string };
  readonly signal: AbortSignal;
}

/** What the stand-in's fetch does with a call; by default it answers 200 with `{}`. */
let serve: (sent: Sent) => Promise<Response> = async () => new Response("{}");
const sent: Sent[] = [];
const setups: { route: Route; timeouts: ConnectionTimeouts; closed: number }[] = [];
const sockets: ConnectionTimeouts[] = [];

const realSetup = nodeFetchPlatform.fetchSetup;
const realOpen = nodeFetchPlatform.openWebSocket;
nodeFetchPlatform.fetchSetup = async (route, timeouts) => {
  const setup = { route, timeouts, closed: 0 };
  setups.push(setup);
  const fetch = (url: string, init: RequestInit & { signal: AbortSignal }) => {
    const s = { url, init, signal: init.signal };
    sent.push(s);
    return serve(s);
  };
  return { fetch: fetch as never, init: { marker: `setup ${setups.length}` }, close: async () => void setup.closed++ };
};
nodeFetchPlatform.openWebSocket = async (_route, _target, timeouts) => {
  sockets.push(timeouts);
  throw new Error("no WebSocket here");
};
after(() => {
  nodeFetchPlatform.fetchSetup = realSetup;
  nodeFetchPlatform.openWebSocket = realOpen;
});

const configuration = (extra: Partial<ClientConfiguration> = {}): ClientConfiguration => ({ server: "https://kube.test:6443", namespace: "default", tls: {}, ...extra });

/** The fetch backend with its transport in reach. */
class Probe extends FetchClient {
  constructor(extra: Partial<ClientConfiguration> = {}, options: ClientOptions = {}) {
    super(configuration(extra), options);
  }
  exchange(request: Partial<PreparedRequest> = {}): Promise<RawResponse> {
    return this.transport({ method: "GET", url: "https://kube.test:6443/api", headers: [["accept", "application/json"]], timeout: {}, streaming: false, signal: undefined, call: new CallInFlight(), ...request });
  }
  socket(options: Partial<WebSocketOpenOptions> = {}) {
    return this.openWebSocket({ url: "wss://kube.test:6443/exec", protocols: [], headers: {}, tls: { rejectUnauthorized: true }, maxMessageSize: null, ...options });
  }
}

/** What the stand-in reports when a call's signal aborts: not the signal's reason, so a test sees which error kubex picked. */
const standInAbort = () => new Error("the fetch stand-in saw an abort");

/** A reply whose body the test feeds chunk by chunk; an abort of the call's signal errors it, as fetch does. */
function feed(s: Sent, status = 200, followsSignal = true) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = 0;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    cancel: () => void cancelled++,
  });
  if (followsSignal) s.signal.addEventListener("abort", () => controller.error(standInAbort()), { once: true });
  const encoder = new TextEncoder();
  return {
    response: new Response(stream, { status, headers: { "content-type": "application/json" } }),
    push: (text: string | Uint8Array) => controller.enqueue(typeof text === "string" ? encoder.encode(text) : text),
    end: () => controller.close(),
    fail: (error: Error) => controller.error(error),
    cancelled: () => cancelled,
  };
}

/** A fetch that never answers, and rejects with the stand-in's own error once its signal aborts. */
const never = (s: Sent) => new Promise<Response>((_, reject) => s.signal.addEventListener("abort", () => reject(standInAbort()), { once: true }));

const settled = () => new Promise((r) => setImmediate(r));

/** Runs `body` on a mocked clock (setTimeout and Date), which drives the shared read-deadline timer. */
async function onClock(body: (tick: (ms: number) => Promise<void>) => Promise<void>): Promise<void> {
  mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
  try {
    await body(async (ms) => {
      mock.timers.tick(ms);
      await settled();
    });
  } finally {
    mock.timers.tick(1e10);
    mock.timers.reset();
  }
  assert.equal(armedDeadlines(), 0);
}

const state = (p: Promise<unknown>) => {
  const s: { value?: unknown; error?: unknown; done: boolean } = { done: false };
  p.then((value) => Object.assign(s, { value, done: true }), (error: unknown) => Object.assign(s, { error, done: true }));
  return s;
};

test("fetch is handed the URL, method, header pairs, the body only when there is one, manual redirects, the setup's init and a signal of its own", async () => {
  serve = async () => new Response("{}");
  sent.length = 0;
  await using client = new Probe();
  const caller = new AbortController();
  const headers: [string, string][] = [["accept", "application/json"], ["x-two", "1"], ["x-two", "2"]];
  await (await client.exchange({ method: "POST", url: "https://kube.test:6443/api/v1/pods", headers, body: "{\"a\":1}", signal: caller.signal })).text!();
  await (await client.exchange({ method: "DELETE" })).text!();
  const [post, del] = sent;
  assert.equal(post!.url, "https://kube.test:6443/api/v1/pods");
  assert.equal(post!.init.method, "POST");
  assert.equal(post!.init.headers, headers);
  assert.equal(post!.init.body, "{\"a\":1}");
  assert.equal(post!.init.redirect, "manual");
  assert.equal(post!.init.marker, "setup 1");
  assert.notEqual(post!.signal, caller.signal);
  assert.equal(post!.signal.aborted, false);
  assert.equal(del!.init.method, "DELETE");
  assert.equal("body" in del!.init, false);
  assert.notEqual(del!.signal, post!.signal);
});

test("one setup per client certificate, made once and reused; its route carries the TLS material and the proxy", async () => {
  setups.length = 0;
  serve = async () => new Response("{}");
  {
    await using client = new Probe({ tls: { ca: "CA" } });
    await client.exchange();
    await client.exchange();
    assert.equal(setups.length, 1);
    assert.deepEqual(setups[0]!.route, { tls: { ca: "CA", rejectUnauthorized: true } });
    const certificate = { cert: "CERT", key: "KEY" };
    await client.exchange({ clientCertificate: certificate });
    await Promise.all([client.exchange({ clientCertificate: certificate }), client.exchange({ clientCertificate: { cert: "CERT", key: "KEY" } })]);
    assert.equal(setups.length, 2);
    assert.deepEqual(setups[1]!.route, { tls: { ca: "CA", cert: "CERT", key: "KEY", rejectUnauthorized: true } });
    await client.exchange({ clientCertificate: { cert: "OTHER", key: "KEY" } });
    assert.equal(setups.length, 3);
    await client.exchange();
    assert.equal(setups.length, 3);
  }
  assert.deepEqual(setups.map((s) => s.closed), [1, 1, 1], "close() releases every setup once");
  setups.length = 0;
  await using proxied = new Probe({ proxyUrl: "http://proxy.test:3128" });
  await proxied.exchange();
  assert.deepEqual(setups[0]!.route, { tls: { rejectUnauthorized: true }, proxyUrl: "http://proxy.test:3128" });
});

test("close() waits for setups still being made, and a setup that failed or whose close fails does not fail it", async () => {
  const realFetchSetup = nodeFetchPlatform.fetchSetup;
  let finish!: () => void;
  let closed = 0;
  let calls = 0;
  nodeFetchPlatform.fetchSetup = () => {
    calls++;
    if (calls === 1) return Promise.reject(new Error("no setup"));
    if (calls === 2) return Promise.resolve({ fetch: (() => Promise.resolve(new Response("{}"))) as never, init: {}, close: () => Promise.reject(new Error("close failed")) });
    return new Promise((resolve) => (finish = () => resolve({ fetch: ((_url: string, init: { signal: AbortSignal }) => never({ url: "", init, signal: init.signal })) as never, init: {}, close: async () => void closed++ })));
  };
  try {
    const client = new Probe();
    await assert.rejects(client.exchange(), /no setup/);
    await client.exchange({ clientCertificate: { cert: "A", key: "K" } });
    const caller = new AbortController();
    const hanging = client.exchange({ clientCertificate: { cert: "B", key: "K" }, signal: caller.signal }).catch(() => undefined);
    await settled();
    const closing = state(client.close());
    await settled();
    assert.equal(closing.done, false, "close() waits for the setup still being made");
    finish();
    for (let i = 0; i < 50 && !closing.done; i++) await settled();
    assert.equal(closing.error, undefined);
    assert.equal(closing.done, true);
    assert.equal(closed, 1);
    caller.abort();
    await hanging;
  } finally {
    nodeFetchPlatform.fetchSetup = realFetchSetup;
  }
});

test("a setup that failed answers later calls with the same certificate (its failure is the route's, not the moment's); another certificate gets its own", async () => {
  const realFetchSetup = nodeFetchPlatform.fetchSetup;
  let calls = 0;
  nodeFetchPlatform.fetchSetup = async () => {
    if (++calls === 1) throw new Error("no setup yet");
    return { fetch: (async () => new Response("{}")) as never, init: {} };
  };
  try {
    await using client = new Probe();
    await assert.rejects(client.exchange(), /no setup yet/);
    await assert.rejects(client.exchange(), /no setup yet/);
    const reply = await client.exchange({ clientCertificate: { cert: "C", key: "K" } });
    assert.equal(reply.status, 200);
    assert.equal(calls, 2);
  } finally {
    nodeFetchPlatform.fetchSetup = realFetchSetup;
  }
});

test("the connect timeout a setup and a WebSocket get: timeout null or connect null lift the runtime's own; anything else keeps it", async () => {
  const cases: [ClientOptions["timeout"], ConnectionTimeouts][] = [
    [null, { connectMs: null }],
    [{ connect: null }, { connectMs: null }],
    [{ connect: 5 }, {}],
    [{ total: null, read: null }, {}],
    [30, {}],
    [undefined, {}],
  ];
  for (const [timeout, want] of cases) {
    setups.length = 0;
    sockets.length = 0;
    await using client = new Probe({}, timeout === undefined ? {} : { timeout });
    await client.exchange();
    await assert.rejects(client.socket(), /no WebSocket here/);
    assert.deepEqual(setups[0]!.timeouts, want, `timeout ${JSON.stringify(timeout)}`);
    assert.deepEqual(sockets[0], want, `timeout ${JSON.stringify(timeout)} (WebSocket)`);
  }
});

test("repeated impersonation headers are refused (fetch would join them into one value); one group or one value each is fine", () => {
  const why = "the fetch backend cannot send a header more than once (fetch joins repeated headers into one value); use the undici backend";
  assert.throws(
    () => new Probe({ impersonate: { user: "u", groups: ["a", "b"] } }),
    (e: Error) => e instanceof KubexConfigurationError && e.message === `configuration.impersonate.groups: more than one group is not supported: ${why}`,
  );
  assert.throws(
    () => new Probe({ impersonate: { user: "u", extra: { ok: ["1"], scopes: ["a", "b"] } } }),
    (e: Error) => e instanceof KubexConfigurationError && e.message === `configuration.impersonate.extra.scopes: more than one value is not supported: ${why}`,
  );
  for (const impersonate of [{ user: "u" }, { user: "u", groups: ["a"] }, { user: "u", groups: [], extra: { scopes: ["a"], none: [] } }]) {
    new Probe({ impersonate });
  }
  new Probe();
  assert.equal(new Probe().runtime, "node");
});

test("an option the fetch backend cannot honour is named in a warning that says the fetch backend ignores it", async () => {
  const seen: string[] = [];
  const listener = (warning: Error) => void seen.push(warning.message);
  process.on("warning", listener);
  try {
    new Probe({}, { timeout: { connect: 5 } });
    await settled();
  } finally {
    process.off("warning", listener);
  }
  assert.ok(seen.some((m) => m.startsWith("ClientOptions.timeout.connect is ignored by the fetch backend: ")), seen.join("\n"));
});

/** Sends one call whose fetch never answers, on the mocked clock, and says when it failed and how. */
async function silentHeaders(timeout: Timeout, streaming: boolean, wait: number): Promise<unknown> {
  serve = never;
  let error: unknown;
  await onClock(async (tick) => {
    const client = new Probe();
    const caller = new AbortController();
    const call = state(client.exchange({ timeout, streaming, signal: caller.signal }));
    // The setup is made first; the deadline is armed once fetch is called.
    await settled();
    await tick(wait - 1);
    assert.equal(call.done, false, `still waiting after ${wait - 1} ms`);
    await tick(1);
    if (!call.done) {
      assert.equal(armedDeadlines(), 0, "no read timeout, no deadline");
      // No read timeout: end it from outside.
      caller.abort(new Error("caller gave up"));
      await settled();
    }
    error = call.error;
  });
  return error;
}

test("no headers within the read timeout: a ReadTimeoutError naming the headers, after 300 s for a request by default, `read` seconds when set", async () => {
  const byDefault = await silentHeaders({}, false, 300_000);
  assert.ok(byDefault instanceof ReadTimeoutError, String(byDefault));
  assert.equal(byDefault.message, "no response headers for 300000 ms");
  const set = await silentHeaders({ read: 2 }, false, 2_000);
  assert.ok(set instanceof ReadTimeoutError);
  assert.equal(set.message, "no response headers for 2000 ms");
  const stream = await silentHeaders({ read: 1.5 }, true, 1_500);
  assert.ok(stream instanceof ReadTimeoutError);
  assert.equal(stream.message, "no response headers for 1500 ms");
});

test("no read timeout for `read: null`, nor for a stream by default: only the caller ends the wait", async () => {
  for (const [timeout, streaming] of [[{ read: null }, false], [{ read: null }, true], [{}, true]] as const) {
    const error = await silentHeaders(timeout, streaming, 1e9);
    assert.ok(error instanceof Error && !(error instanceof ReadTimeoutError), String(error));
    assert.equal(error.message, "the fetch stand-in saw an abort");
  }
});

test("the body's silence is counted from when it is read, between chunks: a chunked read and a whole read fail saying no data", async () => {
  for (const how of ["chunks", "text", "bytes"] as const) {
    await onClock(async (tick) => {
      let body!: ReturnType<typeof feed>;
      serve = async (s) => (body = feed(s)).response;
      const client = new Probe();
      const raw = await client.exchange({ timeout: { read: 1 } });
      // Headers are in: nothing is counted until the body is read.
      await tick(5_000);
      assert.equal(sent.at(-1)!.signal.aborted, false, `${how}: no deadline between the headers and the read`);
      const reading =
        how === "chunks"
          ? state((async () => {
              const got: string[] = [];
              for await (const chunk of raw.body) got.push(new TextDecoder().decode(chunk));
              return got;
            })())
          : state(how === "text" ? raw.text!() : raw.bytes!());
      await tick(999);
      body.push("{\"a\":");
      await settled();
      await tick(999);
      assert.equal(reading.done, false, `${how}: a chunk 999 ms in starts the silence over`);
      await tick(1);
      assert.equal(reading.done, true);
      assert.ok(reading.error instanceof ReadTimeoutError, `${how}: ${String(reading.error)}`);
      assert.equal(reading.error.message, "no data for 1000 ms");
    });
  }
});

test("bodies: chunks in order, a whole read joined and decoded as UTF-8 across chunks, one chunk handed on as it is, no body as empty", async () => {
  const euro = new TextEncoder().encode("€");
  const pieces = [new TextEncoder().encode("{\"price\":\""), euro.subarray(0, 1), euro.subarray(1), new TextEncoder().encode("\"}")];
  const replying = (chunks: Uint8Array[]) => async (s: Sent) => {
    const body = feed(s);
    for (const c of chunks) body.push(c);
    body.end();
    return body.response;
  };
  await using client = new Probe();
  serve = replying(pieces);
  assert.equal(await (await client.exchange()).text!(), "{\"price\":\"€\"}");
  serve = replying(pieces);
  assert.deepEqual(await (await client.exchange()).bytes!(), new Uint8Array(Buffer.from("{\"price\":\"€\"}")));
  serve = replying(pieces);
  const chunks: Uint8Array[] = [];
  for await (const c of (await client.exchange()).body) chunks.push(c);
  assert.deepEqual(chunks, pieces);
  const one = new TextEncoder().encode("{}");
  serve = replying([one]);
  assert.equal(await (await client.exchange()).bytes!(), one, "a body of one chunk is not copied");
  for (const status of [204, 200]) {
    serve = async () => new Response(null, { status });
    const empty = await client.exchange();
    assert.equal(empty.status, status);
    assert.equal(await empty.text!(), "");
    assert.deepEqual(await empty.bytes!(), new Uint8Array(0));
    const seen: Uint8Array[] = [];
    for await (const c of empty.body) seen.push(c);
    assert.deepEqual(seen, []);
    await empty.cancel();
  }
  serve = async () => new Response("{}", { status: 418, headers: { "x-Thing": "yes" } });
  const teapot = await client.exchange();
  assert.equal(teapot.status, 418);
  assert.equal(teapot.headers.get("X-Thing"), "yes");
  assert.equal(armedDeadlines(), 0);
});

test("a consumer that stops early releases the body; a body that breaks rejects with its own error; neither leaves a deadline armed", async () => {
  await using client = new Probe();
  let body!: ReturnType<typeof feed>;
  serve = async (s) => {
    body = feed(s);
    body.push("one");
    body.push("two");
    return body.response;
  };
  const raw = await client.exchange({ timeout: { read: 60 } });
  for await (const chunk of raw.body) {
    assert.equal(new TextDecoder().decode(chunk), "one");
    break;
  }
  assert.equal(body.cancelled(), 1);
  assert.equal(armedDeadlines(), 0);
  for (const how of ["chunks", "text", "bytes"] as const) {
    serve = async (s) => {
      body = feed(s);
      body.push("part");
      return body.response;
    };
    const broken = await client.exchange({ timeout: { read: 60 } });
    const reading = how === "chunks" ? (async () => { for await (const _ of broken.body); })() : how === "text" ? broken.text!() : broken.bytes!();
    await settled();
    body.fail(new Error("connection reset"));
    await assert.rejects(reading, /^Error: connection reset$/);
    assert.equal(armedDeadlines(), 0, how);
  }
});

test("the caller's signal: aborted before the call, fetch's own signal starts aborted with its reason; aborted during it, fetch's signal follows; after the body is read, it no longer reaches the call", async () => {
  await using client = new Probe();
  serve = async (s) => (s.signal.aborted ? Promise.reject(s.signal.reason) : new Response("{}"));
  const early = new AbortController();
  const why = new Error("early");
  early.abort(why);
  await assert.rejects(client.exchange({ signal: early.signal }), (e) => e === why);
  assert.equal(sent.at(-1)!.signal.reason, why);
  for (const timeout of [{}, { read: null }, { read: 60 }]) {
    const caller = new AbortController();
    serve = never;
    const pending = client.exchange({ signal: caller.signal, timeout });
    await settled();
    const reason = new Error("caller");
    caller.abort(reason);
    await assert.rejects(pending, /the fetch stand-in saw an abort/);
    assert.equal(sent.at(-1)!.signal.reason, reason);
    assert.equal(armedDeadlines(), 0);
  }
  const later = new AbortController();
  serve = async () => new Response("{}");
  await (await client.exchange({ signal: later.signal })).text!();
  const signal = sent.at(-1)!.signal;
  later.abort(new Error("too late"));
  assert.equal(signal.aborted, false, "a finished call lets go of the caller's signal");
});

test("a fetch that fails on its own is reported as it is, with no deadline left armed", async () => {
  await using client = new Probe();
  const failure = new TypeError("fetch failed");
  serve = async () => Promise.reject(failure);
  await assert.rejects(client.exchange({ timeout: { read: 60 } }), (e) => e === failure);
  assert.equal(armedDeadlines(), 0);
});

test("cancel() aborts the call's signal and cancels the body, even while a read is pending", async () => {
  await using client = new Probe();
  let body!: ReturnType<typeof feed>;
  for (const timeout of [{}, { read: null }, { read: 60 }]) {
    serve = async (s) => (body = feed(s)).response;
    const raw = await client.exchange({ timeout });
    const reading = raw.text!();
    await settled();
    await raw.cancel();
    assert.equal(sent.at(-1)!.signal.aborted, true);
    await assert.rejects(reading);
    assert.equal(armedDeadlines(), 0);
    // Not read at all, on a runtime whose body does not follow the signal: cancel() cancels the stream itself.
    serve = async (s) => (body = feed(s, 200, false)).response;
    const unread = await client.exchange({ timeout });
    await unread.cancel();
    assert.equal(body.cancelled(), 1);
    assert.equal(sent.at(-1)!.signal.aborted, true);
    assert.equal(armedDeadlines(), 0);
  }
});
