// The WHATWG WebSocket adapter over a scripted socket and platform: what it asks the platform for,
// the frame cap on receipt, text frames, handshake failures (refusals, the runtime's words, closes),
// the handshake bound, abort, send and close. No network.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Forbidden, KubexClientError, KubexConfigurationError, KubexProtocolError, KubexTimeoutError } from "../../../runtime/errors.js";
import { honouredEverywhere, type PlatformSupport } from "../../../runtime/client/platform/support.js";
import type { FetchPlatform, OpenedWebSocket, RefusedUpgrade, WebSocketLike, WebSocketTarget } from "../../../runtime/client/platform/types.js";
import type { Route } from "../../../runtime/client/platform/tls.js";
import { bearerSubprotocol, openWebWebSocket } from "../../../runtime/client/websocket/web-adapter.js";
import type { WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";

type Listener = Parameters<WebSocketLike["addEventListener"]>[1];
type Event = Parameters<Listener>[0];

class FakeSocket implements WebSocketLike {
  binaryType = "blob";
  protocol = "";
  readyState = 0;
  readonly sent: Uint8Array[] = [];
  readonly closes: [number | undefined, string | undefined][] = [];
  readonly #listeners = new Map<string, Listener[]>();
  /** Whether close() answers with a close event, as a live peer would. */
  answersClose = true;
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closes.push([code, reason]);
    if (this.answersClose) queueMicrotask(() => this.emit("close", { code: code ?? 1005, reason: reason ?? "" }));
  }
  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: Event = {}): void {
    if (type === "open") this.readyState = 1;
    if (type === "close") this.readyState = 3;
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
  count(type: string): number {
    return this.#listeners.get(type)?.length ?? 0;
  }
}

interface Harness {
  readonly socket: FakeSocket;
  readonly platform: FetchPlatform;
  readonly asked: { route: Route; target: WebSocketTarget; timeouts: unknown }[];
  readonly refusals: (string | undefined)[];
  released: number;
}

function harness(options: { support?: PlatformSupport; refusal?: (said: string | undefined) => RefusedUpgrade | undefined; release?: (() => Promise<void>) | null } = {}): Harness {
  const socket = new FakeSocket();
  const h: Harness = {
    socket,
    asked: [],
    refusals: [],
    released: 0,
    platform: {
      ...(options.support ?? { name: "the test runtime", table: { HTTP: honouredEverywhere, WebSocket: honouredEverywhere }, reasons: {} }),
      fetchSetup: () => assert.fail("not for WebSockets"),
      async openWebSocket(route, target, timeouts): Promise<OpenedWebSocket> {
        h.asked.push({ route, target, timeouts });
        return {
          socket,
          ...(options.release === null ? {} : { release: options.release ?? (async () => void h.released++) }),
          refusal: (said) => (h.refusals.push(said), options.refusal?.(said)),
        };
      },
    },
  };
  return h;
}

const options = (extra: Partial<WebSocketOpenOptions> = {}): WebSocketOpenOptions => ({
  url: "wss://10.0.0.1:6443/api/v1/namespaces/n/pods/p/exec?command=sh",
  protocols: ["v5.channel.k8s.io"],
  headers: { authorization: "Bearer t" },
  tls: { rejectUnauthorized: true },
  maxMessageSize: 4,
  handshakeTimeoutMs: null,
  ...extra,
});
const path = "/api/v1/namespaces/n/pods/p/exec";
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Opens a connection over the harness's socket, emitting `open` once the adapter listens. */
async function opened(h: Harness, extra: Partial<WebSocketOpenOptions> = {}) {
  const pending = openWebWebSocket(options(extra), h.platform, {});
  await tick();
  h.socket.protocol = "v5.channel.k8s.io";
  h.socket.emit("open");
  return pending;
}

test("asks the platform for the route and the target as given: no proxy or token keys when there are none", async () => {
  const h = harness();
  const connection = await opened(h);
  assert.deepEqual(h.asked, [
    {
      route: { tls: { rejectUnauthorized: true } },
      target: { url: options().url, protocols: ["v5.channel.k8s.io"], headers: { authorization: "Bearer t" } },
      timeouts: {},
    },
  ]);
  assert.equal(h.socket.binaryType, "arraybuffer");
  assert.equal(connection.protocol, "v5.channel.k8s.io");
  const withBoth = harness();
  await opened(withBoth, { proxyUrl: "http://proxy:3128", bearerToken: "tok" });
  assert.equal(withBoth.asked[0]!.route.proxyUrl, "http://proxy:3128");
  assert.equal(withBoth.asked[0]!.target.bearerToken, "tok");
});

