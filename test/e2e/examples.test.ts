// The examples under examples/ run against the cluster and print what they promise.
import { test, before } from "node:test";
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
  for (const line of [/first apply: Namespace kubex-manifests-\S+ created/, /first apply: Deployment web created/, /second apply: ConfigMap settings unchanged/, /second apply: Deployment web unchanged/, /requests: 250m CPU = 250 millicores; mode 444/, /delete: Deployment web deleted/, /delete: Namespace kubex-manifests-\S+ deleted/]) {
    assert.match(r.stdout, line);
  }
  assert.ok(r.stdout.indexOf("delete: Deployment") < r.stdout.indexOf("delete: Namespace"), "the namespace is deleted last");
});
