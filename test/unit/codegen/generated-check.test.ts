// generated/ is exactly what the generator makes from the official spec (never edited by hand).
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;
const hasGo = spawnSync("go", ["version"]).status === 0;
const reason = hasGo || (process.env.SPEC && process.env.ENUMS) ? false : "needs Go (the spec and the enums come from the module proxy) or SPEC=<path> and ENUMS=<path>";

test("generated/k8s/v1_35 equals the generator's output for the official v1.35 spec", { skip: skipOutsideCI(reason), timeout: 300_000 }, () => {
  const r = spawnSync("bash", ["scripts/generate.sh", "--check"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /is up to date/);
});
