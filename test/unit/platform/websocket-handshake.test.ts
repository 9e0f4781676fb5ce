// The WebSocket opening handshake against servers that never answer, refuse, or drop it; both backends.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { Duplex } from "node:stream";
import type { AddressInfo } from "node:net";
import { createClient, Forbidden, KubexClientError, KubexTimeoutError, UndiciClient, type Backend } from "../../../runtime/index.js";
import { defaultHandshakeTimeoutMs, handshakeTimeoutMs, type WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";
import type { WebSocketConnection } from "../../../runtime/client/websocket/connection.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const sockets = new Set<Duplex>();
const https = createServer({ cert: certs.serverCert, key: certs.serverKey });
https.on("upgrade", (req, socket: Duplex) => {
  sockets.add(socket);
  switch (new URL(req.url!, "https://x").pathname) {
    case "/silent":
      return; // never answers
    case "/forbidden":
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\n\r\n{"kind":"Status","code":403,"reason":"Forbidden","message":"exec is forbidden"}');
      return;
    case "/drop":
      socket.destroy();
      return;
  }
});
await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
after(() => {
  for (const s of sockets) s.destroy();
  https.close();
});
const configuration = { server: `https://127.0.0.1:${(https.address() as AddressInfo).port}`, namespace: "default", tls: { ca: certs.ca } };
const open = (client: { connectWebSocket: UndiciClient["connectWebSocket"] }, path: string, timeout?: number) =>
  client.connectWebSocket({ path, protocols: ["v5.channel.k8s.io"], ...(timeout !== undefined ? { timeout } : {}) });

test("the handshake bound: 30 s by default, the call's connect or total timeout, none for null", () => {
  assert.equal(defaultHandshakeTimeoutMs, 30_000);
  assert.equal(handshakeTimeoutMs(undefined), 30_000);
  assert.equal(handshakeTimeoutMs({}), 30_000);
  assert.equal(handshakeTimeoutMs({ read: 5 }), 30_000);
  assert.equal(handshakeTimeoutMs({ total: 5 }), 5_000);
  assert.equal(handshakeTimeoutMs({ total: 5, connect: 2 }), 2_000);
  assert.equal(handshakeTimeoutMs({ total: null, connect: null, read: null }), null);
});

test("a WebSocket opened with no timeout anywhere gets the default handshake bound", async () => {
  let seen: WebSocketOpenOptions | undefined;
  class Capture extends UndiciClient {
    protected override openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection> {
      seen = options;
      return Promise.reject(new Error("captured"));
    }
  }
  await using client = new Capture(configuration);
  await assert.rejects(open(client, "/x"), /captured/);
  assert.equal(seen?.handshakeTimeoutMs, 30_000);
  await using unbounded = new Capture(configuration, { timeout: null });
  await assert.rejects(open(unbounded, "/x"), /captured/);
  assert.equal(seen?.handshakeTimeoutMs, null);
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: an upgrade that is never answered ends with KubexTimeoutError at the call's timeout`, async () => {
    await using client = await createClient({ configuration, backend });
    const started = Date.now();
    await assert.rejects(open(client, "/silent", 0.3), (e: Error) => e instanceof KubexTimeoutError && /WebSocket \/silent: no handshake within 300 ms/.test(e.message));
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
  });

  test(`${backend}: a refused upgrade is the typed API error of its status`, async () => {
    await using client = await createClient({ configuration, backend });
    await assert.rejects(open(client, "/forbidden"), (e: Error) => e instanceof Forbidden && e.status === 403);
  });

  test(`${backend}: a connection dropped during the handshake is a KubexClientError that says so`, async () => {
    await using client = await createClient({ configuration, backend });
    await assert.rejects(open(client, "/drop"), (e: Error) => e instanceof KubexClientError && /^WebSocket \/drop: \S.{8,}/.test(e.message));
  });
}
