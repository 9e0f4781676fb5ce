// The ws-package adapter's rules that the basic tests leave out: the CONNECT tunnel (its request,
// credentials, refusals, default ports, TLS over it with or without a server name), TLS material
// on a direct wss connection, no compression offered, a refusal body cut at 1 MiB, the abort
// listener removed on close, and the close that a silent server never answers.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { getEventListeners } from "node:events";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type AddressInfo, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { WebSocketServer, type WebSocket } from "ws";
import { KubexApiError, KubexClientError, Forbidden } from "../../../runtime/errors.js";
import { openNodeWebSocket } from "../../../runtime/client/websocket/node-adapter.js";
import type { WebSocketOpenOptions } from "../../../runtime/client/websocket/open.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const sockets = new Set<Socket>();
const track = (s: Socket) => {
  sockets.add(s);
  s.on("error", () => undefined);
};

/** What each upgrade saw: its request headers, the TLS server name, the client certificate's CN. */
interface Seen {
  headers: IncomingMessage["headers"];
  servername: string | false | null | undefined;
  peer: unknown;
}
const seen: Seen[] = [];
const silent = new Set<WebSocket>();
const floods: WebSocket[] = [];
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true, handleProtocols: (p) => [...p][0]! });
function onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
  const tlsSocket = socket as TLSSocket;
  const peer = typeof tlsSocket.getPeerCertificate === "function" ? (tlsSocket.getPeerCertificate()?.subject?.CN ?? "none") : "plain";
  seen.push({ headers: req.headers, servername: tlsSocket.servername, peer });
  const name = new URL(req.url!, "http://x").pathname.slice(1);
  if (name === "refuse-big") {
    // A refusal whose body never ends: the adapter stops reading past 1 MiB.
    socket.write("HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\n");
    socket.write("x".repeat(1024 * 1024 + 10));
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (name === "flood") {
      floods.push(ws);
      for (let i = 0; i < 256; i++) ws.send(Buffer.alloc(64 * 1024, i));
      return;
    }
    if (name === "silent") {
      // Never reads again: the client's close frame is not answered.
      silent.add(ws);
      socket.pause();
      return;
    }
    ws.send(Buffer.from("hi"));
  });
}
const plain = createHttpServer();
plain.on("connection", track);
plain.on("upgrade", onUpgrade);
const secure = createHttpsServer({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true, rejectUnauthorized: false });
secure.on("connection", track);
secure.on("secureConnection", track);
secure.on("upgrade", onUpgrade);

/** A CONNECT proxy: answers with `status` (200 tunnels), and records each CONNECT request. */
const connects: { url: string; headers: IncomingMessage["headers"] }[] = [];
let proxyStatus = 200;
const proxy = createHttpServer();
proxy.on("connection", track);
proxy.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
  track(client);
  connects.push({ url: req.url!, headers: req.headers });
  if (proxyStatus !== 200) return void client.end(`HTTP/1.1 ${proxyStatus} No\r\n\r\n`);
  const [host, port] = req.url!.split(":");
  const upstream = connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  track(upstream);
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
});
for (const server of [plain, secure, proxy]) await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
const proxyUrl = `http://127.0.0.1:${port(proxy)}`;
after(() => {
  for (const ws of silent) ws.terminate();
  for (const s of sockets) s.destroy();
  wss.close();
  for (const server of [plain, secure, proxy]) server.close();
});

const options = (url: string, extra: Partial<WebSocketOpenOptions> = {}): WebSocketOpenOptions => ({
  url,
  protocols: ["v5.channel.k8s.io"],
  headers: {},
  tls: { rejectUnauthorized: true },
  maxMessageSize: 1024,
  ...extra,
});
const firstFrame = async (o: WebSocketOpenOptions): Promise<string> => {
  await using connection = await openNodeWebSocket(o);
  for await (const frame of connection.receive()) return Buffer.from(frame).toString();
  throw new Error("no frame");
};
const last = <T>(list: T[]): T => list[list.length - 1]!;

