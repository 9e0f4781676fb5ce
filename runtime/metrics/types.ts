/**
 * The resource metrics API (`metrics.k8s.io/v1beta1`), served by metrics-server
 * or another aggregated API server, not by the API server itself: its types are
 * therefore written here rather than generated from the API server's spec.
 */
import type { ObjectMeta } from "../api/meta.js";
import { defineResource } from "../resource/descriptor.js";

/**
 * Usage per resource name (`cpu`, `memory`), as quantity strings ("250m", "1536Mi").
 *
 * @example
 * ```ts
 * const usage: ResourceUsage = (await new Api(NodeMetrics, { client }).get("node-1")).usage;
 * console.log(Quantity.parse(usage.cpu ?? "0").toString(), usage.memory);
 * ```
 */
export type ResourceUsage = Record<string, string>;

/**
 * The resource usage of one node, as metrics-server measures it (`metrics.k8s.io/v1beta1`).
 *
 * @example
 * ```ts
 * const nodeMetrics = new Api(NodeMetrics, { client });
 * const metrics: NodeMetrics = await nodeMetrics.get("node-1");
 * console.log(metrics.usage.cpu, metrics.usage.memory, `over ${metrics.window}`);
 * ```
 */
export interface NodeMetrics {
  apiVersion?: "metrics.k8s.io/v1beta1";
  kind?: "NodeMetrics";
  metadata: ObjectMeta;
  /** When the usage was measured (RFC 3339). */
  timestamp: string;
  /** The interval the usage was averaged over, e.g. "20s". */
  window: string;
  usage: ResourceUsage;
}

/**
 * The usage of one container of a pod.
 *
 * @example
 * ```ts
 * const metrics = await new Api(PodMetrics, { client, namespace: "default" }).get("web-0");
 * const heaviest: ContainerMetrics | undefined = metrics.containers.sort((a, b) => compareQuantities(b.usage.memory ?? "0", a.usage.memory ?? "0"))[0];
 * ```
 */
export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

/**
 * The resource usage of one pod, per container, as metrics-server measures it.
 *
 * @example
 * ```ts
 * const metrics: PodMetrics = await new Api(PodMetrics, { client, namespace: "default" }).get("web-0");
 * for (const container of metrics.containers) console.log(container.name, container.usage.cpu, container.usage.memory);
 * ```
 */
export interface PodMetrics {
  apiVersion?: "metrics.k8s.io/v1beta1";
  kind?: "PodMetrics";
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

/**
 * The descriptor of `NodeMetrics` (cluster-scoped; get and list), for `new Api(NodeMetrics, { client })`.
 *
 * @example
 * ```ts
 * const nodeMetrics = new Api(NodeMetrics, { client });
 * for (const node of (await nodeMetrics.list()).items) console.log(node.metadata.name, node.usage.cpu);
 * ```
 */
export const NodeMetrics = defineResource<NodeMetrics>()({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "NodeMetrics",
  plural: "nodes",
  namespaced: false,
  verbs: ["get", "list"],
});

/**
 * The descriptor of `PodMetrics` (namespaced; get and list), for `new Api(PodMetrics, { client, namespace })`.
 *
 * @example
 * ```ts
 * const podMetrics = new Api(PodMetrics, { client, namespace: "default" });
 * const busy = (await podMetrics.list({ labelSelector: "app=web" })).items.map((m) => m.metadata.name);
 * ```
 */
export const PodMetrics = defineResource<PodMetrics>()({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "PodMetrics",
  plural: "pods",
  namespaced: true,
  verbs: ["get", "list"],
});
