/**
 * Accessors for tasks built from several calls rather than one subresource:
 * `pods.cp` (exec and tar) and `services.portforward` / `deployments.portforward`
 * (a ready pod behind the object). They load their task module on first use, so
 * the Api layer does not depend on it statically.
 */
import type { CopyOptions, CopyResult } from "../cp/cp.js";
import type { ResourceContext } from "../resource/context.js";
import type { AnyResourceDescriptor, ObjectOf, SubresourceOf } from "../resource/descriptor.js";
import type { PortForwardListener, PortForwardSession } from "../stream/portforward.js";
import type { ForwardTargetKind, ResolvedForwardTarget } from "../workloads/port-forward.js";

/**
 * The namespace, cancellation and per-request timeout of a workload port-forward.
 *
 * @example
 * ```ts
 * const services = new Api(Service, { client, namespace: "default" });
 * const options: TargetCallOptions = { namespace: "shop", requestTimeout: 10 };
 * const session = await services.portforward.forward("web", { ...options, ports: [80] });
 * ```
 */
export interface TargetCallOptions {
  readonly namespace?: string;
  readonly signal?: AbortSignal;
  readonly requestTimeout?: number;
}

/**
 * Port-forward to the running, ready pod behind a Service, Deployment, ReplicaSet or StatefulSet.
 *
 * @example
 * ```ts
 * const services = new Api(Service, { client, namespace: "default" });
 * // localhost:<random> -> port 80 of the Service, through a ready pod behind it
 * const listener = await services.portforward.listen("web", { portMap: { 80: 0 } });
 * console.log(`http://127.0.0.1:${listener.ports[80]}`, "via", listener.target.pod);
 * ```
 */
export class WorkloadPortForwardAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** Loopback listeners by the object's ports (a Service's ports, or container ports): `{ 80: 0 }`. */
  async listen(name: string, options: TargetCallOptions & { readonly portMap: Readonly<Record<number, number>> }): Promise<PortForwardListener & { readonly target: ResolvedForwardTarget }> {
    const { listenTo } = await import("../workloads/port-forward.js");
    return listenTo(this.context.client, this.target(name, options), options);
  }

  /** One session; `session.ports` is keyed by the ports asked for. */
  async forward(name: string, options: TargetCallOptions & { readonly ports: readonly number[] }): Promise<PortForwardSession & { readonly target: ResolvedForwardTarget }> {
    const { forwardTo } = await import("../workloads/port-forward.js");
    return forwardTo(this.context.client, this.target(name, options), options);
  }

  private target(name: string, options: TargetCallOptions) {
    const namespace = this.context.namespaceFor(options?.namespace);
    return { kind: this.context.descriptor.kind as ForwardTargetKind, name, ...(namespace !== undefined ? { namespace } : {}) };
  }
}

/**
 * `kubectl cp` for one kind of pod object: over exec and tar.
 *
 * @example
 * ```ts
 * await pods.cp.toPod("web-0", "./site", "/usr/share/nginx/html", { container: "nginx" });
 * const result = await pods.cp.fromPod("web-0", "/var/log/app.log", "./app.log");
 * ```
 */
export class CopyAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  /** Copies a file or directory out of the pod's container. */
  async fromPod(name: string, remotePath: string, localPath: string, options: CopyOptions = {}): Promise<CopyResult> {
    const { copyFromPod } = await import("../cp/cp.js");
    return copyFromPod(this.context.client, name, remotePath, localPath, this.withNamespace(options));
  }

  /** Copies a local file or directory into the pod's container. */
  async toPod(name: string, localPath: string, remotePath: string, options: CopyOptions = {}): Promise<CopyResult> {
    const { copyToPod } = await import("../cp/cp.js");
    return copyToPod(this.context.client, name, localPath, remotePath, this.withNamespace(options));
  }

  private withNamespace(options: CopyOptions): CopyOptions {
    const namespace = this.context.namespaceFor(options?.namespace);
    return namespace === undefined ? options : { ...options, namespace };
  }
}

/** The built-in kinds that have a pod selector to forward through. */
const forwardable: Record<string, string> = { Service: "v1", Deployment: "apps/v1", ReplicaSet: "apps/v1", StatefulSet: "apps/v1" };

type ForwardableObject =
  | { apiVersion?: "v1"; kind?: "Service" }
  | { apiVersion?: "apps/v1"; kind?: "Deployment" | "ReplicaSet" | "StatefulSet" };

/**
 * `portforward` for the forwardable kinds, `cp` for kinds with `exec`.
 *
 * @example
 * ```ts
 * // Deployments can be port-forwarded to; pods (with exec) have cp.
 * const forward: TaskAccessorsOf<typeof Deployment>["portforward"] = deployments.portforward;
 * const cp: TaskAccessorsOf<typeof Pod>["cp"] = pods.cp;
 * ```
 */
export type TaskAccessorsOf<D> = (ObjectOf<D> extends ForwardableObject ? (string extends keyof ObjectOf<D> ? unknown : { readonly portforward: WorkloadPortForwardAccessor }) : unknown) &
  ("exec" extends SubresourceOf<D> ? { readonly cp: CopyAccessor } : unknown);

export function defineTaskAccessors(target: object, context: ResourceContext, descriptor: AnyResourceDescriptor): void {
  if (forwardable[descriptor.kind] === descriptor.apiVersion) {
    Object.defineProperty(target, "portforward", { value: new WorkloadPortForwardAccessor(context), enumerable: true });
  }
  if (descriptor.subresources.includes("exec")) Object.defineProperty(target, "cp", { value: new CopyAccessor(context), enumerable: true });
}
