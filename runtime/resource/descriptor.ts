/**
 * Resource descriptors: the static identity of a Kubernetes kind.
 *
 * The generator emits one descriptor per kind as a plain object; the runtime's
 * generic `Api` reads it to build URLs and, through its type parameters, to
 * know the object type, the scope and which subresources exist.
 */

/**
 * Phantom key carrying the object type of a descriptor; never present at runtime. A string,
 * not a `unique symbol`: the ESM and the CommonJS copy of these declarations then name the
 * same key, so a descriptor typed with one copy keeps its object type when read by the other.
 *
 * @example
 * ```ts
 * type PodType = NonNullable<(typeof Pod)[typeof resourceObjectType]>; // Pod
 * ```
 */
export declare const resourceObjectType: "~kubex.objectType";

/**
 * Identity and capabilities of one kind, as the API server exposes it.
 *
 * @example
 * ```ts
 * const describe = (d: ResourceDescriptor) => `${d.plural}.${d.group || "core"}/${d.version} (${d.namespaced ? "namespaced" : "cluster"})`;
 * console.log(describe(Pod)); // "pods.core/v1 (namespaced)"
 * ```
 */
export interface ResourceDescriptor<
  T = unknown,
  Namespaced extends boolean = boolean,
  Subresource extends string = string,
  Verb extends string = string,
> {
  /** `v1` for the core group, `group/version` otherwise. */
  readonly apiVersion: string;
  /** API group; empty string for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource name used in URLs, e.g. `pods`. */
  readonly plural: string;
  readonly listKind: string;
  readonly namespaced: Namespaced;
  /** Verbs the spec exposes for the collection and the object, e.g. `get`, `list`, `watch`. */
  readonly verbs: readonly Verb[];
  /** Subresource path segments found in the spec, e.g. `status`, `exec`, `log`. */
  readonly subresources: readonly Subresource[];
  /** `true` for custom resources (from `defineResource`): they have no strategic merge patch. */
  readonly custom?: boolean;
  readonly [resourceObjectType]?: T;
}

/**
 * Any descriptor, whatever its object type.
 *
 * @example
 * ```ts
 * function pathOf(descriptor: AnyResourceDescriptor, namespace?: string): string {
 *   const base = descriptor.group === "" ? `/api/${descriptor.version}` : `/apis/${descriptor.group}/${descriptor.version}`;
 *   return namespace && descriptor.namespaced ? `${base}/namespaces/${namespace}/${descriptor.plural}` : `${base}/${descriptor.plural}`;
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResourceDescriptor = ResourceDescriptor<any, boolean, string, string>;

/**
 * The object type a descriptor stands for.
 *
 * @example
 * ```ts
 * type DeploymentObject = ObjectOf<typeof Deployment>; // Deployment
 * const d: DeploymentObject = await deployments.get("web");
 * ```
 */
export type ObjectOf<D> = D extends ResourceDescriptor<infer T, boolean, string> ? T : never;

/**
 * The subresource names a descriptor declares.
 *
 * @example
 * ```ts
 * type PodSubresource = SubresourceOf<typeof Pod>; // "attach" | "binding" | "eviction" | "exec" | "log" | ...
 * const hasLogs: "log" extends PodSubresource ? true : false = true;
 * ```
 */
export type SubresourceOf<D> = D extends ResourceDescriptor<unknown, boolean, infer S> ? S : never;

/**
 * The verbs a descriptor declares (`string` when it does not say).
 *
 * @example
 * ```ts
 * type BindingVerb = VerbOf<typeof Binding>; // "create": an Api of Binding has no get or list
 * ```
 */
export type VerbOf<D> = D extends ResourceDescriptor<unknown, boolean, string, infer V> ? V : never;

/**
 * `true` for namespaced kinds, `false` for cluster-scoped ones.
 *
 * @example
 * ```ts
 * const podsAreNamespaced: IsNamespaced<typeof Pod> = true;
 * const nodesAreNot: IsNamespaced<typeof Node> = false;
 * ```
 */
export type IsNamespaced<D> = D extends ResourceDescriptor<unknown, infer N, string> ? N : never;

