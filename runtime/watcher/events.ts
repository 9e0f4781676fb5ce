/**
 * What a watcher yields. A (re)list is visible as `Init`, `InitApply`… and
 * `InitDone`: anything known before `Init` and not applied again by `InitDone`
 * is gone. Bookmarks are never yielded; they only move the resume point.
 */
export type WatcherEvent<T> =
  | { readonly type: "Init" }
  | { readonly type: "InitApply"; readonly object: T }
  | { readonly type: "InitDone" }
  | { readonly type: "Apply"; readonly object: T }
  | { readonly type: "Delete"; readonly object: T };

export type WatcherEventType = WatcherEvent<unknown>["type"];

/** The store key of an object: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: unknown): string {
  const metadata = (object as { metadata?: { name?: string; namespace?: string } }).metadata;
  const name = metadata?.name ?? "";
  return metadata?.namespace ? `${metadata.namespace}/${name}` : name;
}

export function resourceVersionOf(object: unknown): string | undefined {
  return (object as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
}
