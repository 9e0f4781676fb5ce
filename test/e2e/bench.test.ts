/** `npm run bench:quick`: every contender completes every scenario once with the same object count. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { e2eCluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";

const root = new URL("../..", import.meta.url).pathname;

test("bench quick mode: all contenders complete and agree on object counts", { timeout: 180_000 }, async (t) => {
  const cluster = await e2eCluster();
  if ("skip" in cluster) return skipOrFail(t, cluster.skip);
  const run = spawnSync(process.execPath, [join(root, "bench/run.mjs"), "--quick"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, KUBEX_E2E_KUBECONFIG: cluster.kubeconfig, KUBEX_E2E_NODE: cluster.node ?? "kwok-node-0" },
    timeout: 170_000,
  });
  assert.equal(run.status, 0, `bench:quick failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /bench:quick ok: \d+ contenders x 8 scenarios agree/);
  for (const contender of ["floor", "kubex-undici", "kubex-fetch", "client-node"]) {
    assert.match(run.stdout, new RegExp(`watch-1000 +${contender} +count=1000 `), `${contender} did not receive the 1000 watch events`);
    assert.match(run.stdout, new RegExp(`list-500-pods +${contender} +count=500 `), `${contender} did not list the 500 pods`);
  }
});

test("bench client-cost quick mode: contenders agree against the local TLS server", { timeout: 180_000 }, () => {
  const run = spawnSync(process.execPath, [join(root, "bench/run.mjs"), "--client-cost", "--quick"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, BENCH_ONLY: "floor,kubex-undici,client-node", BENCH_SCENARIOS: "get-pod,watch-2000,logs-10000-lines" },
    timeout: 170_000,
  });
  assert.equal(run.status, 0, `bench:client-cost --quick failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /bench:client-cost quick ok/);
  for (const contender of ["floor", "kubex-undici", "client-node"]) {
    assert.match(run.stdout, new RegExp(`get-pod +${contender} +count=200 `), `${contender} did not complete the GETs`);
    assert.match(run.stdout, new RegExp(`watch-2000 +${contender} +count=2000 `), `${contender} did not receive the 2000 watch events`);
    assert.match(run.stdout, new RegExp(`logs-10000-lines +${contender} +count=10000 `), `${contender} did not read the 10000 log lines`);
  }
});
