// Compares what the test files define (the census, written by each file's process as it exits)
// with what the runner reported (the ledger). Any gap is a problem: the run must not pass on a
// report that lost verdicts, whatever the runner's own exit code says.
import { resolve } from "node:path";

const parseLines = (text) => text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));

/**
 * @param {{ files: string[], census: string, ledger: string, cwd: string }} run
 * @returns {string[]} the problems, empty when every defined test was reported
 */
export function checkRun({ files, census, ledger, cwd }) {
  const problems = [];
  const key = (path) => resolve(cwd, path);
  const defined = new Map();
  for (const entry of parseLines(census)) defined.set(key(entry.file), (defined.get(key(entry.file)) ?? 0) + entry.defined);
  const entries = parseLines(ledger);
  const verdicts = entries.filter((e) => e.verdict);
  // The runner reports a file as a test of its own only when the file failed or reported no test.
  const isFileVerdict = (e) => e.nesting === 0 && typeof e.name === "string" && key(e.name) === key(e.file ?? "");
  if (!entries.some((e) => e.end)) problems.push("the runner's report ended early: no end line in the ledger");

  let definedTotal = 0;
  let reportedTotal = 0;
  for (const file of files) {
    const path = key(file);
    const mine = verdicts.filter((e) => e.file !== undefined && key(e.file) === path);
    const reported = mine.filter((e) => !isFileVerdict(e)).length;
    reportedTotal += reported;
    if (!defined.has(path)) {
      problems.push(`${file}: its process left no count of its tests (it did not reach its exit)`);
      continue;
    }
    definedTotal += defined.get(path);
    if (reported !== defined.get(path)) problems.push(`${file}: defines ${defined.get(path)} tests, the runner reported ${reported}`);
  }
  if (reportedTotal < definedTotal) problems.unshift(`the runner reported ${reportedTotal} tests; the files define ${definedTotal}`);
  return problems;
}
