// Both backends against in-process HTTPS servers that misbehave on demand.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import type { TLSSocket } from "node:tls";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import {
  Conflict, createClient, Gone, InternalError, Invalid, KubexApiError, KubexArgumentError, KubexAuthenticationError, KubexClientError, KubexClosedError, KubexConfigurationError,
  KubexProtocolError, KubexTimeoutError, MAX_ERROR_MESSAGE_LENGTH, NotFound, TooManyRequests, Unauthorized, type Backend, type CredentialProvider,
} from "../../../runtime/index.js";
import { printed } from "../support/printed.js";
import { startProxy } from "../support/proxy.js";
import { json, startServer } from "../support/server.js";
import { testCerts } from "../support/certs.js";

const status = (code: number, reason: string, extra: object = {}) => ({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message: `${reason} happened`, ...extra });

const server = await startServer((req, res) => {
  const url = new URL(req.url!, "https://x");
  switch (url.pathname) {
    case "/ok":
      return json(res, 200, { kind: "Thing", headers: req.headers });
    case "/404":
      return json(res, 404, status(404, "NotFound", { details: { name: "web", kind: "pods" } }));
    case "/409":
      return json(res, 409, status(409, "Conflict"));
    case "/410":
      return json(res, 410, status(410, "Expired"));
    case "/422":
      return json(res, 422, status(422, "Invalid", { details: { causes: [{ field: "spec.replicas", reason: "FieldValueInvalid", message: "must be >= 0" }] } }));
    case "/429":
      return json(res, 429, status(429, "TooManyRequests"), { "retry-after": "7" });
    case "/500-text":
      res.writeHead(500, { "content-type": "text/plain" });
      return res.end("upstream exploded");
    case "/not-json":
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("{ this is not json");
    case "/truncated":
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"kind":"Par');
      return setTimeout(() => res.socket?.destroy(), 50);
    case "/stall-headers":
      return setTimeout(() => json(res, 200, {}), 3_000);
    case "/stall-body":
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":');
      return setTimeout(() => res.end("1}"), 3_000);
    case "/warnings":
      res.setHeader("warning", ['299 - "first, with comma"', '299 - "second \\"quoted\\""']);
      return json(res, 200, {});
    case "/403":
      return json(res, 403, status(403, "Forbidden"));
    case "/auth": {
      const ok = req.headers.authorization === "Bearer fresh-token";
      return ok ? json(res, 200, { ok }) : json(res, 401, status(401, "Unauthorized"));
    }
    case "/huge-text-500":
      res.writeHead(500, { "content-type": "text/plain" });
      return res.end("x".repeat(4 * 2 ** 20));
    case "/huge-not-json":
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("y".repeat(4 * 2 ** 20));
    case "/huge-status":
      return json(res, 403, status(403, "Forbidden", { message: "z".repeat(4 * 2 ** 20) }));
    case "/hang":
      return; // never answers
    case "/quiet-watch":
      res.writeHead(200, { "content-type": "application/json" });
      return res.write('{"type":"ADDED","object":{}}\n'); // then nothing, ever
    case "/cert":
      return json(res, 200, { subject: (req.socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? null });
  }
  json(res, 404, status(404, "NotFound"));
}, { requestCert: true });
after(() => server.close());

for (const backend of ["undici", "fetch"] as Backend[]) {
  const client = (extra: object = {}, options: object = {}) => createClient({ configuration: server.configuration(extra), options, backend });

  test(`${backend}: non-2xx replies become typed errors carrying the Status`, async () => {
    await using c = await client();
    // One answer each: a 429 is not retried here (retries are on by default).
    const get = (path: string) => c.request({ method: "GET", path, retry: false });
    await assert.rejects(get("/404"), (e: NotFound) => e instanceof NotFound && e.status === 404 && e.body.details?.name === "web" && e.code === "KUBEX_NOT_FOUND");
    await assert.rejects(get("/409"), Conflict);
    await assert.rejects(get("/410"), Gone);
    await assert.rejects(get("/422"), (e: Invalid) => e instanceof Invalid && e.body.details?.causes?.[0]?.field === "spec.replicas");
    await assert.rejects(get("/429"), (e: TooManyRequests) => e instanceof TooManyRequests && e.retryAfterSeconds === 7);
    await assert.rejects(get("/500-text"), (e: InternalError) => e instanceof InternalError && e.body.message === "upstream exploded" && e instanceof KubexApiError);
  });

  test(`${backend}: a body that is not JSON, and a truncated body, are client errors that say so`, async () => {
    await using c = await client();
    await assert.rejects((await c.request({ method: "GET", path: "/not-json" })).json(), (e: Error) => e instanceof KubexProtocolError && /GET \/not-json: response is not valid JSON/.test(e.message));
    await assert.rejects(async () => (await c.request({ method: "GET", path: "/truncated", retry: false })).json(), KubexClientError);
  });

  test(`${backend}: read and total timeouts fire`, async () => {
    await using c = await client({}, { timeout: { read: 0.5 } });
    await assert.rejects(c.request({ method: "GET", path: "/stall-headers" }), (e: Error) => e instanceof KubexTimeoutError && /GET \/stall-headers/.test(e.message));
    await assert.rejects(async () => (await c.request({ method: "GET", path: "/stall-body" })).json(), KubexTimeoutError);
    await assert.rejects(c.request({ method: "GET", path: "/stall-headers", timeout: 0.3 }), (e: Error) => e instanceof KubexTimeoutError && /total timeout of 0.3s/.test(e.message));
    const response = await c.request({ method: "GET", path: "/ok", timeout: null });
    assert.equal(response.status, 200);
  });

  test(`${backend}: a refused connection is a KubexClientError naming the path, not the token`, async () => {
    await using c = await createClient({ configuration: { server: "https://127.0.0.1:1", namespace: "default", tls: {}, token: "s3cret-token" }, backend });
    await assert.rejects(c.request({ method: "GET", path: "/api", retry: false }), (e: Error) => e instanceof KubexClientError && /GET \/api/.test(e.message) && !e.message.includes("s3cret"));
  });

  test(`${backend}: after a 401 the credential provider is asked again once, and the request retried`, async () => {
    const calls: boolean[] = [];
    const credentialProvider: CredentialProvider = {
      async getCredentials({ forceRefresh }) {
        calls.push(forceRefresh);
        return { token: forceRefresh ? "fresh-token" : "stale-token" };
      },
    };
    await using c = await client({ credentialProvider });
    assert.deepEqual(await (await c.request({ method: "GET", path: "/auth" })).json(), { ok: true });
    assert.deepEqual(calls, [false, true]);
    await using s = await client({ token: "stale-token" });
    await assert.rejects(s.request({ method: "GET", path: "/auth" }), Unauthorized);
    // A refreshed credential that is still refused ends in Unauthorized after exactly one retry.
    const again: boolean[] = [];
    await using r = await client({ credentialProvider: { async getCredentials({ forceRefresh }) { again.push(forceRefresh); return { token: "still-stale" }; } } satisfies CredentialProvider });
    await assert.rejects(r.request({ method: "GET", path: "/auth" }), Unauthorized);
    assert.deepEqual(again, [false, true]);
  });

  test(`${backend}: only a 401 refreshes credentials: a 403, 404, 409 or 500 is neither refreshed nor retried`, async () => {
    const calls: boolean[] = [];
    await using c = await client({ credentialProvider: { async getCredentials({ forceRefresh }) { calls.push(forceRefresh); return { token: "fresh-token" }; } } satisfies CredentialProvider });
    for (const path of ["/403", "/404", "/409", "/500-text"]) {
      calls.length = 0;
      const before = server.requests.length;
      await assert.rejects(c.request({ method: "GET", path }), KubexApiError);
      assert.deepEqual(calls, [false], `${path}: the provider was asked once, without forceRefresh`);
      assert.equal(server.requests.length - before, 1, `${path}: sent exactly once`);
    }
    calls.length = 0;
    const before = server.requests.length;
    await using stale = await client({ credentialProvider: { async getCredentials({ forceRefresh }) { calls.push(forceRefresh); return { token: forceRefresh ? "fresh-token" : "stale" }; } } satisfies CredentialProvider });
    await stale.request({ method: "GET", path: "/auth" });
    assert.deepEqual(calls, [false, true]);
    assert.equal(server.requests.length - before, 2, "a 401 is retried exactly once");
  });

  test(`${backend}: impersonation headers are sent, and the client certificate is presented`, async () => {
    const certs = testCerts();
    await using c = await client({ tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey }, impersonate: { user: "jane", uid: "42", groups: ["dev"], extra: { scopes: ["a"] } } });
    const { headers } = await (await c.request({ method: "GET", path: "/ok" })).json<{ headers: Record<string, string> }>();
    assert.equal(headers["impersonate-user"], "jane");
    assert.equal(headers["impersonate-uid"], "42");
    assert.equal(headers["impersonate-group"], "dev");
    assert.equal(headers["impersonate-extra-scopes"], "a");
    assert.deepEqual(await (await c.request({ method: "GET", path: "/cert" })).json(), { subject: "test-user" });
  });

  test(`${backend}: Warning headers reach the handler, parsed; none with logApiWarnings false`, async () => {
    const seen: string[] = [];
    await using c = await client({}, { warningHandler: (text: string) => seen.push(text) });
    await c.request({ method: "GET", path: "/warnings" });
    assert.deepEqual(seen, ["first, with comma", 'second "quoted"']);
    const silent: string[] = [];
    await using q = await client({}, { logApiWarnings: false, warningHandler: (text: string) => silent.push(text) });
    await q.request({ method: "GET", path: "/warnings" });
    assert.deepEqual(silent, []);
  });

  test(`${backend}: a proxy that refuses authentication (407) is a KubexAuthenticationError that says so, without the proxy password`, async () => {
    const proxy = await startProxy({ requireAuthorization: "Basic bm9ib2R5Og==" });
    try {
      await using c = await client({}, { proxy: proxy.url("puser:proxy-planted") });
      await assert.rejects(c.request({ method: "GET", path: "/ok" }), (e: Error) =>
        e instanceof KubexAuthenticationError && /GET \/ok: the proxy http:\/\/puser:redacted@127\.0\.0\.1:\d+\/? refused authentication \(HTTP 407\)/.test(e.message) && !printed(e).includes("proxy-planted"));
      assert.equal(proxy.seen.length > 0, true);
      // A proxy that lets the tunnel through works with the same client code.
      const open = await startProxy();
      try {
        await using through = await client({}, { proxy: open.url() });
        assert.equal((await through.request({ method: "GET", path: "/ok" })).status, 200);
      } finally {
        await open.close();
      }
    } finally {
      await proxy.close();
    }
  });

  test(`${backend}: a credential provider's failure surfaces as KubexAuthenticationError, its own error unchanged`, async () => {
    const own = new KubexAuthenticationError("exec plugin exited with status 1");
    await using c = await client({ credentialProvider: { async getCredentials() { throw own; } } satisfies CredentialProvider });
    await assert.rejects(c.request({ method: "GET", path: "/ok" }), (e: Error) => e === own);
    await using plain = await client({ credentialProvider: { async getCredentials() { throw new Error("plugin crashed"); } } satisfies CredentialProvider });
    await assert.rejects(plain.request({ method: "GET", path: "/ok" }), (e: Error) => e instanceof KubexAuthenticationError && /GET \/ok: the credential provider failed/.test(e.message));
    await assert.rejects(plain.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: Error) => e instanceof KubexAuthenticationError && /\/exec: the credential provider failed/.test(e.message));
    await assert.rejects(c.connectWebSocket({ path: "/exec", protocols: ["v5.channel.k8s.io"] }), (e: Error) => e === own);
    // After a 401, the refresh failing is an authentication error too, not the 401.
    await using refresh = await client({ credentialProvider: { async getCredentials({ forceRefresh }) { if (forceRefresh) throw own; return { token: "stale" }; } } satisfies CredentialProvider });
    await assert.rejects(refresh.request({ method: "GET", path: "/auth" }), (e: Error) => e === own);
  });

  test(`${backend}: a server that is not a URL is a KubexConfigurationError`, async () => {
    await assert.rejects(client({ server: "api.example.com:6443" }), (e: Error) => e instanceof KubexConfigurationError && e.constructor !== KubexClientError && /configuration\.server/.test(e.message));
  });

  test(`${backend}: server text in error messages is capped; the whole body stays on the error`, async () => {
    await using c = await client();
    const bound = MAX_ERROR_MESSAGE_LENGTH + 200;
    await assert.rejects(c.request({ method: "GET", path: "/huge-text-500" }), (e: InternalError) => e instanceof InternalError && e.message.length < bound && e.body.message?.length === 4 * 2 ** 20);
    await assert.rejects(c.request({ method: "GET", path: "/huge-status" }), (e: KubexApiError) => e instanceof KubexApiError && e.message.length < bound && e.body.message?.length === 4 * 2 ** 20);
    await assert.rejects(async () => (await c.request({ method: "GET", path: "/huge-not-json" })).json(), (e: Error) => e instanceof KubexProtocolError && e.message.length < bound);
  });

  // Header values that would split a header, end it early, or smuggle another one.
  const unsendable = ["a\u0000b", "a\r\nx-evil: 1", "a\nb", "a\rb", "a\u0001b", "a\u007fb", "a\u20acb"];

  test(`${backend}: a configured token or impersonation value with a control character is refused by name, never quoted, never sent`, async () => {
    const before = server.requests.length;
    for (const bad of unsendable) {
      const secret = `planted-${bad}`;
      const cases: [object, string][] = [
        [{ token: secret }, "configuration.token"],
        [{ impersonate: { user: secret } }, "configuration.impersonate.user"],
        [{ impersonate: { uid: secret } }, "configuration.impersonate.uid"],
        [{ impersonate: { groups: [secret] } }, "configuration.impersonate.groups[0]"],
        [{ impersonate: { extra: { scopes: [secret] } } }, "configuration.impersonate.extra.scopes[0]"],
      ];
      for (const [extra, argument] of cases) {
        await assert.rejects(
          async () => {
            await using c = await client(extra);
            await c.request({ method: "GET", path: "/ok" });
          },
          (e: Error) => e instanceof KubexArgumentError && e.argument === argument && !printed(e).includes("planted"),
          `${argument} = ${JSON.stringify(bad)}`,
        );
      }
    }
    assert.equal(server.requests.length, before, "nothing reached the server");
  });

  test(`${backend}: a per-request header value with a control character is a KubexArgumentError naming the header`, async () => {
    await using c = await client();
    const before = server.requests.length;
    for (const bad of unsendable) {
      await assert.rejects(
        c.request({ method: "GET", path: "/ok", headers: { "x-note": `planted-${bad}` } }),
        (e: Error) => e instanceof KubexArgumentError && e.argument === "headers.x-note" && !printed(e).includes("planted"),
      );
    }
    await assert.rejects(c.request({ method: "GET", path: "/ok", headers: { "bad name": "v" } }), KubexArgumentError);
    assert.equal(server.requests.length, before);
    // A tab is allowed inside a value.
    const { headers } = await (await c.request({ method: "GET", path: "/ok", headers: { "x-note": "a\tb" } })).json<{ headers: Record<string, string> }>();
    assert.equal(headers["x-note"], "a\tb");
  });

  test(`${backend}: a token with CR/LF from a credential provider is a KubexAuthenticationError that does not echo it`, async () => {
    const before = server.requests.length;
    await using c = await client({ credentialProvider: { async getCredentials() { return { token: "planted\r\nx-evil: 1" }; } } satisfies CredentialProvider });
    await assert.rejects(c.request({ method: "GET", path: "/ok" }), (e: Error) => e instanceof KubexAuthenticationError && !printed(e).includes("planted"));
    assert.equal(server.requests.length, before);
  });

  test(`${backend}: a closed client refuses requests and streams with KubexClosedError`, async () => {
    const c = await client();
    await c.close();
    await assert.rejects(c.request({ method: "GET", path: "/ok" }), (e: Error) => e instanceof KubexClosedError && /GET \/ok: the client is closed/.test(e.message));
    await assert.rejects(c.stream({ method: "GET", path: "/ok" }), KubexClosedError);
    await assert.rejects(c.connectWebSocket({ path: "/ok", protocols: ["v5.channel.k8s.io"] }), KubexClosedError);
    await c.close();
  });

  test(`${backend}: close() aborts a request the server never answers and an open watch, and resolves promptly`, async () => {
    const c = await client();
    const pending = c.request({ method: "GET", path: "/hang" }).catch((e: unknown) => e);
    const watch = await c.stream({ method: "GET", path: "/quiet-watch" });
    const chunks = watch.body()[Symbol.asyncIterator]();
    assert.equal((await chunks.next()).done, false);
    const reading = chunks.next().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await c.close();
    assert.ok(Date.now() - started < 1_000, `close() took ${Date.now() - started} ms`);
    const failed = (await pending) as Error;
    assert.ok(failed instanceof KubexClosedError && /GET \/hang/.test(failed.message), String(failed));
    assert.ok((await reading) instanceof KubexClosedError, String(await reading));
  });

  test(`${backend}: await using ends promptly with a request still in flight`, async () => {
    let pending: Promise<unknown> | undefined;
    const started = Date.now();
    {
      await using c = await client();
      pending = c.request({ method: "GET", path: "/hang" }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(Date.now() - started < 1_500, `disposal took ${Date.now() - started} ms`);
    assert.ok((await pending) instanceof KubexClosedError);
  });
}

/** A TCP server that accepts and never answers the TLS hello. */
async function silentServer(): Promise<{ url: string; connections: () => number; close: () => void }> {
  const sockets: Socket[] = [];
  const silent = createNetServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    connections: () => sockets.length,
    close: () => {
      for (const s of sockets) s.destroy();
      silent.close();
    },
  };
}

