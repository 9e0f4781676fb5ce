// A node:test reporter, run by scripts/run-tests.mjs beside the human one: one JSON line per
// verdict the runner received (file, name, nesting, whether a suite), and a last line saying
// the report ended.
export default async function* ledger(source) {
  for await (const { type, data } of source) {
    if (type === "test:pass" || type === "test:fail") {
      yield `${JSON.stringify({ verdict: type.slice(5), file: data.file, name: data.name, nesting: data.nesting, suite: data.details?.type === "suite" })}\n`;
    }
  }
  yield `${JSON.stringify({ end: true })}\n`;
}
