import { existsSync } from "node:fs";
import { isInCluster, loadInCluster } from "./in-cluster.js";
import { kubeconfigPaths, loadKubeconfig } from "./kubeconfig.js";
import { checkLoaderOptions } from "./loader-options.js";
import type { ClientConfiguration } from "./types.js";

export interface LoadConfigurationOptions {
  /** Environment to read `KUBECONFIG`, `HOME` and `KUBERNETES_SERVICE_*` from (defaults to `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Service-account directory (defaults to `/var/run/secrets/kubernetes.io/serviceaccount`). */
  readonly serviceAccountDir?: string;
}

/**
 * What kubectl (client-go's deferred loading) does: a kubeconfig when one exists
 * (`KUBECONFIG` or `~/.kube/config`), else the in-cluster configuration when
 * running in a pod, else the error explaining that no kubeconfig was found.
 */
export function loadConfiguration(options: LoadConfigurationOptions = {}): ClientConfiguration {
  checkLoaderOptions(options, { env: "env", serviceAccountDir: "path" });
  const env = options.env ?? process.env;
  const hasKubeconfig = kubeconfigPaths({ env }).some((path) => existsSync(path));
  const inClusterOptions = { env, ...(options.serviceAccountDir !== undefined ? { dir: options.serviceAccountDir } : {}) };
  if (!hasKubeconfig && isInCluster(inClusterOptions)) return loadInCluster(inClusterOptions);
  return loadKubeconfig({ env });
}
