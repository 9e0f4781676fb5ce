// lifecycle(): hand-checked answers for kinds introduced, deprecated or removed inside the shipped
// releases, and every answer against what the official specs and k8s.io/api modules say, read
// here independently of the generator.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { lifecycle, type KindLifecycle } from "../../../runtime/index.js";
import { kindLifecycles, lifecycleReleases } from "../../../generated/lifecycle.js";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;

// A kind the manifest knows is always answered; any other pair may not be.
const known: KindLifecycle = lifecycle("apps/v1", "Deployment");
// @ts-expect-error an unknown pair may be undefined
const unknown: KindLifecycle = lifecycle("apps/v1", "Gizmo");
void known, void unknown;

const r = (apiVersion: string, kind: string) => ({ apiVersion, kind });

test("lifecycle answers the hand-checked cases", () => {
  const cases: [string, string, KindLifecycle | undefined][] = [
    // Beta, deprecated inside the range, removal planned after it.
    ["resource.k8s.io/v1beta1", "ResourceClaim", { introduced: "1.32", deprecated: "1.35", removed: "1.38", replacement: r("resource.k8s.io/v1", "ResourceClaim"), served: { first: "1.32", last: "1.37" } }],
    // Alpha removed inside the range (gone from the 1.34 spec), before its declared deprecation.
    ["resource.k8s.io/v1alpha3", "ResourceClaim", { introduced: "1.31", removed: "1.34", replacement: r("resource.k8s.io/v1beta1", "ResourceClaim"), served: { first: "1.32", last: "1.33" } }],
    // GA introduced inside the range.
    ["resource.k8s.io/v1", "ResourceClaim", { introduced: "1.34", served: { first: "1.34", last: "1.37" } }],
    // Beta deprecated before the range and removed inside it.
    ["storage.k8s.io/v1beta1", "VolumeAttributesClass", { introduced: "1.31", deprecated: "1.34", removed: "1.37", replacement: r("storage.k8s.io/v1", "VolumeAttributesClass"), served: { first: "1.32", last: "1.36" } }],
    ["authentication.k8s.io/v1beta1", "SelfSubjectReview", { introduced: "1.27", deprecated: "1.30", removed: "1.33", replacement: r("authentication.k8s.io/v1", "SelfSubjectReview"), served: { first: "1.32", last: "1.32" } }],
    // Alpha served by a single release, its successor named by the table.
    ["scheduling.k8s.io/v1alpha1", "Workload", { introduced: "1.35", removed: "1.36", replacement: r("scheduling.k8s.io/v1beta1", "Workload"), served: { first: "1.35", last: "1.35" } }],
    ["certificates.k8s.io/v1alpha1", "PodCertificateRequest", { introduced: "1.34", removed: "1.35", replacement: r("certificates.k8s.io/v1", "PodCertificateRequest"), served: { first: "1.34", last: "1.34" } }],
    // A beta that replaced an alpha and is itself deprecated, with nothing stable to move to yet.
    ["coordination.k8s.io/v1beta1", "LeaseCandidate", { introduced: "1.33", deprecated: "1.36", removed: "1.39", served: { first: "1.33", last: "1.37" } }],
    // GA deprecated by its description, the replacement named there.
    ["v1", "Endpoints", { introduced: "1.0", deprecated: "1.33", replacement: r("discovery.k8s.io/v1", "EndpointSlice"), served: { first: "1.32", last: "1.37" } }],
    ["v1", "ComponentStatus", { deprecated: "1.19", served: { first: "1.32", last: "1.37" } }],
    ["apps/v1", "Deployment", { introduced: "1.9", served: { first: "1.32", last: "1.37" } }],
    // Never shipped, or not a kind.
    ["extensions/v1beta1", "Deployment", undefined],
    ["apps/v1", "Pod", undefined],
    ["apps/v1", "DeploymentList", undefined],
    ["v1", "constructor", undefined],
    ["", "Pod", undefined],
  ];
  for (const [apiVersion, kind, want] of cases) assert.deepEqual(lifecycle(apiVersion, kind), want, `${apiVersion} ${kind}`);
  assert.equal(lifecycle(undefined as unknown as string, "Pod"), undefined);
});

test("the shipped range has kinds introduced, deprecated and removed inside it", () => {
  const [oldest, newest] = [lifecycleReleases[0]!, lifecycleReleases[lifecycleReleases.length - 1]!];
  const within = (minor: string | undefined) => minor !== undefined && minor > oldest && minor <= newest;
  const all = Object.keys(kindLifecycles).map((key) => {
    const slash = key.lastIndexOf("/");
    return lifecycle(key.slice(0, slash), key.slice(slash + 1))!;
  });
  assert.ok(all.filter((l) => within(l.served.first)).length >= 20);
  assert.ok(all.filter((l) => within(l.removed)).length >= 15);
  assert.ok(all.filter((l) => within(l.deprecated)).length >= 15);
});

