// The README's version table is the one computed from the shipped versions' generated indexes,
// so what it says each version adds or removes cannot drift from the code.
import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { shippedVersions, versionTable } from "../../scripts/version-table.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("the README holds the version table computed from the generated indexes (node --import tsx scripts/version-table.ts)", async () => {
  const table = await versionTable();
  assert.equal(table.trimEnd().split("\n").length, shippedVersions().length + 2);
  assert.ok(readme.includes(table), `README.md lacks the current table:\n${table}`);
});

test("the table names what a version adds and removes", async () => {
  const rows = (await versionTable()).split("\n");
  assert.match(rows.find((r) => r.includes("kubex/k8s/v1_33"))!, /`networking\.k8s\.io\/v1` IPAddress, ServiceCIDR.*\| `authentication\.k8s\.io\/v1beta1` \|$/);
  assert.match(rows.find((r) => r.includes("kubex/k8s/v1_37"))!, /\| [^|]*`networking\.k8s\.io\/v1beta1`[^|]* \|$/);
});
