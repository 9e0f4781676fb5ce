export { NodeMetrics, PodMetrics, type ContainerMetrics, type ResourceUsage } from "./types.js";
export { topNodes, topPods, type NodeTop, type PodTop, type ResourceUse } from "./top.js";
