/**
 * Finds a kind's descriptor from what the API server says it serves
 * (`/api/v1`, `/apis/<group>/<version>`), for custom resources and aggregated
 * APIs that no generated module knows. Answers are cached per client.
 */
import { checkClient } from "../api/arguments.js";
import type { BaseClient } from "../client/base-client.js";
import { KubexArgumentError, KubexProtocolError, NotFound } from "../errors.js";
import { defineResource, type ResourceDescriptor } from "../resource/descriptor.js";

/**
 * One entry of an `APIResourceList`, as served by the discovery endpoints.
 *
 * @example
 * ```ts
 * const list = await discoveryFor(client).resources("apps/v1");
 * const resource: APIResource | undefined = list?.resources.find((r) => r.kind === "Deployment" && !r.name.includes("/"));
 * console.log(resource?.name, resource?.namespaced, resource?.verbs); // "deployments" true [...]
 * ```
 */
export interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/**
 * What `/api/v1` or `/apis/<group>/<version>` answers: the resources the group/version serves.
 *
 * @example
 * ```ts
 * const list: APIResourceList | undefined = await discoveryFor(client).resources("networking.k8s.io/v1");
 * if (list === undefined) console.log("networking.k8s.io/v1 is not served");
 * else for (const resource of list.resources) console.log(resource.name, resource.kind);
 * ```
 */
export interface APIResourceList {
  kind?: "APIResourceList";
  apiVersion?: string;
  groupVersion: string;
  resources: APIResource[];
}

/**
 * A descriptor found by discovery: its object type is not known statically.
 *
 * @example
 * ```ts
 * const Certificate: DiscoveredDescriptor = await resolve(client, "cert-manager.io/v1", "Certificate");
 * const certificates = new Api(Certificate, { client });
 * for (const certificate of (await certificates.list({ allNamespaces: true })).items) console.log(certificate.metadata);
 * ```
 */
export type DiscoveredDescriptor = ResourceDescriptor<Record<string, unknown>, boolean, string>;

const GROUP_VERSION = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/)?(v[0-9a-z]+)$/;

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const match = typeof apiVersion === "string" ? GROUP_VERSION.exec(apiVersion) : null;
  if (!match) throw new KubexArgumentError("apiVersion", `expected "<version>" or "<group>/<version>", got ${JSON.stringify(String(apiVersion).slice(0, 100))}`);
  return { group: match[1] ?? "", version: match[5]! };
}

function isResourceList(value: unknown): value is APIResourceList {
  return typeof value === "object" && value !== null && Array.isArray((value as APIResourceList).resources) && (value as APIResourceList).resources.every(isResource);
}

/** The fields the API server always sends, with their types: anything else is a malformed answer. */
function isResource(value: unknown): value is APIResource {
  const r = value as Partial<APIResource> | null;
  return typeof r === "object" && r !== null && typeof r.name === "string" && typeof r.kind === "string" && typeof r.namespaced === "boolean"
    && Array.isArray(r.verbs) && r.verbs.every((v) => typeof v === "string");
}

const listPath = (group: string, version: string): string => (group === "" ? `/api/${version}` : `/apis/${group}/${version}`);

/**
 * The descriptor of `kind` in one group/version's resource list, subresources included.
 *
 * @example
 * ```ts
 * const list: APIResourceList = {
 *   groupVersion: "example.com/v1",
 *   resources: [
 *     { name: "widgets", kind: "Widget", namespaced: true, verbs: ["get", "list", "watch", "patch"] },
 *     { name: "widgets/status", kind: "Widget", namespaced: true, verbs: ["get", "patch"] },
 *   ],
 * };
 * const Widget = descriptorFromResourceList(list, "example.com", "v1", "Widget"); // plural "widgets", subresources ["status"]
 * ```
 */
export function descriptorFromResourceList(list: APIResourceList, group: string, version: string, kind: string): DiscoveredDescriptor | undefined {
  if (!Array.isArray((list as { resources?: unknown } | null | undefined)?.resources)) throw new KubexArgumentError("list", "must be an APIResourceList { resources: [...] }");
  const main = list.resources.find((r) => r.kind === kind && !r.name.includes("/"));
  if (!main) return undefined;
  const subresources = list.resources
    .filter((r) => r.name.startsWith(`${main.name}/`))
    .map((r) => r.name.slice(main.name.length + 1));
  return defineResource<Record<string, unknown>>()({
    group,
    version,
    kind,
    plural: main.name,
    namespaced: main.namespaced,
    verbs: main.verbs,
    subresources,
  }) as DiscoveredDescriptor;
}

