// What CI runs cannot depend on the machine: under CI=true every skip is a failure, the e2e
// suite runs against the local control plane only, and .ci/run clears the variables that
// change what the suite runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;
const skipModule = new URL("../e2e/support/skip.ts", import.meta.url).href;
const clusterModule = new URL("../e2e/support/cluster.ts", import.meta.url).href;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of ["CI", "NODE_TEST_CONTEXT", "KUBEX_E2E_KUBECONFIG"]) if (!(name in extra)) delete env[name];
  return env;
}

function runTestFile(source: string, env: Record<string, string>) {
  const file = join(mkdtempSync(join(tmpdir(), "kubex-skip-")), "case.test.ts");
  writeFileSync(file, source);
  return spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", file], { cwd: root, encoding: "utf8", env: cleanEnv(env) });
}

const inBody = `
import { test } from "node:test";
import { skipOrFail } from ${JSON.stringify(skipModule)};
test("needs a thing", (t) => skipOrFail(t, "the thing is absent"));
`;
const asOption = `
import { test } from "node:test";
import { skipOutsideCI } from ${JSON.stringify(skipModule)};
test("needs a thing", { skip: skipOutsideCI("the thing is absent") }, () => {});
`;

for (const [how, source] of [["skipOrFail in a test body", inBody], ["skipOutsideCI as the skip option", asOption]] as const) {
  test(`${how}: a skip with its reason outside CI`, () => {
    const r = runTestFile(source, {});
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /# SKIP the thing is absent/);
  });

  test(`${how}: a failure naming the reason under CI=true`, () => {
    const r = runTestFile(source, { CI: "true" });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /cannot skip under CI: the thing is absent/);
    assert.doesNotMatch(r.stdout, /# SKIP/);
  });
}

test("under CI=true the e2e suite refuses a cluster other than the local control plane", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-remote-"));
  const kubeconfig = join(dir, "remote.kubeconfig");
  writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: r\ncontexts: [{name: r, context: {cluster: r}}]\nclusters: [{name: r, cluster: {server: 'https://remote.example:6443'}}]\n");
  const probe = `import(${JSON.stringify(clusterModule)}).then((m) => m.e2eCluster()).then((c) => console.log("local:" + c.local), (e) => { console.log(e.message); process.exit(3); });`;
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], { cwd: root, encoding: "utf8", env: cleanEnv({ KUBEX_E2E_KUBECONFIG: kubeconfig, ...env }) });
  const outside = run({});
  assert.equal(outside.status, 0, outside.stderr);
  assert.equal(outside.stdout.trim(), "local:false");
  const ci = run({ CI: "true" });
  assert.equal(ci.status, 3, ci.stdout + ci.stderr);
  assert.match(ci.stdout, /under CI the e2e suite runs against the local control plane/);
});

test(".ci/run clears every variable that changes what the suite runs, and keeps the build cache", () => {
  const polluted = {
    KUBEX_E2E_KUBECONFIG: "/elsewhere", KUBEX_E2E_NODE: "n", KUBEX_E2E_KUBECTL: "k", KUBEX_CLUSTER_DIR: "/elsewhere",
    KUBEX_DEMO_KEEP: "1", KUBEX_ANYTHING_NEW: "x", KUBECONFIG: "/elsewhere", SPEC: "/spec.json", ENUMS: "/enums.json", BENCH_ONLY: "kubex", KUBEX_CACHE: "/cache",
  };
  const r = spawnSync("bash", ["-c", "source scripts/ci-env.sh && env"], { cwd: root, encoding: "utf8", env: { ...process.env, ...polluted } });
  assert.equal(r.status, 0, r.stderr);
  const left = r.stdout.split("\n").map((line) => line.slice(0, line.indexOf("="))).filter((name) => name in polluted);
  assert.deepEqual(left, ["KUBEX_CACHE"]);
  assert.match(r.stdout, /^CI=true$/m);
  const ci = spawnSync("bash", ["-n", ".ci/run"], { cwd: root, encoding: "utf8" });
  assert.equal(ci.status, 0, ci.stderr);
  assert.match(spawnSync("grep", ["-c", "^source scripts/ci-env.sh$", ".ci/run"], { cwd: root, encoding: "utf8" }).stdout, /^1$/m);
});
