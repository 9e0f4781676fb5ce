/**
 * The one table of subresources: path segment -> accessor property and factory.
 * An Api gets one property per subresource its descriptor lists; the accessor
 * types below derive from this table, so the two cannot drift.
 */
import type { ResourceContext } from "../resource/context.js";
import type { ObjectOf, SubresourceOf } from "../resource/descriptor.js";
import { AttachAccessor, ExecAccessor, PortForwardAccessor } from "../stream/accessors.js";
import { EvictionAccessor, LogsAccessor, SubresourceAccessor } from "./accessors.js";
import type { Scale } from "./meta.js";
import type { MergePatchType } from "./patch.js";

declare const self: unique symbol;
/** Stands for the Api's own object type in the table; the accessor types put the object type in its place. */
export interface Self { readonly [self]: true }

const scaleIdentity = { apiVersion: "autoscaling/v1", kind: "Scale" } as const;

/** A subresource whose body is the object itself, written with the object's identity. */
const ofObject = (name: string) => (c: ResourceContext) => new SubresourceAccessor<Self>(c, { name, identity: c.identity });

export const subresourceTable = {
  status: { property: "status", create: ofObject("status") },
  scale: { property: "scale", create: (c: ResourceContext) => new SubresourceAccessor<Scale>(c, { name: "scale", identity: scaleIdentity }) },
  log: { property: "logs", create: (c: ResourceContext) => new LogsAccessor(c) },
  eviction: { property: "eviction", create: (c: ResourceContext) => new EvictionAccessor(c) },
  ephemeralcontainers: { property: "ephemeralContainers", create: ofObject("ephemeralcontainers") },
  resize: { property: "resize", create: ofObject("resize") },
  exec: { property: "exec", create: (c: ResourceContext) => new ExecAccessor(c) },
  attach: { property: "attach", create: (c: ResourceContext) => new AttachAccessor(c) },
  portforward: { property: "portforward", create: (c: ResourceContext) => new PortForwardAccessor(c) },
} as const;

type Table = typeof subresourceTable;
type Made<S extends keyof Table> = ReturnType<Table[S]["create"]>;
/** The accessor a table row makes, with `Self` replaced by the object type `T`. */
type AccessorFor<S extends keyof Table, T, Merge extends "merge" | "strategic"> = [Made<S>] extends [SubresourceAccessor<infer B>]
  ? SubresourceAccessor<[B] extends [Self] ? T : B, Merge>
  : Made<S>;

/**
 * Accessor property -> accessor, for the subresources a descriptor lists.
 *
 * @example
 * ```ts
 * // Pod lists log, exec, eviction, status...: its Api has pods.logs, pods.exec, pods.eviction, pods.status.
 * type PodAccessors = SubresourceAccessorsOf<typeof Pod>;
 * const logs: PodAccessors["logs"] = pods.logs;
 * ```
 */
export type SubresourceAccessorsOf<D> = {
  [S in SubresourceOf<D> & keyof Table as Table[S]["property"]]: AccessorFor<S, ObjectOf<D>, MergePatchType<D>>;
};

/** Defines one property per listed subresource that the table knows (others, e.g. `proxy`, have no accessor). */
export function defineSubresourceAccessors(target: object, context: ResourceContext, subresources: readonly string[]): void {
  for (const sub of subresources) {
    if (!Object.hasOwn(subresourceTable, sub)) continue;
    const row = subresourceTable[sub as keyof Table];
    Object.defineProperty(target, row.property, { value: row.create(context), enumerable: true });
  }
}
