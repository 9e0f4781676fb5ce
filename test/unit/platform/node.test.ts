// Node, both backends, HTTP and WebSocket: each TLS and proxy setting is honoured, proven against in-process servers.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:https";
import { createServer as createHttpServer } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { WebSocketServer } from "ws";
import { createClient, KubexClientError, type Backend, type ClientOptions, type TlsConfiguration } from "../../../runtime/index.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const sockets = new Set<Socket>();
const peer = (socket: unknown) => (socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? "none";
const https = createServer({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ peer: peer(req.socket) }));
});
https.on("connection", (s: Socket) => sockets.add(s));
https.on("secureConnection", (s: TLSSocket) => sockets.add(s));
const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => [...p][0]! });
https.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send(Buffer.from(JSON.stringify({ peer: peer(req.socket) })))));
await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
const server = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;

// An HTTP CONNECT proxy that counts its tunnels.
let tunnels = 0;
const proxy = createHttpServer();
proxy.on("connect", (req, client: Socket, head) => {
  tunnels++;
  const [host, port] = req.url!.split(":");
  const upstream = connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  sockets.add(client).add(upstream);
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
});
await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
after(() => {
  for (const s of sockets) s.destroy();
  wss.close();
  https.close();
  proxy.close();
});

interface Row {
  readonly setting: string;
  readonly tls: TlsConfiguration;
  readonly options?: ClientOptions;
  /** The client certificate's CN the server saw, or that the connection must fail. */
  readonly want: { peer: string } | "fails";
  readonly tunnels?: number;
}

const rows: Row[] = [
  { setting: "tls.ca: the configured CA is trusted", tls: { ca: certs.ca }, want: { peer: "none" } },
  { setting: "tls.ca: without it the server is not trusted", tls: {}, want: "fails" },
  { setting: "tls.clientCertificate: presented", tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }, want: { peer: "test-user" } },
  { setting: "tls.serverName: a name in the certificate is accepted", tls: { ca: certs.ca, serverName: "localhost" }, want: { peer: "none" } },
  { setting: "tls.serverName: a name not in the certificate is refused, so the setting is applied", tls: { ca: certs.ca, serverName: "wrong.test" }, want: "fails" },
  { setting: "tls.insecureSkipVerify: an untrusted server is accepted", tls: { insecureSkipVerify: true }, want: { peer: "none" } },
  { setting: "proxy: the connection goes through the CONNECT proxy", tls: { ca: certs.ca }, options: { proxy: proxyUrl }, want: { peer: "none" }, tunnels: 1 },
];

async function viaHttp(backend: Backend, row: Row): Promise<unknown> {
  await using client = await createClient({ configuration: { server, namespace: "default", tls: row.tls }, options: { ...row.options, warningHandler: () => {} }, backend });
  return (await client.request({ method: "GET", path: "/who" })).json();
}

async function viaWebSocket(backend: Backend, row: Row): Promise<unknown> {
  await using client = await createClient({ configuration: { server, namespace: "default", tls: row.tls }, options: { ...row.options, warningHandler: () => {} }, backend });
  await using ws = await client.connectWebSocket({ path: "/who", protocols: ["v5.channel.k8s.io"] });
  for await (const frame of ws.receive()) return JSON.parse(new TextDecoder().decode(frame));
  throw new Error("no frame");
}

for (const backend of ["undici", "fetch"] as Backend[]) {
  for (const [channel, open] of [["HTTP", viaHttp], ["WebSocket", viaWebSocket]] as const) {
    test(`Node/${backend} ${channel}: CA, client certificate, server name, insecure and proxy are honoured`, async () => {
      for (const row of rows) {
        const before = tunnels;
        if (row.want === "fails") await assert.rejects(open(backend, row), KubexClientError, row.setting);
        else assert.deepEqual(await open(backend, row), row.want, row.setting);
        assert.equal(tunnels - before, row.tunnels ?? 0, `${row.setting}: tunnels`);
      }
    });
  }
}

test("Node, both backends: a plain-http API server is reached through the proxy on HTTP and WebSocket alike", async () => {
  const plain = createHttpServer((req, res) => res.end("{}"));
  const plainWss = new WebSocketServer({ noServer: true, handleProtocols: (p) => [...p][0]! });
  plain.on("upgrade", (req, socket, head) => plainWss.handleUpgrade(req, socket, head, (ws) => ws.send(Buffer.from("{}"))));
  plain.on("connection", (s: Socket) => sockets.add(s));
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  try {
    for (const backend of ["undici", "fetch"] as Backend[]) {
      await using client = await createClient({ configuration: { server: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, namespace: "default", tls: {} }, options: { proxy: proxyUrl }, backend });
      const before = tunnels;
      await (await client.request({ method: "GET", path: "/api" })).json();
      const http = tunnels - before;
      await using ws = await client.connectWebSocket({ path: "/ws", protocols: ["v5.channel.k8s.io"] });
      assert.deepEqual({ backend, http, webSocket: tunnels - before - http }, { backend, http: 1, webSocket: 1 });
    }
  } finally {
    plainWss.close();
    plain.close();
  }
});
