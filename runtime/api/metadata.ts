/** Metadata-only calls: PartialObjectMetadata instead of whole objects, for controllers that need names and labels. */
import type { ResourceContext } from "./context.js";
import type { ObjectList, PartialObjectMetadata, PartialObjectMetadataList, WatchEvent } from "./meta.js";
import { callFields, listQuery, type CallOptions, type ListOptions, type WatchOptions } from "./options.js";
import { watchRequest, watchStream } from "./watch.js";

const objectAccept = { accept: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json" };
const listAccept = { accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json" };

type Scope = { readonly namespace?: string; readonly allNamespaces?: boolean };

export class MetadataAccessor {
  constructor(private readonly context: ResourceContext) {}

  async get(name: string, options?: CallOptions & { readonly namespace?: string }): Promise<PartialObjectMetadata> {
    const response = await this.context.client.request({
      method: "GET",
      path: this.context.objectPath(name, options?.namespace),
      headers: objectAccept,
      ...callFields(options),
    });
    return response.json<PartialObjectMetadata>();
  }

  async list(options?: ListOptions & CallOptions & Scope): Promise<PartialObjectMetadataList> {
    const response = await this.context.client.request({
      method: "GET",
      path: this.context.collectionPath(options?.namespace, "options.namespace", options?.allNamespaces === true),
      query: listQuery(options),
      headers: listAccept,
      ...callFields(options),
    });
    return response.json<PartialObjectMetadataList & ObjectList<PartialObjectMetadata>>();
  }

  watch(options?: WatchOptions & CallOptions & Scope): AsyncIterable<WatchEvent<PartialObjectMetadata>> {
    return watchStream<PartialObjectMetadata>(this.context, watchRequest(this.context, options, objectAccept));
  }
}
