// A call's own `retry` (a policy, or false) wins over the client's, on every Api call and on
// each page of listAll; each retry reaches the hook of the policy in force.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Api, createClient, KubexArgumentError, TooManyRequests, type RetryNotice } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { json, startServer } from "../support/server.js";

/** Requests still to be turned away with 429 before the server answers. */
let busy = 0;
const server = await startServer((req, res) => {
  if (busy-- > 0) return json(res, 429, { kind: "Status", code: 429, reason: "TooManyRequests", message: "slow down" }, { "retry-after": "0" });
  const url = new URL(req.url!, "https://x");
  if (req.method === "GET" && url.pathname.endsWith("/configmaps")) {
    const page = url.searchParams.get("continue") ?? "";
    return json(res, 200, { kind: "ConfigMapList", metadata: { continue: page === "" ? "p2" : "" }, items: [{ metadata: { name: page || "p1", uid: page || "p1" } }] });
  }
  json(res, req.method === "POST" ? 201 : 200, { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "cm", namespace: "n" } });
});
after(() => server.close());
const fast = { initial: 0.01, jitter: 0 };

test("a call's retry policy retries a client that has none, and its hook sees each retry (get, create, patch, delete, list, listAll)", async () => {
  await using client = await createClient({ configuration: server.configuration(), options: { retry: false } });
  const api = new Api(ConfigMap, { client, namespace: "n" });
  const notices: RetryNotice[] = [];
  const retry = { backoff: fast, onRetry: (n: RetryNotice) => notices.push(n) };
  const calls: [string, () => Promise<unknown>][] = [
    ["GET", () => api.get("cm", { retry })],
    ["POST", () => api.create({ metadata: { name: "cm" } }, { retry })],
    ["PATCH", () => api.patch("cm", { data: { a: "1" } }, { retry })],
    ["DELETE", () => api.delete("cm", { retry })],
    ["GET", () => api.list({ retry })],
  ];
  for (const [method, call] of calls) {
    busy = 2;
    notices.length = 0;
    await call();
    assert.deepEqual(notices.map((n) => [n.method, n.attempt]), [[method, 1], [method, 2]], method);
  }
  notices.length = 0;
  const names: string[] = [];
  busy = 1;
  for await (const o of api.listAll({ retry })) {
    names.push(o.metadata!.name!);
    busy = 1;
  }
  assert.deepEqual(names, ["p1", "p2"]);
  assert.equal(notices.length, 2, "one retry for each page");
});

test("retry: false on a call wins over the client's policy (get, list, listAll)", async () => {
  const notices: RetryNotice[] = [];
  await using client = await createClient({ configuration: server.configuration(), options: { retry: { backoff: fast, onRetry: (n) => notices.push(n) } } });
  const api = new Api(ConfigMap, { client, namespace: "n" });
  for (const call of [() => api.get("cm", { retry: false }), () => api.list({ retry: false }), () => api.listAll({ retry: false }).next()]) {
    busy = 1;
    await assert.rejects(call(), TooManyRequests);
  }
  assert.equal(notices.length, 0);
  busy = 1;
  await api.get("cm");
  assert.equal(notices.length, 1, "without its own retry the call uses the client's");
  busy = 0;
});

test("a call's retry that is neither false nor a policy object is a KubexArgumentError naming it", async () => {
  await using client = await createClient({ configuration: server.configuration() });
  const api = new Api(ConfigMap, { client, namespace: "n" });
  await assert.rejects(api.get("cm", { retry: true as never }), (e: Error) => e instanceof KubexArgumentError && /options\.retry/.test(e.message));
  await assert.rejects(api.get("cm", { retry: { attempts: 0 } }), (e: Error) => e instanceof KubexArgumentError && /options\.retry\.attempts/.test(e.message));
});
