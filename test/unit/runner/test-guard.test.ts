// The test-count guard of scripts/run-tests.mjs: a run fails when the runner reported fewer
// tests than the files define, even when node's runner itself exits 0.
import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";

type Guarded = { status: number; runnerStatus: number | null; problems: string[]; output: string };
const { runGuarded } = (await import(new URL("../../../scripts/test-guard/run.mjs", import.meta.url).href)) as {
  runGuarded(files: string[], options: { cwd: string; nodeArgs?: string[]; stdio?: "inherit" | "pipe" }): Guarded;
};
const { checkRun } = (await import(new URL("../../../scripts/test-guard/check.mjs", import.meta.url).href)) as {
  checkRun(run: { files: string[]; census: string; ledger: string; cwd: string }): string[];
};

const fixtures = new URL("fixtures/", import.meta.url).pathname;
const run = (file: string) => runGuarded([file], { cwd: fixtures, stdio: "pipe" });
const lines = (...entries: object[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join("");

test("a file whose process ends before its last tests report fails the run, though node's runner exits 0", () => {
  const r = run("exits-early.fixture.mjs");
  assert.equal(r.runnerStatus, 0, r.output);
  assert.equal(r.status, 1);
  assert.deepEqual(r.problems, [
    "the runner reported 0 tests; the files define 3",
    "exits-early.fixture.mjs: defines 3 tests, the runner reported 0",
  ]);
});

test("a complete file passes: suites, nested suites, skips, todos, subtests and a done callback count once on each side, hooks not at all", () => {
  const r = run("complete.fixture.mjs");
  assert.deepEqual(r.problems, []);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /ℹ tests 9\nℹ suites 2\n/);
});

test("a failing test still fails the run, with no count problem", () => {
  const r = run("fails.fixture.mjs");
  assert.deepEqual(r.problems, []);
  assert.equal(r.runnerStatus, 1);
  assert.equal(r.status, 1);
});

test("verdicts dropped from the report, a report without its end, or a file without its count are each a problem", () => {
  const cwd = "/repo";
  const census = lines({ file: "/repo/a.test.ts", defined: 3, code: 0 }, { file: "/repo/b.test.ts", defined: 1, code: 0 });
  const verdict = (file: string, name: string) => ({ verdict: "pass", file: `/repo/${file}`, name, nesting: 0, suite: false });
  const whole = lines(verdict("a.test.ts", "x"), verdict("a.test.ts", "y"), verdict("a.test.ts", "z"), verdict("b.test.ts", "w"), { end: true });
  assert.deepEqual(checkRun({ files: ["a.test.ts", "b.test.ts"], census, ledger: whole, cwd }), []);

  const dropped = lines(verdict("a.test.ts", "x"), verdict("b.test.ts", "w"), { end: true });
  assert.deepEqual(checkRun({ files: ["a.test.ts", "b.test.ts"], census, ledger: dropped, cwd }), [
    "the runner reported 2 tests; the files define 4",
    "a.test.ts: defines 3 tests, the runner reported 1",
  ]);

  const unended = whole.slice(0, whole.lastIndexOf("{"));
  assert.deepEqual(checkRun({ files: ["a.test.ts", "b.test.ts"], census, ledger: unended, cwd }), ["the runner's report ended early: no end line in the ledger"]);

  assert.deepEqual(checkRun({ files: ["a.test.ts", "b.test.ts", "c.test.ts"], census, ledger: whole, cwd }), ["c.test.ts: its process left no count of its tests (it did not reach its exit)"]);
});

test("the runner's own verdict on a file is not one of its tests", () => {
  const census = lines({ file: "/repo/a.test.ts", defined: 1, code: 1 });
  const ledger = lines({ verdict: "fail", file: "/repo/a.test.ts", name: "/repo/a.test.ts", nesting: 0, suite: false }, { end: true });
  assert.deepEqual(checkRun({ files: ["a.test.ts"], census, ledger, cwd: "/repo" }), ["the runner reported 0 tests; the files define 1", "a.test.ts: defines 1 tests, the runner reported 0"]);
});

test("run-tests.mjs runs every file through the guard and no longer forces the exit of a file's process", () => {
  const script = readFileSync(new URL("../../../scripts/run-tests.mjs", import.meta.url), "utf8");
  assert.match(script, /runGuarded\(files, /);
  assert.doesNotMatch(script, /"--test-force-exit"/);
});
