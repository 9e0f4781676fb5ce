/**
 * `Api<D>`: the typed calls on one kind. The object type, the scope and the
 * subresource accessors all come from the descriptor's type:
 *
 *   const pods = new Api(Pod, { client, namespace: "default" });
 *   const pod = await pods.get("web-0");   // Pod
 *   pods.logs; pods.exec;                  // exist: Pod lists log and exec
 *   new Api(ConfigMap, { client }).exec;   // compile-time error
 */
import type { BaseClient } from "../client/base-client.js";
import type { AnyResourceDescriptor, IsNamespaced, ObjectOf, SubresourceOf } from "../resource/descriptor.js";
import type { Status } from "../errors.js";
import { ResourceContext } from "./context.js";
import type { KubernetesObject, ObjectList, WatchEvent } from "./meta.js";
import { MetadataAccessor } from "./metadata.js";
import {
  callFields, deleteBody, listQuery, writeQuery,
  type CallOptions, type DeleteCallOptions, type ListOptions, type ListScope, type NamespaceOption, type WatchOptions, type WriteOptions,
} from "./options.js";
import { type DeepPartial, type JsonPatchOperation } from "./patch.js";
import { sendPatch, subresourceAccessors, type HttpSubresourceAccessors, type PatchOptions } from "./subresources.js";
import { watchRequest, watchStream } from "./watch.js";
import type { StreamingSubresourceAccessors } from "./streaming.js";

export interface ApiOptions<Namespaced extends boolean> {
  readonly client: BaseClient;
  /** Default namespace of this Api's calls (namespaced kinds only); else the configuration's. */
  readonly namespace?: Namespaced extends true ? string : never;
}

type Obj<D> = ObjectOf<D>;
type Ns<D> = NamespaceOption<IsNamespaced<D>>;

/** Subresource name -> accessor property, for the subresources the descriptor lists. */
type AccessorOf<T> = HttpSubresourceAccessors<T> & StreamingSubresourceAccessors;
type SubresourceProperty = {
  status: "status";
  scale: "scale";
  log: "logs";
  eviction: "eviction";
  ephemeralcontainers: "ephemeralContainers";
  resize: "resize";
  exec: "exec";
  attach: "attach";
  portforward: "portforward";
};
export type SubresourceAccessorsOf<D> = {
  [S in SubresourceOf<D> & keyof SubresourceProperty as SubresourceProperty[S]]: AccessorOf<Obj<D>>[SubresourceProperty[S]];
};

export class ApiBase<D extends AnyResourceDescriptor> {
  readonly descriptor: D;
  /** Metadata-only get, list and watch (PartialObjectMetadata). */
  readonly metadata: MetadataAccessor;
  protected readonly context: ResourceContext;
  private readonly fill: { apiVersion: string; kind: string };

  constructor(descriptor: D, options: ApiOptions<IsNamespaced<D>>) {
    this.descriptor = descriptor;
    this.context = new ResourceContext(options.client, descriptor, options.namespace as string | undefined);
    this.metadata = new MetadataAccessor(this.context);
    this.fill = { apiVersion: descriptor.apiVersion, kind: descriptor.kind };
    for (const sub of descriptor.subresources) {
      const accessor = subresourceAccessors[sub];
      if (accessor) Object.defineProperty(this, accessor.property, { value: accessor.create(this.context), enumerable: true });
    }
  }

  /** The object with `apiVersion` and `kind` from the descriptor where absent; the caller's object is not changed. */
  private withIdentity(object: object): object {
    const o = object as KubernetesObject;
    return o.apiVersion && o.kind ? object : { ...this.fill, ...object };
  }

  async get(name: string, options?: CallOptions & Ns<D>): Promise<Obj<D>> {
    const response = await this.context.client.request({ method: "GET", path: this.context.objectPath(name, options?.namespace), ...callFields(options) });
    return response.json<Obj<D>>();
  }

  /** One page of objects. Across all namespaces only with `allNamespaces: true`. */
  async list(options?: ListOptions & CallOptions & ListScope<IsNamespaced<D>>): Promise<ObjectList<Obj<D>>> {
    const response = await this.context.client.request({
      method: "GET",
      path: this.context.collectionPath(options?.namespace, "options.namespace", options?.allNamespaces === true),
      query: listQuery(options),
      ...callFields(options),
    });
    return response.json<ObjectList<Obj<D>>>();
  }

  /** Every object, page by page (`limit` per page, 500 by default), following `continue` tokens. */
  async *listAll(options?: Omit<ListOptions, "continue"> & CallOptions & ListScope<IsNamespaced<D>>): AsyncGenerator<Obj<D>> {
    let token: string | undefined;
    do {
      const page: ObjectList<Obj<D>> = await this.list({ limit: 500, ...options, ...(token ? { continue: token } : {}) } as never);
      yield* page.items;
      token = page.metadata.continue || undefined;
    } while (token);
  }

