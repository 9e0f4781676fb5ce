/** Metadata-only calls: PartialObjectMetadata instead of whole objects, for controllers that need names and labels. */
import type { ResourceContext } from "../resource/context.js";
import type { ObjectList, PartialObjectMetadata, PartialObjectMetadataList, WatchEvent } from "./meta.js";
import type { CallOptions, ListOptions, WatchOptions } from "./options.js";
import { getRequest, listRequest, metadataAccept, watchRequest } from "./requests.js";
import { watchStream } from "./watch.js";
import { sendForList, sendForObject } from "./decode.js";

type Scope = { readonly namespace?: string; readonly allNamespaces?: boolean };

export class MetadataAccessor {
  constructor(private readonly context: ResourceContext) {}

  async get(name: string, options?: CallOptions & { readonly namespace?: string }): Promise<PartialObjectMetadata> {
    return sendForObject(this.context.client, getRequest(this.context, name, options, metadataAccept.object), "a PartialObjectMetadata");
  }

  async list(options?: ListOptions & CallOptions & Scope): Promise<PartialObjectMetadataList> {
    const list = await sendForList<PartialObjectMetadata>(this.context.client, listRequest(this.context, options, metadataAccept.list), "PartialObjectMetadataList");
    return list as PartialObjectMetadataList;
  }

  watch(options?: WatchOptions & CallOptions & Scope): AsyncIterable<WatchEvent<PartialObjectMetadata>> {
    return watchStream<PartialObjectMetadata>(this.context, () => watchRequest(this.context, options, metadataAccept.object), options?.maxLineBytes);
  }
}
