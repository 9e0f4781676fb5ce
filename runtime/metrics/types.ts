/**
 * The resource metrics API (`metrics.k8s.io/v1beta1`), served by metrics-server
 * or another aggregated API server, not by the API server itself: its types are
 * therefore written here rather than generated from the API server's spec.
 */
import type { ObjectMeta } from "../api/meta.js";
import { defineResource } from "../resource/descriptor.js";

/** Usage per resource name (`cpu`, `memory`), as quantity strings ("250m", "1536Mi"). */
export type ResourceUsage = Record<string, string>;

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

export interface ContainerMetrics {
  name: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  apiVersion?: "metrics.k8s.io/v1beta1";
  kind?: "PodMetrics";
  metadata: ObjectMeta;
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}

export const NodeMetrics = defineResource<NodeMetrics>()({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "NodeMetrics",
  plural: "nodes",
  namespaced: false,
  verbs: ["get", "list"],
});

export const PodMetrics = defineResource<PodMetrics>()({
  group: "metrics.k8s.io",
  version: "v1beta1",
  kind: "PodMetrics",
  plural: "pods",
  namespaced: true,
  verbs: ["get", "list"],
});
