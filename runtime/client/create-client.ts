/** `createClient()`: a configured client on the chosen backend. */
import { loadConfiguration } from "../configuration/load.js";
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexArgumentError } from "../errors.js";
import { FetchClient } from "./fetch-client.js";
import type { HttpClient } from "./http-client.js";
import type { ClientOptions } from "./options.js";
import { UndiciClient } from "./undici-client.js";

/**
 * The HTTP backend of a client: `undici` (Node, the default) or the runtime's `fetch` (Bun, Deno, Node).
 *
 * @example
 * ```ts
 * const backend: Backend = typeof (globalThis as { Bun?: unknown }).Bun === "undefined" ? "undici" : "fetch";
 * const client = await createClient({ backend });
 * ```
 */
export type Backend = "undici" | "fetch";

/**
 * What `createClient` takes: the configuration (by default as kubectl finds it), the client options, the backend.
 *
 * @example
 * ```ts
 * const init: CreateClientInit = {
 *   configuration: loadKubeconfig({ context: "staging" }),
 *   options: { timeout: 30, retry: { attempts: 3 } },
 *   backend: "undici",
 * };
 * const client = await createClient(init);
 * ```
 */
export interface CreateClientInit {
  /** Defaults to what kubectl uses: in-cluster in a pod, the kubeconfig otherwise. */
  readonly configuration?: ClientConfiguration;
  readonly options?: ClientOptions;
  /** `undici` (default) or `fetch`. */
  readonly backend?: Backend;
}

const initFields = new Set(["configuration", "options", "backend"]);

/**
 * A client configured as kubectl is: the kubeconfig (`KUBECONFIG` or `~/.kube/config`), or in-cluster in a pod. Close it when done (`await using` does).
 *
 * @example
 * ```ts
 * import { Api, createClient } from "kubex";
 * import { Pod } from "kubex/k8s/v1_35/core/v1";
 *
 * await using client = await createClient();
 * const pods = new Api(Pod, { client, namespace: "default" });
 * for (const pod of (await pods.list()).items) console.log(pod.metadata?.name);
 * ```
 */
export async function createClient(init: CreateClientInit = {}): Promise<HttpClient> {
  if (typeof init !== "object" || init === null) throw new KubexArgumentError("init", "accepts an object {configuration?, options?, backend?}");
  for (const key of Object.keys(init)) {
    if (!initFields.has(key)) throw new KubexArgumentError(`init.${key}`, "is not a createClient field (known: configuration, options, backend)");
  }
  const configuration = init.configuration === undefined ? loadConfiguration() : init.configuration;
  // Only `undefined` means the default: a client has a backend, so `null` names none and is refused.
  switch (init.backend === undefined ? "undici" : init.backend) {
    case "undici":
      return new UndiciClient(configuration, init.options);
    case "fetch":
      return new FetchClient(configuration, init.options);
    default:
      throw new KubexArgumentError("init.backend", `accepts "undici" or "fetch" (undefined for undici); got ${init.backend === null ? "null" : JSON.stringify(init.backend) ?? typeof init.backend}`);
  }
}
