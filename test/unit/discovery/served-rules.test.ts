// checkServed rule by rule against a GET /apis answered in memory: which kinds are asked about,
// how the answer is read (a malformed one gives no warning), and each warning's exact words.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";
import { checkServed, servedCheckOf } from "../../../runtime/discovery/served.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";
import { InMemoryClient, jsonReply } from "../support/in-memory-client.js";

/** Answers GET /apis with `groups` (an Error is thrown); collects the warnings reported. */
class Apis extends InMemoryClient {
  readonly sent: KubeRequest[] = [];
  readonly warnings: { text: string; method: string; path: string }[] = [];
  constructor(private readonly answer: unknown) {
    super();
  }
  async request(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    if (this.answer instanceof Error) throw this.answer;
    return jsonReply(this.answer);
  }
  override reportWarning(text: string, context: { method: string; path: string }): void {
    this.warnings.push({ text, method: context.method, path: context.path });
  }
}

const identity = (apiVersion: string, kind: string) => {
  const slash = apiVersion.lastIndexOf("/");
  return { apiVersion, group: slash < 0 ? "" : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
};
const group = (name: string, ...versions: string[]) => ({ name, versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })) });
const apis = (...groups: unknown[]) => ({ kind: "APIGroupList", apiVersion: "v1", groups });

/** The warnings one check of `apiVersion kind` gives against `answer`, and the requests it made. */
async function warningsFor(answer: unknown, apiVersion: string, kind: string) {
  const client = new Apis(answer);
  await checkServed(client, identity(apiVersion, kind));
  return { texts: client.warnings.map((w) => w.text), requests: client.sent.length, client };
}

test("checkServed: one warning through the client's handler, with GET /apis as its context, naming deprecation, removal and replacement", async () => {
  const { client, requests } = await warningsFor(apis(group("resource.k8s.io", "v1", "v1beta2")), "resource.k8s.io/v1beta1", "ResourceClaim");
  assert.deepEqual(client.warnings, [{
    text: "the API server does not serve resource.k8s.io/v1beta1 (used for ResourceClaim, deprecated in Kubernetes 1.35, removed in 1.38): it serves resource.k8s.io/v1, resource.k8s.io/v1beta2; use resource.k8s.io/v1 ResourceClaim.",
    method: "GET",
    path: "/apis",
  }]);
  assert.equal(requests, 1);
  assert.deepEqual(client.sent.map((r) => [r.method, r.path]), [["GET", "/apis"]]);
});

test("checkServed: a kind with no lifecycle record names only the group's versions, or that it serves none", async () => {
  assert.deepEqual((await warningsFor(apis(group("example.com", "v2")), "example.com/v1", "Widget")).texts, ["the API server does not serve example.com/v1 (used for Widget): it serves example.com/v2."]);
  assert.deepEqual((await warningsFor(apis(group("other.com", "v1")), "example.com/v1", "Widget")).texts, ["the API server does not serve example.com/v1 (used for Widget): it serves no version of example.com."]);
});

test("checkServed: a served group/version gives no warning", async () => {
  const served = await warningsFor(apis(group("example.com", "v1beta1", "v1")), "example.com/v1", "Widget");
  assert.deepEqual([served.texts, served.requests], [[], 1]);
});

test("checkServed: the core group, and a GA built-in every shipped release serves undeprecated, ask nothing", async () => {
  for (const [apiVersion, kind] of [["v1", "Pod"], ["v1", "Widget"], ["v1", "Endpoints"], ["apps/v1", "Deployment"], ["networking.k8s.io/v1", "Ingress"]]) {
    const { requests, texts, client } = await warningsFor(new Error("not asked"), apiVersion!, kind!);
    assert.deepEqual([requests, texts], [0, []], `${apiVersion} ${kind}`);
    assert.equal(servedCheckOf(client, apiVersion!), undefined);
  }
});

test("checkServed: a GA kind some shipped release lacks, a beta kind, and a kind without a record are asked about", async () => {
  // resource.k8s.io/v1 is served from 1.34 on; internal.apiserver.k8s.io/v1alpha1 by every release, but not GA.
  for (const [apiVersion, kind] of [["resource.k8s.io/v1", "ResourceClaim"], ["internal.apiserver.k8s.io/v1alpha1", "StorageVersion"], ["apps/v1", "Widget"], ["example.com/v1", "Widget"]]) {
    const { requests, texts } = await warningsFor(apis(), apiVersion!, kind!);
    assert.equal(requests, 1, `${apiVersion} ${kind}`);
    assert.equal(texts.length, 1, `${apiVersion} ${kind}`);
  }
});

