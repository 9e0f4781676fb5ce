/**
 * Where `kubectl port-forward svc/web 8080:80` really connects: a running, ready
 * pod chosen by the object's selector, and the container port behind each
 * Service port (numbers and named ports). Pure functions over parsed objects.
 */
import { KubexArgumentError, KubexClientError } from "../errors.js";

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The parts of a Service the choice depends on. */
export interface ServiceLike {
  metadata?: { name?: string };
  spec?: {
    selector?: Record<string, string>;
    ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
  };
}

/** The parts of a Deployment, ReplicaSet or StatefulSet the choice depends on. */
export interface WorkloadLike {
  kind?: string;
  metadata?: { name?: string };
  spec?: { selector?: LabelSelector };
}

/** The parts of a Pod the choice depends on. */
export interface PodLike {
  metadata?: { name?: string; creationTimestamp?: string; deletionTimestamp?: string };
  spec?: { nodeName?: string; containers?: { name: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/**
 * No pod behind the object can take the connection.
 *
 * @example
 * ```ts
 * const services = new Api(Service, { client, namespace: "default" });
 * try {
 *   await services.portforward.listen("web", { portMap: { 80: 0 } });
 * } catch (error) {
 *   if (error instanceof KubexNoReadyPodError) console.error("no ready pod behind service/web yet");
 * }
 * ```
 */
export class KubexNoReadyPodError extends KubexClientError {
  constructor(message: string) {
    super(message, { code: "KUBEX_NO_READY_POD" });
  }
}

/** A label selector string (`a=b,c in (d,e)`) from a Service's map or a workload's LabelSelector. */
export function labelSelectorOf(object: ServiceLike | WorkloadLike, what: string): string {
  const selector = object.spec?.selector;
  if (!selector || typeof selector !== "object") throw new KubexNoReadyPodError(`${what} has no selector, so no pod is behind it`);
  const isLabelSelector = "matchLabels" in selector || "matchExpressions" in selector;
  const labels = (isLabelSelector ? (selector as LabelSelector).matchLabels : (selector as Record<string, string>)) ?? {};
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of isLabelSelector ? ((selector as LabelSelector).matchExpressions ?? []) : []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
    else throw new KubexArgumentError("selector", `unknown operator ${JSON.stringify(e.operator)} in ${what}`);
  }
  if (parts.length === 0) throw new KubexNoReadyPodError(`${what} has an empty selector, so no pod is behind it`);
  return parts.join(",");
}

const isReady = (pod: PodLike) => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/**
 * The pod to connect to: running, ready and not being deleted; among several, the
 * oldest (the one most likely to stay), then by name, so the choice is stable.
 */
export function pickPod(pods: readonly PodLike[], what: string): PodLike & { metadata: { name: string } } {
  const candidates = pods
    .filter((p) => p.status?.phase === "Running" && isReady(p) && !p.metadata?.deletionTimestamp && p.metadata?.name)
    .sort((a, b) => (a.metadata!.creationTimestamp ?? "").localeCompare(b.metadata!.creationTimestamp ?? "") || a.metadata!.name!.localeCompare(b.metadata!.name!));
  const chosen = candidates[0];
  if (!chosen) {
    const states = pods.map((p) => `${p.metadata?.name}: ${p.status?.phase ?? "unknown"}${isReady(p) ? "" : ", not ready"}`).join("; ");
    throw new KubexNoReadyPodError(`no running and ready pod behind ${what}${states ? ` (${states})` : " (no pods match its selector)"}`);
  }
  return chosen as PodLike & { metadata: { name: string } };
}

/** The pod's port behind a Service port: its targetPort, a named container port looked up in the pod, or the port itself. */
export function podPortForServicePort(service: ServiceLike, pod: PodLike, servicePort: number): number {
  const name = service.metadata?.name ?? "service";
  const entry = service.spec?.ports?.find((p) => p.port === servicePort && (p.protocol ?? "TCP") === "TCP");
  if (!entry) throw new KubexArgumentError("portMap", `Service ${name} has no TCP port ${servicePort}`);
  const target = entry.targetPort;
  if (target === undefined || target === 0 || target === "") return servicePort;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    const port = container.ports?.find((p) => p.name === target && (p.protocol ?? "TCP") === "TCP");
    if (port) return port.containerPort;
  }
  throw new KubexArgumentError("portMap", `pod ${pod.metadata?.name} has no container port named ${JSON.stringify(target)} (targetPort of Service ${name} port ${servicePort})`);
}

/** A pod port given by name (`http`) or number, resolved against the pod's container ports. */
export function podPort(pod: PodLike, port: number | string): number {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  for (const container of pod.spec?.containers ?? []) {
    const found = container.ports?.find((p) => p.name === port);
    if (found) return found.containerPort;
  }
  throw new KubexArgumentError("portMap", `pod ${pod.metadata?.name} has no container port named ${JSON.stringify(port)}`);
}
