#!/usr/bin/env node
// Runs the suite with node's built-in test runner: unit tests (including the
// type-level tests) and, unless --unit is given, the e2e tests against a real
// API server. The local control plane is brought up once here, before any e2e
// file runs, so that test files never race to start it.
//
// The run fails if the runner reported fewer tests than the files define (scripts/test-guard):
// a file's process that ends before its report reaches the runner must not pass as green.
// No --test-force-exit: under it, a file's process exits once its tests end, before the last of
// its report is written, and the runner counts only what arrived, with exit code 0.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { selectTestFiles } from "./test-files.mjs";
import { runGuarded } from "./test-guard/run.mjs";

const root = new URL("..", import.meta.url).pathname;
const files = selectTestFiles(root, process.argv.slice(2));
const e2e = files.filter((f) => f.startsWith("test/e2e/"));

if (e2e.length > 0 && !process.env.KUBEX_E2E_KUBECONFIG) {
  const ensure = join(root, "scripts/cluster/ensure.sh");
  if (existsSync(ensure)) {
    const r = spawnSync("bash", [ensure], { stdio: "inherit", cwd: root });
    if (r.status !== 0) console.error(`# local control plane could not be started (exit ${r.status}); e2e tests will report why`);
  }
}

if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
// One file at a time: the e2e files share one cluster, and the fault tests restart its API server.
const { status, problems } = runGuarded(files, { cwd: root, nodeArgs: ["--import", "tsx", "--test-concurrency=1", "--test-timeout=300000"] });
for (const problem of problems) console.error(`# test count: ${problem}`);
process.exit(status);
