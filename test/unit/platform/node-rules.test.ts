// What the Node platform hands undici: connect options and timeouts, which dispatcher a route gets
// and its settings, the prompt abort, the bounded close, and the refused upgrade it records for
// the fetch backend's WebSocket. Dispatchers are read through undici's own symbols, by description.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { getEventListeners } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Agent, Pool, ProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";
import { WebSocketServer } from "ws";
import { abortPromptly, closeDispatcher, nodeFetchPlatform, undiciBackendSupport, undiciConnect, undiciDispatcher } from "../../../runtime/client/platform/node.js";
import { honouredEverywhere } from "../../../runtime/client/platform/support.js";
import type { Route } from "../../../runtime/client/platform/tls.js";

/** An undici object's internal field, found by its symbol's description. */
function internal(object: object, description: string): unknown {
  const key = Object.getOwnPropertySymbols(object).find((s) => s.description === description);
  assert.ok(key, `undici keeps no "${description}"`);
  return (object as Record<symbol, unknown>)[key];
}

const tls = { ca: "CA", servername: "kubernetes", rejectUnauthorized: false };

test("undiciConnect: the TLS material, and the connect timeout in ms when given (null is 0, none in undici)", () => {
  assert.deepEqual(undiciConnect(tls, {}), tls);
  assert.deepEqual(undiciConnect(tls, { connectMs: 250 }), { ...tls, timeout: 250 });
  assert.deepEqual(undiciConnect(tls, { connectMs: null }), { ...tls, timeout: 0 });
  assert.deepEqual(undiciConnect({ rejectUnauthorized: true }, { connectMs: 0 }), { rejectUnauthorized: true, timeout: 0 });
});

test("undiciDispatcher: an Agent without an origin, with the connect options and the pool settings", async () => {
  const agent = undiciDispatcher({ tls }, { connectMs: 5 }, { bodyTimeout: 0, headersTimeout: 7 });
  assert.ok(agent instanceof Agent);
  const options = internal(agent, "options") as Record<string, unknown>;
  assert.deepEqual(options.connect, { ...tls, timeout: 5 });
  assert.equal(options.bodyTimeout, 0);
  assert.equal(options.headersTimeout, 7);
  await agent.close();
});

test("undiciDispatcher: a Pool for an origin, with its connection limit", async () => {
  const pool = undiciDispatcher({ tls }, {}, { connections: 3 }, "https://10.0.0.1:6443");
  assert.ok(pool instanceof Pool);
  assert.equal(String(internal(pool, "url")), "https://10.0.0.1:6443/");
  assert.equal(internal(pool, "connections"), 3);
  await pool.close();
  const unbounded = undiciDispatcher({ tls }, {}, undefined, "https://10.0.0.1:6443");
  assert.equal(internal(unbounded, "connections"), null);
  await unbounded.close();
});

test("undiciDispatcher: a ProxyAgent through a proxy; the request TLS, and the proxy connection's own timeout only when given", async () => {
  const route: Route = { tls, proxyUrl: "http://proxy.test:3128" };
  const timed = undiciDispatcher(route, { connectMs: 40 }, {}, "https://10.0.0.1:6443");
  assert.ok(timed instanceof ProxyAgent);
  assert.equal((internal(timed, "proxy agent options") as { uri: string }).uri, "http://proxy.test:3128/");
  assert.deepEqual(internal(timed, "request tls settings"), { ...tls, timeout: 40 });
  assert.deepEqual(internal(timed, "proxy tls settings"), { timeout: 40 });
  const none = undiciDispatcher(route, { connectMs: null });
  assert.deepEqual(internal(none, "proxy tls settings"), { timeout: 0 });
  const defaults = undiciDispatcher(route, {});
  assert.deepEqual(internal(defaults, "request tls settings"), tls);
  assert.equal(internal(defaults, "proxy tls settings"), undefined);
  await Promise.all([timed.close(), none.close(), defaults.close()]);
});

