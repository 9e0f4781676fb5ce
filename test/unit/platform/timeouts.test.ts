// Timeouts the platform sets on the connections it opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Dispatcher } from "undici";
import { createClient, KubexTimeoutError } from "../../../runtime/index.js";
import { nodeFetchPlatform } from "../../../runtime/client/platform/node.js";

/** undici keeps a dispatcher's options under a symbol described "options". */
function dispatcherOptions(dispatcher: unknown): Record<string, unknown> {
  const symbol = Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === "options");
  assert.ok(symbol, "undici dispatcher options are readable");
  return (dispatcher as Record<symbol, Record<string, unknown>>)[symbol] ?? {};
}

test("Node/fetch: the dispatcher has no body timeout (undici's 300 s default would end a quiet watch), nor a headers timeout", async () => {
  const setup = await nodeFetchPlatform.fetchSetup({ tls: { rejectUnauthorized: true } }, {});
  const options = dispatcherOptions(setup.init.dispatcher);
  assert.equal(options.bodyTimeout, 0);
  assert.equal(options.headersTimeout, 0);
  await (setup.init.dispatcher as Dispatcher).close();
});

// A TCP server that accepts connections and never answers the TLS hello.
async function silentServer(): Promise<{ url: string; close(): void }> {
  const { createServer } = await import("node:net");
  const sockets: import("node:net").Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  return { url: `https://127.0.0.1:${port}`, close: () => (sockets.forEach((s) => s.destroy()), server.close()) };
}

test("undici: ClientOptions.timeout.connect bounds the TLS handshake, through a proxy too", async () => {
  const silent = await silentServer();
  const proxy = await silentServer();
  try {
    // One attempt: a connect that timed out never reached the server, so it is retried by default.
    const options = { timeout: { connect: 0.3 }, retry: false as const };
    await using direct = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, options });
    const started = Date.now();
    await assert.rejects(direct.request({ method: "GET", path: "/api" }), KubexTimeoutError);
    assert.ok(Date.now() - started < 2_000, `direct: ${Date.now() - started} ms`);
    // An https proxy that never answers its own TLS hello.
    await using proxied = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {}, proxyUrl: proxy.url }, options });
    const again = Date.now();
    await assert.rejects(proxied.request({ method: "GET", path: "/api" }), KubexTimeoutError);
    assert.ok(Date.now() - again < 2_000, `through the proxy: ${Date.now() - again} ms`);
  } finally {
    silent.close();
    proxy.close();
  }
});

test("timeout null leaves no connect timeout: undici's 10 s default does not end a slow TLS handshake, and an abort still ends it at once (waits 11.5 s)", async () => {
  const silent = await silentServer();
  try {
    const outcomes = await Promise.all((["undici", "fetch"] as const).map(async (backend) => {
      await using client = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, options: { timeout: null }, backend });
      const controller = new AbortController();
      const outcome = client.request({ method: "GET", path: "/api", signal: controller.signal }).then(() => "answered", (e: Error) => `${e.name}: ${e.message}`);
      const pending = await Promise.race([outcome, new Promise((r) => setTimeout(() => r("still connecting"), 11_500))]);
      controller.abort();
      const aborted = Date.now();
      const final = await outcome;
      return `${backend}: ${pending}, then ${Date.now() - aborted < 5_000 ? final : "a late abort"}`;
    }));
    // undici itself defers an abort until a connection exists; the client settles at once.
    assert.deepEqual(outcomes, ["undici", "fetch"].map((b) => `${b}: still connecting, then KubexClientError: GET /api: aborted by the caller's signal`));
  } finally {
    silent.close();
  }
});

test("undici: a total timeout ends a request that is still connecting, at the total and not at undici's 10 s", async () => {
  const silent = await silentServer();
  try {
    await using client = await createClient({ configuration: { server: silent.url, namespace: "default", tls: {} }, backend: "undici" });
    const started = Date.now();
    await assert.rejects(client.request({ method: "GET", path: "/api", timeout: 0.5 }), (e: Error) => e instanceof KubexTimeoutError && /total timeout of 0\.5s/.test(e.message));
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
  } finally {
    silent.close();
  }
});
