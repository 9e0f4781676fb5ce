// lifecycle(): hand-checked answers for kinds introduced, deprecated or removed inside the shipped
// releases, and the shipped range's own spread of such kinds. No process, no network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lifecycle, type KindLifecycle } from "../../../runtime/index.js";
import { kindLifecycles, lifecycleReleases } from "../../../generated/lifecycle.js";

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
