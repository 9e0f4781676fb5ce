// StrykerJS for runtime/ and codegen/, driven by node's test runner through the TAP runner.
// Run it with `npm run test:mutation -- <scope>` (scripts/mutation/run.mjs), which names the
// scope; see scripts/mutation/scopes.mjs.
//
// Each test file of the scope runs once, in its own process, to record which mutants its tests
// reach (perTest coverage, per file); then each mutant runs only the files that reach it, and
// stops at the first that fails. A node:test file run directly prints TAP.
//
// The sandbox is compiled to JavaScript once (scripts/mutation/build-sandbox.mjs), so the test
// processes run the compiled `.test.js` files with plain node: about half the CPU of loading
// TypeScript through tsx in every process. MUTATION_TSX=1 runs the TypeScript files instead.
import { scopeOf, testFiles } from "./scripts/mutation/scopes.mjs";

const name = process.env.MUTATION_SCOPE ?? "backend-warnings";
const scope = scopeOf(name);
if (!scope) throw new Error(`unknown mutation scope: ${name}`);
const compiled = process.env.MUTATION_TSX !== "1";
const slug = name.replace(/[^\w.-]+/g, "_");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "tap",
  tap: {
    // MUTATION_TESTS (space-separated files) replaces the scope's tests, e.g. to measure a score before new tests.
    testFiles: (process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(" ").filter(Boolean) : testFiles(scope, new URL(".", import.meta.url).pathname)).map((file) =>
      compiled ? file.replace(/\.ts$/, ".js") : file,
    ),
    nodeArgs: [...(compiled ? [] : ["--import", "tsx"]), "--test-reporter=tap", "-r", "{{hookFile}}", "{{testFile}}"],
    forceBail: true,
  },
  coverageAnalysis: "perTest",
  mutate: scope.mutate,
  ...(compiled ? { buildCommand: "node scripts/mutation/build-sandbox.mjs" } : {}),
  // Test processes spend much of their time waiting on timers and sockets, so more of them than
  // cores keeps the CPU busy; MUTATION_CONCURRENCY lowers it on a shared machine.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 4),
  timeoutMS: 30_000,
  incrementalFile: `reports/mutation/${slug}.incremental.json`,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  // One sandbox directory per scope, so that two scopes can run side by side.
  tempDirName: `.stryker-tmp-${slug}`,
  ignorePatterns: ["bench", "dist", ".cluster", "reports", "test/e2e", "test/runtimes", ".stryker-tmp*"],
  thresholds: { high: 90, low: 85, break: null },
};
