import { KubexArgumentError } from "../errors.js";

/**
 * What a watcher yields. A (re)list is visible as `Init`, `InitApply`… and
 * `InitDone`: anything known before `Init` and not applied again by `InitDone`
 * is gone. Bookmarks are never yielded; they only move the resume point.
 *
 * @example
 * ```ts
 * const names = new Set<string>();
 * for await (const event of watcher(pods, { signal })) {
 *   if (event.type === "Init") names.clear(); // a (re)list starts
 *   else if (event.type === "InitApply" || event.type === "Apply") names.add(objectKey(event.object));
 *   else if (event.type === "Delete") names.delete(objectKey(event.object));
 * }
 * ```
 */
export type WatcherEvent<T> =
  | { readonly type: "Init" }
  | { readonly type: "InitApply"; readonly object: T }
  | { readonly type: "InitDone" }
  | { readonly type: "Apply"; readonly object: T }
  | { readonly type: "Delete"; readonly object: T };

/**
 * The types of the events a watcher yields.
 *
 * @example
 * ```ts
 * const seen: Record<WatcherEventType, number> = { Init: 0, InitApply: 0, InitDone: 0, Apply: 0, Delete: 0 };
 * for await (const event of watcher(pods, { signal })) seen[event.type]++;
 * ```
 */
export type WatcherEventType = WatcherEvent<unknown>["type"];

/**
 * The store key of an object: `namespace/name`, or `name` for cluster-scoped objects.
 *
 * @example
 * ```ts
 * objectKey(await pods.get("web-0")); // "default/web-0"
 * objectKey(await namespaces.get("default")); // "default"
 * ```
 */
export function objectKey(object: unknown): string {
  if (typeof object !== "object" || object === null) throw new KubexArgumentError("object", `must be an object, got ${object === null ? "null" : typeof object}`);
  const metadata = (object as { metadata?: { name?: string; namespace?: string } }).metadata;
  const name = metadata?.name ?? "";
  return metadata?.namespace ? `${metadata.namespace}/${name}` : name;
}

export function resourceVersionOf(object: unknown): string | undefined {
  return (object as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
}
