// StrykerJS for runtime/ and codegen/, driven by node's test runner through the command
// runner. Run it with `npm run test:mutation -- <scope>` (scripts/mutation/run.mjs), which
// names the scope; see scripts/mutation/scopes.mjs.
import { scopeOf, testFiles } from "./scripts/mutation/scopes.mjs";

const name = process.env.MUTATION_SCOPE ?? "backend-warnings";
const scope = scopeOf(name);
if (!scope) throw new Error(`unknown mutation scope: ${name}`);
const slug = name.replace(/[^\w.-]+/g, "_");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "command",
  commandRunner: { command: `node --import tsx --test --test-reporter=dot --test-timeout=60000 ${testFiles(scope, new URL(".", import.meta.url).pathname).join(" ")}` },
  coverageAnalysis: "off",
  mutate: scope.mutate,
  // One test process at a time per core: the machine is shared.
  concurrency: 2,
  timeoutMS: 30_000,
  incrementalFile: `reports/mutation/${slug}.incremental.json`,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["bench", "dist", ".cluster", "reports", "test/e2e", "test/runtimes"],
  thresholds: { high: 90, low: 85, break: null },
};
