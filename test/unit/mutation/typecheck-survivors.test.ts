// scripts/mutation/typecheck-survivors.mjs: a survivor that does not compile is told apart from one
// that does, and the module is left as it was.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, test } from "node:test";

const root = new URL("../../..", import.meta.url).pathname;
// The module lives under the git-ignored .cache/, outside every tsconfig's include, so that a
// type check running beside this test never sees it mutated.
mkdirSync(join(root, ".cache"), { recursive: true });
const dir = mkdtempSync(join(root, ".cache", "typecheck-survivors-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const module = relative(root, join(dir, "typed-module.ts"));
writeFileSync(join(root, module), 'const verbs: readonly ["get"] = ["get"];\nexport const first: "get" = verbs[0];\nexport const label: string = "verbs";\n');

test("typecheck-survivors: tsc refuses the mutant that breaks a type, accepts the one that does not, and restores the module", () => {
  const source = readFileSync(join(root, module), "utf8");
  // Where `text` is, after the first `after` (so that the value, not the type, is mutated).
  const at = (text: string, after = "") => {
    const index = source.indexOf(text, source.indexOf(after) + after.length);
    const line = source.slice(0, index).split("\n").length;
    const column = index - source.lastIndexOf("\n", index - 1);
    return { start: { line, column }, end: { line, column: column + text.length } };
  };
  const report = {
    files: {
      [module]: {
        source,
        mutants: [
          { id: "1", status: "Survived", mutatorName: "ArrayDeclaration", replacement: "[]", location: at('["get"]', "= ") },
          { id: "2", status: "Survived", mutatorName: "StringLiteral", replacement: '""', location: at('"verbs"') },
          { id: "3", status: "Killed", mutatorName: "StringLiteral", replacement: '""', location: at('"verbs"') },
        ],
      },
    },
  };
  const reportPath = join(dir, "report.json");
  writeFileSync(reportPath, JSON.stringify(report));
  const run = spawnSync(process.execPath, ["scripts/mutation/typecheck-survivors.mjs", reportPath, module], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  assert.match(lines[0]!, /^1 Survived ArrayDeclaration line 1 "\[\]": tsc refuses it$/);
  assert.match(lines[1]!, /^2 Survived StringLiteral line 3 "\\"\\"": tsc accepts it$/);
  assert.equal(lines[2], "1 of 2 survivors and uncovered mutants do not compile");
  assert.equal(readFileSync(join(root, module), "utf8"), source);
});
