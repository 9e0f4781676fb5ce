#!/usr/bin/env node
// node scripts/mutation/summary.mjs [reports/mutation]
// One table of mutation scores per module from the scopes' JSON reports: each module's figures
// come from the latest report that measured it, and runtime/ and codegen/ get a total over all
// their measured mutants (the README's target is stated for those trees).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const counted = { Killed: "killed", Timeout: "timeout", Survived: "survived", NoCoverage: "noCoverage", RuntimeError: "errors", CompileError: "errors", Ignored: "ignored" };

function tally(statuses) {
  const row = { mutants: statuses.length, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  for (const status of statuses) row[counted[status] ?? "errors"] += 1;
  // Stryker's score: detected over valid mutants; errors and ignored mutants are not scored.
  const scored = row.killed + row.timeout + row.survived + row.noCoverage;
  return { ...row, score: scored === 0 ? undefined : (100 * (row.killed + row.timeout)) / scored };
}

/** @param {{ time: number, report: { files: Record<string, { mutants: { status: string }[] }> } }[]} reports */
export function summarize(reports) {
  const latest = new Map();
  for (const { time, report } of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const seen = latest.get(file);
      if (!seen || seen.time < time) latest.set(file, { time, statuses: mutants.map((m) => m.status) });
    }
  }
  const files = [...latest.keys()].sort();
  const modules = files.map((file) => ({ file, ...tally(latest.get(file).statuses) }));
  const trees = [...new Set(files.map((file) => `${file.split("/")[0]}/`))].sort();
  const totals = trees.map((tree) => ({ tree, ...tally(files.filter((f) => f.startsWith(tree)).flatMap((f) => latest.get(f).statuses)) }));
  return { modules, totals };
}

const percent = (score) => (score === undefined ? "–" : `${score.toFixed(1)} %`);

export function renderSummary({ modules, totals }) {
  const line = (name, r, score) => `| ${name} | ${r.mutants} | ${r.killed + r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.errors} | ${score} |`;
  return [
    "| module | mutants | killed | survived | no coverage | errors | score |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...modules.map((m) => line(`\`${m.file}\``, m, percent(m.score))),
    ...totals.map((t) => line(`**${t.tree}**`, t, `**${percent(t.score)}**`)),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const directory = process.argv[2] ?? "reports/mutation";
  const reports = readdirSync(directory)
    .filter((name) => name.endsWith(".json") && !name.endsWith(".incremental.json"))
    .map((name) => join(directory, name))
    .map((path) => ({ time: statSync(path).mtimeMs, report: JSON.parse(readFileSync(path, "utf8")) }));
  console.log(renderSummary(summarize(reports)));
}