test("checkServed: one GET /apis per client and one check per group/version, the same promise for each later call", async () => {
  const client = new Apis(apis(group("example.com", "v2")));
  const widget = identity("example.com/v1", "Widget");
  const first = checkServed(client, widget);
  assert.equal(checkServed(client, widget), first);
  assert.equal(servedCheckOf(client, "example.com/v1"), first);
  assert.equal(servedCheckOf(client, "example.com/v2"), undefined);
  await first;
  await checkServed(client, identity("example.com/v1", "Gadget"));
  await checkServed(client, identity("other.com/v1", "Thing"));
  assert.equal(client.sent.length, 1);
  assert.deepEqual(client.warnings.map((w) => w.text), [
    "the API server does not serve example.com/v1 (used for Widget): it serves example.com/v2.",
    "the API server does not serve other.com/v1 (used for Thing): it serves no version of other.com.",
  ]);
  assert.equal(servedCheckOf(new Apis(apis()), "example.com/v1"), undefined, "another client has checked nothing");
});

const unreadable: [string, unknown][] = [
  ["a failed request", apiErrorFromResponse(403, JSON.stringify({ kind: "Status", code: 403, reason: "Forbidden" }))],
  ["null", null],
  ["no groups", { kind: "APIGroupList" }],
  ["groups that is not a list", { groups: { name: "example.com" } }],
  ["a group without a name", apis({ versions: [] })],
  ["a group name that is not a string", apis({ name: 5, versions: [] })],
  ["a group without versions", apis({ name: "other.com" })],
  ["a null group", apis(null)],
];
for (const [label, answer] of unreadable) {
  test(`checkServed: ${label} from GET /apis gives no warning`, async () => {
    const { texts, requests } = await warningsFor(answer, "example.com/v1", "Widget");
    assert.deepEqual([texts, requests], [[], 1]);
  });
}

test("checkServed: versions that are not strings, or entries that are null, are left out of what the group serves", async () => {
  const answer = apis({ name: "example.com", versions: [null, { version: 2 }, {}, { version: "v2" }] });
  assert.deepEqual((await warningsFor(answer, "example.com/v1", "Widget")).texts, ["the API server does not serve example.com/v1 (used for Widget): it serves example.com/v2."]);
  const none = apis({ name: "example.com", versions: [{ version: 1 }] });
  assert.deepEqual((await warningsFor(none, "example.com/v1", "Widget")).texts, ["the API server does not serve example.com/v1 (used for Widget): it serves no version of example.com."]);
});

test("checkServed: a kind removed without a deprecation, or with no replacement, says only what is known", async () => {
  // resource.k8s.io/v1alpha3 DeviceClass: removed in 1.34 with no deprecation release, replaced by v1beta1.
  assert.deepEqual((await warningsFor(apis(), "resource.k8s.io/v1alpha3", "DeviceClass")).texts, [
    "the API server does not serve resource.k8s.io/v1alpha3 (used for DeviceClass, removed in 1.34): it serves no version of resource.k8s.io; use resource.k8s.io/v1beta1 DeviceClass.",
  ]);
  // coordination.k8s.io/v1beta1 LeaseCandidate: deprecated 1.36, removed 1.39, no replacement.
  assert.deepEqual((await warningsFor(apis(), "coordination.k8s.io/v1beta1", "LeaseCandidate")).texts, [
    "the API server does not serve coordination.k8s.io/v1beta1 (used for LeaseCandidate, deprecated in Kubernetes 1.36, removed in 1.39): it serves no version of coordination.k8s.io.",
  ]);
  // internal.apiserver.k8s.io/v1alpha1 StorageVersion: no dates, no replacement.
  assert.deepEqual((await warningsFor(apis(), "internal.apiserver.k8s.io/v1alpha1", "StorageVersion")).texts, [
    "the API server does not serve internal.apiserver.k8s.io/v1alpha1 (used for StorageVersion): it serves no version of internal.apiserver.k8s.io.",
  ]);
});
