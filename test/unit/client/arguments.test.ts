// Every public argument of createClient and the client is checked at the boundary: a typed error naming it, never a TypeError or RangeError, nothing sent.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, KubexArgumentError, KubexConfigurationError, type Backend, type ClientConfiguration, type KubeRequest } from "../../../runtime/index.js";
import { json, startServer } from "../support/server.js";

const server = await startServer((_req, res) => json(res, 200, {}));
after(() => server.close());

const badTimeouts: [unknown, string][] = [
  [-1, "requestTimeout"],
  [Infinity, "requestTimeout"],
  [Number.NaN, "requestTimeout"],
  ["abc", "requestTimeout"],
  ["5", "requestTimeout"],
  [true, "requestTimeout"],
  [[1], "requestTimeout"],
  [3e6, "requestTimeout"],
  [{ total: -1 }, "requestTimeout.total"],
  [{ total: Number.NaN }, "requestTimeout.total"],
  [{ read: "2" }, "requestTimeout.read"],
  [{ read: Infinity }, "requestTimeout.read"],
  [{ idle: 5 }, "requestTimeout.idle"],
  [{ total: 1, write: 2 }, "requestTimeout.write"],
];

const badRequests: [Partial<Record<keyof KubeRequest, unknown>>, string][] = [
  [{ method: "get" }, "method"],
  [{ method: "TRACE" }, "method"],
  [{ path: "api/v1" }, "path"],
  [{ path: 42 }, "path"],
  [{ path: "/api\nx" }, "path"],
  [{ query: "a=b" }, "query"],
  [{ query: [["a", 1]] }, "query"],
  [{ query: [["a"]] }, "query"],
  [{ body: { a: 1 } }, "body"],
  [{ signal: "stop" }, "signal"],
  [{ headers: "x: y" }, "headers"],
  [{ query: [["labelSelector", "app=\ud800"]] }, "query"],
  [{ query: [["labelSelector", null]] }, "query"],
  [{ path: "/api/v1/namespaces/\udc00" }, "path"],
];

for (const backend of ["undici", "fetch"] as Backend[]) {
  test(`${backend}: bad requestTimeout values are KubexArgumentErrors naming requestTimeout, and nothing is sent`, async () => {
    await using c = await createClient({ configuration: server.configuration(), backend });
    const before = server.requests.length;
    for (const [timeout, argument] of badTimeouts) {
      for (const call of [() => c.request({ method: "GET", path: "/ok", timeout: timeout as never }), () => c.stream({ method: "GET", path: "/ok", timeout: timeout as never })]) {
        await assert.rejects(call(), (e: Error) => e instanceof KubexArgumentError && e.argument === argument && e.message.startsWith(`${argument}: accepts`), `${JSON.stringify(timeout)} (${String(timeout)})`);
      }
      await assert.rejects(c.connectWebSocket({ path: "/ok", protocols: ["v5.channel.k8s.io"], timeout: timeout as never }), (e: Error) => e instanceof KubexArgumentError && e.argument === argument);
    }
    assert.equal(server.requests.length, before);
  });

  test(`${backend}: a malformed request is a KubexArgumentError naming the field, and nothing is sent`, async () => {
    await using c = await createClient({ configuration: server.configuration(), backend });
    const before = server.requests.length;
    for (const [fields, argument] of badRequests) {
      await assert.rejects(c.request({ method: "GET", path: "/ok", ...fields } as KubeRequest), (e: Error) => e instanceof KubexArgumentError && e.argument === argument, JSON.stringify(fields));
    }
    await assert.rejects(c.request(undefined as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "request");
    await assert.rejects(c.connectWebSocket({ path: "/ok", protocols: "v5.channel.k8s.io" } as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "protocols");
    assert.throws(() => c.setWarningHandler("log" as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "handler");
    assert.equal(server.requests.length, before);
  });

  test(`${backend}: a configuration of the wrong shape is a KubexConfigurationError naming the field`, async () => {
    const base = server.configuration();
    const { tls: _tls, ...withoutTls } = base;
    const cases: [unknown, string][] = [
      [withoutTls, "configuration.tls"],
      [{ ...base, tls: "yes" }, "configuration.tls"],
      [{ ...base, tls: { ca: 42 } }, "configuration.tls.ca"],
      [{ ...base, tls: { insecureSkipVerify: "false" } }, "configuration.tls.insecureSkipVerify"],
      [{ ...base, tls: { cert: "PEM" } }, "configuration.tls.key"],
      [{ ...base, tls: { key: "PEM" } }, "configuration.tls.cert"],
      [{ ...base, server: 42 }, "configuration.server"],
      [{ ...base, server: "not a url" }, "configuration.server"],
      [{ ...base, server: "ftp://example.com" }, "configuration.server"],
      [{ ...base, namespace: undefined }, "configuration.namespace"],
      [{ ...base, token: 42 }, "configuration.token"],
      [{ ...base, username: ["u"] }, "configuration.username"],
      [{ ...base, password: 1 }, "configuration.password"],
      [{ ...base, credentialProvider: {} }, "configuration.credentialProvider"],
      [{ ...base, impersonate: "root" }, "configuration.impersonate"],
      [{ ...base, impersonate: { groups: "admins" } }, "configuration.impersonate.groups"],
      [{ ...base, impersonate: { extra: { scopes: "a" } } }, "configuration.impersonate.extra.scopes"],
      [{ ...base, proxyUrl: 8080 }, "configuration.proxyUrl"],
      [null, "configuration"],
      ["https://x", "configuration"],
    ];
    for (const [configuration, argument] of cases) {
      await assert.rejects(createClient({ configuration: configuration as ClientConfiguration, backend }), (e: Error) => e instanceof KubexConfigurationError && (e as KubexArgumentError).argument === argument, `${argument}: ${JSON.stringify(configuration)}`);
    }
  });
}

test("createClient refuses an init of the wrong shape", async () => {
  await assert.rejects(createClient("fetch" as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "init");
  await assert.rejects(createClient({ configuration: server.configuration(), backnd: "fetch" } as never), (e: Error) => e instanceof KubexArgumentError && e.argument === "init.backnd");
  await assert.rejects(createClient({ configuration: server.configuration(), options: "fast" as never }), KubexConfigurationError);
});
