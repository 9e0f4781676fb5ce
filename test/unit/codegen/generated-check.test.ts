// generated/ is exactly what the generator makes from the official specs of every shipped
// version (never edited by hand), checked in one run of the generator.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipOutsideCI } from "../../e2e/support/skip.js";

const root = new URL("../../..", import.meta.url).pathname;
const versions = JSON.parse(readFileSync(`${root}scripts/k8s-versions.json`, "utf8")) as { label: string; kubernetes: string }[];
const hasGo = spawnSync("go", ["version"]).status === 0;
const reason = hasGo ? false : "needs Go (the specs come from the module proxy)";

test("the version table lists each minor once, oldest first, labelled by its minor", () => {
  const minors = versions.map((v) => v.kubernetes.split(".").slice(0, 2).join("."));
  assert.deepEqual(versions.map((v) => v.label), minors.map((m) => `v${m.replace(".", "_")}`));
  assert.deepEqual(minors, [...new Set(minors)].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])));
  assert.deepEqual(readdirSync(`${root}generated/k8s`).sort(), versions.map((v) => v.label));
});

test("generated/k8s equals the generator's output for the official spec of every version", { skip: skipOutsideCI(reason), timeout: 600_000 }, () => {
  const r = spawnSync("bash", ["scripts/generate.sh", "--check"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, new RegExp(`\\{${versions.map((v) => v.label).join(",")}\\} is up to date`));
});
