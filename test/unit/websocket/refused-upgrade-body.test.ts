// A refused WebSocket upgrade whose body never ends gives its typed error after a bounded read.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { Api, createClient, Forbidden, type Backend } from "../../../runtime/index.js";
import { Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const sockets = new Set<Socket>();
const server = createServer({ cert: certs.serverCert, key: certs.serverKey });
server.on("upgrade", (_req, socket: Socket) => {
  sockets.add(socket);
  socket.write("HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n");
  const timer = setInterval(() => socket.writable && socket.write("x".repeat(64 * 1024)), 1);
  socket.on("close", () => clearInterval(timer));
  socket.on("error", () => clearInterval(timer));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
after(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: a refused upgrade with an endless body is Forbidden, promptly`, async () => {
    await using client = await createClient({ configuration: { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, namespace: "ns", tls: { ca: certs.ca } }, backend, options: { timeout: null } });
    const started = Date.now();
    await assert.rejects(new Api(Pod, { client }).exec.run("p", { command: ["x"], signal: AbortSignal.timeout(10_000) }),
      (e: Error) => e instanceof Forbidden && e.message.length < 2_000);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
}