test("ws: through a proxy is one CONNECT to host:port, with the host header and the proxy's credentials decoded", async () => {
  const before = connects.length;
  const target = `127.0.0.1:${port(plain)}`;
  assert.equal(await firstFrame(options(`ws://${target}/a`, { proxyUrl: `http://us%40er:p%3Ass@127.0.0.1:${port(proxy)}` })), "hi");
  assert.equal(connects.length, before + 1);
  const { url, headers } = last(connects);
  assert.equal(url, target);
  assert.equal(headers.host, target);
  assert.equal(headers["proxy-authorization"], `Basic ${Buffer.from("us@er:p:ss").toString("base64")}`);
});

test("a proxy without credentials gets no proxy-authorization header", async () => {
  assert.equal(await firstFrame(options(`ws://127.0.0.1:${port(plain)}/a`, { proxyUrl })), "hi");
  assert.equal(last(connects).headers["proxy-authorization"], undefined);
});

test("a proxy that refuses CONNECT: a KubexClientError with its status, the password redacted", async () => {
  proxyStatus = 407;
  try {
    await assert.rejects(
      openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`, { proxyUrl: `http://u:secret@127.0.0.1:${port(proxy)}` })),
      (e: Error) => e instanceof KubexClientError && e.message.includes(`proxy http://u:redacted@127.0.0.1:${port(proxy)}/ refused CONNECT with HTTP 407`) && !e.message.includes("secret"),
    );
  } finally {
    proxyStatus = 200;
  }
});

test("an unreachable proxy: a KubexClientError naming the proxy and the cause; no port means 80 for http:, 443 for https:", async () => {
  for (const [proxyAt, address] of [
    ["http://127.0.0.1", "127.0.0.1:80"],
    ["https://127.0.0.1", "127.0.0.1:443"],
  ] as const) {
    await assert.rejects(
      openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`, { proxyUrl: proxyAt, handshakeTimeoutMs: 5_000 })),
      (e: Error) => {
        assert.ok(e instanceof KubexClientError && e.message.includes(`proxy ${proxyAt}/: connect ECONNREFUSED ${address}`), e.message);
        // The adapter's error wraps the proxy's, which wraps the socket's.
        const proxyError = e.cause as Error;
        assert.ok(proxyError instanceof KubexClientError);
        assert.equal((proxyError.cause as NodeJS.ErrnoException).code, "ECONNREFUSED");
        return true;
      },
      proxyAt,
    );
  }
});

test("an https: proxy is reached over TLS: its certificate is checked", async () => {
  await assert.rejects(
    openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`, { proxyUrl: `https://127.0.0.1:${port(secure)}`, handshakeTimeoutMs: 5_000 })),
    (e: Error) => e instanceof KubexClientError && /proxy https:\/\/127\.0\.0\.1:\d+\/: .*certificate/.test(e.message),
  );
});

test("wss through a proxy: TLS over the tunnel with the CA and client certificate; no SNI for an IP address", async () => {
  const tls = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, rejectUnauthorized: true };
  assert.equal(await firstFrame(options(`wss://127.0.0.1:${port(secure)}/a`, { proxyUrl, tls })), "hi");
  assert.equal(last(connects).url, `127.0.0.1:${port(secure)}`);
  assert.deepEqual([last(seen).servername, last(seen).peer], [false, "test-user"]);
});

test("wss through a proxy: the host name is the server name, unless tls.servername says otherwise", async () => {
  assert.equal(await firstFrame(options(`wss://localhost:${port(secure)}/a`, { proxyUrl, tls: { ca: certs.ca, rejectUnauthorized: true } })), "hi");
  assert.deepEqual([last(connects).url, last(seen).servername, last(seen).peer], [`localhost:${port(secure)}`, "localhost", "none"]);
  assert.equal(await firstFrame(options(`wss://127.0.0.1:${port(secure)}/a`, { proxyUrl, tls: { ca: certs.ca, servername: "localhost", rejectUnauthorized: true } })), "hi");
  assert.equal(last(seen).servername, "localhost");
});

