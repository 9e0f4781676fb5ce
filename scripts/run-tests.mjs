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
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { runGuarded } from "./test-guard/run.mjs";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";
const filters = args.filter((a) => !a.startsWith("--"));

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "support" || name === "fixtures" ? [] : testFiles(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

// Files that break the cluster on purpose (killing its API server) run after every other file.
const disruptive = (f) => /faults[^/]*\.test\.ts$/.test(f);
const pick = (files) =>
  files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort((a, b) => Number(disruptive(a)) - Number(disruptive(b)) || a.localeCompare(b));
const unit = only === "e2e" ? [] : pick(testFiles(join(root, "test/unit")));
// --no-faults: every file but those that restart the cluster's API server (a second run of the suite need not repeat them).
const e2e = only === "unit" ? [] : pick(testFiles(join(root, "test/e2e"))).filter((f) => !(args.includes("--no-faults") && disruptive(f)));

if (e2e.length > 0 && !process.env.KUBEX_E2E_KUBECONFIG) {
  const ensure = join(root, "scripts/cluster/ensure.sh");
  if (existsSync(ensure)) {
    const r = spawnSync("bash", [ensure], { stdio: "inherit", cwd: root });
    if (r.status !== 0) console.error(`# local control plane could not be started (exit ${r.status}); e2e tests will report why`);
  }
}

const files = [...unit, ...e2e].map((f) => relative(root, f));
if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}
// One file at a time: the e2e files share one cluster, and the fault tests restart its API server.
const { status, problems } = runGuarded(files, { cwd: root, nodeArgs: ["--import", "tsx", "--test-concurrency=1", "--test-timeout=300000"] });
for (const problem of problems) console.error(`# test count: ${problem}`);
process.exit(status);
