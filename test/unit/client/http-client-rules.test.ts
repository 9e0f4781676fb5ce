// The request path both backends share (HttpClient), driven through a backend that answers from
// memory: what it hands the backend (URL, headers, timeouts, signals), the single 401 refresh,
// which replies are errors, how bodies are read and released, warnings, close(), and the options
// a WebSocket opener receives. No server: each case runs in milliseconds.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  KubexApiError, KubexArgumentError, KubexAuthenticationError, KubexClientError, KubexClosedError, KubexError, KubexTimeoutError, TooManyRequests,
  type ClientConfiguration, type ClientOptions, type CredentialProvider, type KubeRequest,
} from "../../../runtime/index.js";
import { HttpClient, MAX_ERROR_BODY_BYTES, type PreparedRequest } from "../../../runtime/client/http-client.js";
import { recordHeaders, type RawResponse } from "../../../runtime/client/response.js";
import type { WebSocketConnection } from "../../../runtime/client/websocket/connection.js";
import type { WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";

const configuration = (extra: Partial<ClientConfiguration> = {}): ClientConfiguration => ({ server: "https://kube.test:6443/", namespace: "default", tls: {}, ...extra });

interface Reply {
  status?: number;
  body?: string | Uint8Array | (() => AsyncIterable<Uint8Array>);
  headers?: Record<string, string | string[]>;
  complete?: boolean;
  text?: () => Promise<string>;
  bytes?: () => Promise<Uint8Array>;
}

/** A backend that records what it is handed and answers with `answer`'s replies. */
class Memory extends HttpClient {
  readonly sent: PreparedRequest[] = [];
  readonly opened: WebSocketOpenOptions[] = [];
  readonly cancelled: number[] = [];
  releases = 0;
  answer: (request: PreparedRequest, index: number) => Reply | Promise<Reply> = () => ({ body: "{}" });
  open: (options: WebSocketOpenOptions) => Promise<WebSocketConnection> = async () => ({}) as WebSocketConnection;

  constructor(config: Partial<ClientConfiguration> = {}, options: ClientOptions = {}) {
    super(configuration(config), options);
  }

  protected async transport(request: PreparedRequest): Promise<RawResponse> {
    const index = this.sent.push(request) - 1;
    const r = await this.answer(request, index);
    const body = r.body ?? "";
    const chunks = typeof body === "function" ? body : async function* () {
      const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
      if (bytes.length > 0) yield bytes;
    };
    return {
      status: r.status ?? 200,
      headers: recordHeaders(r.headers ?? {}),
      body: chunks(),
      ...(r.complete ? { complete: true as const } : {}),
      ...(r.text ? { text: r.text } : {}),
      ...(r.bytes ? { bytes: r.bytes } : {}),
      cancel: async () => void this.cancelled.push(index),
    };
  }

  protected openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection> {
    this.opened.push(options);
    return this.open(options);
  }

  protected async release(): Promise<void> {
    this.releases++;
  }
}

/** A provider handing out `tokens` in turn, recording each call's forceRefresh. */
function provider(...tokens: string[]): CredentialProvider & { refreshes: boolean[] } {
  const refreshes: boolean[] = [];
  let i = 0;
  return {
    refreshes,
    async getCredentials(o) {
      refreshes.push(o?.forceRefresh === true);
      return { token: tokens[Math.min(i++, tokens.length - 1)]! };
    },
  };
}

const get = (path = "/api/v1/pods", extra: Partial<KubeRequest> = {}): KubeRequest => ({ method: "GET", path, ...extra });
const bearer = (r: PreparedRequest) => r.headers.filter(([n]) => n === "authorization").map(([, v]) => v);
const status = (s: number) => (e: unknown) => e instanceof KubexApiError && e.status === s;

test("a 401 with a credential provider is refreshed once (forceRefresh) and sent again with the new token; its body is drained", async () => {
  const creds = provider("old", "new");
  await using c = new Memory({ credentialProvider: creds });
  let drained = false;
  c.answer = (_r, i) => (i === 0 ? { status: 401, body: () => (async function* () { drained = true; yield new TextEncoder().encode("{}"); })() } : { body: '{"ok":1}' });
  assert.deepEqual(await (await c.request(get())).json(), { ok: 1 });
  assert.deepEqual(creds.refreshes, [false, true]);
  assert.deepEqual(c.sent.map(bearer), [["Bearer old"], ["Bearer new"]]);
  assert.ok(drained);
  assert.deepEqual(c.cancelled, [], "a drained 401 is not cancelled");
});

test("a 401 whose body cannot be read is cancelled, and the retry still goes out", async () => {
  await using c = new Memory({ credentialProvider: provider("a", "b") });
  c.answer = (_r, i) => (i === 0 ? { status: 401, body: () => (async function* () { throw new Error("reset"); })() } : {});
  await c.request(get());
  assert.equal(c.sent.length, 2);
  assert.deepEqual(c.cancelled, [0]);
});

test("a 401 whose body is longer than the error bound is cancelled before the retry", async () => {
  await using c = new Memory({ credentialProvider: provider("a", "b") });
  c.answer = (_r, i) => (i === 0 ? { status: 401, body: new Uint8Array(MAX_ERROR_BODY_BYTES + 1) } : {});
  await c.request(get());
  assert.deepEqual(c.cancelled, [0]);
});

test("a second 401 is the caller's KubexApiError; without a provider a 401 is not retried at all", async () => {
  const creds = provider("a", "b", "c");
  await using refreshing = new Memory({ credentialProvider: creds });
  refreshing.answer = () => ({ status: 401, body: '{"kind":"Status","code":401}' });
  await assert.rejects(refreshing.request(get()), status(401));
  assert.equal(refreshing.sent.length, 2);
  assert.deepEqual(creds.refreshes, [false, true]);
  await using fixed = new Memory({ token: "t" });
  fixed.answer = () => ({ status: 401 });
  await assert.rejects(fixed.request(get()), status(401));
  assert.equal(fixed.sent.length, 1);
});

test("only a 401 refreshes: 400, 403, 404, 409 and 500 go out once, credentials not forced", async () => {
  for (const code of [400, 403, 404, 409, 500]) {
    const creds = provider("a", "b");
    await using c = new Memory({ credentialProvider: creds }, { retry: false });
    c.answer = () => ({ status: code });
    await assert.rejects(c.request(get()), status(code));
    assert.equal(c.sent.length, 1, String(code));
    assert.deepEqual(creds.refreshes, [false], String(code));
  }
});

test("a provider's failure is a KubexAuthenticationError naming the call, with the failure as cause; its own KubexError passes unchanged", async () => {
  const boom = new Error("no credentials today");
  await using c = new Memory({ credentialProvider: { getCredentials: async () => { throw boom; } } });
  await assert.rejects(c.request(get("/x")), (e: unknown) => e instanceof KubexAuthenticationError && e.message === "GET /x: the credential provider failed" && e.cause === boom);
  await assert.rejects(c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: unknown) => e instanceof KubexAuthenticationError && e.message === "/exec: the credential provider failed");
  const own = new KubexError("said no");
  await using d = new Memory({ credentialProvider: { getCredentials: async () => { throw own; } } });
  await assert.rejects(d.request(get()), (e: unknown) => e === own);
  assert.equal(c.sent.length + d.sent.length, 0);
});

