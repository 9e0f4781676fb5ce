// The fetch backend's platform modules for Bun, Deno and other runtimes, under Node with fake
// globals: what each hands its runtime's fetch and WebSocket, when Deno makes an HttpClient and
// frees it, the bearer subprotocol, the status read from a handshake error, and which module each
// runtime gets. The runtimes themselves are driven end to end by test/runtimes/fetch-backend.ts.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { KubexConfigurationError } from "../../../runtime/errors.js";
import { fetchPlatform } from "../../../runtime/client/platform/index.js";
import { bunInit, bunPlatform } from "../../../runtime/client/platform/bun.js";
import { denoClientOptions, denoPlatform } from "../../../runtime/client/platform/deno.js";
import { nodeFetchPlatform } from "../../../runtime/client/platform/node.js";
import { bearerSubprotocol, webPlatform } from "../../../runtime/client/platform/web.js";
import { statusInMessage } from "../../../runtime/client/platform/types.js";
import type { Route } from "../../../runtime/client/platform/tls.js";

const g = globalThis as unknown as { WebSocket?: unknown; Deno?: unknown; fetch: unknown };
const saved = { WebSocket: g.WebSocket, Deno: g.Deno };
afterEach(() => {
  g.WebSocket = saved.WebSocket;
  g.Deno = saved.Deno;
});

function recordWebSocket(): unknown[][] {
  const calls: unknown[][] = [];
  g.WebSocket = class {
    constructor(...args: unknown[]) {
      calls.push(args);
    }
  };
  return calls;
}

