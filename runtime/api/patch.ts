/** Patch bodies and their content types (JSON merge, strategic merge, JSON patch, server-side apply). */

/**
 * A recursive partial: what a merge patch or an apply configuration may hold.
 *
 * @example
 * ```ts
 * const patch: DeepPartial<Deployment> = { spec: { template: { metadata: { annotations: { restartedAt: new Date().toISOString() } } } } };
 * await deployments.patch("web", patch);
 * ```
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

/**
 * RFC 6902 operations; `path` and `from` are RFC 6901 pointers (see `jsonPointer`).
 *
 * @example
 * ```ts
 * const operations: JsonPatchOperation[] = [
 *   { op: "test", path: "/metadata/resourceVersion", value: d.metadata?.resourceVersion },
 *   { op: "replace", path: "/spec/replicas", value: 3 },
 * ];
 * await deployments.patch("web", operations, { type: "json" });
 * ```
 */
export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

/**
 * Builds a JSON pointer from raw tokens, escaping `~` as `~0` and `/` as `~1`.
 *
 * @example
 * ```ts
 * // "/metadata/labels/app.kubernetes.io~1name"
 * const path = jsonPointer("metadata", "labels", "app.kubernetes.io/name");
 * await pods.patch("web-0", [{ op: "remove", path }], { type: "json" });
 * ```
 */
export function jsonPointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/**
 * The four patch kinds: JSON merge, strategic merge, JSON patch, server-side apply.
 *
 * @example
 * ```ts
 * const type: PatchType = "strategic";
 * await deployments.patch("web", { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } } }, { type });
 * ```
 */
export type PatchType = "merge" | "strategic" | "json" | "apply";

/**
 * The merge patches a descriptor's objects take: custom resources have no strategic merge patch.
 *
 * @example
 * ```ts
 * const builtIn: MergePatchType<typeof Deployment> = "strategic";
 * const custom: MergePatchType<{ custom: true }> = "merge"; // custom resources have no strategic merge patch
 * ```
 */
export type MergePatchType<D> = D extends { readonly custom: true } ? "merge" : "merge" | "strategic";

export const patchContentType: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  json: "application/json-patch+json",
  // A JSON document is valid YAML.
  apply: "application/apply-patch+yaml",
};
