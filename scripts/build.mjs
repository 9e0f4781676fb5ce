#!/usr/bin/env node
// Compiles the package twice: CommonJS into dist/cjs with the declarations, and ESM into
// dist/esm without them (the generated modules, data and types, ship once, as CommonJS; see
// tsconfig.build.cjs.json). The ESM entry points' declarations re-export the CommonJS ones
// (scripts/type-stubs.mjs), so each declaration is written once and `import` and `require`
// both get types.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { planTypeStubs } from "./type-stubs.mjs";

const root = new URL("..", import.meta.url).pathname;
const tsc = new URL("../node_modules/typescript/bin/tsc", import.meta.url).pathname;
rmSync(`${root}/dist`, { recursive: true, force: true });
for (const [config, type, extra] of [["tsconfig.build.cjs.json", "commonjs", []], ["tsconfig.build.json", "module", ["--declaration", "false"]]]) {
  const r = spawnSync(process.execPath, [tsc, "-p", config, ...extra], { stdio: "inherit", cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const out = type === "module" ? "dist/esm" : "dist/cjs";
  mkdirSync(`${root}/${out}`, { recursive: true });
  writeFileSync(`${root}/${out}/package.json`, `${JSON.stringify({ type })}\n`);
}
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const declarations = files(join(root, "dist/cjs")).map((f) => relative(root, f).split("\\").join("/"));
const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
for (const [path, text] of planTypeStubs(exports, declarations)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
