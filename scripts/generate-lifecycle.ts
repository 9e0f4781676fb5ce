// Regenerates (or, with --check, checks) generated/lifecycle.ts from the specs and the
// k8s.io/api modules of every version in scripts/k8s-versions.json, fetched from the Go module
// proxy, never stored.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { checkLifecycle, generateLifecycle } from "../codegen/lifecycle-files.js";

const root = new URL("..", import.meta.url).pathname;
const table = JSON.parse(readFileSync(`${root}scripts/k8s-versions.json`, "utf8")) as { kubernetes: string }[];
const fetch = (script: string, version: string) =>
  execFileSync("bash", [`scripts/${script}`, version], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const releases = table.map(({ kubernetes }) => ({ version: kubernetes, input: fetch("fetch-spec.sh", kubernetes), apiModule: fetch("fetch-api-module.sh", kubernetes) }));
const out = "generated/lifecycle.ts";
const options = { releases, out: `${root}${out}` };
if (process.argv.includes("--check")) {
  if (!(await checkLifecycle(options))) {
    console.error(`generate-lifecycle: ${out} differs from the generator's output (run npm run generate)`);
    process.exit(1);
  }
  console.log(`generate-lifecycle: ${out} is up to date`);
} else {
  await generateLifecycle(options);
  console.log(`generate-lifecycle: wrote ${out}`);
}
