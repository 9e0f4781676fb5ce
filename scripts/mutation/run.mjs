#!/usr/bin/env node
// npm run test:mutation -- <scope> [--incremental] [other Stryker flags]
// Runs StrykerJS on one scope (scripts/mutation/scopes.mjs) and prints its mutation score.
// --incremental reuses the results of the last run of that scope for unchanged code and tests.
import { spawnSync } from "node:child_process";
import { scopes, scopeOf } from "./scopes.mjs";

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-"));
if (names.length !== 1 || !scopeOf(names[0])) {
  console.error(`usage: npm run test:mutation -- <scope> [--incremental]\nscopes: ${Object.keys(scopes).join(", ")}, or a path under runtime/ or codegen/`);
  process.exit(2);
}
const root = new URL("../..", import.meta.url).pathname;
const r = spawnSync(process.execPath, [`${root}node_modules/@stryker-mutator/core/bin/stryker.js`, "run", "stryker.config.mjs", ...flags], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MUTATION_SCOPE: names[0] },
});
process.exit(r.status ?? 1);