test("statuses: 200 and 299 are answers; 199 and 300 are errors; an error reply's Retry-After is kept", async () => {
  await using c = new Memory({}, { retry: false });
  for (const code of [200, 299]) {
    c.answer = () => ({ status: code });
    assert.equal((await c.request(get())).status, code);
  }
  for (const code of [199, 300]) {
    c.answer = () => ({ status: code });
    await assert.rejects(c.request(get()), status(code));
  }
  c.answer = () => ({ status: 429, headers: { "retry-after": "7" }, body: '{"kind":"Status","code":429}' });
  await assert.rejects(c.request(get()), (e: unknown) => e instanceof TooManyRequests && e.retryAfterSeconds === 7);
});

test("an error reply whose body breaks is a KubexClientError naming the call; one longer than the bound is cut and cancelled", async () => {
  await using c = new Memory({}, { retry: false });
  c.answer = () => ({ status: 500, body: () => (async function* () { throw new Error("socket hang up"); })() });
  await assert.rejects(c.request(get("/broken")), (e: unknown) => e instanceof KubexClientError && !(e instanceof KubexApiError) && /GET \/broken/.test(e.message));
  c.answer = () => ({ status: 500, body: new Uint8Array(MAX_ERROR_BODY_BYTES + 10) });
  await assert.rejects(c.request(get()), (e: unknown) => e instanceof KubexApiError && e.status === 500);
  assert.deepEqual(c.cancelled, [1]);
  c.answer = () => ({ status: 500, body: new Uint8Array(10) });
  await assert.rejects(c.request(get()), status(500));
  assert.deepEqual(c.cancelled, [1], "a short error body is read, not cancelled");
});