test("a setting the platform refuses for WebSockets is refused before any socket is made", async () => {
  const h = harness({ support: { name: "the test runtime", table: { HTTP: honouredEverywhere, WebSocket: { ...honouredEverywhere, proxy: "refused" } }, reasons: { proxy: "no" } } });
  await assert.rejects(openWebWebSocket(options({ proxyUrl: "http://proxy:3128" }), h.platform, {}), (e: Error) => e instanceof KubexConfigurationError && e.message === "the test runtime cannot honour proxy for WebSocket: no");
  assert.equal(h.asked.length, 0);
  const http = harness({ support: { name: "t", table: { HTTP: { ...honouredEverywhere, proxy: "refused" }, WebSocket: honouredEverywhere }, reasons: {} } });
  await opened(http, { proxyUrl: "http://proxy:3128" });
});

test("frames: an ArrayBuffer or a view is taken up to the cap; over it the frames fail with the size and the socket closes", async () => {
  const h = harness();
  const connection = await opened(h);
  const frames = connection.receive()[Symbol.asyncIterator]();
  h.socket.emit("message", { data: Uint8Array.of(1, 2, 3, 4).buffer });
  assert.deepEqual((await frames.next()).value, Uint8Array.of(1, 2, 3, 4));
  h.socket.emit("message", { data: Uint8Array.of(5).buffer });
  assert.deepEqual((await frames.next()).value, Uint8Array.of(5));
  h.socket.emit("message", { data: new ArrayBuffer(5) });
  await assert.rejects(frames.next(), (e: Error) => (e as KubexClientError).code === "KUBEX_WS_MESSAGE_TOO_LARGE" && e.message.startsWith("WebSocket: a message of 5 bytes exceeds the limit of 4 bytes"));
  assert.deepEqual(h.socket.closes, [[1000, "message too big"]]);
});

test("frames: no cap when maxMessageSize is null", async () => {
  const h = harness();
  const connection = await opened(h, { maxMessageSize: null });
  h.socket.emit("message", { data: new ArrayBuffer(100_000) });
  assert.equal((await connection.receive()[Symbol.asyncIterator]().next()).value.byteLength, 100_000);
  assert.deepEqual(h.socket.closes, []);
});

test("a text frame fails the frames with the protocol error and closes the socket", async () => {
  const h = harness();
  const connection = await opened(h);
  h.socket.emit("message", { data: "hello" });
  await assert.rejects(connection.receive()[Symbol.asyncIterator]().next(), KubexProtocolError);
  assert.deepEqual(h.socket.closes, [[1000, "text frames are not part of the protocol"]]);
});

test("a clean close ends the frames, an abnormal one fails them; the platform's resources are released either way", async () => {
  const h = harness();
  const connection = await opened(h);
  h.socket.emit("close", { code: 1000, reason: "" });
  assert.equal((await connection.receive()[Symbol.asyncIterator]().next()).done, true);
  await tick();
  assert.equal(h.released, 1);
  assert.deepEqual(h.refusals, [], "a close after the handshake is no handshake failure");

  const lost = harness({ release: () => Promise.reject(new Error("release failed")) });
  const second = await opened(lost);
  lost.socket.emit("close", { code: 1011, reason: "gone" });
  await assert.rejects(second.receive()[Symbol.asyncIterator]().next(), { message: `WebSocket ${path}: closed abnormally (code 1011: gone)` });
});

test("a platform with nothing to release (Bun, the standard API): the close ends the frames all the same", async () => {
  const h = harness({ release: null });
  const connection = await opened(h);
  h.socket.emit("close", { code: 1005 });
  assert.equal((await connection.receive()[Symbol.asyncIterator]().next()).done, true);
});

test("an error after the handshake does nothing by itself: the close that follows carries the code", async () => {
  const h = harness();
  const connection = await opened(h);
  h.socket.emit("error", { message: "reset" });
  h.socket.emit("message", { data: Uint8Array.of(1).buffer });
  assert.deepEqual((await connection.receive()[Symbol.asyncIterator]().next()).value, Uint8Array.of(1));
  assert.deepEqual(h.refusals, []);
});

test("an error during the handshake: the refusal's API error when the platform saw one", async () => {
  const h = harness({ refusal: (said) => (said === "Expected 101 status code: 403" ? { status: 403, body: '{"kind":"Status","reason":"Forbidden","message":"no exec"}' } : undefined) });
  const pending = openWebWebSocket(options(), h.platform, {});
  await tick();
  h.socket.emit("error", { message: "Expected 101 status code: 403" });
  await assert.rejects(pending, (e: Error) => e instanceof Forbidden && /no exec/.test(e.message));
});

test("an error during the handshake: else the runtime's words, from the event's message or its error", async () => {
  for (const [event, words] of [
    [{ message: "connection refused" }, "connection refused"],
    [{ message: "", error: new Error("bad certificate") }, "bad certificate"],
    [{ error: "not an Error" }, "the connection was closed during the handshake"],
    [{}, "the connection was closed during the handshake"],
  ] as const) {
    const h = harness();
    const pending = openWebWebSocket(options(), h.platform, {});
    await tick();
    h.socket.emit("error", event);
    await assert.rejects(pending, (e: Error) => e instanceof KubexClientError && e.message === `WebSocket ${path}: ${words}`, words);
  }
});