const plain: Route = { tls: { rejectUnauthorized: true } };
const target = { url: "wss://h:6443/x", protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"], headers: { authorization: "Bearer t" } };

test("fetchPlatform: each runtime's module, the standard one for anything else", () => {
  assert.equal(fetchPlatform("node"), nodeFetchPlatform);
  assert.equal(fetchPlatform("bun"), bunPlatform);
  assert.equal(fetchPlatform("deno"), denoPlatform);
  assert.equal(fetchPlatform("other"), webPlatform);
});

test("statusInMessage: a 3xx to 5xx status named in a runtime's handshake error, with an empty body", () => {
  assert.deepEqual(statusInMessage("Expected 101 status code: 403"), { status: 403, body: "" });
  assert.deepEqual(statusInMessage("Unexpected server response status 401"), { status: 401, body: "" });
  assert.deepEqual(statusInMessage("STATUS: 500"), { status: 500, body: "" });
  assert.deepEqual(statusInMessage("status code 300"), { status: 300, body: "" });
  assert.deepEqual(statusInMessage("status code 599"), { status: 599, body: "" });
  for (const message of [undefined, "", "status code 299", "status code 600", "status code 101", "code 403", "status 4030", "status 40"]) assert.equal(statusInMessage(message), undefined, String(message));
});

test("bunInit: every TLS field in Bun's spelling; the proxy only when there is one", () => {
  assert.deepEqual(bunInit({ tls: { ca: "CA", cert: "C", key: "K", servername: "s", rejectUnauthorized: false }, proxyUrl: "http://p" }), {
    tls: { ca: "CA", cert: "C", key: "K", serverName: "s", rejectUnauthorized: false },
    proxy: "http://p",
  });
  assert.deepEqual(bunInit(plain), { tls: { ca: undefined, cert: undefined, key: undefined, serverName: undefined, rejectUnauthorized: true } });
});

test("Bun: the global fetch with the TLS fields and no idle timeout; the WebSocket with the same fields; refusals read from the error text", async () => {
  const calls = recordWebSocket();
  const setup = await bunPlatform.fetchSetup(plain, {});
  assert.equal(setup.fetch, g.fetch);
  assert.deepEqual(setup.init, { ...bunInit(plain), timeout: false });
  assert.equal(setup.close, undefined);
  const opened = await bunPlatform.openWebSocket(plain, target, {});
  assert.deepEqual(calls, [[target.url, { protocols: target.protocols, headers: target.headers, ...bunInit(plain) }]]);
  assert.equal(opened.refusal, statusInMessage);
  assert.equal(opened.release, undefined);
  assert.deepEqual([bunPlatform.name, bunPlatform.reasons], ["the fetch backend on Bun", {}]);
});

test("denoClientOptions: CA, certificate and proxy in Deno's spelling, each only when set", () => {
  assert.deepEqual(denoClientOptions({ tls: { ca: "CA", cert: "C", key: "K", servername: "s", rejectUnauthorized: true }, proxyUrl: "http://p" }), { caCerts: ["CA"], cert: "C", key: "K", proxy: { url: "http://p" } });
  assert.deepEqual(denoClientOptions(plain), {});
  assert.deepEqual(denoClientOptions({ tls: { ca: "", cert: "", rejectUnauthorized: true }, proxyUrl: "" }), {});
});

function fakeDeno() {
  const clients: { options: unknown; closed: number }[] = [];
  g.Deno = {
    createHttpClient: (options: unknown) => {
      const client = { options, closed: 0, close() { this.closed++; } };
      clients.push(client);
      return client;
    },
  };
  return clients;
}

test("Deno: no HttpClient when the defaults suffice, for fetch and WebSocket alike", async () => {
  const clients = fakeDeno();
  const calls = recordWebSocket();
  const setup = await denoPlatform.fetchSetup(plain, {});
  assert.equal(setup.fetch, g.fetch);
  assert.deepEqual(setup.init, {});
  assert.equal(setup.close, undefined);
  const opened = await denoPlatform.openWebSocket(plain, target, {});
  assert.deepEqual(calls, [[target.url, { protocols: target.protocols, headers: target.headers }]]);
  assert.equal(opened.release, undefined);
  assert.equal(opened.refusal, statusInMessage);
  assert.equal(clients.length, 0);
});

test("Deno: a route that needs one gets its own HttpClient, closed by close() and release()", async () => {
  const clients = fakeDeno();
  const calls = recordWebSocket();
  const route: Route = { tls: { ca: "CA", rejectUnauthorized: true } };
  const setup = await denoPlatform.fetchSetup(route, {});
  assert.equal(setup.init.client, clients[0]);
  await setup.close!();
  assert.equal(clients[0]!.closed, 1);
  const opened = await denoPlatform.openWebSocket(route, target, {});
  assert.equal((calls[0]![1] as { client: unknown }).client, clients[1]);
  assert.deepEqual(clients[1]!.options, { caCerts: ["CA"] });
  await opened.release!();
  assert.equal(clients[1]!.closed, 1);
});

test("Deno: server name warned, verification off refused, with reasons that say why and what to use", () => {
  assert.equal(denoPlatform.name, "the fetch backend on Deno");
  assert.deepEqual(denoPlatform.table.HTTP, denoPlatform.table.WebSocket);
  assert.equal(denoPlatform.reasons["tls.serverName"], "Deno.createHttpClient has no server name setting; the certificate is verified against the URL's host instead");
  assert.equal(denoPlatform.reasons["tls.insecureSkipVerify"], "Deno.createHttpClient cannot turn certificate verification off (only the --unsafely-ignore-certificate-errors flag can); use the undici backend on Node");
});

test("bearerSubprotocol: the token's UTF-8 bytes in unpadded base64url", () => {
  assert.equal(bearerSubprotocol("tok/en+"), `base64url.bearer.authorization.k8s.io.${Buffer.from("tok/en+").toString("base64url")}`);
  for (const token of ["a", "ab", "abc", "é?>~ü", "\u{1F600}x", "a+b/c=="]) {
    assert.equal(bearerSubprotocol(token), `base64url.bearer.authorization.k8s.io.${Buffer.from(token, "utf8").toString("base64url")}`, token);
  }
  assert.equal(bearerSubprotocol("??>"), "base64url.bearer.authorization.k8s.io.Pz8-");
  assert.equal(bearerSubprotocol("???"), "base64url.bearer.authorization.k8s.io.Pz8_");
});

test("other runtimes: the global fetch with no init; the WebSocket with the protocols, plus the token only when there is one", async () => {
  const calls = recordWebSocket();
  const setup = await webPlatform.fetchSetup(plain, {});
  assert.equal(setup.fetch, g.fetch);
  assert.deepEqual(setup.init, {});
  const opened = await webPlatform.openWebSocket(plain, target, {});
  assert.equal(opened.refusal, statusInMessage);
  await webPlatform.openWebSocket(plain, { ...target, bearerToken: "t" }, {});
  assert.deepEqual(calls, [
    [target.url, target.protocols],
    [target.url, [...target.protocols, bearerSubprotocol("t")]],
  ]);
});

test("other runtimes: no WebSocket at all is a KubexConfigurationError", async () => {
  g.WebSocket = undefined;
  await assert.rejects(webPlatform.openWebSocket(plain, target, {}), (e: Error) => e instanceof KubexConfigurationError && e.message === "this runtime has no WebSocket implementation");
});

test("other runtimes: every setting but the server name refused with the same reason; the server name warned", () => {
  const standardOnly = "the standard fetch and WebSocket take no TLS or proxy settings; use the undici backend on Node, or Bun or Deno";
  assert.equal(webPlatform.name, "the fetch backend on this runtime");
  assert.deepEqual(webPlatform.reasons, {
    "tls.ca": standardOnly,
    "tls.clientCertificate": standardOnly,
    "tls.insecureSkipVerify": standardOnly,
    proxy: standardOnly,
    "tls.serverName": "the standard fetch and WebSocket have no server name setting; the certificate is verified against the URL's host instead",
  });
});
