/**
 * The lifecycle of every kind across Kubernetes releases: the first and last
 * release whose spec serves it, and when it was introduced, deprecated and
 * removed, with its replacement. Three sources, in this order of trust:
 * - the specs themselves: which releases serve a kind (a kind no longer served
 *   by a later release was removed by it);
 * - what the Go types declare (`lifecycle-declared.ts`), the same data the API
 *   server's deprecation warnings come from;
 * - the kind's description ("Deprecated: This API is deprecated in v1.33+. Use
 *   discoveryv1.EndpointSlice."), for GA kinds the Go types do not mark;
 * and, last, `undeclaredReplacements` below.
 */
import type { DeclaredLifecycle } from "./lifecycle-declared.js";
import type { GroupVersionKind, NormalizedSpec, Schema } from "./load.js";
import { findResources } from "./resources.js";
import { header } from "./emit.js";

/** One release's input: its minor (`"1.35"`), its spec, and its Go types' declarations if known. */
export interface ReleaseInput {
  readonly minor: string;
  readonly spec: NormalizedSpec;
  readonly declared?: ReadonlyMap<string, DeclaredLifecycle>;
}

/** What one release says about a kind it serves. */
export interface KindFacts {
  readonly apiVersion: string;
  readonly kind: string;
  readonly introduced?: string;
  readonly deprecated?: string;
  readonly removed?: string;
  readonly replacement?: GroupVersionKind;
}

/** A kind's lifecycle across the releases given. */
export interface LifecycleEntry extends KindFacts {
  /** The first and last release given that serve it. */
  readonly first: string;
  readonly last: string;
}

/**
 * Replacements neither the Go types nor the descriptions name: for a deprecated or removed
 * prerelease group/version, the version whose same-named kind took over, used only where
 * the same release serves that kind.
 */
export const undeclaredReplacements: Readonly<Record<string, string>> = {
  "admissionregistration.k8s.io/v1alpha1": "admissionregistration.k8s.io/v1",
  "admissionregistration.k8s.io/v1beta1": "admissionregistration.k8s.io/v1",
  "authentication.k8s.io/v1beta1": "authentication.k8s.io/v1",
  "certificates.k8s.io/v1alpha1": "certificates.k8s.io/v1",
  "coordination.k8s.io/v1alpha2": "coordination.k8s.io/v1beta1",
  "networking.k8s.io/v1beta1": "networking.k8s.io/v1",
  "resource.k8s.io/v1alpha3": "resource.k8s.io/v1",
  "resource.k8s.io/v1beta1": "resource.k8s.io/v1",
  "resource.k8s.io/v1beta2": "resource.k8s.io/v1",
  "scheduling.k8s.io/v1alpha1": "scheduling.k8s.io/v1beta1",
  "scheduling.k8s.io/v1alpha2": "scheduling.k8s.io/v1beta1",
  "storage.k8s.io/v1beta1": "storage.k8s.io/v1",
  "storagemigration.k8s.io/v1alpha1": "storagemigration.k8s.io/v1",
};

/** The table's replacement of a deprecated or removed kind, when one of the releases given serves it. */
function tableReplacement(facts: KindFacts, served: ReadonlyMap<string, GroupVersionKind>): GroupVersionKind | undefined {
  if (facts.deprecated === undefined && facts.removed === undefined) return undefined;
  const target = undeclaredReplacements[facts.apiVersion];
  return target === undefined ? undefined : served.get(`${target}/${facts.kind}`);
}

export const apiVersionOf = (r: { group: string; version: string }): string => (r.group === "" ? r.version : `${r.group}/${r.version}`);
const keyOf = (r: { group: string; version: string; kind: string }): string => `${apiVersionOf(r)}/${r.kind}`;

/** `"1.9"` < `"1.10"`. */
export function compareMinors(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am! - bm! || an! - bn!;
}

const deprecatedIn = /\bdeprecated in v(\d+\.\d+)\+/i;
/** `Use discoveryv1.EndpointSlice`: a Go package alias (group directory + version) and a type. */
const useInstead = /\bUse ([a-z]+?)(v\d+(?:(?:alpha|beta)\d+)?)\.([A-Z]\w*)\b/;

/** The deprecation a kind's description states, resolving a named replacement through the spec's schemas. */
export function describedDeprecation(description: string | undefined, gvkOfSchema: (schemaName: string) => GroupVersionKind | undefined): { deprecated?: string; replacement?: GroupVersionKind } {
  const deprecated = description === undefined ? undefined : deprecatedIn.exec(description)?.[1];
  if (deprecated === undefined) return {};
  const use = useInstead.exec(description!);
  const replacement = use ? gvkOfSchema(`io.k8s.api.${use[1]}.${use[2]}.${use[3]}`) : undefined;
  return replacement ? { deprecated, replacement } : { deprecated };
}

/** The schema names of the kinds a spec defines, by `apiVersion/kind`, and the kind of each schema. */
function kindSchemas(spec: NormalizedSpec): { byKind: Map<string, [string, Schema]>; gvkOf: Map<string, GroupVersionKind> } {
  const byKind = new Map<string, [string, Schema]>();
  const gvkOf = new Map<string, GroupVersionKind>();
  for (const [name, schema] of spec.schemas) {
    const gvks = schema["x-kubernetes-group-version-kind"];
    if (gvks?.length !== 1) continue;
    byKind.set(keyOf(gvks[0]!), [name, schema]);
    gvkOf.set(name, gvks[0]!);
  }
  return { byKind, gvkOf };
}

