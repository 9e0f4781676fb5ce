// The type-level tests: every file under test/types compiles, and every
// `@ts-expect-error` in them marks a real error (tsc fails on an unused one).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = new URL("../..", import.meta.url).pathname;

test("type-level tests compile under strict, and each @ts-expect-error is a real error", { timeout: 300_000 }, () => {
  const files = readdirSync(`${root}/test/types`).filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 0, "test/types holds no type tests");
  const tsc = `${root}/node_modules/typescript/bin/tsc`;
  const r = spawnSync(process.execPath, [tsc, "-p", "test/types/tsconfig.json"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, `tsc reported errors:\n${r.stdout}${r.stderr}`);
});
