// What every client promises on the request path, through createClient against an in-process
// server: the headers each request carries (Accept, User-Agent, Basic, impersonation), the URL
// and its query, which statuses are errors, the stream's default timeout, warnings and their
// handler, how a client prints, and the WebSocket handshake's URL, headers and refusals.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { createServer } from "node:https";
import type { Duplex } from "node:stream";
import type { IncomingMessage } from "node:http";
import {
  createClient, KubexApiError, KubexArgumentError, KubexClosedError, KubexConfigurationError, KubexTimeoutError, type Backend, type CredentialProvider,
} from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";

const server = await startServer((req, res) => {
  const url = new URL(req.url!, "https://x");
  switch (url.pathname) {
    case "/status": {
      const code = Number(url.searchParams.get("code"));
      res.writeHead(code, { "content-type": "application/json" });
      return res.end(code === 204 ? undefined : JSON.stringify({ kind: "Status", code, reason: "Whatever", message: `answered ${code}` }));
    }
    case "/empty":
      res.writeHead(200, { "content-type": "application/json" });
      return res.end();
    case "/quiet-watch":
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED","object":{}}\n');
      return setTimeout(() => res.end('{"type":"ADDED","object":{}}\n'), 800);
    case "/warnings":
      res.setHeader("warning", '299 - "mind the gap"');
      return json(res, 200, {});
  }
  json(res, 200, { kind: "Echo" });
});
/** WebSocket upgrades seen by the server; each is left unanswered until the test ends. */
const upgrades: IncomingMessage[] = [];
const held = new Set<Duplex>();
after(() => {
  for (const socket of held) socket.destroy();
  return server.close();
});
const last = () => server.requests.at(-1)!;
/** The values of header `name` as sent, in order, with the name's spelling on the wire. */
const sent = (req: IncomingMessage, name: string) => req.rawHeaders.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [[v, req.rawHeaders[i + 1]]] : []));

