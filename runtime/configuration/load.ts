import { existsSync } from "node:fs";
import { isInCluster, loadInCluster } from "./in-cluster.js";
import { kubeconfigPaths, loadKubeconfig } from "./kubeconfig.js";
import { checkLoaderOptions } from "./loader-options.js";
import type { ClientConfiguration } from "./types.js";

/**
 * Where `loadConfiguration` looks: the environment and the service-account directory.
 *
 * @example
 * ```ts
 * const options: LoadConfigurationOptions = { env: { ...process.env, KUBECONFIG: "./kubeconfig.yaml" } };
 * const configuration = loadConfiguration(options);
 * ```
 */
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
 *
 * @example
 * ```ts
 * const configuration = loadConfiguration();
 * console.log(`${configuration.server}, namespace ${configuration.namespace}`);
 * const client = await createClient({ configuration });
 * ```
 */
export function loadConfiguration(options: LoadConfigurationOptions = {}): ClientConfiguration {
  checkLoaderOptions(options, { env: "env", serviceAccountDir: "path" });
  const env = options.env ?? process.env;
  const hasKubeconfig = kubeconfigPaths({ env }).some((path) => existsSync(path));
  const inClusterOptions = { env, ...(options.serviceAccountDir !== undefined ? { dir: options.serviceAccountDir } : {}) };
  if (!hasKubeconfig && isInCluster(inClusterOptions)) return loadInCluster(inClusterOptions);
  return loadKubeconfig({ env });
}
