#!/usr/bin/env node
// Compiles the package twice: ESM into dist/esm and CommonJS into dist/cjs,
// each with its declarations, so `import` and `require` both get types.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const tsc = new URL("../node_modules/typescript/bin/tsc", import.meta.url).pathname;
rmSync(`${root}/dist`, { recursive: true, force: true });
for (const [config, type] of [["tsconfig.build.json", "module"], ["tsconfig.build.cjs.json", "commonjs"]]) {
  const r = spawnSync(process.execPath, [tsc, "-p", config], { stdio: "inherit", cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const out = type === "module" ? "dist/esm" : "dist/cjs";
  mkdirSync(`${root}/${out}`, { recursive: true });
  writeFileSync(`${root}/${out}/package.json`, `${JSON.stringify({ type })}\n`);
}
