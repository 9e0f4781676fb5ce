/**
 * In-cluster configuration: the pod's service-account token (re-read as it
 * rotates), its CA and namespace, and the API server from
 * KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KubexConfigurationError } from "../errors.js";
import { checkLoaderOptions } from "./loader-options.js";
import { withRedaction } from "./secrets.js";
import { TokenFileProvider } from "./token-file.js";
import type { ClientConfiguration } from "./types.js";

/**
 * Where a pod's service-account token, CA and namespace are mounted.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const namespace = readFileSync(`${serviceAccountDir}/namespace`, "utf8").trim();
 * ```
 */
export const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * Where the in-cluster loader reads the service account and the environment from (tests use their own).
 *
 * @example
 * ```ts
 * const options: InClusterOptions = { dir: "./fixtures/serviceaccount", env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" } };
 * const configuration = loadInCluster(options);
 * ```
 */
export interface InClusterOptions {
  readonly dir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * True when the process runs in a pod: the service host and port are set and a token is mounted.
 *
 * @example
 * ```ts
 * const configuration = isInCluster() ? loadInCluster() : loadKubeconfig();
 * const client = await createClient({ configuration });
 * ```
 */
export function isInCluster(options: InClusterOptions = {}): boolean {
  checkLoaderOptions(options, { dir: "path", env: "env" });
  const env = options.env ?? process.env;
  return Boolean(env.KUBERNETES_SERVICE_HOST) && Boolean(env.KUBERNETES_SERVICE_PORT) && existsSync(join(options.dir ?? serviceAccountDir, "token"));
}

/**
 * The configuration of a pod: the API server from `KUBERNETES_SERVICE_HOST`/`_PORT`, the mounted service-account token (re-read as it rotates), CA and namespace.
 *
 * @example
 * ```ts
 * // In a controller that always runs in its cluster:
 * const client = await createClient({ configuration: loadInCluster() });
 * ```
 */
export function loadInCluster(options: InClusterOptions = {}): ClientConfiguration {
  checkLoaderOptions(options, { dir: "path", env: "env" });
  const env = options.env ?? process.env;
  const dir = options.dir ?? serviceAccountDir;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new KubexConfigurationError("in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new KubexConfigurationError("in-cluster: KUBERNETES_SERVICE_PORT must be a port number (1-65535)");
  const tokenPath = join(dir, "token");
  if (!existsSync(tokenPath)) throw new KubexConfigurationError(`in-cluster: no service-account token at ${tokenPath}`);
  let ca: string | undefined;
  try {
    ca = readFileSync(join(dir, "ca.crt"), "utf8");
  } catch {
    throw new KubexConfigurationError(`in-cluster: cannot read ${join(dir, "ca.crt")}`);
  }
  let namespace = "default";
  try {
    namespace = readFileSync(join(dir, "namespace"), "utf8").trim() || "default";
  } catch {
    // No namespace file: the default namespace, as client-go does.
  }
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return withRedaction({
    server: `https://${hostPart}:${port}`,
    namespace,
    tls: { ca },
    // The kubelet rotates projected tokens; client-go re-reads about every minute.
    credentialProvider: new TokenFileProvider(tokenPath, 60_000),
  });
}