/**
 * Fields of a descriptor as written by hand, without the phantom type.
 *
 * @example
 * ```ts
 * const init: ResourceDescriptorInit<true, "status", DefaultVerb> = { group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, subresources: ["status"] };
 * const Widget = defineResource<Widget>()(init);
 * ```
 */
export interface ResourceDescriptorInit<Namespaced extends boolean, Subresource extends string, Verb extends string> {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly listKind?: string;
  readonly namespaced: Namespaced;
  readonly verbs?: readonly Verb[];
  readonly subresources?: readonly Subresource[];
}

import { describe } from "../api/decode.js";
import { KubexArgumentError } from "../errors.js";
import { groupName, kindOf, labelName, pathSegment } from "./names.js";

/**
 * The verbs of a custom resource, which serves all of them.
 *
 * @example
 * ```ts
 * // A read-only kind: defineResource with fewer verbs than the default ones.
 * const verbs: readonly DefaultVerb[] = ["get", "list", "watch"];
 * const Report = defineResource<{ metadata?: ObjectMeta; summary?: string }>()({ group: "example.com", version: "v1", kind: "Report", plural: "reports", namespaced: true, verbs });
 * ```
 */
export type DefaultVerb = "create" | "delete" | "deletecollection" | "get" | "list" | "patch" | "update" | "watch";
const defaultVerbs: readonly DefaultVerb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/**
 * Describes a kind that has no generated descriptor, such as a custom resource.
 * The object type comes first (`defineResource<Widget>()`), the identity second.
 *
 * @example
 * ```ts
 * interface Widget { apiVersion?: "example.com/v1"; kind?: "Widget"; metadata?: ObjectMeta; spec?: { size: number }; status?: { ready?: boolean } }
 *
 * const Widget = defineResource<Widget>()({ group: "example.com", version: "v1",
 *   kind: "Widget", plural: "widgets", namespaced: true, subresources: ["status"] });
 * const widgets = new Api(Widget, { client, namespace: "default" });
 * await widgets.create({ metadata: { name: "small" }, spec: { size: 1 } });
 * await widgets.status.patch("small", { status: { ready: true } });
 * ```
 */
export function defineResource<T>() {
  return <const Namespaced extends boolean, const Subresource extends string = never, const Verb extends string = DefaultVerb>(
    init: ResourceDescriptorInit<Namespaced, Subresource, Verb>,
  ): ResourceDescriptor<T, Namespaced, Subresource, Verb> & { readonly custom: true } => {
    if (typeof init !== "object" || init === null || Array.isArray(init)) throw new KubexArgumentError("init", `must be an object (a ResourceDescriptorInit), got ${describe(init)}`);
    // These become URL path segments: refuse what could address another path.
    const group = groupName("init.group", init.group);
    const version = labelName("init.version", init.version);
    const kind = kindOf("init.kind", init.kind);
    // Only undefined takes the default; null or a value of another shape is refused by name.
    if (typeof init.namespaced !== "boolean") throw new KubexArgumentError("init.namespaced", `must be true or false, got ${describe(init.namespaced)}`);
    const subresources = (init.subresources === undefined ? [] : listOf("init.subresources", init.subresources, "subresource names")).map((s) => pathSegment("init.subresources", s) as Subresource);
    const verbs = init.verbs === undefined ? (defaultVerbs as readonly string[] as readonly Verb[]) : verbList<Verb>(init.verbs);
    return {
      apiVersion: group === "" ? version : `${group}/${version}`,
      group,
      version,
      kind,
      plural: labelName("init.plural", init.plural),
      listKind: init.listKind === undefined ? `${kind}List` : kindOf("init.listKind", init.listKind),
      namespaced: init.namespaced,
      verbs,
      subresources,
      custom: true,
    };
  };
}

function listOf(argument: string, value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new KubexArgumentError(argument, `must be a list of ${what}, got ${describe(value)}`);
  return value;
}

/** The verbs as given, each a string. */
function verbList<Verb extends string>(value: unknown): readonly Verb[] {
  const verbs = listOf("init.verbs", value, "verbs");
  const at = verbs.findIndex((verb) => typeof verb !== "string");
  if (at !== -1) throw new KubexArgumentError("init.verbs", `must be a list of verbs, got ${describe(verbs[at])} at ${at}`);
  return verbs as readonly Verb[];
}
