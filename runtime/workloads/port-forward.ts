/**
 * Port-forward to a Service or a workload the way `kubectl port-forward svc/web`
 * does: find a running, ready pod behind it, map each port to the pod's port, and
 * forward to that pod. The listener reports local ports by the ports asked for.
 */
import { Api } from "../api/api.js";
import { checkClient, checkNamespaceOption, checkObject } from "../api/arguments.js";
import type { BaseClient } from "../client/base-client.js";
import { KubexArgumentError } from "../errors.js";
import { defineResource } from "../resource/descriptor.js";
import type { PortForwardListener, PortForwardSession, PortStream } from "../stream/portforward.js";
import { labelSelectorOf, pickPod, podPort, podPortForServicePort, type PodLike, type ServiceLike, type WorkloadLike } from "../stream/forward-target.js";

/**
 * What can be forwarded to: a pod, or an object with a pod selector.
 *
 * @example
 * ```ts
 * const kind: ForwardTargetKind = "Deployment";
 * await using listener = await listenTo(client, { kind, name: "web" }, { portMap: { 8080: 0 } });
 * ```
 */
export type ForwardTargetKind = "Pod" | "Service" | "Deployment" | "ReplicaSet" | "StatefulSet";

/**
 * The object to forward to: its kind, name and namespace.
 *
 * @example
 * ```ts
 * const target: ForwardTargetRef = { kind: "Service", name: "web", namespace: "shop" };
 * const resolved = await resolveForwardTarget(client, target, [80]);
 * ```
 */
export interface ForwardTargetRef {
  readonly kind: ForwardTargetKind;
  readonly name: string;
  /** Defaults to the configuration's namespace. */
  readonly namespace?: string;
}

/**
 * The pod chosen and, for each port asked for, the pod's port.
 *
 * @example
 * ```ts
 * const resolved: ResolvedForwardTarget = await resolveForwardTarget(client, { kind: "Service", name: "web" }, [80]);
 * console.log(`service port 80 -> ${resolved.pod}:${resolved.ports.get(80)}`);
 * ```
 */
export interface ResolvedForwardTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly ports: ReadonlyMap<number, number>;
}

