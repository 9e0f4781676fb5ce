// The per-module mutation table: each module's latest report, Stryker's score, and the totals
// of runtime/ and codegen/ that the README's target is stated for.
import { test } from "node:test";
import assert from "node:assert/strict";

interface Row { mutants: number; killed: number; timeout: number; survived: number; noCoverage: number; errors: number; ignored: number; score: number | undefined }
interface Summary { modules: (Row & { file: string })[]; totals: (Row & { tree: string })[] }
const { summarize, renderSummary } = (await import(new URL("../../../scripts/mutation/summary.mjs", import.meta.url).href)) as {
  summarize(reports: { time: number; report: { files: Record<string, { mutants: { status: string }[] }> } }[]): Summary;
  renderSummary(summary: Summary): string;
};

const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status, i) => ({ id: String(i), status })) });

test("a module's row counts its mutants by status, and its score leaves errors and ignored mutants out", () => {
  const rows = summarize([
    { time: 1, report: { files: { "runtime/a.ts": mutants("Killed", "Killed", "Timeout", "Survived", "NoCoverage", "RuntimeError", "CompileError", "Ignored") } } },
  ]);
  assert.deepEqual(rows.modules, [
    { file: "runtime/a.ts", mutants: 8, killed: 2, timeout: 1, survived: 1, noCoverage: 1, errors: 2, ignored: 1, score: 60 },
  ]);
});

test("a module measured by two scopes takes the later report only", () => {
  const rows = summarize([
    { time: 2, report: { files: { "runtime/a.ts": mutants("Killed", "Killed") } } },
    { time: 1, report: { files: { "runtime/a.ts": mutants("Survived", "Survived"), "codegen/b.ts": mutants("Killed", "Survived") } } },
  ]);
  assert.deepEqual(rows.modules.map((m) => [m.file, m.score]), [["codegen/b.ts", 50], ["runtime/a.ts", 100]]);
});

test("totals are given per tree, over all of its measured mutants, not as a mean of the modules' scores", () => {
  const rows = summarize([
    { time: 1, report: { files: { "runtime/a.ts": mutants("Killed"), "runtime/b.ts": mutants("Survived", "Survived", "Survived"), "codegen/c.ts": mutants("Killed") } } },
  ]);
  assert.deepEqual(rows.totals, [
    { tree: "codegen/", mutants: 1, killed: 1, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0, score: 100 },
    { tree: "runtime/", mutants: 4, killed: 1, timeout: 0, survived: 3, noCoverage: 0, errors: 0, ignored: 0, score: 25 },
  ]);
});

test("a module with no scored mutant shows no score rather than 0 % or 100 %", () => {
  const rows = summarize([{ time: 1, report: { files: { "runtime/a.ts": mutants("CompileError") } } }]);
  assert.equal(rows.modules[0]!.score, undefined);
  assert.match(renderSummary(rows), /\| `runtime\/a\.ts` \| 1 \| 0 \| 0 \| 0 \| 1 \| – \|/);
});

test("the rendered table has one row per module and one per tree, scores to one decimal", () => {
  const text = renderSummary(summarize([{ time: 1, report: { files: { "runtime/a.ts": mutants("Killed", "Killed", "Survived") } } }]));
  assert.match(text, /^\| module \| mutants \| killed \| survived \| no coverage \| errors \| score \|$/m);
  assert.match(text, /^\| `runtime\/a\.ts` \| 3 \| 2 \| 1 \| 0 \| 0 \| 66\.7 % \|$/m);
  assert.match(text, /^\| \*\*runtime\/\*\* \| 3 \| 2 \| 1 \| 0 \| 0 \| \*\*66\.7 %\*\* \|$/m);
});
