// Manifests and discovery against the real API server: resolve, applyManifests, deleteManifests.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { applyManifests, deleteManifests, dumpYaml, KubexManifestApplyError, NotFound, resolve, type HttpClient } from "../../runtime/index.js";
import { e2eCluster, kubectl, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

for (const backend of backends) {
  test(`discovery resolves built-in kinds with their subresources (${backend})`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    const pods = await resolve(client, "v1", "Pod");
    assert.equal(pods.plural, "pods");
    assert.equal(pods.namespaced, true);
    for (const sub of ["exec", "log", "portforward", "status", "eviction"]) assert.ok(pods.subresources.includes(sub), sub);
    const crds = await resolve(client, "apiextensions.k8s.io/v1", "CustomResourceDefinition");
    assert.equal(crds.namespaced, false);
    await assert.rejects(resolve(client, "v1", "NoSuchKind"), (e: unknown) => e instanceof NotFound && /NoSuchKind in v1/.test(e.message));
    await assert.rejects(resolve(client, "nosuch.example.com/v1", "Thing"), (e: unknown) => e instanceof NotFound && /Thing in nosuch\.example\.com\/v1/.test(e.message));
  });
}

test("applyManifests: namespace, CRD and custom resource in one text, then unchanged, configured and deleted (undici)", async (t) => {
  if (skip) return skipOrFail(t, skip);
  await using client: HttpClient = await clientFor(cluster, "undici");
  const ns = uniqueNamespace("e2e-manifests");
  const group = `${ns}.e2e.kubex.dev`;
  t.after(() => kubectl(cluster, ["delete", "crd", `gadgets.${group}`, "--ignore-not-found", "--wait=false"]));
  const objects = [
    // Out of order on purpose: the custom resource and the config map come before their namespace and CRD.
    { apiVersion: `${group}/v1`, kind: "Gadget", metadata: { name: "g1", namespace: ns }, spec: { size: 3 } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: ns }, data: { mode: "fast" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `gadgets.${group}` },
      spec: {
        group,
        scope: "Namespaced",
        names: { plural: "gadgets", singular: "gadget", kind: "Gadget", listKind: "GadgetList" },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } } }],
      },
    },
  ];
  const text = dumpYaml(objects);
  const first = await applyManifests(client, text, { fieldManager: "e2e" });
  assert.deepEqual(first.map((r) => [r.kind, r.action]), [["Namespace", "created"], ["CustomResourceDefinition", "created"], ["Gadget", "created"], ["ConfigMap", "created"]]);
  assert.equal(first[2]!.namespace, ns);

  const again = await applyManifests(client, text, { fieldManager: "e2e" });
  assert.deepEqual(again.map((r) => r.action), ["unchanged", "unchanged", "unchanged", "unchanged"]);

  const changed = await applyManifests(client, [{ ...objects[1]!, data: { mode: "slow" } }], { fieldManager: "e2e" });
  assert.deepEqual(changed.map((r) => r.action), ["configured"]);
  const dry = await applyManifests(client, [{ ...objects[1]!, data: { mode: "dry" } }], { fieldManager: "e2e", dryRun: true });
  assert.deepEqual(dry.map((r) => r.action), ["configured"]);
  const kube = await kubectl(cluster, ["get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.mode}"]);
  assert.equal(kube.stdout, "slow");

  const removed = await deleteManifests(client, [objects[0]!, objects[1]!]);
  assert.deepEqual(removed.map((r) => [r.kind, r.action]), [["ConfigMap", "deleted"], ["Gadget", "deleted"]]);
  const gone = await deleteManifests(client, [objects[1]!]);
  assert.deepEqual(gone.map((r) => r.action), ["absent"]);
});

test("applyManifests stops at a refused object with the typed cause and what was done before", async (t) => {
  if (skip) return skipOrFail(t, skip);
  await using client: HttpClient = await clientFor(cluster, "undici");
  const ns = uniqueNamespace("e2e-manifests-bad");
  const objects = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok", namespace: ns } },
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Not_A_Valid_Name", namespace: ns } },
  ];
  t.after(() => kubectl(cluster, ["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]));
  await assert.rejects(applyManifests(client, objects, { fieldManager: "e2e" }), (e: unknown) => {
    assert.ok(e instanceof KubexManifestApplyError, String(e));
    assert.equal(e.index, 2);
    assert.deepEqual(e.results.map((r) => r.name), [ns, "ok"]);
    assert.match(e.message, /ConfigMap Not_A_Valid_Name/);
    return true;
  });
});
