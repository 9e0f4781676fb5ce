// Generated files are written all at once (the target is replaced, nothing half-written or left
// beside it), and `--check` lists every path that differs, is missing or is extra.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffGenerated, writeGenerated } from "../../../codegen/output.js";

const files = () =>
  new Map([
    ["index.ts", "export {};\n"],
    ["core/v1/index.ts", "export interface Pod {}\n"],
    ["example.com/v1/index.ts", "export interface Widget {}\n"],
  ]);

test("writeGenerated: writes every file, creating the target's parents, and leaves nothing beside it", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  const target = join(root, "out", "v9");
  writeGenerated(target, files());
  for (const [path, text] of files()) assert.equal(readFileSync(join(target, path), "utf8"), text);
  assert.deepEqual(readdirSync(join(root, "out")), ["v9"]);
  assert.deepEqual(diffGenerated(target, files()), []);
});

test("writeGenerated: replaces what was there, files no longer generated included", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  const target = join(root, "v9");
  mkdirSync(join(target, "old/v1"), { recursive: true });
  writeFileSync(join(target, "old/v1/index.ts"), "stale\n");
  writeFileSync(join(target, "index.ts"), "stale\n");
  writeGenerated(target, files());
  assert.equal(existsSync(join(target, "old")), false);
  assert.equal(readFileSync(join(target, "index.ts"), "utf8"), "export {};\n");
  assert.deepEqual(readdirSync(root), ["v9"]);
});

test("writeGenerated: a file that cannot be written leaves the target as it was and no staging directory", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  const target = join(root, "v9");
  mkdirSync(target);
  writeFileSync(join(target, "index.ts"), "kept\n");
  // A file and a directory of the same path cannot both be written.
  const clash = new Map([
    ["a", "file\n"],
    ["a/b.ts", "under a file\n"],
  ]);
  assert.throws(() => writeGenerated(target, clash));
  assert.equal(readFileSync(join(target, "index.ts"), "utf8"), "kept\n");
  assert.deepEqual(readdirSync(root), ["v9"]);
});

test("writeGenerated: a staging directory a crashed run of the same process left is cleared first", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  const target = join(root, "v9");
  mkdirSync(join(`${target}.tmp-${process.pid}`, "stale/v1"), { recursive: true });
  writeFileSync(join(`${target}.tmp-${process.pid}`, "stale/v1/index.ts"), "stale\n");
  writeGenerated(target, files());
  assert.deepEqual(diffGenerated(target, files()), []);
  assert.deepEqual(readdirSync(root), ["v9"]);
});

test("diffGenerated: the paths that differ, are missing or are extra, sorted", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  const target = join(root, "v9");
  writeGenerated(target, files());
  writeFileSync(join(target, "core/v1/index.ts"), "edited\n");
  mkdirSync(join(target, "extra/v1"), { recursive: true });
  writeFileSync(join(target, "extra/v1/index.ts"), "extra\n");
  writeFileSync(join(target, "zz.ts"), "extra\n");
  const wanted = files();
  wanted.set("apps/v1/index.ts", "export interface Deployment {}\n");
  assert.deepEqual(diffGenerated(target, wanted), ["apps/v1/index.ts", "core/v1/index.ts", "extra/v1/index.ts", "zz.ts"]);
});

test("diffGenerated: a target that does not exist lacks every file", () => {
  const root = mkdtempSync(join(tmpdir(), "kubex-output-"));
  assert.deepEqual(diffGenerated(join(root, "missing"), files()), ["core/v1/index.ts", "example.com/v1/index.ts", "index.ts"]);
});
