// generated/lifecycle.ts is exactly what the generator makes from the official specs and
// k8s.io/api modules of every shipped version (never edited by hand).
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;
const hasGo = spawnSync("go", ["version"]).status === 0;

test("generated/lifecycle.ts equals the generator's output for the shipped versions", { skip: skipOutsideCI(hasGo ? false : "needs Go (the specs come from the module proxy)"), timeout: 300_000 }, () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-lifecycle.ts", "--check"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /is up to date/);
});