test("undici: a client connect timeout fires when the server accepts TCP but never completes the TLS handshake, and says so", async () => {
  const silent = await silentServer();
  try {
    await using c = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, options: { timeout: { connect: 0.3 }, retry: false }, backend: "undici" });
    const started = Date.now();
    await assert.rejects(c.request({ method: "GET", path: "/api" }), (e: Error) => e instanceof KubexTimeoutError && /GET \/api: could not connect within the connect timeout of 0\.3s/.test(e.message));
    assert.ok(Date.now() - started < 2_000, "the connect timeout, not a later one, ended the request");
  } finally {
    silent.close();
  }
});

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: the total timeout covers connecting (client default and per call), and its message says total`, async () => {
    const silent = await silentServer();
    try {
      await using c = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, options: { timeout: 0.4 }, backend });
      for (const [call, seconds] of [[{}, "0.4"], [{ timeout: 0.3 }, "0.3"], [{ timeout: { total: 0.3 } }, "0.3"]] as const) {
        const started = Date.now();
        await assert.rejects(c.request({ method: "GET", path: "/api", ...call }), (e: Error) => e instanceof KubexTimeoutError && new RegExp(`GET /api: no complete response within the total timeout of ${seconds}s`).test(e.message));
        assert.ok(Date.now() - started < 2_000, `${JSON.stringify(call)} took ${Date.now() - started} ms`);
      }
    } finally {
      silent.close();
    }
  });

  test(`${backend}: a per-call connect timeout is refused with KubexArgumentError (connections are pooled with the client's)`, async () => {
    await using c = await createClient({ configuration: server.configuration(), options: { timeout: { connect: 5 } }, backend });
    const before = server.requests.length;
    await assert.rejects(c.request({ method: "GET", path: "/ok", timeout: { connect: 1 } }), (e: Error) => e instanceof KubexArgumentError && e.argument === "requestTimeout.connect" && /ClientOptions\.timeout\.connect/.test(e.message));
    assert.equal(server.requests.length, before);
    // The client's own value, or none at all, is accepted.
    assert.equal((await c.request({ method: "GET", path: "/ok", timeout: { connect: 5, total: 3 } })).status, 200);
    assert.equal((await c.request({ method: "GET", path: "/ok", timeout: { total: 3 } })).status, 200);
  });

  test(`${backend}: a caller's own abort is reported as aborted, not as a total timeout`, async () => {
    await using c = await createClient({ configuration: server.configuration(), backend });
    await assert.rejects(c.request({ method: "GET", path: "/hang", signal: AbortSignal.timeout(200) }), (e: Error) => e instanceof KubexClientError && !(e instanceof KubexTimeoutError) && e.code === "KUBEX_ABORTED" && /GET \/hang: aborted by the caller's signal/.test(e.message));
  });
}

