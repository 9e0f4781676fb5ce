/**
 * Applies manifests the way `kubectl apply --server-side` does: each object's kind
 * is resolved (a given lookup first, then discovery), Namespaces and CRDs go first,
 * and custom resources wait until their CRD is Established.
 */
import { Api } from "../api/api.js";
import { checkClient, checkNamespaceOption, checkObject } from "../api/arguments.js";
import type { BaseClient } from "../client/base-client.js";
import { discoveryFor, type DiscoveredDescriptor } from "../discovery/index.js";
import { KubexArgumentError, KubexClientError, KubexTimeoutError, NotFound } from "../errors.js";
import type { AnyResourceDescriptor } from "../resource/descriptor.js";
import { checkManifests, parseManifests, type ManifestObject } from "./yaml.js";

/**
 * What applying or deleting did to one object.
 *
 * @example
 * ```ts
 * const results = await applyManifests(client, manifestYaml, { fieldManager: "deploy-tool" });
 * const isChange = (action: ManifestAction) => action === "created" || action === "configured";
 * const changed = results.filter((r) => isChange(r.action));
 * ```
 */
export type ManifestAction = "created" | "configured" | "unchanged" | "deleted" | "absent";

/**
 * One object of an apply or delete: its identity and what was done to it.
 *
 * @example
 * ```ts
 * const results: ManifestResult[] = await applyManifests(client, manifestYaml, { fieldManager: "deploy-tool" });
 * for (const r of results) console.log(`${r.kind}/${r.name} ${r.action}`); // "Deployment/web configured"
 * ```
 */
export interface ManifestResult {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly action: ManifestAction;
  /** The object as the server returned it (applies only). */
  readonly object?: ManifestObject;
}

/**
 * Finds a descriptor without asking the server, e.g. a generated version's `loadDescriptor`.
 *
 * @example
 * ```ts
 * import { loadDescriptor } from "kubex/k8s/v1_35";
 *
 * // Built-in kinds from the generated modules, without a discovery request; others by discovery.
 * const lookup: DescriptorLookup = (apiVersion, kind) => loadDescriptor(apiVersion, kind);
 * await applyManifests(client, manifestYaml, { fieldManager: "deploy-tool", lookup });
 * ```
 */
export type DescriptorLookup = (apiVersion: string, kind: string) => AnyResourceDescriptor | undefined | Promise<AnyResourceDescriptor | undefined>;

interface CommonOptions {
  /** Namespace for namespaced objects that name none; else the configuration's. */
  readonly namespace?: string;
  /** Tried before discovery for each kind. */
  readonly lookup?: DescriptorLookup;
  readonly signal?: AbortSignal;
  /** Seconds per request. */
  readonly requestTimeout?: number;
}

/**
 * How manifests are applied: the field manager, conflicts forced or not, a dry run, the default namespace.
 *
 * @example
 * ```ts
 * const options: ApplyManifestsOptions = { fieldManager: "deploy-tool", force: true, namespace: "staging", establishTimeout: 120 };
 * await applyManifests(client, manifestYaml, options);
 * ```
 */
export interface ApplyManifestsOptions extends CommonOptions {
  readonly fieldManager: string;
  readonly force?: boolean;
  readonly dryRun?: boolean;
  /** Seconds to wait for an applied CRD to become Established (default 60). */
  readonly establishTimeout?: number;
}

/**
 * How manifests are deleted: a dry run, propagation to dependents, the default namespace.
 *
 * @example
 * ```ts
 * const options: DeleteManifestsOptions = { namespace: "staging", propagationPolicy: "Foreground" };
 * await deleteManifests(client, manifestYaml, options);
 * ```
 */
export interface DeleteManifestsOptions extends CommonOptions {
  readonly dryRun?: boolean;
  readonly propagationPolicy?: "Background" | "Foreground" | "Orphan";
}

/**
 * One object could not be applied or deleted: `cause` is the typed error; `results` holds what was done before it.
 *
 * @example
 * ```ts
 * try {
 *   await applyManifests(client, manifestYaml, { fieldManager: "deploy-tool" });
 * } catch (error) {
 *   if (error instanceof KubexManifestApplyError) {
 *     console.error(`object ${error.index} failed after ${error.results.length} applied:`, error.cause);
 *   }
 * }
 * ```
 */
