// The examples under examples/ run against the cluster and print what they promise.
import { test, before, type TestContext } from "node:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { e2eCluster, kubectl, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";

const root = new URL("../..", import.meta.url).pathname;
let cluster: E2ECluster;
let skip: string | undefined;

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else if (!found.local) skip = "the examples' outputs are those of the local kwok cluster";
  else cluster = found;
});

function run(example: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", `examples/${example}`, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, KUBECONFIG: cluster.kubeconfig },
  });
}

test("quickstart: namespace, deployment, watch until Running, logs, scale, cleanup", { timeout: 150_000 }, (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = run("quickstart.ts");
  assert.equal(r.status, 0, r.stderr);
  for (const line of [/created namespace kubex-demo-/, /created deployment hello with 2 replicas/, /watch: MODIFIED pod hello-\S+ phase=Running/, /on node kwok-node-0: Running/, /line 20/, /scaled hello to 1 replica/, /deleted namespace/]) {
    assert.match(r.stdout, line);
  }
});

test("exec-and-port-forward: exit code and an echoed reply", { timeout: 150_000 }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  const ns = uniqueNamespace("e2e-example");
  await kubectl(cluster, ["create", "namespace", ns]);
  t.after(() => kubectl(cluster, ["delete", "namespace", ns, "--wait=false"]));
  await kubectl(cluster, ["run", "web", "-n", ns, "--image=nginx", `--overrides={"spec":{"nodeName":"${cluster.node}"}}`]);
  await kubectl(cluster, ["wait", "-n", ns, "--for=condition=Ready", "pod/web", "--timeout=60s"]);
  const r = run("exec-and-port-forward.ts", "web", ns);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /stdout: hello from \S+ {2}exit code: 2/);
  assert.match(r.stdout, /reply: ping/);
});

test("custom-resource: a CRD used through defineResource", { timeout: 150_000 }, (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = run("custom-resource.ts");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /widget small size=1/);
});

test("apply-manifests: created, then unchanged, quantities and octal modes as kubectl reads them, deleted in reverse", { timeout: 150_000 }, (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = run("apply-manifests.ts");
  assert.equal(r.status, 0, r.stderr);
  for (const line of [/first apply: Namespace kubex-manifests-\S+ created/, /first apply: Deployment web created/, /second apply: ConfigMap settings unchanged/, /second apply: Deployment web unchanged/, /requests: 250m CPU = 250 millicores; mode 444/, /typed lookup: 1 replica; discovered: deployments, subresources scale,status/, /delete: Deployment web deleted/, /delete: Namespace kubex-manifests-\S+ deleted/]) {
    assert.match(r.stdout, line);
  }
  assert.ok(r.stdout.indexOf("delete: Deployment") < r.stdout.indexOf("delete: Namespace"), "the namespace is deleted last");
});

/** A namespace with one running pod `web-0` (labels app=web, container port http 8080) and Service `web` (80 -> http). */
async function podAndService(t: TestContext, prefix: string): Promise<string> {
  const ns = uniqueNamespace(prefix);
  await kubectl(cluster, ["create", "namespace", ns]);
  t.after(() => kubectl(cluster, ["delete", "namespace", ns, "--wait=false"]));
  const manifest = {
    apiVersion: "v1",
    kind: "List",
    items: [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: ns, labels: { app: "web" } }, spec: { nodeName: cluster.node, containers: [{ name: "app", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] } },
      { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: ns }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } },
    ],
  };
  const applied = await kubectl(cluster, ["apply", "-f", "-"], { input: JSON.stringify(manifest) });
  assert.equal(applied.code, 0, applied.stderr);
  const ready = await kubectl(cluster, ["wait", "-n", ns, "--for=condition=Ready", "pod/web-0", "--timeout=60s"]);
  assert.equal(ready.code, 0, ready.stderr);
  return ns;
}

test("service-port-forward: a Service port mapped to its pod, and a pod port behind the user's own server", { timeout: 150_000 }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  const ns = await podAndService(t, "e2e-example-svc");
  const r = run("service-port-forward.ts", "web", ns);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /service web:80 -> pod web-0:8080/);
  assert.match(r.stdout, /reply via service: ping/);
  assert.match(r.stdout, /reply via own server: pong/);
});

test("copy-files: cp into a pod and back, binary-safe exec output (kwok runs exec on this machine)", { timeout: 150_000 }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  const ns = await podAndService(t, "e2e-example-cp");
  const work = mkdtempSync(join(tmpdir(), "kubex-e2e-example-cp-"));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  mkdirSync(join(work, "local"));
  mkdirSync(join(work, "remote"));
  writeFileSync(join(work, "local/data.bin"), Buffer.from(Array.from({ length: 256 * 64 }, (_, i) => i % 256)));
  symlinkSync("/etc/passwd", join(work, "local/link"));
  const r = run("copy-files.ts", "web-0", ns, join(work, "local"), join(work, "remote"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /not copied: copied\/link \(a symbolic link\)/);
  assert.match(r.stdout, /round trip: data.bin identical/);
  assert.match(r.stdout, /exec output: 16384 bytes/);
});

test("watch-events: ADDED, MODIFIED, DELETED typed as a union, and a quiet stop by the caller's signal", { timeout: 150_000 }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  const ns = uniqueNamespace("e2e-example-watch");
  await kubectl(cluster, ["create", "namespace", ns]);
  t.after(() => kubectl(cluster, ["delete", "namespace", ns, "--wait=false"]));
  const r = run("watch-events.ts", ns);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ADDED watched step=1\nMODIFIED watched step=2\nDELETED watched step=2\nthe watch ended quietly after abort\(\)/);
});

test("controller: a ConfigMap mirrored into an owned Secret, kept in sync, removed through its finalizer", { timeout: 150_000 }, (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = run("controller.ts");
  assert.equal(r.status, 0, r.stderr);
  for (const line of [/app-mirror holds color=blue/, /app-mirror follows: color=green, size=L/, /the status annotation names the data mirrored/, /ignored has no mirror: true/, /app and app-mirror are gone \(finalizer honoured\)/, /deleted namespace kubex-controller-/]) {
    assert.match(r.stdout, line);
  }
});