test("timeout: null leaves no connect timeout on either backend (still connecting after undici's 10 s default)", async () => {
  const silent = await silentServer();
  try {
    const results = await Promise.all((["undici", "fetch"] as Backend[]).map(async (backend) => {
      await using c = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, options: { timeout: null }, backend });
      const outcome = c.request({ method: "GET", path: "/api" }).then(() => "answered", (e: Error) => `failed: ${e.message}`);
      return await Promise.race([outcome, new Promise((r) => setTimeout(() => r("still connecting"), 11_000))]);
    }));
    assert.deepEqual(results, ["still connecting", "still connecting"]);
  } finally {
    silent.close();
  }
});

// The API server reads each Impersonate-Group / Impersonate-Extra-* line as one value, so several must be several lines.
const sentValues = (name: string): (string | undefined)[] => {
  const raw = server.requests.at(-1)!.rawHeaders;
  return raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]] : []));
};

test("undici: one Impersonate-Group header per group, one Impersonate-Extra header per value, each value kept whole", async () => {
  await using c = await createClient({ configuration: server.configuration({ impersonate: { user: "jane", groups: ["dev", "ops, qa"], extra: { scopes: ["a", "b"] } } }), backend: "undici" });
  await c.request({ method: "GET", path: "/ok" });
  assert.deepEqual(sentValues("impersonate-group"), ["dev", "ops, qa"]);
  assert.deepEqual(sentValues("impersonate-extra-scopes"), ["a", "b"]);
});

test("fetch: several impersonated groups or extra values are refused (fetch would merge them into one)", async () => {
  const groups = { user: "jane", groups: ["dev", "ops"] };
  await assert.rejects(createClient({ configuration: server.configuration({ impersonate: groups }), backend: "fetch" }), (e: Error) => e instanceof KubexConfigurationError && /impersonate\.groups.*undici backend/.test(e.message));
  const extra = { user: "jane", extra: { scopes: ["a", "b"] } };
  await assert.rejects(createClient({ configuration: server.configuration({ impersonate: extra }), backend: "fetch" }), (e: Error) => e instanceof KubexConfigurationError && /impersonate\.extra\.scopes/.test(e.message));
});
