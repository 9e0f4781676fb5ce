// The metrics API is served by metrics-server, which the local control plane does not run:
// topNodes/topPods are proven here against an in-process server that answers as it does.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createClient, NodeMetrics, PodMetrics, topNodes, topPods } from "../../../runtime/index.js";
import { Api } from "../../../runtime/api/api.js";
import { json, startServer } from "../support/server.js";

const list = (kind: string, items: unknown[]) => ({ apiVersion: "v1", kind, metadata: {}, items });
const window = { timestamp: "2026-12-01T09:00:00Z", window: "20s" };

const server = await startServer((req, res) => {
  const url = new URL(req.url ?? "/", "https://x");
  switch (url.pathname) {
    case "/apis/metrics.k8s.io/v1beta1/nodes":
      return json(res, 200, list("NodeMetricsList", [
        { metadata: { name: "node-b" }, ...window, usage: { cpu: "1500m", memory: "2Gi" } },
        { metadata: { name: "node-a" }, ...window, usage: { cpu: "250m", memory: "512Mi" } },
      ]));
    case "/api/v1/nodes":
      return json(res, 200, list("NodeList", [
        { metadata: { name: "node-a" }, status: { allocatable: { cpu: "2", memory: "4Gi" }, capacity: { cpu: "4", memory: "8Gi" } } },
        { metadata: { name: "node-b" }, status: { capacity: { cpu: "3", memory: "8Gi" } } },
      ]));
    case "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods":
    case "/apis/metrics.k8s.io/v1beta1/pods":
      return json(res, 200, list("PodMetricsList", [
        { metadata: { name: "web-1", namespace: "web" }, ...window, containers: [{ name: "app", usage: { cpu: "100m", memory: "100Mi" } }, { name: "proxy", usage: { cpu: "0.05", memory: "28Mi" } }] },
        { metadata: { name: "web-0", namespace: "web" }, ...window, containers: [{ name: "app", usage: { cpu: "1m", memory: "1Ki" } }] },
      ]));
    default:
      return json(res, 404, { kind: "Status", code: 404, reason: "NotFound", message: url.pathname });
  }
});
after(() => server.close());

test("topNodes joins node metrics with allocatable (capacity when none), exactly, sorted by name", async () => {
  await using client = await createClient({ configuration: server.configuration() });
  const nodes = await topNodes(client);
  assert.deepEqual(
    nodes.map((n) => [n.name, `${n.cpu.usage}`, `${n.cpu.allocatable}`, n.cpu.fraction, `${n.memory.usage}`, n.memory.fraction]),
    [
      ["node-a", "250m", "2", 0.125, "512Mi", 0.125],
      ["node-b", "1500m", "3", 0.5, "2Gi", 0.25],
    ],
  );
  assert.equal(nodes[0]!.window, "20s");
});

test("topPods sums containers per pod, for one namespace or all", async () => {
  await using client = await createClient({ configuration: server.configuration() });
  const pods = await topPods(client, { namespace: "web" });
  assert.deepEqual(
    pods.map((p) => [p.namespace, p.name, `${p.cpu}`, `${p.memory}`, p.containers.map((c) => c.name)]),
    [
      ["web", "web-0", "1m", "1Ki", ["app"]],
      ["web", "web-1", "150m", "128Mi", ["app", "proxy"]],
    ],
  );
  const everywhere = await topPods(client, { allNamespaces: true, labelSelector: "app=web" });
  assert.equal(everywhere.length, 2);
  const last = server.requests[server.requests.length - 1]!;
  assert.equal(last.url, "/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dweb");
});

test("the metrics descriptors are typed: NodeMetrics is cluster-scoped, PodMetrics namespaced, get/list only", async () => {
  await using client = await createClient({ configuration: server.configuration() });
  const nodeMetrics = new Api(NodeMetrics, { client });
  const items = (await nodeMetrics.list()).items;
  const cpu: string | undefined = items[0]!.usage.cpu;
  assert.equal(cpu, "1500m");
  assert.equal(NodeMetrics.namespaced, false);
  assert.equal(PodMetrics.namespaced, true);
});
