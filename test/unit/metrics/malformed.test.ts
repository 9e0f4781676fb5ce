// A metrics or node list whose items have the wrong shape, or usage that is not a quantity, is a
// KubexProtocolError naming the list, never a TypeError or an argument error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KubexProtocolError, topNodes, topPods } from "../../../runtime/index.js";
import { RecordingClient } from "../api/recording-client.js";

class ByPath extends RecordingClient {
  constructor(private readonly answers: Record<string, unknown>) { super(); }
  override async request(r: Parameters<RecordingClient["request"]>[0]) {
    this.reply = JSON.stringify(this.answers[r.path] ?? { metadata: {}, items: [] });
    return super.request(r);
  }
}

const list = (items: unknown[]) => ({ metadata: {}, items });
const goodNode = { metadata: { name: "n" }, status: { capacity: { cpu: "1", memory: "1Gi" } } };
const nodeCases: [string, unknown[], unknown[]][] = [
  ["a null node metrics item", [null], [goodNode]],
  ["node metrics without metadata", [{ usage: { cpu: "1" } }], [goodNode]],
  ["a usage that is not a quantity", [{ metadata: { name: "n" }, usage: { cpu: "lots" } }], [goodNode]],
  ["a usage that is a number-like object", [{ metadata: { name: "n" }, usage: { cpu: { value: 1 } } }], [goodNode]],
  ["a null node", [{ metadata: { name: "n" }, usage: {} }], [null]],
  ["an allocatable that is not a quantity", [{ metadata: { name: "n" }, usage: {} }], [{ metadata: { name: "n" }, status: { allocatable: { cpu: "1e999999999" } } }]],
];
for (const [label, metrics, nodes] of nodeCases) {
  test(`topNodes: ${label} is a KubexProtocolError`, async () => {
    const client = new ByPath({ "/apis/metrics.k8s.io/v1beta1/nodes": list(metrics), "/api/v1/nodes": list(nodes) });
    await assert.rejects(topNodes(client), (e: Error) => e instanceof KubexProtocolError && /metrics|node/i.test(e.message));
  });
}

const podCases: [string, unknown[]][] = [
  ["containers that are not a list", [{ metadata: { name: "p", namespace: "n" }, containers: "app" }]],
  ["a null container", [{ metadata: { name: "p", namespace: "n" }, containers: [null] }]],
  ["a container usage that is not a quantity", [{ metadata: { name: "p", namespace: "n" }, containers: [{ name: "a", usage: { memory: "12 apples" } }] }]],
  ["a pod without metadata", [{ containers: [] }]],
];
for (const [label, items] of podCases) {
  test(`topPods: ${label} is a KubexProtocolError`, async () => {
    const client = new ByPath({ "/apis/metrics.k8s.io/v1beta1/namespaces/n/pods": list(items) });
    await assert.rejects(topPods(client, { namespace: "n" }), (e: Error) => e instanceof KubexProtocolError && /PodMetrics/.test(e.message));
  });
}
