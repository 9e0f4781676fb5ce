/**
 * Finds the API resources in the paths: each (group, version, plural) with its
 * kind, scope, verbs and subresources.
 *
 *   /api/v1/namespaces/{namespace}/pods/{name}/exec
 *   /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale
 *   /apis/rbac.authorization.k8s.io/v1/clusterroles
 */
import type { NormalizedSpec } from "./load.js";

/**
 * One API resource found in a spec: its identity, scope, verbs and subresources.
 *
 * @example
 * ```ts
 * import { findResources, loadSpec, type Resource } from "kubex-gen";
 *
 * const resources: Resource[] = findResources(loadSpec("specs/swagger-v1.35.json"));
 * const pod = resources.find((r) => r.group === "" && r.kind === "Pod");
 * console.log(pod?.plural, pod?.verbs, pod?.subresources); // "pods" [...] ["attach", "binding", ...]
 * ```
 */
export interface Resource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly subresources: readonly string[];
  /** Known from a CRD only (the OpenAPI paths do not carry them). */
  readonly shortNames?: readonly string[];
  readonly scale?: ScalePaths;
  /** The deprecation warning of a deprecated CRD version. */
  readonly deprecation?: string;
}

/**
 * Where a CRD's scale subresource reads and writes replicas (JSON paths into the object).
 *
 * @example
 * ```ts
 * import { findResources, readCrds, specFromCrds, type ScalePaths } from "kubex-gen";
 *
 * const [widget] = findResources(specFromCrds(readCrds(["crds/widgets.yaml"])));
 * const scale: ScalePaths | undefined = widget?.scale;
 * console.log(scale?.specReplicasPath); // ".spec.replicas"
 * ```
 */
export interface ScalePaths {
  readonly specReplicasPath?: string;
  readonly statusReplicasPath?: string;
  readonly labelSelectorPath?: string;
}

interface Draft {
  group: string;
  version: string;
  plural: string;
  kind?: string;
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Set<string>;
  listTakesWatch?: boolean;
}

const verbOfAction: Record<string, string> = {
  get: "get",
  list: "list",
  watch: "watch",
  watchlist: "watch",
  post: "create",
  put: "update",
  patch: "patch",
  delete: "delete",
  deletecollection: "deletecollection",
};

/** Splits `/api/v1/...` or `/apis/{group}/{version}/...` into its group, version and the rest. */
function splitPath(path: string): { group: string; version: string; rest: string[] } | undefined {
  const segments = path.split("/").filter((s) => s !== "");
  if (segments[0] === "api" && segments.length >= 2) return { group: "", version: segments[1]!, rest: segments.slice(2) };
  if (segments[0] === "apis" && segments.length >= 3) return { group: segments[1]!, version: segments[2]!, rest: segments.slice(3) };
  return undefined;
}

/**
 * The API resources of a spec: each (group, version, plural) with its kind, scope, verbs and subresources.
 *
 * @example
 * ```ts
 * import { findResources, loadSpec } from "kubex-gen";
 *
 * const clusterScoped = findResources(loadSpec("specs/swagger-v1.35.json")).filter((r) => !r.namespaced).map((r) => r.kind);
 * ```
 */
export function findResources(spec: NormalizedSpec): Resource[] {
  const drafts = new Map<string, Draft>();
  const watchPaths = new Set<string>();
  for (const { path, operations, parameters = [] } of spec.paths) {
    const split = splitPath(path);
    if (!split) continue;
    let rest = split.rest;
    if (rest[0] === "watch") {
      rest = rest.slice(1);
      watchPaths.add(`${split.group}/${split.version}`);
    }
    let namespaced = false;
    if (rest[0] === "namespaces" && rest[1] === "{namespace}" && rest.length > 2) {
      namespaced = true;
      rest = rest.slice(2);
    }
    const plural = rest[0];
    if (plural === undefined || plural.startsWith("{")) continue;
    const isObject = rest[1] === "{name}";
    if (rest.length > 1 && !isObject) continue;
    const key = `${split.group}/${split.version}/${plural}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { group: split.group, version: split.version, plural, namespaced, verbs: new Set(), subresources: new Set() };
      drafts.set(key, draft);
    }
    draft.namespaced ||= namespaced;
    if (rest.length > 2) {
      // `{name}/proxy/{path}` is the same subresource as `{name}/proxy`.
      draft.subresources.add(rest[2]!);
      continue;
    }
    for (const op of operations) {
      const action = op["x-kubernetes-action"];
      // Own keys only: an action named like an Object method (`toString`) is no verb.
      const verb = action !== undefined && Object.hasOwn(verbOfAction, action) ? verbOfAction[action] : undefined;
      if (verb) draft.verbs.add(verb);
      const takes = (name: string) => parameters.includes(name) || (op.parameters ?? []).some((p) => p?.name === name);
      if (action === "list" && takes("watch")) draft.listTakesWatch = true;
      const gvk = op["x-kubernetes-group-version-kind"];
      // The kind of the collection/object operations, not of a subresource's body.
      if (gvk && gvk.kind && !draft.kind && action !== "deletecollection") draft.kind = gvk.kind;
    }
  }
  // A cluster's /openapi/v3 has no /watch/ paths for a CRD's group-version: there a list that
  // takes `watch` serves watch. Where a group-version has them, they alone say (a ComponentStatus
  // list takes `watch` too, but the server cannot watch it).
  for (const d of drafts.values()) {
    if (d.listTakesWatch && !watchPaths.has(`${d.group}/${d.version}`)) d.verbs.add("watch");
  }
  return [...drafts.values()]
    .filter((d): d is Draft & { kind: string } => d.kind !== undefined)
    .map((d) => ({
      group: d.group,
      version: d.version,
      kind: d.kind,
      plural: d.plural,
      namespaced: d.namespaced,
      verbs: [...d.verbs].sort(),
      subresources: [...d.subresources].sort(),
    }))
    .sort((a, b) => (`${a.group}/${a.version}/${a.plural}` < `${b.group}/${b.version}/${b.plural}` ? -1 : 1));
}
