/**
 * `Api<D>`: the typed calls on one kind. The object type, the scope and the
 * subresource accessors all come from the descriptor's type:
 *
 *   const pods = new Api(Pod, { client, namespace: "default" });
 *   const pod = await pods.get("web-0");   // Pod
 *   pods.logs; pods.exec;                  // exist: Pod lists log and exec
 *   new Api(ConfigMap, { client }).exec;   // compile-time error
 *
 * Each call builds its request (`requests.ts`), sends it, and decodes the answer.
 */
import type { BaseClient } from "../client/base-client.js";
import type { AnyResourceDescriptor, IsNamespaced, ObjectOf, VerbOf } from "../resource/descriptor.js";
import { KubexArgumentError, type Status } from "../errors.js";
import { ResourceContext } from "../resource/context.js";
import type { PatchOptions } from "./accessors.js";
import type { KubernetesObject, ObjectList, WatchEvent } from "./meta.js";
import { pages } from "./list-all.js";
import { MetadataAccessor } from "./metadata.js";
import type { CallOptions, DeleteCallOptions, ListOptions, ListScope, NamespaceOption, WatchOptions, WriteOptions } from "./options.js";
import type { DeepPartial, JsonPatchOperation, MergePatchType } from "./patch.js";
import {
  createRequest, deleteCollectionRequest, deleteRequest, getRequest, listRequest, patchRequest, replaceRequest, watchRequest,
  type PatchCallOptions,
} from "./requests.js";
import { defineSubresourceAccessors, type SubresourceAccessorsOf } from "./subresources.js";
import { defineTaskAccessors, type TaskAccessorsOf } from "./task-accessors.js";
import { watchStream } from "./watch.js";
import { sendForList, sendForObject } from "./decode.js";

/**
 * What an `Api` is built with: the client, and for namespaced kinds a default namespace.
 *
 * @example
 * ```ts
 * const options: ApiOptions<true> = { client, namespace: "production" };
 * const pods = new Api(Pod, options);
 * ```
 */
export interface ApiOptions<Namespaced extends boolean> {
  readonly client: BaseClient;
  /** Default namespace of this Api's calls (namespaced kinds only); else the configuration's. */
  readonly namespace?: Namespaced extends true ? string : never;
}

type Obj<D> = ObjectOf<D>;
type Ns<D> = NamespaceOption<IsNamespaced<D>>;
/**
 * What `apply` takes: for a typed kind, a partial object whose name the compiler
 * sees; for an untyped one (discovered, or parsed from YAML), the object as it is,
 * its name checked at run time.
 *
 * @example
 * ```ts
 * const applied = await configMaps.apply({ metadata: { name: "settings" }, data: { mode: "fast" } }, { fieldManager: "my-tool" });
 * ```
 */
export type ApplyObject<T> = string extends keyof T ? T : DeepPartial<T> & { metadata: { name: string; namespace?: string } };

/**
 * The calls every `Api` has; `Api` narrows them by the descriptor's verbs and adds its subresource accessors.
 *
 * @example
 * ```ts
 * async function names<D extends AnyResourceDescriptor>(api: ApiBase<D>): Promise<string[]> {
 *   const list = await api.list();
 *   return list.items.map((item) => item.metadata?.name ?? "");
 * }
 * console.log(await names(new Api(ConfigMap, { client, namespace: "default" })));
 * ```
 */
export class ApiBase<D extends AnyResourceDescriptor> {
  readonly descriptor: D;
  /** Metadata-only get, list, watch and patch (PartialObjectMetadata). */
  readonly metadata: MetadataAccessor;
  /** @internal */
  protected readonly context: ResourceContext;
  /** What a reply of one object is, for protocol errors: `a ConfigMap`. */
  private readonly expected: string;

  constructor(descriptor: D, options: ApiOptions<IsNamespaced<D>>) {
    if (typeof options !== "object" || options === null) throw new KubexArgumentError("options", "must be an object { client, namespace? }");
    if (typeof options.client?.request !== "function") throw new KubexArgumentError("options.client", "must be a client (createClient())");
    this.descriptor = descriptor;
    this.context = new ResourceContext(options.client, descriptor, options.namespace as string | undefined);
    this.metadata = new MetadataAccessor(this.context);
    this.expected = `a ${descriptor.kind}`;
    defineSubresourceAccessors(this, this.context, descriptor.subresources);
    defineTaskAccessors(this, this.context, descriptor);
  }

  /** One object; `resourceVersion: "0"` allows an answer from the server's cache. */
  async get(name: string, options?: CallOptions & Ns<D> & { readonly resourceVersion?: string }): Promise<Obj<D>> {
    return sendForObject(this.context.client, getRequest(this.context, name, options), this.expected);
  }

  /** One page of objects. Across all namespaces only with `allNamespaces: true`. */
  async list(options?: ListOptions & CallOptions & ListScope<IsNamespaced<D>>): Promise<ObjectList<Obj<D>>> {
    return sendForList(this.context.client, listRequest(this.context, options), this.descriptor.listKind);
  }

  /**
   * Every object, page by page (`limit` per page, 500 by default), following `continue` tokens.
   * One consistent snapshot unless a token expires mid-way (see `pages`): then no object twice, and
   * every object that existed throughout, but the later pages may show newer states.
   */
  async *listAll(options?: Omit<ListOptions, "continue"> & CallOptions & ListScope<IsNamespaced<D>>): AsyncGenerator<Obj<D>> {
    const read = (token: string | undefined) => this.list({ limit: 500, ...options, ...(token ? { continue: token } : {}) } as never);
    yield* pages<Obj<D> & KubernetesObject>(read, this.descriptor.listKind);
  }