const Pods = defineResource<PodLike>()({ group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, verbs: ["get", "list"], subresources: ["portforward"] });
const Services = defineResource<ServiceLike>()({ group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, verbs: ["get"] });
const workloads = {
  Deployment: defineResource<WorkloadLike>()({ group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, verbs: ["get"] }),
  ReplicaSet: defineResource<WorkloadLike>()({ group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", namespaced: true, verbs: ["get"] }),
  StatefulSet: defineResource<WorkloadLike>()({ group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", namespaced: true, verbs: ["get"] }),
};

/**
 * Cancellation and the per-request timeout of the lookups that find the pod.
 *
 * @example
 * ```ts
 * const options: ForwardCallOptions = { signal: AbortSignal.timeout(5_000), requestTimeout: 2 };
 * const resolved = await resolveForwardTarget(client, { kind: "StatefulSet", name: "db" }, [5432], options);
 * ```
 */
export interface ForwardCallOptions {
  readonly signal?: AbortSignal;
  readonly requestTimeout?: number;
}
const call = (o: ForwardCallOptions) => ({ ...(o.signal ? { signal: o.signal } : {}), ...(o.requestTimeout !== undefined ? { requestTimeout: o.requestTimeout } : {}) });

/** The target's shape; only an absent namespace falls back to the configuration's. */
function checkTarget(target: unknown): asserts target is ForwardTargetRef {
  if (typeof target !== "object" || target === null || Array.isArray(target)) throw new KubexArgumentError("target", "must be an object { kind, name, namespace? }");
  checkNamespaceOption("target.namespace", (target as { namespace?: unknown }).namespace);
}

/**
 * Resolves `target` to a pod and pod ports, as kubectl does before it forwards.
 *
 * @example
 * ```ts
 * // Which pod `kubectl port-forward svc/web 80` would use, and its port for service port 80.
 * const { pod, ports } = await resolveForwardTarget(client, { kind: "Service", name: "web", namespace: "default" }, [80]);
 * console.log(pod, ports.get(80));
 * ```
 */
export async function resolveForwardTarget(client: BaseClient, target: ForwardTargetRef, ports: readonly (number | string)[], options: ForwardCallOptions = {}): Promise<ResolvedForwardTarget> {
  checkClient(client);
  checkTarget(target);
  checkObject("options", options, "{ signal?, requestTimeout? }");
  const namespace = target.namespace === undefined ? client.configuration.namespace : target.namespace;
  const pods = new Api(Pods, { client, namespace });
  const what = `${target.kind} ${target.name}`;
  let pod: PodLike & { metadata: { name: string } };
  let service: ServiceLike | undefined;
  if (target.kind === "Pod") {
    pod = (await pods.get(target.name, call(options))) as PodLike & { metadata: { name: string } };
  } else {
    const owner = target.kind === "Service"
      ? (service = await new Api(Services, { client, namespace }).get(target.name, call(options)))
      : Object.hasOwn(workloads, target.kind)
        ? await new Api(workloads[target.kind as keyof typeof workloads], { client, namespace }).get(target.name, call(options))
        : undefined;
    if (!owner) throw new KubexArgumentError("target.kind", `cannot forward to a ${String(target.kind)}; use Pod, Service, Deployment, ReplicaSet or StatefulSet`);
    const candidates = await pods.list({ labelSelector: labelSelectorOf(owner, what), ...call(options) });
    pod = pickPod(candidates.items, what);
  }
  const mapped = new Map<number, number>();
  for (const port of ports) {
    const asked = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : port;
    if (service) {
      if (typeof asked !== "number") throw new KubexArgumentError("portMap", `a Service is forwarded by port number, got ${JSON.stringify(port)}`);
      mapped.set(asked, podPortForServicePort(service, pod, asked));
    } else {
      mapped.set(typeof asked === "number" ? asked : podPort(pod, asked), podPort(pod, asked));
    }
  }
  return { namespace, pod: pod.metadata.name, ports: mapped };
}

/**
 * Loopback listeners for a Service's or workload's ports: `{ 80: 0 }` binds a free
 * local port for Service port 80; `listener.ports[80]` is that local port.
 *
 * @example
 * ```ts
 * // kubectl port-forward svc/web :80
 * await using listener = await listenTo(client, { kind: "Service", name: "web" }, { portMap: { 80: 0 } });
 * console.log(`http://127.0.0.1:${listener.ports[80]} -> ${listener.target.pod}`);
 * ```
 */
export async function listenTo(
  client: BaseClient,
  target: ForwardTargetRef,
  options: ForwardCallOptions & { readonly portMap: Readonly<Record<number, number>> },
): Promise<PortForwardListener & { readonly target: ResolvedForwardTarget }> {
  checkObject("options", options, "{ portMap, signal?, requestTimeout? }");
  checkObject("options.portMap", options.portMap, "of local ports by remote port");
  const asked = Object.keys(options.portMap).map(Number);
  const resolved = await resolveForwardTarget(client, target, asked, options);
  const pods = new Api(Pods, { client, namespace: resolved.namespace });
  const listeners: PortForwardListener[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(listeners.map((listener) => listener.close()));
  };
  const ports: Record<number, number> = {};
  try {
    for (const group of byDistinctPodPort(asked, resolved.ports)) {
      const podPortMap: Record<number, number> = {};
      for (const port of group) podPortMap[resolved.ports.get(port)!] = options.portMap[port]!;
      const listener = await pods.portforward.listen(resolved.pod, { portMap: podPortMap });
      listeners.push(listener);
      for (const port of group) ports[port] = listener.ports[resolved.ports.get(port)!]!;
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { target: resolved, ports, close, [Symbol.asyncDispose]: close };
}

/**
 * The asked ports in groups whose pod ports differ: a listener maps each pod port once, and two
 * asked ports may lead to one pod port (Service ports 80 and 81 both targeting 8080), each with
 * its own local port, as kubectl binds both.
 */
function byDistinctPodPort(asked: readonly number[], podPorts: ReadonlyMap<number, number>): number[][] {
  const groups: number[][] = [];
  for (const port of asked) {
    const leadsTo = podPorts.get(port);
    const group = groups.find((g) => g.every((other) => podPorts.get(other) !== leadsTo));
    if (group) group.push(port);
    else groups.push([port]);
  }
  return groups;
}

/**
 * One session to the chosen pod; `session.ports` is keyed by the ports asked for.
 *
 * @example
 * ```ts
 * await using session = await forwardTo(client, { kind: "Deployment", name: "redis" }, { ports: [6379] });
 * await session.ports.get(6379)!.write(new TextEncoder().encode("PING\r\n"));
 * ```
 */
export async function forwardTo(
  client: BaseClient,
  target: ForwardTargetRef,
  options: ForwardCallOptions & { readonly ports: readonly number[] },
): Promise<PortForwardSession & { readonly target: ResolvedForwardTarget }> {
  checkObject("options", options, "{ ports, signal?, requestTimeout? }");
  if (!Array.isArray(options.ports)) throw new KubexArgumentError("options.ports", "must be a list of remote ports");
  const resolved = await resolveForwardTarget(client, target, options.ports, options);
  const pods = new Api(Pods, { client, namespace: resolved.namespace });
  const session = await pods.portforward.forward(resolved.pod, { ports: [...new Set(resolved.ports.values())], ...(options.signal ? { signal: options.signal } : {}) });
  const ports = new Map<number, PortStream>();
  for (const port of options.ports) ports.set(port, session.ports.get(resolved.ports.get(port)!)!);
  return { target: resolved, ports, closed: session.closed, close: () => session.close(), [Symbol.asyncDispose]: () => session.close() };
}
