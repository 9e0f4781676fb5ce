/**
 * The few object shapes the runtime itself reads or builds. Structural, so the
 * generated types of any Kubernetes version fit them; the runtime never imports
 * generated code.
 */
import type { Status } from "../errors.js";

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

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Any Kubernetes object: what `Api` requires of the type its descriptor carries. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

/** What a BOOKMARK carries: a resourceVersion to resume from, and annotations (`k8s.io/initial-events-end`). */
export interface BookmarkObject {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
}

/**
 * One watch event, discriminated by `type`: a BOOKMARK carries only a resourceVersion,
 * the others the object. ERROR events are not yielded: they are thrown as typed errors.
 */
export type WatchEvent<T> =
  | { type: "BOOKMARK"; object: BookmarkObject }
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: T };

export interface PartialObjectMetadata {
  apiVersion: "meta.k8s.io/v1";
  kind: "PartialObjectMetadata";
  metadata: ObjectMeta;
}

export interface PartialObjectMetadataList {
  apiVersion: "meta.k8s.io/v1";
  kind: "PartialObjectMetadataList";
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

/** autoscaling/v1 Scale. */
export interface Scale {
  apiVersion?: "autoscaling/v1";
  kind?: "Scale";
  metadata?: ObjectMeta;
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  preconditions?: Preconditions;
}

/** policy/v1 Eviction. */
export interface Eviction {
  apiVersion?: "policy/v1";
  kind?: "Eviction";
  metadata?: ObjectMeta;
  deleteOptions?: DeleteOptions & { dryRun?: string[] };
}

export type { Status };
