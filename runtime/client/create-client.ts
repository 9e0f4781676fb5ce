/** `createClient()`: a configured client on the chosen backend. */
import { loadConfiguration } from "../configuration/load.js";
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexConfigurationError } from "../errors.js";
import { FetchClient } from "./fetch-client.js";
import type { HttpClient } from "./http-client.js";
import type { ClientOptions } from "./options.js";
import { UndiciClient } from "./undici-client.js";

export type Backend = "undici" | "fetch";

export interface CreateClientInit {
  /** Defaults to what kubectl uses: in-cluster in a pod, the kubeconfig otherwise. */
  readonly configuration?: ClientConfiguration;
  readonly options?: ClientOptions;
  /** `undici` (default) or `fetch`. */
  readonly backend?: Backend;
}

export async function createClient(init: CreateClientInit = {}): Promise<HttpClient> {
  const configuration = init.configuration ?? loadConfiguration();
  switch (init.backend ?? "undici") {
    case "undici":
      return new UndiciClient(configuration, init.options);
    case "fetch":
      return new FetchClient(configuration, init.options);
    default:
      throw new KubexConfigurationError(`backend accepts "undici" or "fetch"; got ${JSON.stringify(init.backend)}`);
  }
}