test("what the backend is handed: method, URL with the query, body only when given, the streaming flag, a client certificate only when given", async () => {
  const certificate = { cert: "CERT", key: "KEY" };
  let withCertificate = false;
  await using c = new Memory({ credentialProvider: { getCredentials: async () => (withCertificate ? { clientCertificate: certificate } : {}) } });
  await c.request(get("/a", { query: [["x", "1 2"]] }));
  await c.request({ method: "POST", path: "/b", body: "{}" });
  withCertificate = true;
  await c.stream(get("/c"));
  const [a, b, s] = c.sent;
  assert.deepEqual([a!.method, a!.url, "body" in a!, a!.streaming, "clientCertificate" in a!], ["GET", "https://kube.test:6443/a?x=1%202", false, false, false]);
  assert.deepEqual([b!.method, b!.body, b!.streaming], ["POST", "{}", false]);
  assert.ok(b!.headers.some(([n]) => n === "content-type"), "a body brings its content type");
  assert.ok(!a!.headers.some(([n]) => n === "content-type"));
  assert.deepEqual([s!.streaming, s!.clientCertificate], [true, certificate]);
  assert.ok(a!.call && s!.call && a!.call !== s!.call, "each call its own handle");
});

test("timeouts: requests take the client's, streams the client's without its total, a call's own replaces them", async () => {
  await using timed = new Memory({}, { timeout: { total: 5, read: 2, connect: 1 } });
  await timed.request(get());
  await timed.stream(get());
  await timed.request(get("/own", { timeout: 3 }));
  await timed.request(get("/same-connect", { timeout: { read: 1, connect: 1 } }));
  await timed.request(get("/no-connect", { timeout: { read: 1, connect: null } }));
  assert.deepEqual(timed.sent.map((r) => r.timeout), [
    { total: 5, read: 2, connect: 1 }, { total: undefined, read: 2, connect: 1 }, { total: 3 }, { read: 1, connect: 1 }, { read: 1, connect: null },
  ]);
  await using plain = new Memory();
  await plain.request(get());
  await plain.stream(get());
  assert.deepEqual(plain.sent.map((r) => r.timeout), [{}, { total: undefined }]);
  await assert.rejects(plain.request(get("/x", { timeout: { connect: 1 } })), (e: unknown) => e instanceof KubexArgumentError && e.argument === "requestTimeout.connect");
  await assert.rejects(timed.request(get("/x", { timeout: { connect: 2 } })), (e: unknown) => e instanceof KubexArgumentError && e.argument === "requestTimeout.connect");
});

test("a total timeout aborts the backend's signal and is reported as a timeout", async () => {
  await using c = new Memory({}, { retry: false });
  c.answer = (r) => new Promise((_resolve, reject) => r.signal!.addEventListener("abort", () => reject(r.signal!.reason)));
  // AbortSignal.timeout does not keep the process alive, and this backend holds nothing open.
  const alive = setTimeout(() => undefined, 10_000);
  try {
    await assert.rejects(c.request(get("/slow", { timeout: 0.05 })), (e: unknown) => e instanceof KubexTimeoutError && /GET \/slow/.test(e.message));
  } finally {
    clearTimeout(alive);
  }
});

