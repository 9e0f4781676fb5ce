// Which test files a run of scripts/run-tests.mjs takes, as paths relative to the repository.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "support" || name === "fixtures" ? [] : testFiles(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

// Files that break the cluster on purpose (killing its API server) run after every other file.
const disruptive = (f) => /faults[^/]*\.test\.ts$/.test(f);

// Checks of the repository's own artefacts (the generator's output, the packages, the docs, the
// type-level tests, the benchmarks' tooling): their outcome does not depend on the Node release
// that runs them, so a second run on another release (--runtime-only) leaves them out.
const projectCheck = (f) =>
  /^test\/unit\/(codegen\/|package[^/]*|docs[^/]*|snippets|api-report|types|version-table|mutation|type-stubs)/.test(f) ||
  /^test\/e2e\/(bench|codegen|from-cluster|enums)\.test\.ts$/.test(f);

/**
 * `--unit` / `--e2e` pick one half; `--no-faults` leaves out the files that restart the API
 * server; `--runtime-only` also leaves out the project checks; other arguments filter by path.
 */
export function selectTestFiles(root, args) {
  const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";
  const filters = args.filter((a) => !a.startsWith("--"));
  const runtimeOnly = args.includes("--runtime-only");
  const noFaults = runtimeOnly || args.includes("--no-faults");
  const pick = (dir) =>
    testFiles(join(root, dir))
      .map((f) => relative(root, f))
      .filter((f) => filters.length === 0 || filters.some((x) => join(root, f).includes(x)))
      .filter((f) => !(noFaults && disruptive(f)) && !(runtimeOnly && projectCheck(f)))
      .sort((a, b) => Number(disruptive(a)) - Number(disruptive(b)) || a.localeCompare(b));
  return [...(only === "e2e" ? [] : pick("test/unit")), ...(only === "unit" ? [] : pick("test/e2e"))];
}
