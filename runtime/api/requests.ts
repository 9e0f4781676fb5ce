/**
 * Every request of the Api as plain data, built with no client and no network:
 * `Api` methods build one of these, send it, and decode the answer. Names and
 * namespaces are checked as path segments here, before any path exists.
 */
import type { KubeRequest } from "../client/request.js";
import { resolveTimeout } from "../client/options.js";
import { KubexArgumentError } from "../errors.js";
import type { ResourceContext } from "../resource/context.js";
import type { Eviction, KubernetesObject } from "./meta.js";
import {
  callFields, deleteBody, listQuery, logQuery, watchQuery, writeQuery,
  type CallOptions, type DeleteCallOptions, type ListOptions, type ListScope, type LogOptions, type NamespaceOption, type WatchOptions, type WriteOptions,
} from "./options.js";
import { patchContentType, type PatchType } from "./patch.js";
import { checkOptions } from "./arguments.js";

/** The `apiVersion` and `kind` a written body carries. */
export type Identity = { readonly apiVersion: string; readonly kind: string };

/**
 * Options of a get: namespace, timeout, signal, and `resourceVersion: "0"` to allow a cached answer.
 *
 * @example
 * ```ts
 * const options: GetOptions = { namespace: "kube-system", resourceVersion: "0" };
 * const meta = await pods.metadata.get("coredns", options);
 * ```
 */
export type GetOptions = CallOptions & NamespaceOption<true> & { readonly resourceVersion?: string };
/**
 * Options of a subresource write: namespace, timeout, signal, dry run, field manager.
 *
 * @example
 * ```ts
 * const options: WriteCallOptions = { fieldManager: "autoscaler", dryRun: true };
 * const scale = await deployments.scale.get("web");
 * await deployments.scale.replace("web", { ...scale, spec: { replicas: 4 } }, options);
 * ```
 */
export type WriteCallOptions = CallOptions & WriteOptions & NamespaceOption<true>;
export type PatchCallOptions = WriteCallOptions & { readonly type?: PatchType; readonly force?: boolean };

/** `Accept` values asking for metadata only; the same builders with another `accept`. */
export const metadataAccept = {
  object: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
  list: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
} as const;

const logAccept = "text/plain, */*";

/** A subresource of an object: its path segment and the identity its writes carry. */
export interface SubresourceTarget {
  readonly name: string;
  readonly identity: Identity;
}

/** The namespace of a write (the call's, else the object's) and the argument it came from. */
function namespaceOf(object: unknown, options: NamespaceOption<true> | undefined): [string | undefined, string] {
  if (options?.namespace !== undefined) return [options.namespace, "options.namespace"];
  return [(object as KubernetesObject | undefined)?.metadata?.namespace, "object.metadata.namespace"];
}

function objectBody(argument: string, value: unknown): object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new KubexArgumentError(argument, `must be an object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`);
  }
  return value;
}

/** The object with `apiVersion` and `kind` from `identity` where absent; the caller's object is not changed. */
export function withIdentity(identity: Identity, object: object): object {
  const o = object as KubernetesObject;
  return o.apiVersion && o.kind ? object : { ...identity, ...object };
}

function accepting(accept: string | undefined): { headers?: Record<string, string> } {
  return accept === undefined ? {} : { headers: { accept } };
}

export function getRequest(context: ResourceContext, name: string, options?: GetOptions, accept?: string, subresource?: string): KubeRequest {
  checkOptions(options);
  // The common call, a get by name with no options: nothing to merge.
  if (options === undefined && accept === undefined) return { method: "GET", path: context.objectPath(name, undefined, subresource) };
  const query: [string, string][] = options?.resourceVersion !== undefined ? [["resourceVersion", options.resourceVersion]] : [];
  return {
    method: "GET",
    path: context.objectPath(name, options?.namespace, subresource),
    ...(query.length > 0 ? { query } : {}),
    ...accepting(accept),
    ...callFields(options),
  };
}

/** The collection a list or watch reads: one namespace, the default one, or all of them. */
function scopedPath(context: ResourceContext, options: ListScope<true> | undefined): string {
  return context.collectionPath(options?.namespace, "options.namespace", options?.allNamespaces === true);
}

export function listRequest(context: ResourceContext, options?: ListOptions & CallOptions & ListScope<true>, accept?: string): KubeRequest {
  checkOptions(options);
  return {
    method: "GET",
    path: scopedPath(context, options),
    query: listQuery(options),
    ...accepting(accept),
    ...callFields(options),
  };
}

export function createRequest(context: ResourceContext, object: unknown, options?: WriteCallOptions): KubeRequest {
  checkOptions(options);
  const body = objectBody("object", object);
  const [namespace, from] = namespaceOf(body, options);
  return {
    method: "POST",
    path: context.collectionPath(namespace, from),
    query: writeQuery(options),
    body: JSON.stringify(withIdentity(context.identity, body)),
    ...callFields(options),
  };
}