test("wss through a proxy: verification is on unless turned off", async () => {
  await assert.rejects(openNodeWebSocket(options(`wss://127.0.0.1:${port(secure)}/a`, { proxyUrl })), KubexClientError);
  assert.equal(await firstFrame(options(`wss://127.0.0.1:${port(secure)}/a`, { proxyUrl, tls: { rejectUnauthorized: false } })), "hi");
});

test("wss direct: the CA, the client certificate and the server name are used; verification is on unless turned off", async () => {
  await assert.rejects(openNodeWebSocket(options(`wss://127.0.0.1:${port(secure)}/a`)), (e: Error) => e instanceof KubexClientError && e.message.startsWith("WebSocket /a: "));
  assert.equal(await firstFrame(options(`wss://127.0.0.1:${port(secure)}/a`, { tls: { rejectUnauthorized: false } })), "hi");
  assert.equal(await firstFrame(options(`wss://127.0.0.1:${port(secure)}/a`, { tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, servername: "localhost", rejectUnauthorized: true } })), "hi");
  assert.deepEqual([last(seen).servername, last(seen).peer], ["localhost", "test-user"]);
});

test("no compression is offered, whatever the server supports", async () => {
  assert.equal(await firstFrame(options(`ws://127.0.0.1:${port(plain)}/a`)), "hi");
  assert.equal(last(seen).headers["sec-websocket-extensions"], undefined);
});

test("a refusal whose body does not end is cut at 1 MiB and settles without waiting for the end", async () => {
  await assert.rejects(openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/refuse-big`, { handshakeTimeoutMs: 10_000 })), (e: Error) => {
    assert.ok(e instanceof Forbidden);
    const body = (e as KubexApiError).body as { message?: string };
    assert.equal(body.message, "x".repeat(1024 * 1024));
    return true;
  });
});

test("the abort listener is removed when the connection closes", async () => {
  const controller = new AbortController();
  const connection = await openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`, { signal: controller.signal }));
  assert.equal(getEventListeners(controller.signal, "abort").length, 1);
  await connection.close();
  assert.equal(getEventListeners(controller.signal, "abort").length, 0);
});

test("close() on a closed connection returns at once; disposing closes it", async () => {
  const connection = await openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`));
  await connection.close();
  const started = Date.now();
  await connection.close();
  assert.ok(Date.now() - started < 1_500, "no wait for a close that already happened");
  const disposed = await openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/a`));
  await disposed[Symbol.asyncDispose]();
  await assert.rejects(disposed.send(Uint8Array.of(1)), /cannot send, the connection is closed/);
});

test("close() against a server that never answers the close frame ends the socket after 2 s", async () => {
  const connection = await openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/silent`));
  const started = Date.now();
  await connection.close();
  const took = Date.now() - started;
  assert.ok(took >= 1_900 && took < 10_000, `took ${took} ms`);
  await assert.rejects(connection.send(Uint8Array.of(1)), /cannot send, the connection is closed/);
});

test("flow control: with 64 frames unread the socket stops reading (the server's frames stay buffered), and reads again once they are taken", async () => {
  const connection = await openNodeWebSocket(options(`ws://127.0.0.1:${port(plain)}/flood`, { maxMessageSize: null }));
  const server = last(floods);
  // 16 MiB sent; without the pause the client would take it all into memory.
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(server.bufferedAmount > 0, "the server still holds frames: the client paused");
  let count = 0;
  for await (const frame of connection.receive()) {
    assert.equal(frame[0], count % 256);
    if (++count === 256) break;
  }
  assert.equal(count, 256);
  await connection.close();
});
