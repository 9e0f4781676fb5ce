#!/usr/bin/env node
// node scripts/mutation/typecheck-survivors.mjs <report.json> <module.ts>
// Stryker runs here without a type checker, so a mutant that no longer compiles (a descriptor's
// verbs emptied, a narrowing undone) survives when no test runs into it. This applies each
// surviving or uncovered mutant of one module from a scope's JSON report, in place, and asks
// `tsc` about that module alone; the module is restored afterwards. A mutant tsc refuses is one
// Stryker's TypeScript checker would count as a compile error, outside the score.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [reportPath, module] = process.argv.slice(2);
if (!reportPath || !module) {
  console.error("usage: node scripts/mutation/typecheck-survivors.mjs <report.json> <module.ts>");
  process.exit(2);
}
const root = new URL("../..", import.meta.url).pathname;
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const entry = Object.entries(report.files).find(([path]) => path.endsWith(module))?.[1];
if (!entry) throw new Error(`${module} is not in ${reportPath}`);
const original = readFileSync(join(root, module), "utf8");
if (original !== entry.source) throw new Error(`${module} changed since ${reportPath} was written; run the scope again`);

const lineStarts = [0];
for (let i = 0; i < original.length; i++) if (original[i] === "\n") lineStarts.push(i + 1);
const offset = ({ line, column }) => lineStarts[line - 1] + column - 1;
const config = join(root, ".tsconfig.mutant.json");
writeFileSync(config, JSON.stringify({ extends: "./tsconfig.json", include: [], files: [module] }));
let refused = 0;
let checked = 0;
try {
  for (const mutant of entry.mutants) {
    if (mutant.status !== "Survived" && mutant.status !== "NoCoverage") continue;
    const { start, end } = mutant.location;
    writeFileSync(join(root, module), original.slice(0, offset(start)) + mutant.replacement + original.slice(offset(end)));
    const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", config, "--noEmit"], { cwd: root, encoding: "utf8" });
    checked++;
    if (tsc.status !== 0) refused++;
    console.log(`${mutant.id} ${mutant.status} ${mutant.mutatorName} line ${start.line} ${JSON.stringify(mutant.replacement.slice(0, 60))}: tsc ${tsc.status !== 0 ? "refuses it" : "accepts it"}`);
  }
} finally {
  writeFileSync(join(root, module), original);
  rmSync(config, { force: true });
}
console.log(`${refused} of ${checked} survivors and uncovered mutants do not compile`);