test("close() aborts what is in flight through the backend's signal, once; a call already answered is left alone", async () => {
  const c = new Memory();
  // A complete reply (all in memory) ends its call at once, before its body is read.
  c.answer = () => ({ complete: true, body: "{}" });
  await c.request(get("/done"));
  const [done] = c.sent;
  c.answer = (r) => new Promise((_resolve, reject) => r.signal!.addEventListener("abort", () => reject(r.signal!.reason)));
  const pending = c.request(get("/hang")).catch((e: unknown) => e);
  await new Promise((r) => setImmediate(r));
  await c.close();
  await c.close();
  assert.equal(c.releases, 1, "a second close() releases nothing");
  assert.ok((await pending) instanceof KubexClosedError);
  assert.equal(done!.signal!.aborted, false, "the answered call was no longer in flight");
  assert.ok(c.sent[1]!.signal!.aborted);
});

test("a body still being read is in flight until it is read to the end or cancelled, then close() leaves it alone", async () => {
  const c = new Memory();
  // Not complete: the body is read as it arrives.
  const streamed = await c.stream(get("/s"));
  await streamed.text();
  const cancelled = await c.stream(get("/t"));
  await cancelled.cancel();
  const iterated = await c.stream(get("/u"));
  for await (const _ of iterated.body());
  const open = await c.stream(get("/v"));
  await c.close();
  assert.deepEqual(c.sent.map((r) => r.signal!.aborted), [false, false, false, true]);
  assert.deepEqual(c.cancelled, [1]);
  await open.cancel();
});

test("a body that breaks while read is a KubexClientError naming the call, through text() and through body()", async () => {
  await using c = new Memory({}, { retry: false });
  c.answer = () => ({ text: async () => { throw new Error("cut"); } });
  await assert.rejects((await c.stream(get("/t"))).text(), (e: unknown) => e instanceof KubexClientError && /GET \/t/.test(e.message));
  c.answer = () => ({ body: () => (async function* () { yield new Uint8Array([1]); throw new Error("cut"); })() });
  const r = await c.stream(get("/b"));
  await assert.rejects(async () => { for await (const _ of r.body()); }, (e: unknown) => e instanceof KubexClientError && /GET \/b/.test(e.message));
  c.answer = () => ({ body: "plain" });
  assert.equal(await (await c.stream(get())).text(), "plain", "without a whole read the chunks are joined");
});

test("with retries on, a reply not yet complete is read whole in the attempt (the backend's own read first); streams and retry: false are not", async () => {
  await using c = new Memory();
  let wholeReads = 0;
  c.answer = () => ({ body: "chunks", bytes: async () => (wholeReads++, new TextEncoder().encode("whole")) });
  assert.equal(await (await c.request(get())).text(), "whole");
  assert.equal(wholeReads, 1);
  c.answer = () => ({ body: "chunks" });
  const chunks: Uint8Array[] = [];
  for await (const chunk of (await c.request(get())).body()) chunks.push(chunk);
  assert.deepEqual(chunks.map((b) => Buffer.from(b).toString()), ["chunks"]);
  c.answer = () => ({ body: "" });
  const none: Uint8Array[] = [];
  for await (const chunk of (await c.request(get())).body()) none.push(chunk);
  assert.deepEqual(none, [], "an empty body yields no chunk");
  c.answer = () => ({ body: "chunks", bytes: async () => (wholeReads++, new Uint8Array()) });
  await (await c.stream(get())).text();
  await (await c.request(get("/x", { retry: false }))).text();
  assert.equal(wholeReads, 1);
  c.answer = () => ({ body: "chunks", bytes: async () => { throw new Error("cut"); } });
  await assert.rejects(c.request(get("/cut", { method: "POST", body: "{}" })), (e: unknown) => e instanceof KubexClientError && /POST \/cut/.test(e.message));
  assert.ok(c.cancelled.includes(c.sent.length - 1), "the reply cut off is cancelled");
});