test("a close during the handshake: its reason, else its code, else none; a refusal wins", async () => {
  for (const [event, words] of [
    [{ code: 1006, reason: "handshake failed" }, "handshake failed"],
    [{ code: 1006, reason: "" }, "closed during the handshake (code 1006)"],
    [{}, "closed during the handshake (code none)"],
  ] as const) {
    const h = harness();
    const pending = openWebWebSocket(options(), h.platform, {});
    await tick();
    h.socket.emit("close", event);
    await assert.rejects(pending, (e: Error) => e instanceof KubexClientError && e.message === `WebSocket ${path}: ${words}`, words);
    assert.deepEqual(h.refusals, [words]);
  }
  const refused = harness({ refusal: () => ({ status: 401, body: "" }) });
  const pending = openWebWebSocket(options(), refused.platform, {});
  await tick();
  refused.socket.emit("close", { code: 1006, reason: "" });
  await assert.rejects(pending, (e: Error) => e.constructor.name === "Unauthorized");
});

test("the handshake bound: the timeout error, and the socket is closed; an open in time stops the timer", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const h = harness();
  const pending = openWebWebSocket(options({ handshakeTimeoutMs: 50 }), h.platform, {});
  await tick();
  t.mock.timers.tick(49);
  assert.deepEqual(h.socket.closes, []);
  t.mock.timers.tick(1);
  await assert.rejects(pending, (e: Error) => e instanceof KubexTimeoutError && e.message === `WebSocket ${path}: no handshake within 50 ms`);
  assert.deepEqual(h.socket.closes, [[undefined, undefined]]);

  for (const settle of ["open", "error", "close"] as const) {
    const timely = harness();
    timely.socket.answersClose = false;
    const opening = openWebWebSocket(options({ handshakeTimeoutMs: 50 }), timely.platform, {});
    await tick();
    timely.socket.emit(settle, { code: 1006 });
    await opening.catch(() => undefined);
    t.mock.timers.tick(100);
    assert.deepEqual(timely.socket.closes, [], `${settle}: no timer left`);
  }
});

test("aborting the signal closes the socket", async () => {
  const h = harness();
  const controller = new AbortController();
  await opened(h, { signal: controller.signal });
  controller.abort();
  assert.deepEqual(h.socket.closes, [[undefined, undefined]]);
});

test("send: a binary frame while open; a KubexClientError once closed", async () => {
  const h = harness();
  const connection = await opened(h);
  await connection.send(Uint8Array.of(7));
  assert.deepEqual(h.socket.sent, [Uint8Array.of(7)]);
  h.socket.readyState = 2;
  await assert.rejects(connection.send(Uint8Array.of(8)), (e: Error) => e instanceof KubexClientError && e.message === `WebSocket ${path}: cannot send, the connection is closed`);
  assert.equal(h.socket.sent.length, 1);
});

test("close: 1000 by default; codes the WHATWG API refuses become 1000; a closed socket is left alone", async () => {
  const h = harness();
  const connection = await opened(h);
  for (const [code, sent] of [
    [undefined, 1000],
    [1000, 1000],
    [1002, 1000],
    [2999, 1000],
    [3000, 3000],
    [4999, 4999],
    [5000, 1000],
  ] as const) {
    h.socket.readyState = 1;
    await connection.close(code, "bye");
    assert.deepEqual(h.socket.closes.pop(), [sent, "bye"], String(code));
  }
  assert.equal(h.socket.readyState, 3);
  await connection.close();
  assert.deepEqual(h.socket.closes, []);
  h.socket.readyState = 1;
  await connection[Symbol.asyncDispose]();
  assert.deepEqual(h.socket.closes, [[1000, undefined]]);
});

test("close: waits for the close event, at most 2 s", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const h = harness();
  const pending = openWebWebSocket(options(), h.platform, {});
  await tick();
  h.socket.emit("open");
  const connection = await pending;
  h.socket.readyState = 1;
  let answered = false;
  const quick = connection.close().then(() => (answered = true));
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(answered, true, "the close event settles it, no timer needed");
  await quick;
  h.socket.readyState = 1;
  h.socket.answersClose = false;
  let done = false;
  const closing = connection.close().then(() => (done = true));
  await tick();
  t.mock.timers.tick(1_999);
  await tick();
  assert.equal(done, false);
  t.mock.timers.tick(1);
  await closing;
  assert.equal(done, true);
});

test("the bearer subprotocol is re-exported for the fetch backend", () => {
  assert.equal(bearerSubprotocol("t"), "base64url.bearer.authorization.k8s.io.dA");
});