export class KubexManifestApplyError extends KubexClientError {
  readonly index: number;
  readonly results: readonly ManifestResult[];
  constructor(index: number, object: ManifestObject, results: readonly ManifestResult[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`object ${index} (${object.kind} ${String(object.metadata?.name)}): ${reason}`, { cause, code: "KUBEX_MANIFEST" });
    this.index = index;
    this.results = results;
  }
}

const CRD_API_VERSION = "apiextensions.k8s.io/v1";
const rank = (object: ManifestObject) => (object.kind === "Namespace" && object.apiVersion === "v1" ? 0 : object.kind === "CustomResourceDefinition" ? 1 : 2);

function toObjects(input: string | ManifestObject | readonly ManifestObject[]): ManifestObject[] {
  if (typeof input === "string") return parseManifests(input);
  return checkManifests(Array.isArray(input) ? input : [input]);
}

function nameOf(object: ManifestObject, index: number): string {
  const name = object.metadata?.name;
  if (typeof name !== "string" || name === "") throw new KubexArgumentError(`manifests[${index}].metadata.name`, `${object.kind} needs a non-empty name to be applied or deleted`);
  return name;
}

/** A flag taken by truthiness would read the string "false" as true. */
function checkFlags(options: object, names: readonly string[]): void {
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== "boolean") throw new KubexArgumentError(`options.${name}`, "accepts true or false");
  }
}

const propagationPolicies: readonly unknown[] = ["Background", "Foreground", "Orphan"];

/** Input order, with Namespaces first and then CRDs; the rest keep their order. */
function ordered(objects: ManifestObject[]): { object: ManifestObject; index: number }[] {
  return objects.map((object, index) => ({ object, index })).sort((a, b) => rank(a.object) - rank(b.object) || a.index - b.index);
}

async function descriptorOf(client: BaseClient, object: ManifestObject, options: CommonOptions): Promise<AnyResourceDescriptor | DiscoveredDescriptor> {
  const known = await options.lookup?.(object.apiVersion, object.kind);
  if (known) return known;
  return discoveryFor(client).resolve(object.apiVersion, object.kind, options.signal ? { signal: options.signal } : {});
}

function apiFor(client: BaseClient, descriptor: AnyResourceDescriptor, object: ManifestObject, options: CommonOptions): { api: Api<AnyResourceDescriptor>; namespace: string | undefined } {
  const namespace = descriptor.namespaced ? (object.metadata?.namespace ?? options.namespace ?? client.configuration.namespace) : undefined;
  const api = new Api(descriptor, namespace === undefined ? { client } : { client, namespace } as never) as Api<AnyResourceDescriptor>;
  return { api, namespace };
}

const callOptions = (options: CommonOptions) => ({
  ...(options.signal ? { signal: options.signal } : {}),
  ...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
});