for (const backend of ["undici", "fetch"] as Backend[]) {
  const client = (extra: object = {}, options: object = {}) => createClient({ configuration: server.configuration(extra), options, backend });

  test(`${backend}: every request accepts JSON and names kubex as its user agent; no authorization without credentials`, async () => {
    await using c = await client();
    await c.request({ method: "GET", path: "/echo" });
    assert.deepEqual(sent(last(), "accept"), [["accept", "application/json"]]);
    assert.equal(last().headers["user-agent"], "kubex-ts");
    assert.equal(last().headers.authorization, undefined);
    assert.deepEqual(last().rawHeaders.filter((v, i) => i % 2 === 0 && v.toLowerCase().startsWith("impersonate-")), [], "no impersonation unless configured");
  });

  test(`${backend}: username and password are sent as Basic; a token or a credential provider wins over them`, async () => {
    const cases: [object, string][] = [
      [{ username: "jane", password: "pw" }, `Basic ${Buffer.from("jane:pw").toString("base64")}`],
      [{ username: "jane" }, `Basic ${Buffer.from("jane:").toString("base64")}`],
      [{ username: "jane", password: "pw", token: "tok" }, "Bearer tok"],
      [{ username: "jane", password: "pw", credentialProvider: { async getCredentials() { return { token: "given" }; } } satisfies CredentialProvider }, "Bearer given"],
      [{ username: "jane", password: "pw", credentialProvider: { async getCredentials() { return {}; } } satisfies CredentialProvider }, ""],
    ];
    for (const [extra, want] of cases) {
      await using c = await client(extra);
      await c.request({ method: "GET", path: "/echo" });
      assert.deepEqual(sent(last(), "authorization").map(([, v]) => v), want ? [want] : [], JSON.stringify(extra));
    }
  });

  test(`${backend}: the query is encoded pair by pair; an empty query adds no '?'; a server URL's trailing slashes are dropped`, async () => {
    await using c = await client({ server: `${server.url}//` });
    await c.request({ method: "GET", path: "/echo", query: [["labelSelector", "app=web,tier in (a b)"], ["a&b", "c/d"]] });
    assert.equal(last().url, "/echo?labelSelector=app%3Dweb%2Ctier%20in%20(a%20b)&a%26b=c%2Fd");
    await c.request({ method: "GET", path: "/echo", query: [] });
    assert.equal(last().url, "/echo");
  });

  test(`${backend}: an Impersonate-Extra key is percent-encoded, parentheses included, and lower-cased`, async () => {
    await using c = await client({ impersonate: { user: "jane", uid: "42", extra: { "Team(s)/Ops(1)": ["a"] } } });
    await c.request({ method: "GET", path: "/echo" });
    assert.deepEqual(sent(last(), "impersonate-extra-team%28s%29%2fops%281%29"), [["impersonate-extra-team%28s%29%2fops%281%29", "a"]]);
    assert.deepEqual(sent(last(), "impersonate-user"), [["impersonate-user", "jane"]]);
    assert.deepEqual(sent(last(), "impersonate-uid"), [["impersonate-uid", "42"]]);
  });

  test(`${backend}: 2xx replies are answers, every other status is a KubexApiError carrying it`, async () => {
    await using c = await client();
    for (const code of [200, 201, 204, 299]) {
      const response = await c.request({ method: "GET", path: "/status", query: [["code", String(code)]] });
      assert.equal(response.status, code);
      await response.text();
    }
    for (const code of [300, 302, 304, 400, 418, 503]) {
      await assert.rejects(c.request({ method: "GET", path: "/status", query: [["code", String(code)]], retry: false }), (e: KubexApiError) => e instanceof KubexApiError && e.status === code, String(code));
    }
  });

  test(`${backend}: an empty reply has no chunk and empty text, whether or not it was read inside a retrying attempt`, async () => {
    await using c = await client();
    for (const retry of [undefined, false] as const) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of (await c.request({ method: "GET", path: "/empty", ...(retry === false ? { retry } : {}) })).body()) chunks.push(chunk);
      assert.deepEqual(chunks.filter((chunk) => chunk.length > 0), []);
      if (retry === undefined) assert.deepEqual(chunks, [], "a body read whole yields no empty chunk");
      assert.equal(await (await c.request({ method: "GET", path: "/empty" })).text(), "");
    }
  });

  test(`${backend}: a stream gets no total timeout from the client's; a request does; a stream's own total applies`, async () => {
    await using c = await client({}, { timeout: { total: 0.3 } });
    const watch = await c.stream({ method: "GET", path: "/quiet-watch" });
    assert.match(await watch.text(), /ADDED[\s\S]*ADDED/, "the stream outlived the client's total timeout of 0.3 s");
    await assert.rejects(async () => (await c.request({ method: "GET", path: "/quiet-watch", retry: false })).text(), (e: Error) => e instanceof KubexTimeoutError && /total timeout of 0\.3s/.test(e.message));
    await assert.rejects(async () => (await c.stream({ method: "GET", path: "/quiet-watch", timeout: { total: 0.3 } })).text(), (e: Error) => e instanceof KubexTimeoutError && /total timeout of 0\.3s/.test(e.message));
  });

  test(`${backend}: warnings reach the handler with the call's method and path; setWarningHandler replaces or drops it, and checks what it gets`, async () => {
    const seen: unknown[][] = [];
    await using c = await client({}, { logApiWarnings: false });
    await c.request({ method: "GET", path: "/warnings" });
    c.setWarningHandler((...args: unknown[]) => void seen.push(args));
    await c.request({ method: "GET", path: "/warnings", query: [["x", "1"]] });
    assert.deepEqual(seen, [["mind the gap", { method: "GET", path: "/warnings" }]]);
    c.setWarningHandler(undefined);
    await c.request({ method: "GET", path: "/warnings" });
    assert.equal(seen.length, 1);
    assert.throws(() => c.setWarningHandler("log" as never), (e: unknown) => e instanceof KubexArgumentError && e.message === "handler: accepts a function or undefined");
  });

  test(`${backend}: by default a warning is a process warning of type KubernetesApiWarning`, async () => {
    const warnings: Error[] = [];
    const listener = (w: Error) => void warnings.push(w);
    process.on("warning", listener);
    try {
      await using c = await client();
      await c.request({ method: "GET", path: "/warnings" });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", listener);
    }
    assert.deepEqual(warnings.map((w) => [w.name, w.message]), [["KubernetesApiWarning", "mind the gap"]]);
  });

  test(`${backend}: a client prints as its class, server, namespace, proxy and whether it is closed`, async () => {
    const c = await client({ namespace: "team-a" });
    const name = backend === "undici" ? "UndiciClient" : "FetchClient";
    assert.deepEqual(JSON.parse(JSON.stringify(c)), { client: name, server: `${server.url}/`, namespace: "team-a", closed: false });
    assert.match(inspect(c), new RegExp(`client: '${name}'`));
    await c.close();
    assert.equal(JSON.parse(JSON.stringify(c)).closed, true);
    await c.close();
    await using proxied = await client({}, { proxy: "http://user:secret@127.0.0.1:9" });
    assert.equal(JSON.parse(JSON.stringify(proxied)).proxy, "http://user:redacted@127.0.0.1:9/");
  });

  test(`${backend}: a per-call connect timeout names the client option it must match`, async () => {
    await using c = await client();
    await assert.rejects(c.request({ method: "GET", path: "/echo", timeout: { connect: 1 } }), (e: unknown) => e instanceof KubexArgumentError && e.message === "requestTimeout.connect: cannot be set per call: connections are pooled and opened with the client's ClientOptions.timeout.connect; set it there, or bound the whole call with requestTimeout.total");
  });

  test(`${backend}: the credential provider is given the call's signal`, async () => {
    const signals: unknown[] = [];
    await using c = await client({ credentialProvider: { async getCredentials({ signal }) { signals.push(signal); return { token: "t" }; } } satisfies CredentialProvider });
    await c.request({ method: "GET", path: "/echo" });
    assert.equal(signals.length, 1);
    assert.ok(signals[0] instanceof AbortSignal);
  });

  test(`${backend}: a closed client refuses a WebSocket naming its path`, async () => {
    const c = await client();
    await c.close();
    await assert.rejects(c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: unknown) => e instanceof KubexClosedError && e.message === "/exec: the client is closed");
  });
}

