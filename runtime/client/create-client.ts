/** `createClient()`: a configured client on the chosen backend. */
import { loadConfiguration } from "../configuration/load.js";
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexArgumentError, KubexConfigurationError } from "../errors.js";
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

const initFields = new Set(["configuration", "options", "backend"]);

export async function createClient(init: CreateClientInit = {}): Promise<HttpClient> {
  if (typeof init !== "object" || init === null) throw new KubexArgumentError("init", "accepts an object {configuration?, options?, backend?}");
  for (const key of Object.keys(init)) {
    if (!initFields.has(key)) throw new KubexArgumentError(`init.${key}`, "is not a createClient field (known: configuration, options, backend)");
  }
  const configuration = init.configuration === undefined ? loadConfiguration() : init.configuration;
  switch (init.backend ?? "undici") {
    case "undici":
      return new UndiciClient(configuration, init.options);
    case "fetch":
      return new FetchClient(configuration, init.options);
    default:
      throw new KubexConfigurationError(`backend accepts "undici" or "fetch"; got ${JSON.stringify(init.backend)}`);
  }
}