/**
 * What the API server serves, per group/version, cached per client; `discoveryFor(client)` gives the client's.
 *
 * @example
 * ```ts
 * const discovery = discoveryFor(client);
 * const Gateway = await discovery.resolve("gateway.networking.k8s.io/v1", "Gateway");
 * // After installing a CRD, forget what was learnt about its group/version.
 * discovery.invalidate("example.com/v1");
 * ```
 */
export class Discovery {
  readonly #client: BaseClient;
  readonly #lists = new Map<string, Promise<APIResourceList | undefined>>();

  constructor(client: BaseClient) {
    this.#client = client;
  }

  /** The resources one group/version serves, or `undefined` when the server does not serve it. */
  resources(groupVersion: string, options?: { signal?: AbortSignal }): Promise<APIResourceList | undefined> {
    let cached = this.#lists.get(groupVersion);
    if (!cached) {
      cached = this.#fetch(groupVersion, options?.signal);
      this.#lists.set(groupVersion, cached);
      // A failed look-up is not remembered: the next call asks again.
      cached.catch(() => this.#lists.delete(groupVersion));
    }
    return cached;
  }

  /**
   * The descriptor of `apiVersion`/`kind`. A miss in the cache asks the server once
   * more (a CRD may have been installed since), then throws `NotFound` naming the kind.
   */
  async resolve(apiVersion: string, kind: string, options?: { signal?: AbortSignal }): Promise<DiscoveredDescriptor> {
    if (typeof kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) throw new KubexArgumentError("kind", "expected a kind name such as \"Deployment\"");
    const { group, version } = splitApiVersion(apiVersion);
    for (const fresh of [false, true]) {
      if (fresh) this.invalidate(apiVersion);
      const list = await this.resources(apiVersion, options);
      let found: DiscoveredDescriptor | undefined;
      try {
        found = list && descriptorFromResourceList(list, group, version, kind);
      } catch (error) {
        // A plural or subresource the server names that cannot be a path segment is the server's fault, not the caller's.
        if (!(error instanceof KubexArgumentError)) throw error;
        throw new KubexProtocolError(`${listPath(group, version)}: the resources entry for ${kind} is not usable: ${error.message}`, { cause: error });
      }
      if (found) return found;
    }
    throw new NotFound(404, {
      kind: "Status",
      status: "Failure",
      reason: "NotFound",
      code: 404,
      message: `the server does not serve kind ${kind} in ${apiVersion}`,
      details: { group, kind },
    });
  }

  /** Forgets what was learnt about one group/version, or about everything. */
  invalidate(groupVersion?: string): void {
    if (groupVersion === undefined) this.#lists.clear();
    else this.#lists.delete(groupVersion);
  }

  async #fetch(groupVersion: string, signal: AbortSignal | undefined): Promise<APIResourceList | undefined> {
    const { group, version } = splitApiVersion(groupVersion);
    const path = listPath(group, version);
    try {
      const response = await this.#client.request({ method: "GET", path, ...(signal ? { signal } : {}) });
      const body: unknown = await response.json();
      if (!isResourceList(body)) throw new KubexProtocolError(`${path}: expected an APIResourceList with a resources array of { name, kind, namespaced, verbs }`);
      return body;
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }
}

const perClient = new WeakMap<BaseClient, Discovery>();

/**
 * The client's discovery cache (one per client).
 *
 * @example
 * ```ts
 * const served = await discoveryFor(client).resources("batch/v1");
 * console.log(served?.resources.map((r) => r.name));
 * ```
 */
export function discoveryFor(client: BaseClient): Discovery {
  checkClient(client);
  let discovery = perClient.get(client);
  if (!discovery) {
    discovery = new Discovery(client);
    perClient.set(client, discovery);
  }
  return discovery;
}

/**
 * Resolves a kind through the client's discovery cache: `await resolve(client, "example.com/v1", "Widget")`.
 *
 * @example
 * ```ts
 * const Widget = await resolve(client, "example.com/v1", "Widget");
 * const widgets = new Api(Widget, { client });
 * const widget = await widgets.get("small", { namespace: "default" });
 * ```
 */
export function resolve(client: BaseClient, apiVersion: string, kind: string, options?: { signal?: AbortSignal }): Promise<DiscoveredDescriptor> {
  return discoveryFor(client).resolve(apiVersion, kind, options);
}