test("a complete reply is not read again whole", async () => {
  await using c = new Memory();
  let wholeReads = 0;
  c.answer = () => ({ complete: true, body: "kept", bytes: async () => (wholeReads++, new Uint8Array()) });
  assert.equal(await (await c.request(get())).text(), "kept");
  assert.equal(wholeReads, 0);
});

test("Warning headers: every value reaches the handler with method and path, error replies' too; none with logApiWarnings false", async () => {
  const seen: [string, string, string][] = [];
  await using c = new Memory({}, { retry: false, warningHandler: (text, { method, path }) => void seen.push([text, method, path]) });
  c.answer = () => ({ headers: { warning: ['299 - "one"', '299 - "two"'] } });
  await c.request(get("/w"));
  c.answer = () => ({ status: 500, headers: { warning: '299 - "failed"' } });
  await assert.rejects(c.request({ method: "DELETE", path: "/e" }));
  assert.deepEqual(seen, [["one", "GET", "/w"], ["two", "GET", "/w"], ["failed", "DELETE", "/e"]]);
  let called = false;
  await using quiet = new Memory({}, { logApiWarnings: false, warningHandler: () => void (called = true) });
  quiet.answer = () => ({ headers: { warning: '299 - "one"' } });
  await quiet.request(get());
  assert.equal(called, false);
});

test("a closed client's refusals name the call: method and path for a request, the path alone for a WebSocket", async () => {
  const c = new Memory();
  await c.close();
  await assert.rejects(c.request({ method: "PUT", path: "/p", body: "{}" }), (e: unknown) => e instanceof KubexClosedError && e.message === "PUT /p: the client is closed");
  await assert.rejects(c.stream(get("/s")), (e: unknown) => e instanceof KubexClosedError && e.message === "GET /s: the client is closed");
  await assert.rejects(c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: unknown) => e instanceof KubexClosedError && e.message === "/exec: the client is closed");
  assert.equal(c.sent.length + c.opened.length, 0);
});

test("a WebSocket opener is handed the ws URL, the headers without Accept, the token also as bearerToken, no proxy unless one applies, and the handshake bound", async () => {
  const creds = provider("tok");
  await using c = new Memory({ credentialProvider: creds, impersonate: { user: "u" } }, { timeout: { connect: 4 }, wsMaxMessageSize: 1024 });
  await c.connectWebSocket({ path: "/exec", query: [["command", "ls"]], protocols: ["v5.channel.k8s.io"] });
  await c.connectWebSocket({ path: "/attach", protocols: ["v5.channel.k8s.io"], timeout: { total: 2 } });
  const [o, own] = c.opened;
  assert.equal(o!.url, "wss://kube.test:6443/exec?command=ls");
  assert.deepEqual(o!.protocols, ["v5.channel.k8s.io"]);
  assert.deepEqual(o!.headers, { "user-agent": "kubex-ts", "impersonate-user": "u", authorization: "Bearer tok" });
  assert.equal(o!.bearerToken, "tok");
  assert.equal("proxyUrl" in o!, false);
  assert.equal(o!.maxMessageSize, 1024);
  assert.equal(o!.handshakeTimeoutMs, 4000, "the client's connect timeout bounds the handshake");
  assert.equal(own!.handshakeTimeoutMs, 2000, "the call's own timeout wins");
  assert.ok(o!.signal instanceof AbortSignal);
  assert.deepEqual(creds.refreshes, [false, false], "a WebSocket takes the provider's current credentials");
  await using plain = new Memory({}, { proxy: "http://proxy.test:3128" });
  await plain.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] });
  assert.equal("bearerToken" in plain.opened[0]!, false);
  assert.equal(plain.opened[0]!.headers.authorization, undefined);
  assert.equal(plain.opened[0]!.proxyUrl, "http://proxy.test:3128");
  assert.equal(plain.opened[0]!.url.startsWith("wss://"), true);
});