  async create(object: Obj<D>, options?: CallOptions & WriteOptions & Ns<D>): Promise<Obj<D>> {
    const [namespace, from] = namespaceOf(object, options);
    const response = await this.context.client.request({
      method: "POST",
      path: this.context.collectionPath(namespace, from),
      query: writeQuery(options),
      body: JSON.stringify(this.withIdentity(object as object)),
      ...callFields(options),
    });
    return response.json<Obj<D>>();
  }

  async replace(name: string, object: Obj<D>, options?: CallOptions & WriteOptions & Ns<D>): Promise<Obj<D>> {
    const [namespace, from] = namespaceOf(object, options);
    const response = await this.context.client.request({
      method: "PUT",
      path: this.context.objectPath(name, namespace, undefined, "name", from),
      query: writeQuery(options),
      body: JSON.stringify(this.withIdentity(object as object)),
      ...callFields(options),
    });
    return response.json<Obj<D>>();
  }

  /** JSON merge (default) or strategic merge patch, RFC 6902 JSON patch, or server-side apply. */
  patch(name: string, patch: JsonPatchOperation[], options: PatchOptions & Ns<D> & { type: "json" }): Promise<Obj<D>>;
  patch(name: string, patch: DeepPartial<Obj<D>>, options: PatchOptions & Ns<D> & { type: "apply"; fieldManager: string }): Promise<Obj<D>>;
  patch(name: string, patch: DeepPartial<Obj<D>>, options?: PatchOptions & Ns<D> & { type?: "merge" | "strategic" }): Promise<Obj<D>>;
  async patch(name: string, patch: unknown, options?: PatchOptions & { type?: "merge" | "strategic" | "json" | "apply" }): Promise<Obj<D>> {
    const body = options?.type === "apply" ? this.withIdentity(patch as object) : patch;
    return sendPatch<Obj<D>>(this.context, this.context.objectPath(name, options?.namespace), body, options);
  }

  /** Server-side apply of a partial object named by its `metadata.name`. */
  async apply(
    object: DeepPartial<Obj<D>> & { metadata: { name: string; namespace?: string } },
    options: CallOptions & Omit<WriteOptions, "fieldManager"> & { fieldManager: string; force?: boolean } & Ns<D>,
  ): Promise<Obj<D>> {
    const [namespace, from] = namespaceOf(object, options);
    const path = this.context.objectPath((object as KubernetesObject).metadata?.name as string, namespace, undefined, "object.metadata.name", from);
    return sendPatch<Obj<D>>(this.context, path, this.withIdentity(object), { ...options, type: "apply" });
  }

  /** Deletes one object; resolves to the object (when deletion is pending, e.g. finalizers) or a Status. */
  async delete(name: string, options?: CallOptions & DeleteCallOptions & Ns<D>): Promise<Obj<D> | Status> {
    const body = deleteBody(options);
    const response = await this.context.client.request({
      method: "DELETE",
      path: this.context.objectPath(name, options?.namespace),
      query: options?.dryRun ? [["dryRun", "All"]] : [],
      ...(body ? { body } : {}),
      ...callFields(options),
    });
    return response.json<Obj<D> | Status>();
  }

  async deleteCollection(options?: CallOptions & DeleteCallOptions & ListOptions & Ns<D>): Promise<ObjectList<Obj<D>> | Status> {
    const body = deleteBody(options);
    const query = listQuery(options);
    if (options?.dryRun) query.push(["dryRun", "All"]);
    const response = await this.context.client.request({
      method: "DELETE",
      path: this.context.collectionPath(options?.namespace),
      query,
      ...(body ? { body } : {}),
      ...callFields(options),
    });
    return response.json<ObjectList<Obj<D>> | Status>();
  }

  /**
   * Typed events as they happen. ERROR events are thrown as typed errors (410 as `Gone`).
   * Bounded by `inactivityTimeout`, never by a total timeout; breaking out of the loop closes the stream.
   */
  watch(options?: WatchOptions & CallOptions & ListScope<IsNamespaced<D>>): AsyncIterable<WatchEvent<Obj<D>>> {
    return watchStream<Obj<D>>(this.context, watchRequest(this.context, options));
  }
}

/** The namespace of a write (the call's, else the object's) and the argument it came from. */
function namespaceOf(object: unknown, options: { readonly namespace?: string } | undefined): [string | undefined, string] {
  if (options?.namespace !== undefined) return [options.namespace, "options.namespace"];
  return [(object as KubernetesObject | undefined)?.metadata?.namespace, "object.metadata.namespace"];
}

/** The Api of a descriptor: its calls plus one accessor per subresource it lists. */
export type Api<D extends AnyResourceDescriptor> = ApiBase<D> & SubresourceAccessorsOf<D>;

export interface ApiConstructor {
  new <D extends AnyResourceDescriptor>(descriptor: D, options: ApiOptions<IsNamespaced<D>>): Api<D>;
}

export const Api: ApiConstructor = ApiBase as unknown as ApiConstructor;
