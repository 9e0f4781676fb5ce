// With ClientOptions.http2 on, plain calls go over h2 while exec, attach and port-forward open
// their WebSockets over HTTP/1.1 (an HTTP/2 connection cannot be upgraded): a TLS server that
// offers both by ALPN records the protocol of each connection and of each upgrade.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createSecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { WebSocketServer } from "ws";
import { Api, createClient } from "../../../runtime/index.js";
import { Pod } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const requests: { version: string; alpn: string }[] = [];
const upgrades: { path: string; version: string; alpn: string }[] = [];
/** The ALPN protocol each TLS connection settled on ("none": the client offered none, so HTTP/1.1). */
const connections: string[] = [];
const frame = (channel: number, text: string) => Buffer.concat([Buffer.of(channel), Buffer.from(text)]);

const server = createSecureServer({ cert: certs.serverCert, key: certs.serverKey, allowHTTP1: true }, (req, res) => {
  requests.push({ version: req.httpVersion, alpn: (req.socket as TLSSocket).alpnProtocol || "none" });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ kind: "Pod", apiVersion: "v1", metadata: { name: "p", namespace: "ns" } }));
});
const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has("v5.channel.k8s.io") ? "v5.channel.k8s.io" : [...protocols][0]!) });
server.on("upgrade", (req, socket, head) => {
  const url = new URL(req.url!, "https://x");
  upgrades.push({ path: url.pathname.split("/").pop()!, version: req.httpVersion, alpn: (socket as TLSSocket).alpnProtocol || "none" });
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (url.pathname.endsWith("/portforward")) {
      // Both channels of the port, then an echo of what the client writes.
      const port = Number(url.searchParams.get("ports"));
      ws.send(Buffer.of(0, port & 0xff, port >> 8));
      ws.send(Buffer.of(1, port & 0xff, port >> 8));
      ws.on("message", (data: Buffer) => data[0] === 0 && ws.send(data));
      return;
    }
    ws.send(frame(1, "hi"));
    ws.send(frame(3, JSON.stringify({ status: "Success" })));
    ws.close();
  });
});
server.on("secureConnection", (socket: TLSSocket) => connections.push(socket.alpnProtocol || "none"));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
after(() => new Promise<void>((resolve) => {
  wss.close();
  server.close(() => resolve());
}));

test("http2: with it on, calls go over h2 while exec, attach and port-forward WebSockets open HTTP/1.1 connections", async () => {
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = await createClient({ configuration: { server: url, namespace: "ns", tls: { ca: certs.ca }, token: "t0ken" }, options: { http2: true } });
  try {
    const pods = new Api(Pod, { client, namespace: "ns" });
    assert.equal((await pods.get("p")).metadata?.name, "p");
    assert.equal((await pods.get("p")).metadata?.name, "p");
    const ran = await pods.exec.run("p", { command: ["echo", "hi"] });
    assert.deepEqual([ran.stdout, ran.exitCode], ["hi", 0]);
    const attached = await pods.attach.stream("p");
    let out = "";
    for await (const chunk of attached.stdout) out += new TextDecoder().decode(chunk);
    assert.equal(out, "hi");
    const session = await pods.portforward.forward("p", { ports: [80] });
    const port = session.ports.get(80)!;
    await port.write(new TextEncoder().encode("ping"));
    const echoed = await port.data[Symbol.asyncIterator]().next();
    assert.equal(new TextDecoder().decode(echoed.value), "ping");
    await session.close();
    assert.deepEqual(requests.map((r) => `${r.version} ${r.alpn}`), ["2.0 h2", "2.0 h2"]);
    assert.deepEqual(upgrades.map((u) => `${u.path} HTTP/${u.version}`), ["exec HTTP/1.1", "attach HTTP/1.1", "portforward HTTP/1.1"]);
    assert.ok(upgrades.every((u) => u.alpn !== "h2"), JSON.stringify(upgrades));
    // One h2 connection for the calls, one HTTP/1.1 connection per WebSocket.
    assert.deepEqual(connections.filter((p) => p === "h2").length, 1, connections.join());
    assert.deepEqual(connections.filter((p) => p !== "h2").length, 3, connections.join());
  } finally {
    await client.close();
  }
});
