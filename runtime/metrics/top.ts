/**
 * `kubectl top` as functions: resource metrics joined with what nodes can
 * allocate, with exact quantities.
 */
import { Api } from "../api/api.js";
import { checkOptions } from "../api/arguments.js";
import type { ObjectMeta } from "../api/meta.js";
import type { BaseClient } from "../client/base-client.js";
import { capMessage, KubexProtocolError } from "../errors.js";
import { Quantity } from "../quantity/index.js";
import { defineResource } from "../resource/descriptor.js";
import { NodeMetrics, PodMetrics, type ResourceUsage } from "./types.js";

/** Just what `top` reads of a Node: its name and allocatable resources. */
interface NodeCapacity {
  metadata: ObjectMeta;
  status?: { capacity?: ResourceUsage; allocatable?: ResourceUsage };
}
const Nodes = defineResource<NodeCapacity>()({ group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false, verbs: ["get", "list"] });

/**
 * One resource of a node: what is used, what the node can allocate, and the share.
 *
 * @example
 * ```ts
 * const [node] = await topNodes(client);
 * const cpu: ResourceUse | undefined = node?.cpu;
 * if (cpu?.fraction !== undefined && cpu.fraction > 0.9) console.warn(`${node?.name}: CPU at ${Math.round(cpu.fraction * 100)} %`);
 * ```
 */
export interface ResourceUse {
  readonly usage: Quantity;
  /** What the node can allocate to pods (absent when the node reports none). */
  readonly allocatable?: Quantity;
  /** usage / allocatable, e.g. 0.25 for 25 %. */
  readonly fraction?: number;
}

/**
 * One row of `kubectl top nodes`.
 *
 * @example
 * ```ts
 * const rows: NodeTop[] = await topNodes(client);
 * for (const row of rows) console.log(row.name, row.cpu.usage.toString(), `${Math.round((row.memory.fraction ?? 0) * 100)}%`);
 * ```
 */
export interface NodeTop {
  readonly name: string;
  readonly cpu: ResourceUse;
  readonly memory: ResourceUse;
  readonly timestamp: string;
  readonly window: string;
}

/**
 * One row of `kubectl top pods --containers`: the pod's sums and each container's use.
 *
 * @example
 * ```ts
 * const rows: PodTop[] = await topPods(client, { namespace: "default" });
 * for (const row of rows) for (const c of row.containers) console.log(row.name, c.name, c.cpu.toString(), c.memory.toString());
 * ```
 */
export interface PodTop {
  readonly name: string;
  readonly namespace: string;
  /** Sums over the pod's containers. */
  readonly cpu: Quantity;
  readonly memory: Quantity;
  readonly containers: readonly { readonly name: string; readonly cpu: Quantity; readonly memory: Quantity }[];
  readonly timestamp: string;
  readonly window: string;
}

/**
 * A label selector, cancellation and the per-request timeout of a `top` call.
 *
 * @example
 * ```ts
 * const options: TopCallOptions = { labelSelector: "node-role.kubernetes.io/control-plane", requestTimeout: 10 };
 * const controlPlane = await topNodes(client, options);
 * ```
 */
export interface TopCallOptions {
  readonly labelSelector?: string;
  readonly signal?: AbortSignal;
  readonly requestTimeout?: number;
}

const zero = Quantity.parse("0");

/**
 * Reads one list item; what the server sent is trusted for its shape only as far as the
 * list check went, so an item of another shape or a usage that is not a quantity is the
 * server's malformed reply, not a TypeError or an argument error.
 */
function decoded<T>(listKind: string, index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new KubexProtocolError(`metrics: item ${index} of the ${listKind} is malformed: ${capMessage(error instanceof Error ? error.message : String(error), 256)}`, { cause: error });
  }
}
const used = (usage: ResourceUsage | undefined, resource: string) => (usage?.[resource] === undefined ? zero : Quantity.parse(usage[resource]!));

function use(usage: Quantity, allocatableText: string | undefined): ResourceUse {
  if (allocatableText === undefined) return { usage };
  const allocatable = Quantity.parse(allocatableText);
  return allocatable.isZero() ? { usage, allocatable } : { usage, allocatable, fraction: usage.toNumber() / allocatable.toNumber() };
}

const call = (options: TopCallOptions) => ({
  ...(options.labelSelector !== undefined ? { labelSelector: options.labelSelector } : {}),
  ...(options.signal ? { signal: options.signal } : {}),
  ...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
});

/**
 * CPU and memory use of every node, with the share of what it can allocate, sorted by name.
 *
 * @example
 * ```ts
 * // kubectl top nodes
 * for (const node of await topNodes(client)) {
 *   console.log(node.name, node.cpu.usage.toString(), node.memory.usage.toString(), node.memory.fraction);
 * }
 * ```
 */
export async function topNodes(client: BaseClient, options: TopCallOptions = {}): Promise<NodeTop[]> {
  checkOptions(options);
  const [metrics, nodes] = await Promise.all([new Api(NodeMetrics, { client }).list(call(options)), new Api(Nodes, { client }).list(call(options))]);
  const allocatable = new Map(nodes.items.map((n, i) => decoded("NodeList", i, () => [n.metadata.name, n.status?.allocatable ?? n.status?.capacity] as const)));
  return metrics.items
    .map((m, i) => decoded("NodeMetricsList", i, () => {
      const name = m.metadata.name ?? "";
      const capacity = allocatable.get(name);
      return { name, cpu: use(used(m.usage, "cpu"), capacity?.cpu), memory: use(used(m.usage, "memory"), capacity?.memory), timestamp: m.timestamp, window: m.window };
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * CPU and memory use of the pods of one namespace (or all), per pod and per container, sorted by namespace and name.
 *
 * @example
 * ```ts
 * // kubectl top pods -A, the five pods using the most memory
 * const pods = await topPods(client, { allNamespaces: true });
 * const top5 = pods.sort((a, b) => b.memory.cmp(a.memory)).slice(0, 5);
 * ```
 */
export async function topPods(client: BaseClient, options: TopCallOptions & { readonly namespace?: string; readonly allNamespaces?: boolean } = {}): Promise<PodTop[]> {
  checkOptions(options);
  const api = new Api(PodMetrics, { client, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) });
  const list = await api.list({ ...call(options), ...(options.allNamespaces ? { allNamespaces: true } : {}) });
  return list.items
    .map((m, i) => decoded("PodMetricsList", i, () => {
      const containers = (m.containers ?? []).map((c) => ({ name: c.name, cpu: used(c.usage, "cpu"), memory: used(c.usage, "memory") }));
      return {
        name: m.metadata.name ?? "",
        namespace: m.metadata.namespace ?? "",
        cpu: containers.reduce((sum, c) => sum.add(c.cpu), zero),
        memory: containers.reduce((sum, c) => sum.add(c.memory), zero),
        containers,
        timestamp: m.timestamp,
        window: m.window,
      };
    }))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