const reply = () => ({ body: { destroyed: 0, destroy() { this.destroyed++; } } });

test("abortPromptly: without a signal, the call itself", () => {
  const pending = Promise.resolve(reply());
  assert.equal(abortPromptly(pending, undefined), pending);
});

test("abortPromptly: a reply before the abort settles the call, and the listener is gone", async () => {
  const controller = new AbortController();
  const r = reply();
  assert.equal(await abortPromptly(Promise.resolve(r), controller.signal), r);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(getEventListeners(controller.signal, "abort").length, 0);
  controller.abort();
  assert.equal(r.body.destroyed, 0);
  await assert.rejects(abortPromptly(Promise.reject(new Error("refused")), new AbortController().signal), /refused/);
});

test("abortPromptly: an abort while waiting rejects at once with the reason; a late reply's body is destroyed", async () => {
  const controller = new AbortController();
  let answer!: (value: ReturnType<typeof reply>) => void;
  const late = new Promise<ReturnType<typeof reply>>((resolve) => (answer = resolve));
  const call = abortPromptly(late, controller.signal);
  const reason = new Error("stop");
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  const r = reply();
  answer(r);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(r.body.destroyed, 1);
});

test("abortPromptly: an already aborted signal rejects with its reason; a late failure is swallowed", async () => {
  const controller = new AbortController();
  controller.abort("gone");
  let fail!: (e: Error) => void;
  const call = abortPromptly(new Promise<ReturnType<typeof reply>>((_, reject) => (fail = reject)), controller.signal);
  await assert.rejects(call, (e) => e === "gone");
  fail(new Error("late"));
  await new Promise((resolve) => setImmediate(resolve));
});

function fakeDispatcher(close: Promise<void>) {
  const calls: string[] = [];
  const dispatcher = {
    close: () => (calls.push("close"), close),
    destroy: () => (calls.push("destroy"), Promise.reject(new Error("already destroyed"))),
  } as unknown as Dispatcher;
  return { dispatcher, calls };
}

test("closeDispatcher: a close within the grace is all; a slow or failed close is followed by destroy", async () => {
  const quick = fakeDispatcher(Promise.resolve());
  await closeDispatcher(quick.dispatcher, 1_000);
  assert.deepEqual(quick.calls, ["close"]);
  const failed = fakeDispatcher(Promise.reject(new Error("no")));
  await closeDispatcher(failed.dispatcher);
  assert.deepEqual(failed.calls, ["close", "destroy"]);
  const slow = fakeDispatcher(new Promise(() => undefined));
  const started = Date.now();
  await closeDispatcher(slow.dispatcher, 30);
  assert.deepEqual(slow.calls, ["close", "destroy"]);
  assert.ok(Date.now() - started < 900, "the grace given, not the default");
});

test("closeDispatcher: the default grace is 1 s, and no timer is left behind", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const slow = fakeDispatcher(new Promise(() => undefined));
  const done = closeDispatcher(slow.dispatcher);
  await Promise.resolve();
  t.mock.timers.tick(999);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(slow.calls, ["close"]);
  t.mock.timers.tick(1);
  await done;
  assert.deepEqual(slow.calls, ["close", "destroy"]);
  const quick = fakeDispatcher(Promise.resolve());
  const cleared = t.mock.method(globalThis, "clearTimeout");
  await closeDispatcher(quick.dispatcher);
  assert.equal(cleared.mock.callCount(), 1);
});

test("both Node backends honour every setting on both channels", () => {
  for (const platform of [undiciBackendSupport, nodeFetchPlatform]) {
    assert.deepEqual(platform.table, { HTTP: honouredEverywhere, WebSocket: honouredEverywhere });
    assert.deepEqual(platform.reasons, {});
  }
  assert.equal(undiciBackendSupport.name, "the undici backend");
  assert.equal(nodeFetchPlatform.name, "the fetch backend on Node");
});