test("close() during a WebSocket handshake refuses it as closed; any other handshake failure passes unchanged", async () => {
  const c = new Memory();
  c.open = (o) => new Promise((_resolve, reject) => o.signal!.addEventListener("abort", () => reject(new Error("aborted"))));
  const pending = c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }).catch((e: unknown) => e);
  await new Promise((r) => setImmediate(r));
  await c.close();
  const failed = await pending;
  assert.ok(failed instanceof KubexClosedError && failed.message === "WebSocket /exec: the client was closed during the handshake", String(failed));
  await using d = new Memory();
  const refused = new Error("403 Forbidden");
  d.open = async () => { throw refused; };
  await assert.rejects(d.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: unknown) => e === refused);
});

test("an error reply's Status of a few MiB is kept whole on the error, not cut", async () => {
  await using c = new Memory({}, { retry: false });
  const message = "x".repeat(3 * 1024 * 1024);
  c.answer = () => ({ status: 500, body: JSON.stringify({ kind: "Status", code: 500, message }) });
  await assert.rejects(c.request(get()), (e: unknown) => e instanceof KubexApiError && e.body.message === message);
  assert.deepEqual(c.cancelled, []);
});

test("reportWarning goes to the warning handler; none once it is set to undefined", () => {
  const seen: string[] = [];
  const c = new Memory({}, { warningHandler: (text, { method, path }) => void seen.push(`${method} ${path}: ${text}`) });
  c.reportWarning("served no longer", { method: "GET", path: "/apis" });
  c.setWarningHandler(undefined);
  c.reportWarning("dropped", { method: "GET", path: "/apis" });
  assert.deepEqual(seen, ["GET /apis: served no longer"]);
});

test("a provider's token that cannot travel in a header is refused without being shown, and nothing is sent", async () => {
  await using c = new Memory({ credentialProvider: { getCredentials: async () => ({ token: "abc\r\nX-Evil: 1" }) } });
  await assert.rejects(c.request(get()), (e: unknown) => e instanceof KubexAuthenticationError && /^the credential provider returned a token that cannot be sent: it /.test(e.message) && !e.message.includes("abc"));
  assert.equal(c.sent.length, 0);
});

test("close() while the credential provider is still working ends the call at once as closed", async () => {
  const c = new Memory({ credentialProvider: { getCredentials: () => new Promise(() => undefined) } });
  const pending = c.request(get("/p")).catch((e: unknown) => e);
  await new Promise((r) => setImmediate(r));
  await c.close();
  assert.ok((await pending) instanceof KubexClosedError);
  assert.equal(c.sent.length, 0);
});

test("a WebSocket opener gets the caller's signal and the provider's client certificate; a failed handshake is no longer in flight", async () => {
  const certificate = { cert: "CERT", key: "KEY" };
  const c = new Memory({ credentialProvider: { getCredentials: async () => ({ clientCertificate: certificate }) } });
  const caller = new AbortController();
  await c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"], signal: caller.signal });
  const [o] = c.opened;
  assert.deepEqual([o!.tls.cert, o!.tls.key], ["CERT", "KEY"]);
  caller.abort(new Error("caller"));
  assert.equal(o!.signal!.aborted, true, "the caller's abort reaches the opener");
  c.open = async () => { throw new Error("refused"); };
  await assert.rejects(c.connectWebSocket({ path: "/attach", protocols: ["v5.channel.k8s.io"] }));
  await c.close();
  assert.equal(c.opened[1]!.signal!.aborted, false, "close() had nothing of the failed handshake left to abort");
});

test("a body read through the backend's whole read is no longer in flight once read", async () => {
  const c = new Memory();
  c.answer = () => ({ text: async () => "whole" });
  assert.equal(await (await c.stream(get("/w"))).text(), "whole");
  await c.close();
  assert.equal(c.sent[0]!.signal!.aborted, false);
});
