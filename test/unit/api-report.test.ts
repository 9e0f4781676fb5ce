import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";

const root = new URL("../..", import.meta.url).pathname;

it("the committed API reports (api/*.api.md) equal the public surface of each entry point", () => {
  const r = spawnSync(process.execPath, ["scripts/api-report.mjs", "--check"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});
