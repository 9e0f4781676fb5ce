// topNodes and topPods against a client that answers from memory: which lists are read and with
// which options, the join with allocatable (capacity when none, no share of zero), defaults for
// what a reply leaves out, the sort orders, and the exact message of a malformed item.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubexProtocolError, NodeMetrics, PodMetrics, topNodes, topPods, type KubeRequest } from "../../../runtime/index.js";
import { RecordingClient } from "../api/recording-client.js";

class ByPath extends RecordingClient {
  constructor(private readonly answers: Record<string, unknown>) {
    super();
  }
  override async request(r: KubeRequest) {
    this.reply = JSON.stringify(this.answers[r.path] ?? { metadata: {}, items: [] });
    return super.request(r);
  }
}
const list = (items: unknown[]) => ({ metadata: {}, items });
const at = { timestamp: "2026-12-01T09:00:00Z", window: "20s" };
/** The list requests (the served check's `/apis` left out). */
const lists = (c: RecordingClient) => c.sent.filter((r) => r.path !== "/apis");
const sent = (c: RecordingClient) => lists(c).map((r) => `${r.path}${r.query && [...r.query].length ? `?${new URLSearchParams(r.query as [string, string][])}` : ""}`);
const nodeRow = (n: Awaited<ReturnType<typeof topNodes>>[number]) =>
  [n.name, `${n.cpu.usage}`, n.cpu.allocatable && `${n.cpu.allocatable}`, n.cpu.fraction, `${n.memory.usage}`, n.memory.allocatable && `${n.memory.allocatable}`, n.memory.fraction];

describe("topNodes", () => {
  it("joins usage with allocatable, else capacity; no allocatable means no share, a zero one no fraction", async () => {
    const client = new ByPath({
      "/apis/metrics.k8s.io/v1beta1/nodes": list([
        { metadata: { name: "c" }, ...at, usage: { cpu: "500m", memory: "1Gi" } },
        { metadata: { name: "a" }, ...at, usage: { cpu: "1", memory: "2Gi" } },
        { metadata: { name: "b" }, ...at, usage: { cpu: "250m" } },
        { metadata: { name: "d" }, ...at, usage: { cpu: "1" } },
      ]),
      "/api/v1/nodes": list([
        { metadata: { name: "a" }, status: { allocatable: { cpu: "4", memory: "8Gi" }, capacity: { cpu: "8", memory: "16Gi" } } },
        { metadata: { name: "b" }, status: { capacity: { cpu: "1", memory: "0" } } },
        { metadata: { name: "d" }, status: { allocatable: { cpu: "0" } } },
      ]),
    });
    const rows = await topNodes(client);
    assert.deepEqual(rows.map(nodeRow), [
      ["a", "1", "4", 0.25, "2Gi", "8Gi", 0.25],
      ["b", "250m", "1", 0.25, "0", "0", undefined],
      ["c", "500m", undefined, undefined, "1Gi", undefined, undefined],
      ["d", "1", "0", undefined, "0", undefined, undefined],
    ]);
    assert.ok(!("fraction" in rows[1]!.memory) && !("allocatable" in rows[2]!.cpu) && !("fraction" in rows[3]!.cpu));
    assert.deepEqual([rows[0]!.timestamp, rows[0]!.window], [at.timestamp, at.window]);
  });
  it("a node metrics item without a name is the row named \"\"; one without usage uses nothing; a node without status allocates nothing", async () => {
    const client = new ByPath({
      "/apis/metrics.k8s.io/v1beta1/nodes": list([{ metadata: {}, ...at, usage: { cpu: "1" } }, { metadata: { name: "n" }, ...at }]),
      "/api/v1/nodes": list([{ metadata: { name: "n" } }]),
    });
    assert.deepEqual((await topNodes(client)).map(nodeRow), [["", "1", undefined, undefined, "0", undefined, undefined], ["n", "0", undefined, undefined, "0", undefined, undefined]]);
  });
  it("reads both lists with the label selector, signal and timeout; without options, with none", async () => {
    const client = new ByPath({});
    const signal = new AbortController().signal;
    await topNodes(client, { labelSelector: "role=worker", signal, requestTimeout: 7 });
    assert.deepEqual(sent(client).sort(), ["/api/v1/nodes?labelSelector=role%3Dworker", "/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=role%3Dworker"]);
    for (const r of lists(client)) assert.deepEqual([r.signal, r.timeout], [signal, 7]);
    const plain = new ByPath({});
    assert.deepEqual(await topNodes(plain), []);
    assert.deepEqual(sent(plain).sort(), ["/api/v1/nodes", "/apis/metrics.k8s.io/v1beta1/nodes"]);
    for (const r of lists(plain)) assert.deepEqual([r.signal, r.timeout], [undefined, undefined]);
  });
  it("a malformed item names the list and the item's index, with the cause", async () => {
    const client = new ByPath({
      "/apis/metrics.k8s.io/v1beta1/nodes": list([{ metadata: { name: "ok" }, ...at, usage: {} }, { metadata: { name: "n" }, ...at, usage: { cpu: "lots" } }]),
    });
    await assert.rejects(topNodes(client), (e: unknown) =>
      e instanceof KubexProtocolError && /^metrics: item 1 of the NodeMetricsList is malformed: \S/.test(e.message) && e.message.includes("lots") && e.cause instanceof Error);
    const nodes = new ByPath({ "/api/v1/nodes": list([{ metadata: { name: "ok" } }, null]) });
    await assert.rejects(topNodes(nodes), (e: unknown) => e instanceof KubexProtocolError && /^metrics: item 1 of the NodeList is malformed: /.test(e.message));
  });
  it("the cause's message is capped", async () => {
    const client = new ByPath({ "/apis/metrics.k8s.io/v1beta1/nodes": list([{ metadata: { name: "n" }, ...at, usage: { cpu: "x".repeat(2000) } }]) });
    await assert.rejects(topNodes(client), (e: unknown) => e instanceof KubexProtocolError && e.message.length < 400);
  });
});

