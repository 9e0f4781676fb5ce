// No planted secret (token, password, private key, proxy password) shows in a printed client, backend, or error, cause chains included.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { createClient, KubexApiError, type Backend, type ClientConfiguration, type ClientOptions } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";
import { startProxy } from "../support/proxy.js";
import { testCerts } from "../support/certs.js";
import { printed } from "../support/printed.js";

const token = "tok-PLANTED-bearer";
const password = "pw-PLANTED-basic";
const proxyPassword = "proxypw-PLANTED";
const certs = testCerts();
const keyLine = certs.clientKey.split("\n")[3]!;
const secrets = [
  token, password, proxyPassword, keyLine,
  Buffer.from(`admin:${password}`).toString("base64"),
  Buffer.from(`puser:${proxyPassword}`).toString("base64"),
];

function assertClean(what: string, value: unknown): void {
  const text = printed(value);
  for (const secret of secrets) assert.ok(!text.includes(secret), `${what} shows a planted secret (${secret.slice(0, 12)}…)`);
}

const server = await startServer((req, res) => {
  const path = new URL(req.url!, "https://x").pathname;
  if (path === "/not-json") return res.writeHead(200).end("{ nope");
  if (path === "/truncated") {
    res.writeHead(200, { "content-length": "100" });
    res.write("{");
    return setTimeout(() => res.socket?.destroy(), 20);
  }
  if (path === "/stall") return setTimeout(() => json(res, 200, {}), 2_000);
  if (path === "/text-500") return res.writeHead(500).end(`upstream ${"x".repeat(50)}`);
  json(res, path === "/ok" ? 200 : 404, path === "/ok" ? {} : { kind: "Status", code: 404, reason: "NotFound", message: "nope" });
}, { requestCert: true });
const refusingProxy = await startProxy({ requireAuthorization: "Basic nobody" });
const silentSockets: Socket[] = [];
const silent = createNetServer((s) => void silentSockets.push(s));
await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
after(async () => {
  await server.close();
  await refusingProxy.close();
  for (const s of silentSockets) s.destroy();
  silent.close();
});

const withToken = (): ClientConfiguration => server.configuration({ token, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
const withBasic = (): ClientConfiguration => server.configuration({ username: "admin", password, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
const proxied = (): ClientOptions => ({ proxy: refusingProxy.url(`puser:${proxyPassword}`) });

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: the client, its configuration and options print redacted, before and after a request`, async () => {
    for (const configuration of [withToken(), withBasic()]) {
      await using c = await createClient({ configuration, backend, options: { proxy: `http://puser:${proxyPassword}@127.0.0.1:9` } });
      assertClean("client", c);
      assertClean("the client's own fields, spread into a plain object", { ...c });
      assertClean("client.configuration", c.configuration);
      assertClean("client.options", c.options);
      await using direct = await createClient({ configuration, backend });
      const response = await direct.request({ method: "GET", path: "/ok" });
      assertClean("a response", response);
      await response.text();
      assertClean("a response after reading", response);
      assertClean("client after a request", direct);
      assertClean("the client's own fields after a request", { ...direct });
      assertClean("a list of clients", [c, direct]);
    }
  });

  test(`${backend}: every error on the request path prints without a secret`, async () => {
    const errors: unknown[] = [];
    const capture = async (run: () => Promise<unknown>) => {
      try {
        await run();
        assert.fail("expected a failure");
      } catch (error) {
        errors.push(error);
      }
    };
    await using c = await createClient({ configuration: withToken(), backend, options: { retry: false } });
    await capture(() => c.request({ method: "GET", path: "/missing" }));
    await capture(async () => (await c.request({ method: "GET", path: "/not-json" })).json());
    await capture(async () => (await c.request({ method: "GET", path: "/truncated" })).text());
    await capture(() => c.request({ method: "GET", path: "/text-500" }));
    await capture(() => c.request({ method: "GET", path: "/stall", timeout: 0.2 }));
    await capture(() => c.request({ method: "GET", path: "/stall", timeout: { read: 0.2 } }));
    await capture(() => c.request({ method: "GET", path: "/ok", signal: AbortSignal.abort() }));
    await capture(() => c.request({ method: "GET", path: "/ok", headers: { "x-bad": `${token}\r\n` } }));
    await using refused = await createClient({ configuration: { ...withToken(), server: "https://127.0.0.1:1" }, backend, options: { retry: false } });
    await capture(() => refused.request({ method: "GET", path: "/ok" }));
    await using hung = await createClient({ configuration: { ...withToken(), server: `https://127.0.0.1:${(silent.address() as AddressInfo).port}` }, backend, options: { timeout: 0.3 } });
    await capture(() => hung.request({ method: "GET", path: "/ok" }));
    await using viaProxy = await createClient({ configuration: withToken(), backend, options: proxied() });
    await capture(() => viaProxy.request({ method: "GET", path: "/ok" }));
    await using basic = await createClient({ configuration: withBasic(), backend, options: proxied() });
    await capture(() => basic.request({ method: "GET", path: "/ok" }));
    const closed = await createClient({ configuration: withToken(), backend });
    await closed.close();
    await capture(() => closed.request({ method: "GET", path: "/ok" }));
    await capture(() => createClient({ configuration: withToken(), backend, options: { proxy: `ftp://puser:${proxyPassword}@p:1` } }));
    await capture(() => createClient({ configuration: { ...withToken(), server: `not a url ${token}` }, backend }));
    await capture(() => createClient({ configuration: { ...withToken(), token: `${token}\n` }, backend }));
    await capture(() => createClient({ configuration: { ...withToken(), proxyUrl: `http://puser:${proxyPassword}@[bad` }, backend }));
    assert.ok(errors.length >= 16);
    for (const [i, error] of errors.entries()) assertClean(`error ${i} (${(error as Error).message})`, error);
    assert.ok(errors.some((e) => e instanceof KubexApiError));
  });
}