test("WebSocket handshake: a wss:// URL with the query, the user agent, bearer token and impersonation, not the JSON Accept; closing during it says so", async () => {
  const certs = testCerts();
  const ws = createServer({ cert: certs.serverCert, key: certs.serverKey });
  ws.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    upgrades.push(req);
    held.add(socket);
  });
  await new Promise<void>((r) => ws.listen(0, "127.0.0.1", r));
  try {
    const port = (ws.address() as { port: number }).port;
    for (const backend of ["undici", "fetch"] as Backend[]) {
      const c = await createClient({ configuration: { server: `https://127.0.0.1:${port}`, namespace: "default", tls: { ca: certs.ca }, token: "tok", impersonate: { user: "jane", groups: ["dev"] } }, backend });
      const opening = c.connectWebSocket({ path: "/exec", query: [["command", "ls -l"]], protocols: ["v5.channel.k8s.io"] }).catch((e: unknown) => e);
      while (upgrades.length === 0) await new Promise((r) => setTimeout(r, 10));
      const req = upgrades.shift()!;
      assert.equal(req.url, "/exec?command=ls%20-l", backend);
      assert.equal(req.headers.authorization, "Bearer tok", backend);
      assert.equal(req.headers["user-agent"], "kubex-ts", backend);
      assert.equal(req.headers["impersonate-user"], "jane", backend);
      assert.equal(req.headers["impersonate-group"], "dev", backend);
      assert.notEqual(req.headers.accept, "application/json", `${backend}: the JSON Accept header is not sent on an upgrade`);
      await c.close();
      const error = await opening;
      assert.ok(error instanceof KubexClosedError && error.message === "WebSocket /exec: the client was closed during the handshake", `${backend}: ${String(error)}`);
    }
    // A header that repeats cannot travel on a WebSocket: refused before anything is sent.
    await using several = await createClient({ configuration: { server: `https://127.0.0.1:${port}`, namespace: "default", tls: { ca: certs.ca }, impersonate: { user: "jane", groups: ["dev", "ops"] } }, backend: "undici" });
    await assert.rejects(several.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: unknown) =>
      e instanceof KubexConfigurationError && e.message === "the impersonate-group header has several values, which a WebSocket connection cannot send; impersonate at most one group and one value per extra key for exec, attach and port-forward");
    assert.equal(upgrades.length, 0);
  } finally {
    for (const socket of held) socket.destroy();
    ws.close();
  }
});