describe("topPods", () => {
  const pods = list([
    { metadata: { name: "b", namespace: "y" }, ...at, containers: [{ name: "app", usage: { cpu: "100m", memory: "100Mi" } }, { name: "side", usage: { cpu: "0.05" } }] },
    { metadata: { name: "a", namespace: "y" }, ...at, containers: [] },
    { metadata: { name: "z", namespace: "x" }, ...at },
    { metadata: {}, ...at, containers: [{ name: "c", usage: {} }, { name: "d" }] },
  ]);
  it("sums containers per pod (a missing usage or resource counts zero), sorted by namespace then name", async () => {
    const rows = await topPods(new ByPath({ "/apis/metrics.k8s.io/v1beta1/namespaces/y/pods": pods }), { namespace: "y" });
    assert.deepEqual(rows.map((p) => [p.namespace, p.name, `${p.cpu}`, `${p.memory}`, p.containers.map((c) => [c.name, `${c.cpu}`, `${c.memory}`])]), [
      ["", "", "0", "0", [["c", "0", "0"], ["d", "0", "0"]]],
      ["x", "z", "0", "0", []],
      ["y", "a", "0", "0", []],
      ["y", "b", "150m", "100Mi", [["app", "100m", "100Mi"], ["side", "50m", "0"]]],
    ]);
    assert.deepEqual([rows[0]!.timestamp, rows[0]!.window], [at.timestamp, at.window]);
  });
  it("one namespace, the configuration's, or all; with the selector, signal and timeout", async () => {
    const client = new ByPath({});
    const signal = new AbortController().signal;
    await topPods(client, { namespace: "web", labelSelector: "app=web", signal, requestTimeout: 4 });
    await topPods(client);
    await topPods(client, { allNamespaces: true });
    await topPods(client, { allNamespaces: false });
    assert.deepEqual(sent(client), [
      "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods?labelSelector=app%3Dweb",
      "/apis/metrics.k8s.io/v1beta1/namespaces/from-config/pods",
      "/apis/metrics.k8s.io/v1beta1/pods",
      "/apis/metrics.k8s.io/v1beta1/namespaces/from-config/pods",
    ]);
    assert.deepEqual([lists(client)[0]!.signal, lists(client)[0]!.timeout], [signal, 4]);
    assert.deepEqual([lists(client)[1]!.signal, lists(client)[1]!.timeout], [undefined, undefined]);
  });
  it("a malformed item names the list and the item's index", async () => {
    const client = new ByPath({ "/apis/metrics.k8s.io/v1beta1/namespaces/n/pods": list([{ metadata: { name: "p" }, containers: [] }, { metadata: { name: "q" }, containers: [{ name: "a", usage: { cpu: "?" } }] }]) });
    await assert.rejects(topPods(client, { namespace: "n" }), (e: unknown) => e instanceof KubexProtocolError && /^metrics: item 1 of the PodMetricsList is malformed: \S/.test(e.message));
  });
});

describe("the metrics descriptors", () => {
  it("NodeMetrics: metrics.k8s.io/v1beta1 nodes, cluster-scoped, get and list", () => {
    assert.deepEqual(
      { ...NodeMetrics },
      { apiVersion: "metrics.k8s.io/v1beta1", group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics", plural: "nodes", listKind: "NodeMetricsList", namespaced: false, verbs: ["get", "list"], subresources: [], custom: true },
    );
  });
  it("PodMetrics: metrics.k8s.io/v1beta1 pods, namespaced, get and list", () => {
    assert.deepEqual(
      { ...PodMetrics },
      { apiVersion: "metrics.k8s.io/v1beta1", group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics", plural: "pods", listKind: "PodMetricsList", namespaced: true, verbs: ["get", "list"], subresources: [], custom: true },
    );
  });
});
