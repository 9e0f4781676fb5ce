/**
 * What every accessor of one Api shares: the client, the descriptor, and paths
 * built from parts computed once. Every name and namespace is checked as a path
 * segment before it enters a path.
 */
import type { BaseClient } from "../client/base-client.js";
import type { AnyResourceDescriptor } from "./descriptor.js";
import { pathSegment } from "./names.js";
import { checkServed } from "../discovery/served.js";

const maxKnownNamespaces = 256;

export class ResourceContext {
  /** The `apiVersion` and `kind` that written objects carry. */
  readonly identity: { readonly apiVersion: string; readonly kind: string };
  private readonly groupPath: string;
  private readonly defaultNamespace: string | undefined;
  /**
   * Collection paths by a call's own namespace (`undefined`: the default one, fixed for this
   * context's life); bounded, since an app may walk many namespaces.
   */
  private readonly collectionPaths = new Map<string | undefined, string>();

  #used = false;

  constructor(
    readonly client: BaseClient,
    readonly descriptor: AnyResourceDescriptor,
    /** The Api's namespace; `undefined` uses the configuration's default. */
    defaultNamespace: string | undefined,
  ) {
    this.identity = { apiVersion: descriptor.apiVersion, kind: descriptor.kind };
    // A descriptor written by hand (not through defineResource) is checked here, once.
    const version = pathSegment("descriptor.version", descriptor.version);
    pathSegment("descriptor.plural", descriptor.plural);
    this.groupPath = descriptor.group === "" ? `/api/${version}` : `/apis/${pathSegment("descriptor.group", descriptor.group)}/${version}`;
    this.defaultNamespace = defaultNamespace === undefined ? undefined : pathSegment("options.namespace", defaultNamespace);
  }

  /**
   * The namespace a call uses: its own (`from` names the argument it came in), else the Api's,
   * else the configuration's. Cluster-scoped kinds have none.
   */
  namespaceFor(namespace: string | undefined, from = "options.namespace"): string | undefined {
    if (!this.descriptor.namespaced) return undefined;
    if (namespace !== undefined) return pathSegment(from, namespace);
    if (this.defaultNamespace !== undefined) return this.defaultNamespace;
    const configured = this.client.configuration.namespace;
    return configured === undefined ? undefined : pathSegment("configuration.namespace", configured);
  }

  /** `/api/v1/namespaces/ns/pods`, or the cluster-wide collection when `allNamespaces` is set. */
  collectionPath(namespace: string | undefined, from = "options.namespace", allNamespaces = false): string {
    // Every request path starts here, once its arguments are valid: the first also checks,
    // in the background and once per client, that the server serves this group/version.
    if (!this.#used) {
      this.#used = true;
      void checkServed(this.client, this.descriptor);
    }
    if (allNamespaces) return `${this.groupPath}/${this.descriptor.plural}`;
    // A namespace seen before was checked then: its path is reused, with no check or encoding per call.
    let path = this.collectionPaths.get(namespace);
    if (path === undefined) {
      const ns = this.namespaceFor(namespace, from);
      path = ns === undefined ? `${this.groupPath}/${this.descriptor.plural}` : `${this.groupPath}/namespaces/${encodeURIComponent(ns)}/${this.descriptor.plural}`;
      if (this.collectionPaths.size >= maxKnownNamespaces) this.collectionPaths.clear();
      this.collectionPaths.set(namespace, path);
    }
    return path;
  }

  /** The object's path, or its subresource's; `nameFrom`/`namespaceFrom` name the arguments for errors. */
  objectPath(name: string, namespace?: string, subresource?: string, nameFrom = "name", namespaceFrom = "options.namespace"): string {
    const segment = encodeURIComponent(pathSegment(nameFrom, name));
    const base = `${this.collectionPath(namespace, namespaceFrom)}/${segment}`;
    return subresource === undefined ? base : `${base}/${pathSegment("subresource", subresource)}`;
  }
}
