// Which test files a run takes: the second run of CI (another Node release) repeats only what
// depends on the runtime it runs on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { selectTestFiles } from "../../scripts/test-files.mjs";

const root = new URL("../..", import.meta.url).pathname;

test("a whole run takes every unit and e2e file, the fault files last", () => {
  const files = selectTestFiles(root, []);
  for (const f of ["test/unit/codegen/generated-check.test.ts", "test/unit/package.test.ts", "test/unit/client/http.test.ts", "test/e2e/api.test.ts", "test/e2e/faults.test.ts"]) assert.ok(files.includes(f), f);
  const firstFault = files.findIndex((f) => /faults[^/]*\.test\.ts$/.test(f));
  assert.ok(files.slice(firstFault).every((f) => /faults[^/]*\.test\.ts$/.test(f)), "fault files run after every other file");
});

test("--runtime-only leaves out the checks of the repository's own artefacts (generator output, package, docs, types, benchmarks) and the fault tests", () => {
  const files = selectTestFiles(root, ["--runtime-only"]);
  for (const f of ["test/unit/client/http.test.ts", "test/unit/stream/channel-frames.test.ts", "test/unit/watcher/watcher.test.ts", "test/e2e/api.test.ts", "test/e2e/stream.test.ts", "test/e2e/http2.test.ts"]) {
    assert.ok(files.includes(f), `${f} depends on the runtime and is repeated`);
  }
  const projectChecks = files.filter((f) => /\/codegen\/|package|docs|snippets|api-report|unit\/types\.test|version-table|mutation|type-stubs|e2e\/(bench|codegen|from-cluster|enums)\.test|faults/.test(f));
  assert.deepEqual(projectChecks, []);
});

test("filters still narrow a selection", () => {
  assert.deepEqual(selectTestFiles(root, ["--unit", "test/unit/errors.test.ts"]), ["test/unit/errors.test.ts"]);
});