/** PUT of the whole object, or of a subresource's body. */
export function replaceRequest(context: ResourceContext, name: string, object: unknown, options?: WriteCallOptions, subresource?: SubresourceTarget): KubeRequest {
  checkOptions(options);
  const body = objectBody("object", object);
  const [namespace, from] = namespaceOf(body, options);
  return {
    method: "PUT",
    path: context.objectPath(name, namespace, subresource?.name, "name", from),
    query: writeQuery(options),
    body: JSON.stringify(withIdentity(subresource?.identity ?? context.identity, body)),
    ...callFields(options),
  };
}

/** A patch of any of the four kinds; an apply body carries the identity as the server requires. */
export function patchRequest(context: ResourceContext, name: string, patch: unknown, options?: PatchCallOptions, subresource?: SubresourceTarget, nameFrom = "name", accept?: string): KubeRequest {
  checkOptions(options);
  // Only undefined is the default: null names no patch type, and is refused below.
  const type = options?.type === undefined ? "merge" : options.type;
  if (!Object.hasOwn(patchContentType, type)) {
    throw new KubexArgumentError("options.type", `must be one of ${Object.keys(patchContentType).join(", ")}, got ${JSON.stringify(type)}`);
  }
  if (type === "strategic" && context.descriptor.custom === true) {
    throw new KubexArgumentError("options.type", "a custom resource takes no strategic merge patch (the server answers 415): use merge, json or apply");
  }
  if (type === "apply" && !options?.fieldManager) {
    throw new KubexArgumentError("options.fieldManager", "server-side apply needs a fieldManager");
  }
  const body = type === "json" ? patchArray(patch) : objectBody("patch", patch);
  const [namespace, from] = type === "apply" ? namespaceOf(body, options) : [options?.namespace, "options.namespace"];
  const query = writeQuery(options);
  if (options?.force) query.push(["force", "true"]);
  return {
    method: "PATCH",
    path: context.objectPath(name, namespace, subresource?.name, nameFrom, from),
    query,
    headers: { "content-type": patchContentType[type], ...(accept === undefined ? {} : { accept }) },
    body: JSON.stringify(type === "apply" ? withIdentity(subresource?.identity ?? context.identity, body) : body),
    ...callFields(options),
  };
}

function patchArray(patch: unknown): unknown[] {
  if (!Array.isArray(patch)) throw new KubexArgumentError("patch", "a JSON patch must be an array of operations");
  return patch;
}

export function deleteRequest(context: ResourceContext, name: string, options?: CallOptions & DeleteCallOptions & NamespaceOption<true>): KubeRequest {
  checkOptions(options);
  const body = deleteBody(options);
  return {
    method: "DELETE",
    path: context.objectPath(name, options?.namespace),
    query: options?.dryRun ? [["dryRun", "All"]] : [],
    ...(body ? { body } : {}),
    ...callFields(options),
  };
}

export function deleteCollectionRequest(context: ResourceContext, options?: CallOptions & DeleteCallOptions & ListOptions & NamespaceOption<true>): KubeRequest {
  checkOptions(options);
  const body = deleteBody(options);
  const query = listQuery(options);
  if (options?.dryRun) query.push(["dryRun", "All"]);
  return {
    method: "DELETE",
    path: context.collectionPath(options?.namespace),
    query,
    ...(body ? { body } : {}),
    ...callFields(options),
  };
}

/**
 * The request of a watch: the collection path, the watch query, and one timeout in which
 * `inactivityTimeout` is the read bound unless `requestTimeout` sets its own.
 */
export function watchRequest(context: ResourceContext, options?: WatchOptions & CallOptions & ListScope<true>, accept?: string): KubeRequest {
  checkOptions(options);
  const given = resolveTimeout(options?.requestTimeout);
  const timeout = options?.inactivityTimeout ? { read: options.inactivityTimeout, ...given } : given;
  return {
    method: "GET",
    path: scopedPath(context, options),
    query: watchQuery(options),
    ...accepting(accept),
    ...(timeout ? { timeout } : {}),
    ...(options?.signal ? { signal: options.signal } : {}),
    ...(options?.retry !== undefined ? { retry: options.retry } : {}),
  };
}

export function logRequest(context: ResourceContext, name: string, options: LogOptions | undefined, follow: boolean): KubeRequest {
  checkOptions(options);
  return {
    method: "GET",
    path: context.objectPath(name, options?.namespace, "log"),
    query: logQuery(options, follow),
    headers: { accept: logAccept },
    ...callFields(options),
  };
}

/** An eviction of the named pod; its body names the pod in the namespace the call uses. */
export function evictionRequest(context: ResourceContext, name: string, eviction: Omit<Eviction, "apiVersion" | "kind"> | undefined, options?: WriteCallOptions): KubeRequest {
  checkOptions(options);
  const path = context.objectPath(name, options?.namespace, "eviction");
  const given = eviction === undefined ? {} : (objectBody("eviction", eviction) as Omit<Eviction, "apiVersion" | "kind">);
  const namespace = context.namespaceFor(options?.namespace);
  const body: Eviction = {
    apiVersion: "policy/v1",
    kind: "Eviction",
    ...given,
    metadata: { name, ...(namespace ? { namespace } : {}), ...given.metadata },
  };
  return { method: "POST", path, query: writeQuery(options), body: JSON.stringify(body), ...callFields(options) };
}
