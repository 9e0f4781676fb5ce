// Regenerates (or, with --check, checks) generated/k8s/<label> for every version of
// scripts/k8s-versions.json, in one process, with unchanged modules shared between versions.
// Each version's spec, enums and k8s.io/api module are fetched from the Go module proxy
// (scripts/fetch-spec.sh, fetch-enums.sh, fetch-api-module.sh), never stored.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { checkSeries, generateSeries } from "../codegen/series.js";

const root = new URL("..", import.meta.url).pathname;
const table = JSON.parse(readFileSync(`${root}scripts/k8s-versions.json`, "utf8")) as { label: string; kubernetes: string }[];
const out = "generated/k8s";
const started = performance.now();
const fetched = (script: string, version: string) =>
  execFileSync("bash", [`scripts/${script}`, version], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
// The published specs carry no enums: each version's come from k8s.io/api at that version,
// whose Go types also declare what that version deprecates (@deprecated).
const versions = table.map(({ label, kubernetes }) => ({
  label,
  input: fetched("fetch-spec.sh", kubernetes),
  enums: fetched("fetch-enums.sh", kubernetes),
  kubeVersion: kubernetes,
  apiModule: fetched("fetch-api-module.sh", kubernetes),
}));
const options = { versions, out: `${root}${out}`, runtime: `${root}runtime/index.ts` };
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
if (process.argv.includes("--check")) {
  const differing = await checkSeries(options);
  if (differing.length > 0) {
    console.error(`generate: ${differing.length} generated file(s) differ from the generator's output (run npm run generate):`);
    for (const path of differing) console.error(`  ${out}/${path}`);
    process.exit(1);
  }
  console.log(`generate: ${out}/{${table.map((v) => v.label).join(",")}} is up to date (${seconds()})`);
} else {
  const counts = await generateSeries(options);
  console.log(`generate: wrote ${[...counts].map(([label, n]) => `${label} (${n} files)`).join(", ")} in ${seconds()}`);
}
