// The lifecycle manifest's rules, given small made-up releases and facts: release order, the
// sources' precedence, the boundaries of removal and deprecation, the replacement table, and
// the manifest module's text. The module's functions are called directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildLifecycle,
  compareMinors,
  describedDeprecation,
  lifecycleModule,
  noValue,
  releaseFacts,
  undeclaredReplacements,
  type LifecycleEntry,
} from "../../../codegen/lifecycle.js";
import { header } from "../../../codegen/emit.js";
import type { DeclaredLifecycle } from "../../../codegen/lifecycle-declared.js";
import type { NormalizedSpec, Schema } from "../../../codegen/load.js";
import type { Resource } from "../../../codegen/resources.js";

/** A spec whose resources are given (no paths), with a schema per kind named `io.k8s.api.<dir>.<version>.<Kind>`. */
function spec(kinds: string[], descriptions: Record<string, string> = {}): NormalizedSpec {
  const schemas = new Map<string, Schema>();
  const resources: Resource[] = kinds.map((gvk) => {
    const [group, version, kind] = gvk.split("/") as [string, string, string];
    const dir = group === "" ? "core" : group.split(".")[0]!;
    schemas.set(`io.k8s.api.${dir}.${version}.${kind}`, { type: "object", ...(descriptions[gvk] ? { description: descriptions[gvk] } : {}), "x-kubernetes-group-version-kind": [{ group, version, kind }] });
    return { group, version, kind, plural: `${kind.toLowerCase()}s`, namespaced: true, verbs: ["list"], subresources: [] };
  });
  return { format: "openapi-3", schemas, paths: [], resources };
}
const release = (minor: string, kinds: string[], declared: Record<string, DeclaredLifecycle> = {}, descriptions?: Record<string, string>) => ({
  minor,
  spec: spec(kinds, descriptions),
  declared: new Map(Object.entries(declared)),
});
const byKey = (entries: LifecycleEntry[]) => Object.fromEntries(entries.map((e) => [`${e.apiVersion}/${e.kind}`, e]));

test("compareMinors: numeric by major, then minor", () => {
  assert.ok(compareMinors("1.9", "1.10") < 0);
  assert.ok(compareMinors("1.10", "1.9") > 0);
  assert.equal(compareMinors("1.10", "1.10"), 0);
  assert.ok(compareMinors("2.0", "1.35") > 0);
  assert.ok(compareMinors("1.35", "2.0") < 0);
});

test("describedDeprecation: the patterns' edges", () => {
  const gvkOf = (name: string) => ({ group: "g", version: "v", kind: name });
  assert.deepEqual(describedDeprecation("DEPRECATED IN V1.20+.", gvkOf), { deprecated: "1.20" });
  assert.deepEqual(describedDeprecation("undeprecated in v1.20+.", gvkOf), {});
  assert.deepEqual(describedDeprecation("deprecated in v1.20.", gvkOf), {});
  assert.deepEqual(describedDeprecation("deprecated in v1+.", gvkOf), {});
  assert.deepEqual(describedDeprecation("deprecated in v1.20+. Use discoveryv1beta1.EndpointSlice.", gvkOf), {
    deprecated: "1.20",
    replacement: { group: "g", version: "v", kind: "io.k8s.api.discovery.v1beta1.EndpointSlice" },
  });
  assert.deepEqual(describedDeprecation("deprecated in v1.20+. Use storagev1alpha1.Thing", gvkOf).replacement?.kind, "io.k8s.api.storage.v1alpha1.Thing");
  // Not a Go package alias and a type: no replacement.
  for (const text of ["deprecated in v1.20+. Use discovery.EndpointSlice.", "deprecated in v1.20+. Use discoveryv1.endpointSlice.", "deprecated in v1.20+. Reuse discoveryv1.EndpointSlice."]) {
    assert.deepEqual(describedDeprecation(text, gvkOf), { deprecated: "1.20" }, text);
  }
  assert.deepEqual(describedDeprecation("deprecated in v1.20+. Use discoveryv1.EndpointSlice.", () => undefined), { deprecated: "1.20" });
  // Numbers of more than one digit, in the release and in the package's version.
  assert.deepEqual(describedDeprecation("deprecated in v10.2+.", gvkOf), { deprecated: "10.2" });
  assert.equal(describedDeprecation("deprecated in v1.20+. Use discoveryv12.EndpointSlice.", gvkOf).replacement?.kind, "io.k8s.api.discovery.v12.EndpointSlice");
  assert.equal(describedDeprecation("deprecated in v1.20+. Use discoveryv1beta12.EndpointSlice.", gvkOf).replacement?.kind, "io.k8s.api.discovery.v1beta12.EndpointSlice");
});

