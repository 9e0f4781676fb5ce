// ClientOptions.http2 on the undici backend, against in-process HTTP/2 and HTTP/1.1-only TLS servers.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { createClient, KubexConfigurationError, type ClientOptions } from "../../../runtime/index.js";
import { fetchIgnoredOptions } from "../../../runtime/client/backend-warnings.js";
import { testCerts } from "../support/certs.js";
import { json, startServer } from "../support/server.js";

const certs = testCerts();

/** An h2 server (HTTP/1.1 allowed too) advertising `streams`; /watch answers headers and one line, then stays open. */
async function h2Server(streams: number) {
  const sessions = new Set<ServerHttp2Session>();
  const protocols: string[] = [];
  const server: Http2SecureServer = createSecureServer({ cert: certs.serverCert, key: certs.serverKey, allowHTTP1: true, settings: { maxConcurrentStreams: streams } }, (req, res) => {
    protocols.push(req.httpVersion);
    if (req.url.startsWith("/watch")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
      return; // open until the client goes
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: "Thing", path: req.url }));
  });
  server.on("session", (s) => {
    sessions.add(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sessions, protocols,
    configuration: { server: url, namespace: "default", tls: { ca: certs.ca } },
    close: () => new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The first chunk of a reply, leaving the reply open. */
async function firstLine(response: { body(): AsyncIterable<Uint8Array> }): Promise<string> {
  const next = await response.body()[Symbol.asyncIterator]().next();
  return next.done ? "" : new TextDecoder().decode(next.value);
}

test("http2: 25 open watches and plain calls share ceil(25 / 10) connections when the server allows 10 streams each", async () => {
  const server = await h2Server(10);
  after(() => server.close());
  const client = await createClient({ configuration: server.configuration, options: { http2: true } });
  try {
    assert.equal((await (await client.request({ method: "GET", path: "/first" })).json<{ path: string }>()).path, "/first");
    const watches = await Promise.all(Array.from({ length: 25 }, (_, i) => client.stream({ method: "GET", path: `/watch/${i}` })));
    const lines = await Promise.all(watches.map(firstLine));
    assert.ok(lines.every((l) => l.includes('"ADDED"')), "every watch delivered its event");
    assert.equal(server.sessions.size, 3, `HTTP/2 sessions: ${server.sessions.size}`);
    assert.ok(server.protocols.every((p) => p === "2.0"), server.protocols.join());
    // Calls still go through while the watches hold their streams.
    const more = await Promise.all(Array.from({ length: 5 }, (_, i) => client.request({ method: "GET", path: `/more/${i}` }).then((r) => r.json<{ path: string }>())));
    assert.deepEqual(more.map((m) => m.path), ["/more/0", "/more/1", "/more/2", "/more/3", "/more/4"]);
    // Writes too: undici holds a non-idempotent request back while its session has streams running.
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const reply = await client.request({ method, path: `/write/${method}`, body: "{}", timeout: 5 });
      assert.equal((await reply.json<{ path: string }>()).path, `/write/${method}`);
    }
    for (const w of watches) await w.cancel();
  } finally {
    await client.close();
  }
});

test("http2: streamsPerConnection and connections bound the sessions opened", async () => {
  const server = await h2Server(100);
  after(() => server.close());
  const client = await createClient({ configuration: server.configuration, options: { http2: { streamsPerConnection: 4, connections: 2 } } });
  try {
    const watches = await Promise.all(Array.from({ length: 8 }, (_, i) => client.stream({ method: "GET", path: `/watch/${i}` })));
    await Promise.all(watches.map(firstLine));
    assert.equal(server.sessions.size, 2);
    // Every stream is taken and no third connection may open: a call waits for a free stream, or gives up on its signal.
    await assert.rejects(client.request({ method: "GET", path: "/waits", timeout: 0.2 }), /total|timed out|timeout/i);
    const waiting = client.request({ method: "POST", path: "/waits", body: "{}" });
    await new Promise((r) => setTimeout(r, 100));
    await watches[0]!.cancel();
    assert.equal((await (await waiting).json<{ path: string }>()).path, "/waits");
    assert.equal(server.sessions.size, 2);
    for (const w of watches.slice(1)) await w.cancel();
  } finally {
    await client.close();
  }
});

test("http2: a server without h2 is used over HTTP/1.1, one connection per open watch, so no watch waits behind another", async () => {
  const server = await startServer((req, res) => {
    if (req.url!.startsWith("/watch")) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.write('{"type":"ADDED","object":{}}\n');
    }
    json(res, 200, { kind: "Thing" });
  });
  after(() => server.close());
  const client = await createClient({ configuration: server.configuration(), options: { http2: true } });
  try {
    const watches = await Promise.all(Array.from({ length: 3 }, (_, i) => client.stream({ method: "GET", path: `/watch/${i}` })));
    assert.equal((await (await client.request({ method: "GET", path: "/ok" })).json<{ kind: string }>()).kind, "Thing");
    assert.equal(server.connections.open, 4, "three watches and the call, each on its own HTTP/1.1 connection");
    assert.ok((await Promise.all(watches.map(firstLine))).every((l) => l.includes("ADDED")));
  } finally {
    await client.close();
  }
});

test("http2: close() ends open HTTP/2 watches", async () => {
  const server = await h2Server(100);
  after(() => server.close());
  const client = await createClient({ configuration: server.configuration, options: { http2: true } });
  const watch = await client.stream({ method: "GET", path: "/watch/x" });
  const reading = assert.rejects(async () => {
    for await (const _ of watch.body()) void _;
  }, /closed/);
  await client.close();
  await reading;
});

test("ClientOptions.http2 is validated", async () => {
  const configuration = { server: "https://127.0.0.1:1", namespace: "default", tls: {} };
  const bad: unknown[] = ["yes", 1, null, [], { connections: 0 }, { streamsPerConnection: 1.5 }, { streams: 4 }];
  for (const http2 of bad) {
    await assert.rejects(createClient({ configuration, options: { http2 } as unknown as ClientOptions }), KubexConfigurationError, JSON.stringify(http2));
  }
  for (const http2 of [true, false, {}, { connections: 4 }, { streamsPerConnection: 250, connections: 4 }]) {
    await (await createClient({ configuration, options: { http2 } })).close();
  }
});

test("the fetch backend ignores http2 with a warning; the undici backend through a proxy too", async () => {
  assert.deepEqual(fetchIgnoredOptions({ http2: true }).map((i) => i.field), ["http2"]);
  assert.deepEqual(fetchIgnoredOptions({ http2: false }), []);
  const warnings: { code?: string; message: string }[] = [];
  const listener = (w: Error & { code?: string }) => warnings.push(w);
  process.on("warning", listener);
  try {
    const configuration = { server: "https://127.0.0.1:1", namespace: "default", tls: {} };
    await (await createClient({ configuration, options: { http2: true }, backend: "fetch" })).close();
    await (await createClient({ configuration, options: { http2: true, proxy: "http://127.0.0.1:9" } })).close();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", listener);
  }
  const ours = warnings.filter((w) => w.code === "KUBEX_OPTION_IGNORED_HTTP2");
  assert.equal(ours.length, 2, JSON.stringify(warnings));
  assert.match(ours[0]!.message, /ignored by the fetch backend/);
  assert.match(ours[1]!.message, /ignored by the undici backend: calls through a proxy use HTTP\/1\.1/);
});
