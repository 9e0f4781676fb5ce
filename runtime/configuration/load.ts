import { isInCluster, loadInCluster } from "./in-cluster.js";
import { loadKubeconfig } from "./kubeconfig.js";
import type { ClientConfiguration } from "./types.js";

/** What kubectl does: in-cluster when running in a pod, the kubeconfig otherwise. */
export function loadConfiguration(): ClientConfiguration {
  return isInCluster() ? loadInCluster() : loadKubeconfig();
}
