// The ws-package adapter against a plain in-process WebSocket server: the frame cap, text frames,
// refusals, handshake bounds, close codes, abort; and the handshake bound a call's timeout gives.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { KubexClientError, KubexProtocolError, KubexTimeoutError, Forbidden } from "../../../runtime/errors.js";
import { openNodeWebSocket } from "../../../runtime/client/websocket/node-adapter.js";
import { defaultHandshakeTimeoutMs, handshakeTimeoutMs, startHandshakeTimer, type WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";

type Behaviour = (ws: WebSocket, request: import("node:http").IncomingMessage) => void;
const behaviours = new Map<string, Behaviour>();
const closes = new Map<string, { code: number; reason: string }>();
const http = createServer();
const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0]! });
http.on("upgrade", (req, socket, head) => {
  const name = new URL(req.url!, "http://x").pathname.slice(1);
  if (name === "forbidden") {
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\n\r\n{"kind":"Status","code":403,"reason":"Forbidden","message":"no exec for you"}');
    return;
  }
  if (name === "hang") return;
  if (name === "drop") return void socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on("close", (code, reason) => closes.set(name, { code, reason: reason.toString() }));
    behaviours.get(name)?.(ws, req);
  });
});
await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
const base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
after(() => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  http.closeAllConnections();
  http.close();
});

const options = (name: string, extra: Partial<WebSocketOpenOptions> = {}): WebSocketOpenOptions => ({
  url: `${base}/${name}`,
  protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
  headers: { "x-test": "yes" },
  tls: { rejectUnauthorized: true },
  maxMessageSize: 1024,
  ...extra,
});
const until = <T>(promise: Promise<T>, ms = 3_000) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out waiting")), ms).unref())]);

test("handshake bound: connect, else total, in ms; null is none; nothing is the default", () => {
  assert.equal(defaultHandshakeTimeoutMs, 30_000);
  assert.equal(handshakeTimeoutMs(undefined), 30_000);
  assert.equal(handshakeTimeoutMs({}), 30_000);
  assert.equal(handshakeTimeoutMs({ connect: 2, total: 5 }), 2_000);
  assert.equal(handshakeTimeoutMs({ total: 5 }), 5_000);
  assert.equal(handshakeTimeoutMs({ connect: null, total: 5 }), null);
  assert.equal(handshakeTimeoutMs({ total: null }), null);
});

