// On the real API server (1.35, default feature gates): an Api of a group/version it does not
// serve warns once through the client's warning handler, with what lifecycle() knows of it;
// the served versions of the same kinds give no warning.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Api, lifecycle, NotFound, type BaseClient } from "../../runtime/index.js";
import { servedCheckOf } from "../../runtime/discovery/served.js";
import { ResourceClaim } from "../../generated/k8s/v1_35/resource/v1beta1/index.js";
import { ResourceClaim as ResourceClaimV1 } from "../../generated/k8s/v1_35/resource/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import { e2eCluster, printLogsOnFailure, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

/** Waits for the served check the Api's first request started; fails when it started none. */
async function checked(client: BaseClient, descriptor: { apiVersion: string }): Promise<void> {
  const check = servedCheckOf(client, descriptor.apiVersion);
  assert.ok(check, `the first request of a ${descriptor.apiVersion} Api starts a served check`);
  await check;
}

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

for (const backend of backends) {
  test(`[${backend}] resource.k8s.io/v1beta1, not served by default in 1.35, warns once; resource.k8s.io/v1 and apps/v1 do not`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    const warnings: { text: string; path: string }[] = [];
    await using client = await clientFor(cluster, backend, { warningHandler: (text, context) => warnings.push({ text, path: context.path }) });

    const served = new Api(ResourceClaimV1, { client, namespace: "default" });
    await served.list();
    await checked(client, ResourceClaimV1);
    await new Api(Deployment, { client, namespace: "default" }).list();
    assert.deepEqual(warnings, []);

    const beta = new Api(ResourceClaim, { client, namespace: "default" });
    await assert.rejects(beta.list(), NotFound);
    await assert.rejects(beta.get("missing"), NotFound);
    await checked(client, ResourceClaim);
    const known = lifecycle("resource.k8s.io/v1beta1", "ResourceClaim");
    assert.deepEqual(warnings, [{
      text: `the API server does not serve resource.k8s.io/v1beta1 (used for ResourceClaim, deprecated in Kubernetes ${known.deprecated}, removed in ${known.removed}): it serves resource.k8s.io/v1; use resource.k8s.io/v1 ResourceClaim.`,
      path: "/apis",
    }]);
  });
}