/** What one release says about each kind it serves, by `apiVersion/kind`. */
export function releaseFacts(release: Omit<ReleaseInput, "minor">): Map<string, KindFacts> {
  const { byKind, gvkOf } = kindSchemas(release.spec);
  const facts = new Map<string, KindFacts>();
  const resources = release.spec.resources ?? findResources(release.spec);
  const served = new Map(resources.map((r) => [keyOf(r), { group: r.group, version: r.version, kind: r.kind }]));
  for (const resource of resources) {
    const key = keyOf(resource);
    const [schemaName, schema] = byKind.get(key) ?? [];
    const declared = schemaName === undefined ? undefined : release.declared?.get(schemaName);
    const described = describedDeprecation(schema?.description, (name) => gvkOf.get(name));
    const entry: KindFacts = {
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      introduced: declared?.introduced,
      deprecated: declared?.deprecated ?? described.deprecated,
      removed: declared?.removed,
      replacement: declared?.replacement ?? described.replacement,
    };
    facts.set(key, withoutUndefined({ ...entry, replacement: entry.replacement ?? tableReplacement(entry, served) }));
  }
  return facts;
}

/**
 * Every kind any release serves, sorted by `apiVersion/kind`. What the newest release
 * serving a kind says wins; a kind missing from a later release was removed by the first
 * such release, whatever was declared.
 */
export function buildLifecycle(releases: readonly ReleaseInput[]): LifecycleEntry[] {
  const sorted = [...releases].sort((a, b) => compareMinors(a.minor, b.minor));
  const served = new Map<string, { minors: string[]; latest: KindFacts }>();
  for (const release of sorted) {
    for (const [key, facts] of releaseFacts(release)) {
      const known = served.get(key);
      if (known) {
        known.minors.push(release.minor);
        known.latest = facts;
      } else served.set(key, { minors: [release.minor], latest: facts });
    }
  }
  const everServed = new Map([...served.values()].map(({ latest: { apiVersion, kind } }) => {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return [`${apiVersion}/${kind}`, { group: group!, version: version!, kind }];
  }));
  const minors = sorted.map((r) => r.minor);
  return [...served.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { minors: servedBy, latest }]) => {
      const first = servedBy[0]!;
      const last = servedBy[servedBy.length - 1]!;
      const removed = minors[minors.indexOf(last) + 1] ?? latest.removed;
      // A kind removed before its planned deprecation was never deprecated.
      const deprecated = latest.deprecated !== undefined && removed !== undefined && compareMinors(latest.deprecated, removed) >= 0 ? undefined : latest.deprecated;
      // Served since before the oldest release given, and no source says since when: unknown.
      const introduced = latest.introduced ?? (first === minors[0] ? undefined : first);
      const entry = withoutUndefined({ ...latest, first, last, introduced, deprecated, removed });
      // A kind removed before its replacement was served names it only now.
      return entry.replacement === undefined ? withoutUndefined({ ...entry, replacement: tableReplacement(entry, everServed) }) : entry;
    });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The `@deprecated` text of a kind deprecated in or before `minor`, else `undefined`. */
export function deprecationText(facts: KindFacts, minor: string): string | undefined {
  if (facts.deprecated === undefined || compareMinors(facts.deprecated, minor) > 0) return undefined;
  const parts = [`${facts.apiVersion} ${facts.kind} is deprecated since Kubernetes ${facts.deprecated}`];
  if (facts.removed !== undefined) parts.push(`${compareMinors(facts.removed, minor) > 0 ? "to be removed" : "removed"} in ${facts.removed}`);
  const sentence = `${parts.join(", ")}.`;
  const replacement = facts.replacement;
  return replacement ? `${sentence} Use ${apiVersionOf(replacement)} ${replacement.kind} instead.` : sentence;
}

/** What a record holds where no value is known. */
export const noValue = "-";

/**
 * The manifest module: one compact record per kind, so that importing it costs a few
 * kilobytes, read by the runtime's `lifecycle()`.
 */
export function lifecycleModule(entries: readonly LifecycleEntry[], minors: readonly string[]): string {
  const sortedMinors = [...minors].sort(compareMinors);
  const record = (e: LifecycleEntry) =>
    [e.first, e.last, e.introduced, e.deprecated, e.removed, e.replacement && `${apiVersionOf(e.replacement)}/${e.replacement.kind}`].map((v) => v ?? noValue).join(" ");
  const lines = entries.map((e) => `  ${JSON.stringify(`${e.apiVersion}/${e.kind}`)}: ${JSON.stringify(record(e))},`);
  return `${header}
/**
 * The lifecycle of every kind Kubernetes ${sortedMinors[0]} to ${sortedMinors[sortedMinors.length - 1]} serve, by \`apiVersion/kind\`:
 * \`"first last introduced deprecated removed replacement"\`, \`${noValue}\` where none is known.
 * \`first\` and \`last\` are the releases above that serve it; a removal or deprecation after the
 * last of them is planned. Read it with \`lifecycle()\`.
 */
export const lifecycleReleases: readonly string[] = ${JSON.stringify(sortedMinors)};

/**
 * \`apiVersion/kind\` of every kind in \`kindLifecycles\`.
 *
 * @example
 * \`\`\`ts
 * import { lifecycle, type LifecycleKey } from "kubex";
 *
 * // Only a kind the manifest knows compiles here: a typo is an error.
 * const watched: LifecycleKey[] = ["apps/v1/Deployment", "resource.k8s.io/v1beta1/ResourceClaim"];
 * for (const key of watched) {
 *   const slash = key.lastIndexOf("/");
 *   console.log(key, lifecycle(key.slice(0, slash), key.slice(slash + 1))?.deprecated ?? "not deprecated");
 * }
 * \`\`\`
 */
export type LifecycleKey =
${entries.map((e) => `  | ${JSON.stringify(`${e.apiVersion}/${e.kind}`)}`).join("\n")};

export const kindLifecycles: Readonly<Record<LifecycleKey, string>> = {
${lines.join("\n")}
};
`;
}
