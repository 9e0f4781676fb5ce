/** Metadata-only calls: PartialObjectMetadata instead of whole objects, for controllers that need names and labels. */
import type { ResourceContext } from "../resource/context.js";
import type { ObjectMeta, PartialObjectMetadata, PartialObjectMetadataList, WatchEvent } from "./meta.js";
import type { CallOptions, ListOptions, ListScope, WatchOptions } from "./options.js";
import type { DeepPartial, JsonPatchOperation } from "./patch.js";
import type { PatchOptions } from "./accessors.js";
import { getRequest, listRequest, metadataAccept, patchRequest, watchRequest, type GetOptions, type PatchCallOptions } from "./requests.js";
import { watchStream } from "./watch.js";
import { sendForList, sendForObject } from "./decode.js";


/**
 * Metadata-only get, list, watch and patch: names, labels and owners without the objects' bodies.
 *
 * @example
 * ```ts
 * const secrets = new Api(Secret, { client, namespace: "default" });
 * const list = await secrets.metadata.list({ labelSelector: "app=web" });
 * await secrets.metadata.patch("tls", { metadata: { labels: { rotated: "true" } } });
 * for await (const event of secrets.metadata.watch()) console.log(event.type);
 * ```
 */
export class MetadataAccessor {
  /** @internal Each Api makes its own. */
  constructor(private readonly context: ResourceContext) {}

  async get(name: string, options?: GetOptions): Promise<PartialObjectMetadata> {
    return sendForObject(this.context.client, getRequest(this.context, name, options, metadataAccept.object), "a PartialObjectMetadata");
  }

  async list(options?: ListOptions & CallOptions & ListScope<true>): Promise<PartialObjectMetadataList> {
    const list = await sendForList<PartialObjectMetadata>(this.context.client, listRequest(this.context, options, metadataAccept.list), "PartialObjectMetadataList");
    return list as PartialObjectMetadataList;
  }

  /** A merge or JSON patch of the metadata, answered with the object's metadata only. */
  patch(name: string, patch: JsonPatchOperation[], options: PatchOptions & { type: "json" }): Promise<PartialObjectMetadata>;
  patch(name: string, patch: { metadata: DeepPartial<ObjectMeta> }, options?: PatchOptions & { type?: "merge" }): Promise<PartialObjectMetadata>;
  async patch(name: string, patch: unknown, options?: PatchCallOptions): Promise<PartialObjectMetadata> {
    return sendForObject(this.context.client, patchRequest(this.context, name, patch, options, undefined, "name", metadataAccept.object), "a PartialObjectMetadata");
  }

  watch(options?: WatchOptions & CallOptions & ListScope<true>): AsyncIterable<WatchEvent<PartialObjectMetadata>> {
    return watchStream<PartialObjectMetadata>(this.context, () => watchRequest(this.context, options, metadataAccept.object), options?.maxLineBytes);
  }
}
