// `npm run demo` on a control plane that already runs: the quick-start runs, the control
// plane is left running, and the last line says so and how to stop it.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { e2eCluster, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";

const root = new URL("../..", import.meta.url).pathname;
let cluster: E2ECluster;
let skip: string | undefined;

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else if (!found.local) skip = "the demo brings up the local control plane";
  else cluster = found;
});

function demo(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBEX_CLUSTER_DIR: cluster.stateDir, KUBEX_DEMO_LOCAL: "1", NO_COLOR: "1" };
  delete env.KUBEX_DEMO_KEEP;
  delete env.KUBECONFIG;
  return spawnSync("npm", ["run", "--silent", "demo", "--", ...args], { cwd: root, env, encoding: "utf8", timeout: 240_000 });
}

test("npm run demo leaves a control plane it did not start running, and says how to stop it", { timeout: 300_000 }, (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = demo();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines.at(-2)!, /deleted namespace/, "the quick-start ran to its end");
  assert.equal(
    lines.at(-1),
    `demo: the local control plane was already running and still runs (kube-apiserver, etcd, kwok; ${cluster.stateDir}); stop it with: KUBEX_CLUSTER_DIR=${cluster.stateDir} bash scripts/cluster/down.sh`,
  );
  const status = spawnSync("bash", ["scripts/cluster/status.sh"], { cwd: root, env: { ...process.env, KUBEX_CLUSTER_DIR: cluster.stateDir }, encoding: "utf8" });
  assert.equal(status.status, 0, `the control plane still runs: ${status.stdout}`);
});

test("npm run demo refuses an unknown argument before starting anything", (t) => {
  if (skip) return skipOrFail(t, skip);
  const r = demo("--bogus");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: npm run demo \[-- --keep\]/);
});