async function waitEstablished(client: BaseClient, name: string, options: ApplyManifestsOptions): Promise<void> {
  const crds = await descriptorOf(client, { apiVersion: CRD_API_VERSION, kind: "CustomResourceDefinition" }, options);
  const api = new Api(crds, { client } as never) as Api<AnyResourceDescriptor>;
  const deadline = Date.now() + (options.establishTimeout ?? 60) * 1000;
  for (;;) {
    const crd = (await api.get(name, callOptions(options))) as { status?: { conditions?: { type: string; status: string }[] } };
    if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline) throw new KubexTimeoutError(`CustomResourceDefinition ${name} was not Established within ${options.establishTimeout ?? 60}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Server-side applies every object and reports, per object, whether it was
 * created, configured or left unchanged. Stops at the first failure with a
 * `KubexManifestApplyError` whose `cause` is the typed error.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 *
 * // kubectl apply --server-side -f app.yaml
 * const results = await applyManifests(client, readFileSync("app.yaml", "utf8"), { fieldManager: "deploy-tool" });
 * for (const r of results) console.log(`${r.kind}/${r.name} ${r.action}`);
 * ```
 */
export async function applyManifests(
  client: BaseClient,
  input: string | ManifestObject | readonly ManifestObject[],
  options: ApplyManifestsOptions,
): Promise<ManifestResult[]> {
  checkClient(client);
  if (typeof options?.fieldManager !== "string" || options.fieldManager === "") throw new KubexArgumentError("options.fieldManager", "server-side apply needs a non-empty field manager");
  checkFlags(options, ["force", "dryRun"]);
  checkNamespaceOption("options.namespace", options.namespace);
  const wait = options.establishTimeout;
  // NaN or Infinity would make the wait for an Established CRD poll forever.
  if (wait !== undefined && (typeof wait !== "number" || !Number.isFinite(wait) || wait <= 0)) {
    throw new KubexArgumentError("options.establishTimeout", "accepts a finite, positive number of seconds");
  }
  const results: ManifestResult[] = [];
  for (const { object, index } of ordered(toObjects(input))) {
    try {
      const name = nameOf(object, index);
      const descriptor = await descriptorOf(client, object, options);
      const { api, namespace } = apiFor(client, descriptor, object, options);
      const before = await api.get(name, callOptions(options)).catch((e: unknown) => {
        if (e instanceof NotFound) return undefined;
        throw e;
      }) as ManifestObject | undefined;
      const after = (await api.apply(object as never, {
        fieldManager: options.fieldManager,
        ...(options.force ? { force: true } : {}),
        ...(options.dryRun ? { dryRun: "All" } : {}),
        ...callOptions(options),
      } as never)) as ManifestObject;
      const action: ManifestAction = before === undefined ? "created" : unchanged(before, after, options.dryRun === true) ? "unchanged" : "configured";
      results.push({ apiVersion: object.apiVersion, kind: object.kind, name, ...(namespace ? { namespace } : {}), action, object: after });
      if (object.kind === "CustomResourceDefinition" && object.apiVersion === CRD_API_VERSION && !options.dryRun) {
        await waitEstablished(client, name, options);
        // Its kinds are served now: forget any earlier "not served" answer.
        discoveryFor(client).invalidate();
      }
    } catch (error) {
      throw new KubexManifestApplyError(index, object, results, error);
    }
  }
  return results;
}

/**
 * Unchanged: the same resourceVersion (nothing was written), or the same content
 * apart from what applying the object never sets. That covers dry runs, writes the
 * server makes only to managedFields (a namespace's automatic name label changes
 * owner on the first re-apply, for example), and controllers writing the status
 * between the read and the apply.
 */
function unchanged(before: ManifestObject, after: ManifestObject, dryRun: boolean): boolean {
  // A dry run never bumps the resourceVersion, so only its content tells.
  if (!dryRun && before.metadata?.resourceVersion === after.metadata?.resourceVersion) return true;
  const content = (o: ManifestObject) =>
    JSON.stringify({ ...o, status: undefined, metadata: { ...o.metadata, managedFields: undefined, resourceVersion: undefined, generation: undefined } });
  return content(before) === content(after);
}

/**
 * Deletes every object in reverse apply order; objects already gone are reported as `absent`.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 *
 * // kubectl delete -f app.yaml --ignore-not-found
 * const results = await deleteManifests(client, readFileSync("app.yaml", "utf8"));
 * for (const r of results) console.log(`${r.kind}/${r.name} ${r.action}`); // "deleted" or "absent"
 * ```
 */
export async function deleteManifests(
  client: BaseClient,
  input: string | ManifestObject | readonly ManifestObject[],
  options: DeleteManifestsOptions = {},
): Promise<ManifestResult[]> {
  checkClient(client);
  checkObject("options", options, "{ namespace?, propagationPolicy?, dryRun?, signal?, requestTimeout? }");
  checkFlags(options, ["dryRun"]);
  checkNamespaceOption("options.namespace", options.namespace);
  if (options.propagationPolicy !== undefined && !propagationPolicies.includes(options.propagationPolicy)) {
    throw new KubexArgumentError("options.propagationPolicy", `accepts "Background", "Foreground" or "Orphan"; got ${JSON.stringify(options.propagationPolicy)}`);
  }
  const results: ManifestResult[] = [];
  for (const { object, index } of ordered(toObjects(input)).reverse()) {
    try {
      const name = nameOf(object, index);
      const descriptor = await descriptorOf(client, object, options);
      const { api, namespace } = apiFor(client, descriptor, object, options);
      const action: ManifestAction = await api
        .delete(name, {
          propagationPolicy: options.propagationPolicy ?? "Background",
          ...(options.dryRun ? { dryRun: "All" } : {}),
          ...callOptions(options),
        } as never)
        .then(
          () => "deleted" as const,
          (e: unknown) => {
            if (e instanceof NotFound) return "absent" as const;
            throw e;
          },
        );
      results.push({ apiVersion: object.apiVersion, kind: object.kind, name, ...(namespace ? { namespace } : {}), action });
    } catch (error) {
      throw new KubexManifestApplyError(index, object, results, error);
    }
  }
  return results;
}