  async create(object: Obj<D>, options?: CallOptions & WriteOptions & Ns<D>): Promise<Obj<D>> {
    return sendForObject(this.context.client, createRequest(this.context, object, options), this.expected);
  }

  async replace(name: string, object: Obj<D>, options?: CallOptions & WriteOptions & Ns<D>): Promise<Obj<D>> {
    return sendForObject(this.context.client, replaceRequest(this.context, name, object, options), this.expected);
  }

  /** JSON merge (default) or strategic merge patch (not for custom resources), RFC 6902 JSON patch, or server-side apply. */
  patch(name: string, patch: JsonPatchOperation[], options: PatchOptions & Ns<D> & { type: "json" }): Promise<Obj<D>>;
  patch(name: string, patch: DeepPartial<Obj<D>>, options: PatchOptions & Ns<D> & { type: "apply"; fieldManager: string }): Promise<Obj<D>>;
  patch(name: string, patch: DeepPartial<Obj<D>>, options?: PatchOptions & Ns<D> & { type?: MergePatchType<D> }): Promise<Obj<D>>;
  async patch(name: string, patch: unknown, options?: PatchCallOptions): Promise<Obj<D>> {
    return sendForObject(this.context.client, patchRequest(this.context, name, patch, options), this.expected);
  }

  /** Server-side apply of a partial object named by its `metadata.name`. */
  async apply(
    object: ApplyObject<Obj<D>>,
    options: CallOptions & Omit<WriteOptions, "fieldManager"> & { fieldManager: string; force?: boolean } & Ns<D>,
  ): Promise<Obj<D>> {
    const name = (object as { metadata?: { name?: string } } | null)?.metadata?.name as string;
    const request = patchRequest(this.context, name, object, { ...options, type: "apply" }, undefined, "object.metadata.name");
    return sendForObject(this.context.client, request, this.expected);
  }

  /** Deletes one object; resolves to the object (when deletion is pending, e.g. finalizers) or a Status. */
  async delete(name: string, options?: CallOptions & DeleteCallOptions & Ns<D>): Promise<Obj<D> | Status> {
    return sendForObject(this.context.client, deleteRequest(this.context, name, options), `${this.expected} or a Status`);
  }

  async deleteCollection(options?: CallOptions & DeleteCallOptions & ListOptions & Ns<D>): Promise<ObjectList<Obj<D>> | Status> {
    return sendForObject(this.context.client, deleteCollectionRequest(this.context, options), `a ${this.descriptor.listKind} or a Status`);
  }

  /**
   * Typed events as they happen. ERROR events are thrown as typed errors (410 as `Gone`).
   * Bounded by `inactivityTimeout`, never by a total timeout; breaking out of the loop closes the stream.
   */
  watch(options?: WatchOptions & CallOptions & ListScope<IsNamespaced<D>>): AsyncIterable<WatchEvent<Obj<D>>> {
    return watchStream<Obj<D>>(this.context, () => watchRequest(this.context, options), options?.maxLineBytes);
  }
}

/** The calls each verb allows; a descriptor that does not declare its verbs allows all of them. */
type VerbMethods = {
  get: "get";
  list: "list" | "listAll";
  watch: "watch";
  create: "create";
  update: "replace";
  patch: "patch" | "apply";
  delete: "delete";
  deletecollection: "deleteCollection";
};
type Call = VerbMethods[keyof VerbMethods];
type AllowedCall<D> = string extends VerbOf<D> ? Call : VerbMethods[VerbOf<D> & keyof VerbMethods];
/** The calls the descriptor's verbs do not allow, typed `never` so using one does not compile. */
type RefusedCalls<D> = { readonly [K in Exclude<Call, AllowedCall<D>>]: never };

/**
 * The Api of a descriptor: the calls its verbs allow plus one accessor per subresource it lists.
 *
 * @example
 * ```ts
 * import { Api, createClient } from "kubex";
 * import { Pod } from "kubex/k8s/v1_35/core/v1";
 *
 * const client = await createClient();
 * const pods: Api<typeof Pod> = new Api(Pod, { client, namespace: "default" });
 * const pod = await pods.get("web-0");
 * await pods.patch("web-0", { metadata: { labels: { tier: "web" } } });
 * for await (const event of pods.watch({ labelSelector: "app=web" })) {
 *   if (event.type !== "BOOKMARK") console.log(event.type, event.object.metadata?.name);
 * }
 * ```
 */
export type Api<D extends AnyResourceDescriptor> = ApiBase<D> & RefusedCalls<D> & SubresourceAccessorsOf<D> & TaskAccessorsOf<D>;

/**
 * The `new Api(descriptor, options)` signature: the Api's type follows from the descriptor.
 *
 * @example
 * ```ts
 * const make: ApiConstructor = Api;
 * const nodes = new make(Node, { client });
 * ```
 */
export interface ApiConstructor {
  new <D extends AnyResourceDescriptor>(descriptor: D, options: ApiOptions<IsNamespaced<D>>): Api<D>;
}

/**
 * The typed calls on one kind: `new Api(Pod, { client, namespace })`.
 *
 * @example
 * ```ts
 * import { Api, createClient } from "kubex";
 * import { ConfigMap } from "kubex/k8s/v1_35/core/v1";
 *
 * const client = await createClient();
 * const configMaps = new Api(ConfigMap, { client, namespace: "default" });
 * await configMaps.create({ metadata: { name: "settings" }, data: { mode: "fast" } });
 * const all = await configMaps.list({ labelSelector: "app=web" });
 * await configMaps.delete("settings");
 * ```
 */
export const Api: ApiConstructor = ApiBase as unknown as ApiConstructor;
