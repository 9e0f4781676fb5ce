// The undici backend with ClientOptions.http2 on, against an in-process server that speaks
// HTTP/2 and HTTP/1.1: which calls go over HTTP/2 (every call but one whose body undici's HTTP/2
// path would drop: a body on a method other than POST, PUT and PATCH), and close() ending the
// HTTP/2 sessions and the HTTP/1.1 pools' connections.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createSecureServer, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { UndiciClient } from "../../../runtime/client/undici-client.js";
import { testCerts } from "../support/certs.js";

const certs = testCerts();
const seen: string[] = [];
const sessions = new Set<ServerHttp2Session>();
const server = createSecureServer({ cert: certs.serverCert, key: certs.serverKey, allowHTTP1: true }, (req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    seen.push(`${req.method} ${req.httpVersion}${body ? ` ${body}` : ""}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
});
server.on("session", (s) => void sessions.add(s));
let open = 0;
server.on("secureConnection", (socket) => {
  open++;
  socket.on("close", () => open--);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const configuration = { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, namespace: "default", tls: { ca: certs.ca } };
after(() => {
  for (const s of sessions) s.destroy();
  server.close();
});

test("http2: POST, PUT and PATCH send their body over HTTP/2; a body on any other method goes over HTTP/1.1; calls without a body go over HTTP/2", async () => {
  seen.length = 0;
  await using c = new UndiciClient(configuration, { http2: true, retry: false });
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "GET"] as const) {
    await (await c.request({ method, path: "/x", body: `{"m":"${method}"}` })).text();
  }
  await (await c.request({ method: "DELETE", path: "/x" })).text();
  await (await c.request({ method: "GET", path: "/x" })).text();
  assert.deepEqual(seen, [
    'POST 2.0 {"m":"POST"}',
    'PUT 2.0 {"m":"PUT"}',
    'PATCH 2.0 {"m":"PATCH"}',
    'DELETE 1.1 {"m":"DELETE"}',
    'GET 1.1 {"m":"GET"}',
    "DELETE 2.0",
    "GET 2.0",
  ]);
});

test("without http2 every call goes over HTTP/1.1", async () => {
  seen.length = 0;
  await using c = new UndiciClient(configuration, { retry: false });
  await (await c.request({ method: "POST", path: "/x", body: "{}" })).text();
  await (await c.request({ method: "GET", path: "/x" })).text();
  assert.deepEqual(seen, ["POST 1.1 {}", "GET 1.1"]);
});

test("close() ends the client's connections, HTTP/2 sessions and HTTP/1.1 pools alike, without waiting for their idle timeout", async () => {
  for (const options of [{ http2: true }, {}]) {
    const c = new UndiciClient(configuration, { ...options, retry: false });
    await (await c.request({ method: "GET", path: "/x" })).text();
    await (await c.request({ method: "DELETE", path: "/x", body: "{}" })).text();
    assert.ok(open > 0, JSON.stringify(options));
    await c.close();
    // Within 2 s: an idle connection left to itself would close after undici's 4 s keep-alive.
    for (let i = 0; i < 100 && open > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(open, 0, `${JSON.stringify(options)}: connections still open after close()`);
  }
});
