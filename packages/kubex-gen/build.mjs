#!/usr/bin/env node
// Compiles the generator (codegen/ at the repository root) into this package's dist/.
// The generator imports `kubex`, resolved here to the root package's own build: it is built first when missing.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";

const here = new URL(".", import.meta.url).pathname;
const root = new URL("../../", import.meta.url).pathname;
const tsc = new URL("../../node_modules/typescript/bin/tsc", import.meta.url).pathname;

const run = (args, cwd) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit", cwd });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// The declarations `kubex` resolves to, wherever its exports map puts them.
const { exports } = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
const declarations = JSON.stringify(exports["."]).match(/"([^"]+\.d\.[cm]?ts)"/)?.[1];
if (declarations === undefined || !existsSync(`${root}/${declarations}`)) run([`${root}/scripts/build.mjs`], root);
rmSync(`${here}/dist`, { recursive: true, force: true });
run([tsc, "-p", "tsconfig.json"], here);
chmodSync(`${here}/dist/cli.js`, 0o755);
copyFileSync(`${root}/LICENSE`, `${here}/LICENSE`);
