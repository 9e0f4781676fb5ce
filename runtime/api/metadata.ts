/** Metadata-only calls: PartialObjectMetadata instead of whole objects, for controllers that need names and labels. */
import type { ResourceContext } from "../resource/context.js";
import type { ObjectList, PartialObjectMetadata, PartialObjectMetadataList, WatchEvent } from "./meta.js";
import type { CallOptions, ListOptions, WatchOptions } from "./options.js";
import { getRequest, listRequest, metadataAccept, watchRequest } from "./requests.js";
import { watchStream } from "./watch.js";

type Scope = { readonly namespace?: string; readonly allNamespaces?: boolean };

export class MetadataAccessor {
  constructor(private readonly context: ResourceContext) {}

  async get(name: string, options?: CallOptions & { readonly namespace?: string }): Promise<PartialObjectMetadata> {
    const response = await this.context.client.request(getRequest(this.context, name, options, metadataAccept.object));
    return response.json<PartialObjectMetadata>();
  }

  async list(options?: ListOptions & CallOptions & Scope): Promise<PartialObjectMetadataList> {
    const response = await this.context.client.request(listRequest(this.context, options, metadataAccept.list));
    return response.json<PartialObjectMetadataList & ObjectList<PartialObjectMetadata>>();
  }

  watch(options?: WatchOptions & CallOptions & Scope): AsyncIterable<WatchEvent<PartialObjectMetadata>> {
    return watchStream<PartialObjectMetadata>(this.context, watchRequest(this.context, options, metadataAccept.object), options?.maxLineBytes);
  }
}