// --- Independently from the sources (as CI does, with Go to fetch them) ---

const hasGo = spawnSync("go", ["version"]).status === 0;
const versions = (JSON.parse(readFileSync(join(root, "scripts/k8s-versions.json"), "utf8")) as { kubernetes: string }[]).map((v) => v.kubernetes);
const fetched = (script: string, version: string) => spawnSync("bash", [`scripts/${script}`, version], { cwd: root, encoding: "utf8" }).stdout.trim();
const minor = (version: string) => version.split(".").slice(0, 2).join(".");
const cmp = (a: string, b: string) => Number(a.split(".")[1]) - Number(b.split(".")[1]);

/** `apiVersion/kind` named by any operation on a collection or object path (no subresources) of a v3 spec directory. */
function servedKinds(specDir: string): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const file of readdirSync(specDir).filter((f) => f.endsWith(".json"))) {
    const doc = JSON.parse(readFileSync(join(specDir, file), "utf8")) as { paths?: Record<string, Record<string, { "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string } }>> };
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const match = /^\/(?:api\/(v\w+)|apis\/([^/]+)\/(v\w+))(?:\/namespaces\/\{namespace\})?\/([a-z0-9]+)(?:\/\{name\})?$/.exec(path);
      if (!match) continue;
      for (const op of Object.values(item)) {
        const gvk = op["x-kubernetes-group-version-kind"];
        if (gvk) kinds.set(`${gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`}/${gvk.kind}`, path);
      }
    }
  }
  return kinds;
}

/** What a k8s.io/api module's lifecycle files say a Go type's deprecation is, by `<dir>.<version>.<Type>`. */
function declaredDeprecations(apiDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of readdirSync(apiDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    if (group.includes(".")) continue;
    for (const version of readdirSync(join(apiDir, group), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      const file = join(apiDir, group, version, "zz_generated.prerelease-lifecycle.go");
      if (!existsSync(file)) continue;
      for (const m of readFileSync(file, "utf8").matchAll(/\*(\w+)\) APILifecycleDeprecated\(\) \(major, minor int\) \{\s*return 1, (\d+)/g)) out.set(`${group}.${version}.${m[1]}`, `1.${m[2]}`);
    }
  }
  return out;
}

test("every answer agrees with the official specs and k8s.io/api declarations", { skip: skipOutsideCI(hasGo ? false : "needs Go (the specs come from the module proxy)"), timeout: 300_000 }, () => {
  const releases = versions.map((v) => ({ minor: minor(v), served: servedKinds(fetched("fetch-spec.sh", v)), deprecations: declaredDeprecations(fetched("fetch-api-module.sh", v)) }));
  assert.deepEqual([...lifecycleReleases], releases.map((r) => r.minor));
  const everKind = new Set(releases.flatMap((r) => [...r.served.keys()]));
  for (const key of Object.keys(kindLifecycles)) assert.ok(everKind.has(key), key);
  let checked = 0;
  for (const key of everKind) {
    const slash = key.lastIndexOf("/");
    const answer = lifecycle(key.slice(0, slash), key.slice(slash + 1));
    if (answer === undefined) continue; // a List kind or an options kind of a path, not an object
    const servedBy = releases.filter((r) => r.served.has(key)).map((r) => r.minor);
    assert.deepEqual(answer.served, { first: servedBy[0], last: servedBy[servedBy.length - 1] }, key);
    const next = releases.find((r) => cmp(r.minor, servedBy[servedBy.length - 1]!) > 0);
    if (next) assert.equal(answer.removed, next.minor, `${key}: removed by the first release not serving it`);
    if (answer.introduced !== undefined) assert.ok(cmp(answer.introduced, servedBy[0]!) <= 0, `${key}: introduced by the time it is first served`);
    else assert.equal(servedBy[0], releases[0]!.minor, `${key}: only a kind served before the range may have no introduction`);
    // The deprecation the newest release serving it declares, unless removal came first.
    const [group, version] = key.slice(0, slash).includes("/") ? key.slice(0, slash).split("/") : ["core", key.slice(0, slash)];
    const newest = releases.filter((r) => r.served.has(key)).pop()!;
    const declared = newest.deprecations.get(`${group!.split(".")[0]}.${version}.${key.slice(slash + 1)}`);
    if (declared !== undefined && (answer.removed === undefined || cmp(declared, answer.removed) < 0)) assert.equal(answer.deprecated, declared, key);
    checked++;
  }
  assert.equal(checked, Object.keys(kindLifecycles).length);
});
