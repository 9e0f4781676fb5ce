// applyManifests checks its options before any request: a wait bound that is not a finite, positive number
// of seconds would poll forever; a flag that is not a boolean would be taken as its truthiness.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyManifests, deleteManifests, KubexArgumentError } from "../../../runtime/index.js";
import { RecordingClient } from "../api/recording-client.js";

const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.example.com" } };

for (const value of ["abc", Number.NaN, -1, 0, Number.POSITIVE_INFINITY, null, "60"]) {
  test(`applyManifests: establishTimeout ${String(value)} is a KubexArgumentError before any request`, async () => {
    const client = new RecordingClient();
    await assert.rejects(applyManifests(client, crd, { fieldManager: "m", establishTimeout: value as never }),
      (e: Error) => e instanceof KubexArgumentError && e.argument === "options.establishTimeout" && /positive number of seconds/.test(e.message));
    assert.equal(client.sent.length, 0);
  });
}

for (const flag of ["force", "dryRun"] as const) {
  test(`applyManifests: ${flag} that is not a boolean ("false") is a KubexArgumentError, not a truthy flag`, async () => {
    const client = new RecordingClient();
    await assert.rejects(applyManifests(client, crd, { fieldManager: "m", [flag]: "false" as never }),
      (e: Error) => e instanceof KubexArgumentError && e.argument === `options.${flag}`);
    assert.equal(client.sent.length, 0);
  });
}

test('deleteManifests: dryRun that is not a boolean ("false") is a KubexArgumentError, not a truthy flag', async () => {
  const client = new RecordingClient();
  await assert.rejects(deleteManifests(client, crd, { dryRun: "false" as never }), (e: Error) => e instanceof KubexArgumentError && e.argument === "options.dryRun");
  assert.equal(client.sent.length, 0);
});

/** Answers each request with the next body: the object read before the apply, then what the apply returned. */
class Sequence extends RecordingClient {
  constructor(private readonly bodies: object[]) {
    super();
  }
  override async request(r: Parameters<RecordingClient["request"]>[0]) {
    this.reply = JSON.stringify(this.bodies.shift());
    return super.request(r);
  }
}

const deployment = (rv: string, extra: object) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "ns", resourceVersion: rv, generation: 1 }, spec: { replicas: 1 }, ...extra });
const lookup = () => ({ apiVersion: "apps/v1", group: "apps", version: "v1", kind: "Deployment", plural: "deployments", listKind: "DeploymentList", namespaced: true, verbs: ["get", "patch"], subresources: [] });

test("applyManifests: a status a controller wrote between the read and the apply is not a change the apply made", async () => {
  const client = new Sequence([deployment("1", { status: { replicas: 0 } }), deployment("2", { status: { replicas: 1 } })]);
  const [result] = await applyManifests(client, deployment("", {}), { fieldManager: "m", lookup });
  assert.equal(result!.action, "unchanged");
});

test("applyManifests: a changed spec is configured", async () => {
  const client = new Sequence([deployment("1", {}), { ...deployment("2", {}), spec: { replicas: 2 } }]);
  const [result] = await applyManifests(client, deployment("", {}), { fieldManager: "m", lookup });
  assert.equal(result!.action, "configured");
});
