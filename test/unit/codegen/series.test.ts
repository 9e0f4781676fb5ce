// A series of versions generated together: unchanged modules are re-exports of the first
// version that wrote them, the result type-checks, and the check lists edits, extra files and
// directories of versions that are no longer in the series. A shared type is one declaration.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { checkSeries, generateSeries } from "../../../codegen/series.js";
import { v3Spec, writeSpec } from "./fixtures.js";

/** The fixture spec with one more field on WidgetSpec: example.com/v1 changes, the meta types do not. */
function changedSpec(): Record<string, unknown> {
  const spec = v3Spec() as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  spec.components.schemas["com.example.v1.WidgetSpec"]!.properties["colour"] = { type: "string" };
  return spec;
}

test("a series shares what did not change and writes what did", async () => {
  const out = mkdtempSync(join(tmpdir(), "kubex-series-"));
  const versions = [
    { label: "v1_1", input: writeSpec("a.json", v3Spec()) },
    { label: "v1_2", input: writeSpec("b.json", v3Spec()) },
    { label: "v1_3", input: writeSpec("c.json", changedSpec()) },
  ];
  // A stand-in for the runtime's one type the modules import, so the check reads only the generated files.
  const runtime = join(out, "runtime.ts");
  writeFileSync(runtime, "export interface ResourceDescriptor<T, N extends boolean, S extends string, V extends string> { readonly plural: string; readonly [field: string]: unknown; readonly types?: [T, N, S, V] }\n");
  const counts = await generateSeries({ versions, out, runtime });
  assert.deepEqual([...counts.keys()], ["v1_1", "v1_2", "v1_3"]);
  const read = (path: string) => readFileSync(join(out, path), "utf8");
  assert.match(read("v1_2/example.com/v1/index.ts"), /^export \* from "\.\.\/\.\.\/\.\.\/v1_1\/example\.com\/v1\/index\.js";$/m);
  assert.match(read("v1_3/meta/v1/index.ts"), /^export \* from "\.\.\/\.\.\/\.\.\/v1_1\/meta\/v1\/index\.js";$/m);
  assert.match(read("v1_3/example.com/v1/index.ts"), /colour\?: string/);
  assert.deepEqual(await checkSeries({ versions, out, runtime }), []);

  // A shared type is the first version's declaration itself; a changed one is not.
  writeFileSync(join(out, "consumer.ts"), [
    'import { Widget as Widget2 } from "./v1_2/example.com/v1/index.js";',
    'import type { ObjectMeta as Meta3 } from "./v1_3/meta/v1/index.js";',
    'import type { Widget as Widget3 } from "./v1_3/example.com/v1/index.js";',
    "export const plural: string = Widget2.plural;",
    "export type Shared = [Widget2, Meta3, Widget3];",
  ].join("\n"));
  const program = ts.createProgram([join(out, "consumer.ts")], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [] });
  const consumer = program.getSourceFile(join(out, "consumer.ts"))!;
  assert.deepEqual(program.getSemanticDiagnostics(consumer).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), []);
  const checker = program.getTypeChecker();
  const declaredIn = (name: string) => {
    const symbol = checker.getSymbolsInScope(consumer, ts.SymbolFlags.Alias).find((s) => s.name === name)!;
    return checker.getAliasedSymbol(symbol).declarations!.map((d) => d.getSourceFile().fileName.slice(out.length + 1));
  };
  assert.deepEqual(declaredIn("Widget2"), ["v1_1/example.com/v1/index.ts", "v1_1/example.com/v1/index.ts"]);
  assert.deepEqual(declaredIn("Meta3"), ["v1_1/meta/v1/index.ts"]);
  assert.deepEqual(declaredIn("Widget3"), ["v1_3/example.com/v1/index.ts", "v1_3/example.com/v1/index.ts"]);

  writeFileSync(join(out, "v1_2/meta/v1/index.ts"), `${read("v1_2/meta/v1/index.ts")}// edited by hand\n`);
  mkdirSync(join(out, "v1_0"));
  writeFileSync(join(out, "v1_3/extra.ts"), "export {};\n");
  assert.deepEqual(await checkSeries({ versions, out, runtime }), ["v1_0/", "v1_2/meta/v1/index.ts", "v1_3/extra.ts"]);
});