test("releaseFacts: declarations win over the description; a schema of several kinds is no kind's", () => {
  const s = spec(["apps/v1/Thing", "apps/v1/Other"], { "apps/v1/Thing": "deprecated in v1.20+. Use appsv1.Other.", "apps/v1/Other": "deprecated in v1.21+. Use appsv1.Thing." });
  const declared: DeclaredLifecycle = { introduced: "1.1", deprecated: "1.2", removed: "1.3", replacement: { group: "x", version: "v9", kind: "X" } };
  const facts = releaseFacts({ spec: s, declared: new Map([["io.k8s.api.apps.v1.Thing", declared]]) });
  assert.deepEqual(facts.get("apps/v1/Thing"), { apiVersion: "apps/v1", kind: "Thing", ...declared });
  assert.deepEqual(facts.get("apps/v1/Other"), { apiVersion: "apps/v1", kind: "Other", deprecated: "1.21", replacement: { group: "apps", version: "v1", kind: "Thing" } });
  // Without declarations at all.
  assert.deepEqual(releaseFacts({ spec: s }).get("apps/v1/Thing"), { apiVersion: "apps/v1", kind: "Thing", deprecated: "1.20", replacement: { group: "apps", version: "v1", kind: "Other" } });
  // Two kinds on one schema: neither's description is read, and the resource still has facts.
  const shared = spec(["apps/v1/Thing"]);
  const schemas = new Map(shared.schemas);
  schemas.set("io.k8s.api.apps.v1.Thing", {
    description: "deprecated in v1.20+.",
    "x-kubernetes-group-version-kind": [{ group: "apps", version: "v1", kind: "Thing" }, { group: "apps", version: "v1", kind: "Thing2" }],
  });
  assert.deepEqual(releaseFacts({ spec: { ...shared, schemas } }).get("apps/v1/Thing"), { apiVersion: "apps/v1", kind: "Thing" });
  // Without resources in the spec, they are found from its paths.
  const pathsOnly: NormalizedSpec = {
    format: "openapi-3",
    schemas: new Map(),
    paths: [{ path: "/api/v1/pods", operations: [{ "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "Pod" } }] }],
  };
  assert.deepEqual([...releaseFacts({ spec: pathsOnly })], [["v1/Pod", { apiVersion: "v1", kind: "Pod" }]]);
});

test("releaseFacts: the table's replacement needs a deprecation or a removal, and the target served by the same release", () => {
  const kinds = ["networking.k8s.io/v1beta1/Ingress", "networking.k8s.io/v1/Ingress"];
  const target = { group: "networking.k8s.io", version: "v1", kind: "Ingress" };
  const of = (d: DeclaredLifecycle) => releaseFacts({ spec: spec(kinds), declared: new Map([["io.k8s.api.networking.v1beta1.Ingress", d]]) }).get("networking.k8s.io/v1beta1/Ingress")!;
  assert.deepEqual(of({ deprecated: "1.19" }).replacement, target);
  assert.deepEqual(of({ removed: "1.22" }).replacement, target);
  assert.equal(of({ introduced: "1.1" }).replacement, undefined);
  assert.equal(releaseFacts({ spec: spec([kinds[0]!]), declared: new Map([["io.k8s.api.networking.v1beta1.Ingress", { deprecated: "1.19" }]]) }).get(kinds[0]!)!.replacement, undefined);
});

test("undeclaredReplacements: each prerelease group/version names a later version of the same group", () => {
  assert.ok(Object.keys(undeclaredReplacements).length >= 13);
  for (const [from, to] of Object.entries(undeclaredReplacements)) {
    const [fromGroup, fromVersion] = from.split("/");
    const [toGroup, toVersion] = to.split("/");
    assert.equal(toGroup, fromGroup, from);
    assert.match(fromVersion!, /^v\d+(alpha|beta)\d+$/, from);
    assert.match(toVersion!, /^v\d+((alpha|beta)\d+)?$/, to);
    assert.notEqual(toVersion, fromVersion, from);
  }
});

test("buildLifecycle: releases in any order; the newest serving release's facts; removal by the next release given", () => {
  const releases = [
    release("1.10", ["apps/v1/Late"], { "io.k8s.api.apps.v1.Late": { introduced: "1.10" } }),
    release("1.9", ["apps/v1beta1/Gone", "apps/v1/Late"], { "io.k8s.api.apps.v1beta1.Gone": { introduced: "1.5", deprecated: "1.9", removed: "1.12" } }),
    release("1.8", ["apps/v1beta1/Gone"], { "io.k8s.api.apps.v1beta1.Gone": { introduced: "1.5", deprecated: "1.7" } }),
  ];
  const entries = buildLifecycle(releases);
  assert.deepEqual(entries.map((e) => `${e.apiVersion}/${e.kind}`), ["apps/v1/Late", "apps/v1beta1/Gone"]);
  const got = byKey(entries);
  // Removed by 1.10 (the release after its last, in numeric order), though 1.12 was declared; deprecated 1.9 < 1.10 stands.
  assert.deepEqual(got["apps/v1beta1/Gone"], { apiVersion: "apps/v1beta1", kind: "Gone", introduced: "1.5", deprecated: "1.9", removed: "1.10", first: "1.8", last: "1.9" });
  // First served after the oldest release: 1.9, the newest release's declaration (1.10) wins.
  assert.deepEqual(got["apps/v1/Late"], { apiVersion: "apps/v1", kind: "Late", introduced: "1.10", first: "1.9", last: "1.10" });
});

test("buildLifecycle: a deprecation in the removing release or after it never happened; one before it stands", () => {
  const at = (deprecated: string) =>
    byKey(buildLifecycle([release("1.8", ["apps/v1beta1/Gone"], { "io.k8s.api.apps.v1beta1.Gone": { deprecated } }), release("1.9", [])]))["apps/v1beta1/Gone"]!.deprecated;
  assert.equal(at("1.9"), undefined);
  assert.equal(at("1.10"), undefined);
  assert.equal(at("1.8"), "1.8");
  // Still served by the newest release: a planned removal keeps the deprecation.
  const planned = byKey(buildLifecycle([release("1.8", ["apps/v1beta1/Kept"], { "io.k8s.api.apps.v1beta1.Kept": { deprecated: "1.9", removed: "1.12" } })]))["apps/v1beta1/Kept"]!;
  assert.deepEqual(planned, { apiVersion: "apps/v1beta1", kind: "Kept", deprecated: "1.9", removed: "1.12", first: "1.8", last: "1.8" });
  // Served by every release and not declared: neither introduced nor removed is known.
  assert.deepEqual(byKey(buildLifecycle([release("1.8", ["/v1/Pod"]), release("1.9", ["/v1/Pod"])]))["v1/Pod"], { apiVersion: "v1", kind: "Pod", first: "1.8", last: "1.9" });
});

test("buildLifecycle: a core kind's replacement from the table is found by its apiVersion without a group", () => {
  const entries = buildLifecycle([
    release("1.8", ["storage.k8s.io/v1beta1/Thing"]),
    release("1.9", ["storage.k8s.io/v1/Thing"]),
  ]);
  assert.deepEqual(byKey(entries)["storage.k8s.io/v1beta1/Thing"]!.replacement, { group: "storage.k8s.io", version: "v1", kind: "Thing" });
  assert.deepEqual(byKey(entries)["storage.k8s.io/v1/Thing"], { apiVersion: "storage.k8s.io/v1", kind: "Thing", introduced: "1.9", first: "1.9", last: "1.9" });
});

test("lifecycleModule: the releases sorted, one record per kind with - where nothing is known", () => {
  const entries: LifecycleEntry[] = [
    { apiVersion: "v1", kind: "Pod", first: "1.9", last: "1.10" },
    { apiVersion: "apps/v1beta1", kind: "Gone", first: "1.9", last: "1.9", introduced: "1.5", deprecated: "1.7", removed: "1.10", replacement: { group: "apps", version: "v1", kind: "Gone" } },
    { apiVersion: "x/v1", kind: "Core", first: "1.9", last: "1.9", replacement: { group: "", version: "v1", kind: "Pod" } },
  ];
  assert.equal(noValue, "-");
  const text = lifecycleModule(entries, ["1.10", "1.9"]);
  assert.ok(
    text.startsWith(`${header}
/**
 * The lifecycle of every kind Kubernetes 1.9 to 1.10 serve, by \`apiVersion/kind\`:
 * \`"first last introduced deprecated removed replacement"\`, \`-\` where none is known.
 * \`first\` and \`last\` are the releases above that serve it; a removal or deprecation after the
 * last of them is planned. Read it with \`lifecycle()\`.
 */
export const lifecycleReleases: readonly string[] = ["1.9","1.10"];

/**
 * \`apiVersion/kind\` of every kind in \`kindLifecycles\`.
 *
 * @example
`),
    text,
  );
  assert.ok(text.includes(' * const watched: LifecycleKey[] = ["apps/v1/Deployment", "resource.k8s.io/v1beta1/ResourceClaim"];\n'), text);
  assert.ok(
    text.endsWith(`
export type LifecycleKey =
  | "v1/Pod"
  | "apps/v1beta1/Gone"
  | "x/v1/Core";

export const kindLifecycles: Readonly<Record<LifecycleKey, string>> = {
  "v1/Pod": "1.9 1.10 - - - -",
  "apps/v1beta1/Gone": "1.9 1.9 1.5 1.7 1.10 apps/v1/Gone",
  "x/v1/Core": "1.9 1.9 - - - v1/Pod",
};
`),
    text,
  );
});

test("releaseFacts: a schema that names no kind (no group-version-kind) is skipped", () => {
  const s = spec(["apps/v1/Thing"], { "apps/v1/Thing": "deprecated in v1.20+." });
  const schemas = new Map(s.schemas);
  schemas.set("io.k8s.api.apps.v1.ThingSpec", { type: "object", description: "deprecated in v1.2+." });
  assert.deepEqual([...releaseFacts({ spec: { ...s, schemas } })], [["apps/v1/Thing", { apiVersion: "apps/v1", kind: "Thing", deprecated: "1.20" }]]);
});

test("buildLifecycle: a deprecation with no removal known stands", () => {
  const entries = buildLifecycle([release("1.8", ["apps/v1beta1/Kept"], { "io.k8s.api.apps.v1beta1.Kept": { deprecated: "1.8" } }), release("1.9", ["apps/v1beta1/Kept"], {}, { "apps/v1beta1/Kept": "deprecated in v1.9+." })]);
  assert.deepEqual(byKey(entries)["apps/v1beta1/Kept"], { apiVersion: "apps/v1beta1", kind: "Kept", deprecated: "1.9", first: "1.8", last: "1.9" });
});