test("the handshake timer reports a KubexTimeoutError naming the path and the bound; cancel stops it", async () => {
  const fired = await new Promise<Error>((resolve) => startHandshakeTimer("/p", 10, resolve));
  assert.ok(fired instanceof KubexTimeoutError);
  assert.equal(fired.message, "WebSocket /p: no handshake within 10 ms");
  let late = false;
  startHandshakeTimer("/p", 5, () => (late = true))();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(late, false);
  const none = startHandshakeTimer("/p", null, () => assert.fail("no bound, no timer"));
  none();
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

test("a refused upgrade is the typed API error of its Status, and leaves no handshake timer behind", async () => {
  // First among the network tests: no close timer of an earlier connection is running yet.
  const before = timers();
  await assert.rejects(openNodeWebSocket(options("forbidden")), (e: Error) => e instanceof Forbidden && /no exec for you/.test(e.message));
  // A timer left running would keep a script that got this refusal alive for the 30 s bound.
  assert.equal(timers(), before);
});

test("opens with the protocols in order and the headers; sends binary frames; receives them", async () => {
  behaviours.set("echo", (ws, req) => {
    ws.send(Buffer.from(String(req.headers["x-test"])));
    ws.on("message", (data: Buffer) => ws.send(data));
  });
  const connection = await openNodeWebSocket(options("echo"));
  assert.equal(connection.protocol, "v5.channel.k8s.io");
  const frames = connection.receive()[Symbol.asyncIterator]();
  assert.equal(Buffer.from((await frames.next()).value).toString(), "yes");
  await connection.send(Uint8Array.of(1, 2, 3));
  assert.deepEqual([...(await frames.next()).value], [1, 2, 3]);
  await connection.close();
  assert.deepEqual(closes.get("echo"), { code: 1000, reason: "" });
  assert.equal((await frames.next()).done, true, "a clean close ends the frames");
  await assert.rejects(connection.send(Uint8Array.of(1)), (e: Error) => e instanceof KubexClientError && e.message === "WebSocket /echo: cannot send, the connection is closed");
  await connection.close();
});

test("close passes its code and reason", async () => {
  behaviours.set("coded", () => undefined);
  const connection = await openNodeWebSocket(options("coded"));
  await connection.close(1002, "protocol error");
  assert.deepEqual(closes.get("coded"), { code: 1002, reason: "protocol error" });
});

test("a frame over maxMessageSize fails the frames with an error naming the limit and the option", async () => {
  behaviours.set("big", (ws) => ws.send(Buffer.alloc(1025)));
  const connection = await openNodeWebSocket(options("big"));
  await assert.rejects(
    until(connection.receive()[Symbol.asyncIterator]().next()),
    (e: Error) =>
      e instanceof KubexClientError &&
      e.code === "KUBEX_WS_MESSAGE_TOO_LARGE" &&
      e.message === "WebSocket: a message of more than the limit exceeds the limit of 1024 bytes (ClientOptions.wsMaxMessageSize; null removes the cap)",
  );
  await connection.close();
});

test("a frame of exactly maxMessageSize is taken; null means no cap", async () => {
  behaviours.set("edge", (ws) => ws.send(Buffer.alloc(1024)));
  const edge = await openNodeWebSocket(options("edge"));
  assert.equal((await until(edge.receive()[Symbol.asyncIterator]().next())).value.length, 1024);
  await edge.close();
  behaviours.set("huge", (ws) => ws.send(Buffer.alloc(200_000)));
  const open = await openNodeWebSocket(options("huge", { maxMessageSize: null }));
  assert.equal((await until(open.receive()[Symbol.asyncIterator]().next())).value.length, 200_000);
  await open.close();
});

test("a text frame is a protocol error, and the adapter closes with 1003", async () => {
  behaviours.set("text", (ws) => ws.send("hello"));
  const connection = await openNodeWebSocket(options("text"));
  await assert.rejects(until(connection.receive()[Symbol.asyncIterator]().next()), (e: Error) => e instanceof KubexProtocolError && /received a text frame/.test(e.message));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(closes.get("text"), { code: 1003, reason: "text frames are not part of the protocol" });
  await connection.close();
});

test("an abnormal close by the server fails the frames with its code", async () => {
  behaviours.set("abnormal", (ws) => ws.close(1011, "kubelet gone"));
  const connection = await openNodeWebSocket(options("abnormal"));
  await assert.rejects(until(connection.receive()[Symbol.asyncIterator]().next()), (e: Error) => (e as KubexClientError).code === "KUBEX_WS_ABNORMAL_CLOSE" && e.message === "WebSocket /abnormal: closed abnormally (code 1011: kubelet gone)");
});

test("a handshake that is never answered ends at its bound", async () => {
  await assert.rejects(openNodeWebSocket(options("hang", { handshakeTimeoutMs: 50 })), (e: Error) => e instanceof KubexTimeoutError && e.message === "WebSocket /hang: no handshake within 50 ms");
});

test("a connection dropped during the handshake is a KubexClientError naming the path", async () => {
  await assert.rejects(openNodeWebSocket(options("drop")), (e: Error) => e instanceof KubexClientError && e.message.startsWith("WebSocket /drop: "));
});

test("aborting the signal terminates the socket: the frames fail as a lost connection", async () => {
  behaviours.set("idle", () => undefined);
  const controller = new AbortController();
  const connection = await openNodeWebSocket(options("idle", { signal: controller.signal }));
  const next = connection.receive()[Symbol.asyncIterator]().next();
  controller.abort();
  await assert.rejects(until(next), (e: Error) => (e as KubexClientError).code === "KUBEX_WS_ABNORMAL_CLOSE" && /code 1006/.test(e.message));
});
