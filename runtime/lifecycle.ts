/**
 * When each built-in kind was introduced, deprecated and removed, and what replaces
 * it, across the Kubernetes releases kubex ships:
 *
 *   lifecycle("resource.k8s.io/v1beta1", "ResourceClaim")
 *   // { introduced: "1.32", deprecated: "1.35", removed: "1.38",
 *   //   replacement: { apiVersion: "resource.k8s.io/v1", kind: "ResourceClaim" }, served: { first: "1.32", last: "1.37" } }
 *
 * The generated manifest holds one short record per kind, parsed on demand.
 */
import { kindLifecycles, type LifecycleKey } from "../generated/lifecycle.js";

export type { LifecycleKey };

/**
 * When a built-in kind was introduced, deprecated and removed, and what replaces it.
 *
 * @example
 * ```ts
 * // Before applying a manifest: warn about a kind the API server deprecates.
 * function warnIfDeprecated(apiVersion: string, kind: string): void {
 *   const info: KindLifecycle | undefined = lifecycle(apiVersion, kind);
 *   if (info?.deprecated === undefined) return;
 *   const instead = info.replacement ? `; use ${info.replacement.apiVersion} ${info.replacement.kind}` : "";
 *   console.warn(`${apiVersion} ${kind} is deprecated from ${info.deprecated}${instead}`);
 * }
 * ```
 */
export interface KindLifecycle {
  /** The release that introduced it (`"1.0"` for the oldest core kinds); absent when no source says, for a kind served before the oldest shipped release. */
  readonly introduced?: string;
  /** The release from which the API server warns about it; later than `served.last`, or than the newest shipped release, when only planned. */
  readonly deprecated?: string;
  /** The first release that no longer serves it; planned when later than the newest shipped release. */
  readonly removed?: string;
  /** The kind to use instead. */
  readonly replacement?: { readonly apiVersion: string; readonly kind: string };
  /** The first and the last shipped release that serve it. */
  readonly served: { readonly first: string; readonly last: string };
}

/**
 * What `lifecycle` returns: always an answer for a kind the manifest knows.
 *
 * @example
 * ```ts
 * const claim: LifecycleOf<"resource.k8s.io/v1beta1", "ResourceClaim"> = lifecycle("resource.k8s.io/v1beta1", "ResourceClaim"); // KindLifecycle
 * const widget: LifecycleOf<"example.com/v1", "Widget"> = lifecycle("example.com/v1", "Widget"); // KindLifecycle | undefined
 * console.log(claim.served.last, widget?.served.last ?? "not built in");
 * ```
 */
export type LifecycleOf<A extends string, K extends string> = `${A}/${K}` extends LifecycleKey ? KindLifecycle : KindLifecycle | undefined;

const none = "-";

/**
 * The lifecycle of a built-in kind by its `apiVersion` and `kind`; `undefined` for a kind no shipped release serves.
 *
 * @example
 * ```ts
 * const claim = lifecycle("resource.k8s.io/v1beta1", "ResourceClaim");
 * // { introduced: "1.32", deprecated: "1.35", removed: "1.38",
 * //   replacement: { apiVersion: "resource.k8s.io/v1", kind: "ResourceClaim" }, served: { first: "1.32", last: "1.37" } }
 * console.log(`served ${claim.served.first} to ${claim.served.last}, removed in ${claim.removed}`);
 *
 * const widget = lifecycle("example.com/v1", "Widget"); // undefined: no shipped release serves it
 * ```
 */
export function lifecycle<const A extends string, const K extends string>(apiVersion: A, kind: K): LifecycleOf<A, K> {
  const key = `${apiVersion}/${kind}`;
  const record = typeof apiVersion === "string" && typeof kind === "string" && Object.hasOwn(kindLifecycles, key)
    ? (kindLifecycles as Record<string, string>)[key]
    : undefined;
  return (record === undefined ? undefined : parse(record)) as LifecycleOf<A, K>;
}

function parse(record: string): KindLifecycle {
  const [first, last, introduced, deprecated, removed, replacement] = record.split(" ").map((v) => (v === none ? undefined : v));
  const slash = replacement?.lastIndexOf("/") ?? -1;
  return {
    ...(introduced ? { introduced } : {}),
    ...(deprecated ? { deprecated } : {}),
    ...(removed ? { removed } : {}),
    ...(replacement ? { replacement: { apiVersion: replacement.slice(0, slash), kind: replacement.slice(slash + 1) } } : {}),
    served: { first: first!, last: last! },
  };
}
