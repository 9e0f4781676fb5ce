/**
 * What every accessor of one Api shares: the client, the descriptor, and paths
 * built from parts computed once.
 */
import type { BaseClient } from "../client/base-client.js";
import { KubexClientError } from "../errors.js";
import type { AnyResourceDescriptor } from "../resource/descriptor.js";

export class ResourceContext {
  private readonly groupPath: string;

  constructor(
    readonly client: BaseClient,
    readonly descriptor: AnyResourceDescriptor,
    /** The Api's namespace; `undefined` uses the configuration's default. */
    private readonly defaultNamespace: string | undefined,
  ) {
    this.groupPath = descriptor.group === "" ? `/api/${descriptor.version}` : `/apis/${descriptor.group}/${descriptor.version}`;
  }

  /** The namespace a call uses: its own, else the Api's, else the configuration's. Cluster-scoped kinds have none. */
  namespaceFor(namespace: string | undefined): string | undefined {
    if (!this.descriptor.namespaced) return undefined;
    return namespace ?? this.defaultNamespace ?? this.client.configuration.namespace;
  }

  /** `/api/v1/namespaces/ns/pods`, or the cluster-wide collection when `namespace` is null. */
  collectionPath(namespace: string | undefined | null): string {
    const ns = namespace === null ? undefined : this.namespaceFor(namespace);
    return ns === undefined ? `${this.groupPath}/${this.descriptor.plural}` : `${this.groupPath}/namespaces/${encodeURIComponent(ns)}/${this.descriptor.plural}`;
  }

  objectPath(name: string, namespace?: string, subresource?: string): string {
    if (typeof name !== "string" || name === "") {
      throw new KubexClientError(`${this.descriptor.kind}: a non-empty object name is required`, { code: "KUBEX_INVALID_ARGUMENT" });
    }
    const base = `${this.collectionPath(namespace)}/${encodeURIComponent(name)}`;
    return subresource === undefined ? base : `${base}/${subresource}`;
  }
}
