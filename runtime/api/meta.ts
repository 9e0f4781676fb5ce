/**
 * The few object shapes the runtime itself reads or builds. Structural, so the
 * generated types of any Kubernetes version fit them; the runtime never imports
 * generated code.
 */
import type { Status } from "../errors.js";

/**
 * The metadata every object has: name, namespace, labels, annotations, owners, resourceVersion.
 *
 * @example
 * ```ts
 * // The metadata of a custom resource's type.
 * interface Backup { apiVersion?: "example.com/v1"; kind?: "Backup"; metadata?: ObjectMeta; spec?: { schedule: string } }
 * const Backup = defineResource<Backup>()({ group: "example.com", version: "v1", kind: "Backup", plural: "backups", namespaced: true });
 * const backups = new Api(Backup, { client, namespace: "default" });
 * const metadata: ObjectMeta = { name: "nightly", labels: { app: "web" } };
 * await backups.create({ metadata, spec: { schedule: "0 3 * * *" } });
 * ```
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  managedFields?: { manager?: string; operation?: string; apiVersion?: string; time?: string; fieldsType?: string; fieldsV1?: unknown; subresource?: string }[];
}

/**
 * The metadata of a list: its resourceVersion (to watch from) and the continue token of the next page.
 *
 * @example
 * ```ts
 * const page = await pods.list({ limit: 100 });
 * const meta: ListMeta = page.metadata;
 * if (meta.continue) await pods.list({ limit: 100, continue: meta.continue });
 * ```
 */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/**
 * Any Kubernetes object: what `Api` requires of the type its descriptor carries.
 *
 * @example
 * ```ts
 * // The type of a kind that has no generated type: a custom resource seen by discovery.
 * const Backup = defineResource<KubernetesObject & { spec?: { schedule?: string } }>()({
 *   group: "example.com", version: "v1", kind: "Backup", plural: "backups", namespaced: true,
 * });
 * const backups = new Api(Backup, { client, namespace: "default" });
 * for (const backup of (await backups.list()).items) console.log(backup.metadata?.name, backup.spec?.schedule);
 * ```
 */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * One page of a list: the items and the list's metadata.
 *
 * @example
 * ```ts
 * const list: ObjectList<Pod> = await pods.list({ labelSelector: "app=web" });
 * console.log(list.items.length, list.metadata.resourceVersion);
 * ```
 */
export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/**
 * The types of the events a watch yields (ERROR events are thrown instead).
 *
 * @example
 * ```ts
 * const counts: Partial<Record<WatchEventType, number>> = {};
 * for await (const event of pods.watch({ timeoutSeconds: 60 })) counts[event.type] = (counts[event.type] ?? 0) + 1;
 * ```
 */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

/**
 * What a BOOKMARK carries: a resourceVersion to resume from, and annotations (`k8s.io/initial-events-end`).
 *
 * @example
 * ```ts
 * for await (const event of pods.watch({ sendInitialEvents: true })) {
 *   if (event.type === "BOOKMARK") {
 *     const bookmark: BookmarkObject = event.object;
 *     if (bookmark.metadata.annotations?.["k8s.io/initial-events-end"] === "true") console.log("synced at", bookmark.metadata.resourceVersion);
 *   }
 * }
 * ```
 */
export interface BookmarkObject {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
}

/**
 * One watch event, discriminated by `type`: a BOOKMARK carries only a resourceVersion,
 * the others the object. ERROR events are not yielded: they are thrown as typed errors.
 *
 * @example
 * ```ts
 * const handle = (event: WatchEvent<Pod>) => {
 *   if (event.type === "BOOKMARK") resourceVersion = event.object.metadata.resourceVersion;
 *   else console.log(event.type, event.object.status?.phase);
 * };
 * for await (const event of pods.watch({ allowWatchBookmarks: true })) handle(event);
 * ```
 */
export type WatchEvent<T> =
  | { type: "BOOKMARK"; object: BookmarkObject }
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: T };

/**
 * An object's metadata alone, as `api.metadata` calls answer.
 *
 * @example
 * ```ts
 * const meta: PartialObjectMetadata = await pods.metadata.get("web-0");
 * console.log(meta.metadata.labels, meta.metadata.ownerReferences);
 * ```
 */
export interface PartialObjectMetadata {
  apiVersion: "meta.k8s.io/v1";
  kind: "PartialObjectMetadata";
  metadata: ObjectMeta;
}

/**
 * A list of metadata only, as `api.metadata.list` answers.
 *
 * @example
 * ```ts
 * const list: PartialObjectMetadataList = await pods.metadata.list({ labelSelector: "app=web" });
 * const names = list.items.map((item) => item.metadata.name);
 * ```
 */
export interface PartialObjectMetadataList {
  apiVersion: "meta.k8s.io/v1";
  kind: "PartialObjectMetadataList";
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

/**
 * autoscaling/v1 Scale.
 *
 * @example
 * ```ts
 * const scale: Scale = await deployments.scale.get("web");
 * await deployments.scale.patch("web", { spec: { replicas: (scale.spec?.replicas ?? 1) + 1 } });
 * ```
 */
export interface Scale {
  apiVersion?: "autoscaling/v1";
  kind?: "Scale";
  metadata?: ObjectMeta;
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/**
 * What must still hold for a delete to go ahead: the object's uid or resourceVersion.
 *
 * @example
 * ```ts
 * const preconditions: Preconditions = { uid: cm.metadata?.uid, resourceVersion: cm.metadata?.resourceVersion };
 * await configMaps.delete("settings", { preconditions });
 * ```
 */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * How an object is deleted: grace period, propagation to its dependents, preconditions.
 *
 * @example
 * ```ts
 * const options: DeleteOptions = { propagationPolicy: "Foreground", gracePeriodSeconds: 0 };
 * await deployments.delete("web", options);
 * ```
 */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: Preconditions;
}

/**
 * policy/v1 Eviction.
 *
 * @example
 * ```ts
 * const eviction: Omit<Eviction, "apiVersion" | "kind"> = { deleteOptions: { gracePeriodSeconds: 10 } };
 * await pods.eviction.create("web-0", eviction);
 * ```
 */
export interface Eviction {
  apiVersion?: "policy/v1";
  kind?: "Eviction";
  metadata?: ObjectMeta;
  deleteOptions?: DeleteOptions & { dryRun?: string[] };
}

export type { Status };
