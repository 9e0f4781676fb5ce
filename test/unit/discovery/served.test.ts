// The one-time warning when an Api is used for a group/version the server does not serve:
// one GET /apis per client, at most one warning per group/version, through the client's handler.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Api, createClient, defineResource, type BaseClient, type WarningHandler } from "../../../runtime/index.js";
import { servedCheckOf } from "../../../runtime/discovery/served.js";
import { Deployment } from "../../../generated/k8s/v1_35/apps/v1/index.js";
import { ResourceClaim } from "../../../generated/k8s/v1_35/resource/v1beta1/index.js";
import { ResourceClaim as ResourceClaimV1 } from "../../../generated/k8s/v1_35/resource/v1/index.js";
import { LeaseCandidate } from "../../../generated/k8s/v1_35/coordination/v1alpha2/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { json, startServer } from "../support/server.js";

const groups = {
  kind: "APIGroupList",
  apiVersion: "v1",
  groups: [
    { name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }] },
    { name: "resource.k8s.io", versions: [{ groupVersion: "resource.k8s.io/v1", version: "v1" }, { groupVersion: "resource.k8s.io/v1beta2", version: "v1beta2" }] },
  ],
};
const emptyList = (kind: string) => ({ kind, apiVersion: "x", metadata: {}, items: [] });
let groupList: unknown = groups;
const server = await startServer((req, res) => {
  const path = req.url!.split("?")[0]!;
  if (path === "/apis") return groupList === undefined ? json(res, 403, { kind: "Status", code: 403, reason: "Forbidden" }) : json(res, 200, groupList);
  if (path.startsWith("/apis/resource.k8s.io/v1/") || path.startsWith("/apis/apps/") || path.startsWith("/api/v1/")) return json(res, 200, emptyList("List"));
  json(res, 404, { kind: "Status", code: 404, reason: "NotFound", message: "the server could not find the requested resource" });
});
after(() => server.close());

/** Waits for the served check the Api's first request started; fails when it started none. */
async function checked(client: BaseClient, descriptor: { apiVersion: string }): Promise<void> {
  const check = servedCheckOf(client, descriptor.apiVersion);
  assert.ok(check, `the first request of a ${descriptor.apiVersion} Api starts a served check`);
  await check;
}

/** A client whose warnings are collected, and the paths the server saw from this point. */
async function client(options: object = {}) {
  const warnings: { text: string; path: string }[] = [];
  const warningHandler: WarningHandler = (text, context) => warnings.push({ text, path: context.path });
  const c = await createClient({ configuration: server.configuration(), options: { warningHandler, ...options } });
  const from = server.requests.length;
  return { c, warnings, paths: () => server.requests.slice(from).map((r) => r.url!.split("?")[0]) };
}

test("an Api of an unserved group/version warns once, from one GET /apis, naming what the server serves and the replacement", async () => {
  const { c, warnings, paths } = await client();
  await using _ = c;
  const claims = new Api(ResourceClaim, { client: c, namespace: "default" });
  await assert.rejects(claims.list());
  await checked(c, ResourceClaim);
  await assert.rejects(claims.get("x"));
  await assert.rejects(new Api(ResourceClaim, { client: c, namespace: "default" }).list());
  await checked(c, ResourceClaim);
  assert.deepEqual(warnings, [{
    text: "the API server does not serve resource.k8s.io/v1beta1 (used for ResourceClaim, deprecated in Kubernetes 1.35, removed in 1.38): it serves resource.k8s.io/v1, resource.k8s.io/v1beta2; use resource.k8s.io/v1 ResourceClaim.",
    path: "/apis",
  }]);
  assert.equal(paths().filter((p) => p === "/apis").length, 1);
});

test("a served group/version gives no warning; a group the server lacks says so; a stable built-in and the core group ask nothing", async () => {
  const { c, warnings, paths } = await client();
  await using _ = c;
  await new Api(ResourceClaimV1, { client: c, namespace: "default" }).list();
  await checked(c, ResourceClaimV1);
  await assert.rejects(new Api(LeaseCandidate, { client: c, namespace: "default" }).list());
  await checked(c, LeaseCandidate);
  assert.deepEqual(warnings.map((w) => w.text), [
    "the API server does not serve coordination.k8s.io/v1alpha2 (used for LeaseCandidate, deprecated in Kubernetes 1.35, removed in 1.38): it serves no version of coordination.k8s.io; use coordination.k8s.io/v1beta1 LeaseCandidate.",
  ]);

  // apps/v1 Deployment and v1 ConfigMap: served by every server kubex supports, no look-up.
  const other = await client();
  await using __ = other.c;
  await new Api(Deployment, { client: other.c, namespace: "default" }).list();
  await new Api(ConfigMap, { client: other.c, namespace: "default" }).list();
  assert.equal(servedCheckOf(other.c, Deployment.apiVersion), undefined);
  assert.deepEqual(other.paths(), ["/apis/apps/v1/namespaces/default/deployments", "/api/v1/namespaces/default/configmaps"]);
  assert.deepEqual(other.warnings, []);
  assert.ok(paths().includes("/apis"));
});

test("a custom resource of a group not installed warns; logApiWarnings: false drops it; a forbidden GET /apis gives no warning", async () => {
  const Widget = defineResource()({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true });
  const { c, warnings } = await client();
  await using _ = c;
  await assert.rejects(new Api(Widget, { client: c, namespace: "default" }).list());
  await checked(c, Widget);
  assert.deepEqual(warnings.map((w) => w.text), ["the API server does not serve example.com/v1 (used for Widget): it serves no version of example.com."]);

  const quiet = await client({ logApiWarnings: false });
  await using __ = quiet.c;
  await assert.rejects(new Api(Widget, { client: quiet.c, namespace: "default" }).list());
  await checked(quiet.c, Widget);
  assert.deepEqual(quiet.warnings, []);

  groupList = undefined;
  try {
    const forbidden = await client();
    await using ___ = forbidden.c;
    await assert.rejects(new Api(Widget, { client: forbidden.c, namespace: "default" }).list());
    await checked(forbidden.c, Widget);
    assert.deepEqual(forbidden.warnings, []);
    assert.equal(forbidden.paths().filter((p) => p === "/apis").length, 1);
  } finally {
    groupList = groups;
  }
});
