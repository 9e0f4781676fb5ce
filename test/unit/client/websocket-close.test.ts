// close() ends open WebSocket connections too: their frames reject with KubexClosedError and close() resolves promptly.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { createClient, KubexClosedError, type Backend } from "../../../runtime/index.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const https = createServer({ cert: certs.serverCert, key: certs.serverKey });
const wss = new WebSocketServer({ noServer: true, handleProtocols: () => "v5.channel.k8s.io" });
const sockets = new Set<Duplex>();
https.on("upgrade", (req, socket, head) => {
  sockets.add(socket);
  // One frame, then silence for as long as the connection stays open.
  wss.handleUpgrade(req, socket, head, (ws) => ws.send(new Uint8Array([1, 104, 105])));
});
await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
after(() => {
  for (const socket of sockets) socket.destroy();
  wss.close();
  https.close();
});
const configuration = { server: `https://127.0.0.1:${(https.address() as AddressInfo).port}`, namespace: "default", tls: { ca: certs.ca } };

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: close() ends an open WebSocket: its frames reject with KubexClosedError, sending after it too`, async () => {
    const client = await createClient({ configuration, backend });
    const connection = await client.connectWebSocket({ path: "/api/v1/namespaces/default/pods/p/exec", protocols: ["v5.channel.k8s.io"] });
    const frames = connection.receive()[Symbol.asyncIterator]();
    assert.deepEqual([...(await frames.next()).value!], [1, 104, 105]);
    const waiting = frames.next().catch((e: unknown) => e);
    const started = Date.now();
    await client.close();
    assert.ok(Date.now() - started < 1_000, `close() took ${Date.now() - started} ms`);
    assert.ok((await waiting) instanceof KubexClosedError, String(await waiting));
    await assert.rejects(connection.send(new Uint8Array([0, 1])), KubexClosedError);
  });
}