// An in-process server: /refuse answers an upgrade with 403 and a body written in pieces, anything else upgrades.
const sockets = new Set<Socket>();
const server = createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => [...p][0]! });
const upgrades: IncomingMessage[] = [];
server.on("connection", (s: Socket) => sockets.add(s));
server.on("upgrade", async (req: IncomingMessage, socket: Socket, head: Buffer) => {
  upgrades.push(req);
  if (req.url === "/refuse") {
    socket.write("HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 4400\r\n\r\n");
    // undici stops reading a refused upgrade after its first piece of body; the rest is never seen.
    for (const piece of ["a".repeat(4000), "b".repeat(200), "c".repeat(200)]) {
      socket.write(piece);
      await new Promise((r) => setTimeout(r, 30));
    }
    socket.end();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => ws.send(Buffer.from("hi")));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => {
  for (const s of sockets) s.destroy();
  wss.close();
  server.close();
});

test("fetch backend on Node: undici's fetch with an Agent that bounds neither headers nor body; close() closes it", async () => {
  const setup = await nodeFetchPlatform.fetchSetup({ tls: { rejectUnauthorized: true } }, { connectMs: 20 });
  assert.equal(setup.fetch, undiciFetch as unknown);
  const dispatcher = setup.init.dispatcher as Agent;
  assert.ok(dispatcher instanceof Agent);
  const options = internal(dispatcher, "options") as Record<string, unknown>;
  assert.deepEqual([options.bodyTimeout, options.headersTimeout, options.connect], [0, 0, { rejectUnauthorized: true, timeout: 20 }]);
  assert.deepEqual(await (await setup.fetch(`${origin}/x`, { ...setup.init })).json(), { path: "/x" });
  await setup.close!();
  assert.equal(dispatcher.closed, true);
});

interface Listened {
  readonly events: string[];
  readonly done: Promise<void>;
}
function listen(socket: { addEventListener(type: string, listener: (event: { data?: unknown; code?: number }) => void): void }): Listened {
  const events: string[] = [];
  const done = new Promise<void>((resolve) => {
    socket.addEventListener("open", () => events.push("open"));
    socket.addEventListener("message", () => events.push("message"));
    socket.addEventListener("error", () => events.push("error"));
    socket.addEventListener("close", () => (events.push("close"), resolve()));
  });
  return { events, done };
}

test("fetch backend's WebSocket: the target's URL, protocols and headers; no refusal for an upgrade; release closes the dispatcher", async (t) => {
  const opened = await nodeFetchPlatform.openWebSocket({ tls: { rejectUnauthorized: true } }, { url: `${origin.replace("http", "ws")}/ok`, protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"], headers: { "x-test": "yes" } }, {});
  const { events, done } = listen(opened.socket);
  await new Promise<void>((resolve) => opened.socket.addEventListener("message", () => resolve()));
  const req = upgrades[upgrades.length - 1]!;
  assert.deepEqual([req.url, req.headers["x-test"], req.headers["sec-websocket-protocol"], opened.socket.protocol], ["/ok", "yes", "v5.channel.k8s.io, v4.channel.k8s.io", "v5.channel.k8s.io"]);
  assert.equal(opened.refusal(undefined), undefined);
  opened.socket.close();
  await done;
  assert.deepEqual(events, ["open", "message", "close"]);
  const closes = t.mock.method(Agent.prototype, "close");
  await opened.release!();
  assert.ok(closes.mock.callCount() > 0);
});

test("fetch backend's WebSocket: a refused upgrade is recorded with its status and the body read", async () => {
  const opened = await nodeFetchPlatform.openWebSocket({ tls: { rejectUnauthorized: true } }, { url: `${origin.replace("http", "ws")}/refuse`, protocols: ["v5.channel.k8s.io"], headers: {} }, {});
  const { done } = listen(opened.socket);
  await done;
  const refused = opened.refusal("non-101 status code");
  assert.equal(refused?.status, 403);
  assert.equal(refused?.body, "a".repeat(4000));
  await opened.release!();
});
