// Declarations are written once, in dist/cjs. Each ESM entry point's declaration is a one-line
// re-export of its CommonJS twin, planned from the exports map: one stub per file an `import`
// condition's types can resolve to, and none for internal modules.
import { test } from "node:test";
import assert from "node:assert/strict";

const { planTypeStubs } = (await import(new URL("../../scripts/type-stubs.mjs", import.meta.url).href)) as {
  planTypeStubs: (exportsMap: Record<string, unknown>, declarations: readonly string[]) => Map<string, string>;
};

const exportsMap = {
  ".": { import: { types: "./dist/esm/runtime/index.d.ts", default: "./dist/esm/runtime/index.js" }, require: { types: "./dist/cjs/runtime/index.d.ts" } },
  "./k8s/*": { import: { types: "./dist/esm/generated/k8s/*/index.d.ts" }, require: { types: "./dist/cjs/generated/k8s/*/index.d.ts" } },
  "./package.json": "./package.json",
};
const stub = (target: string) => `// Declared once, in dist/cjs: an import reads the same declarations as a require.\nexport * from "${target}";\n`;

const cases: { name: string; declarations: string[]; want: Record<string, string> }[] = [
  {
    name: "an exact entry and every file a wildcard entry matches get a stub",
    declarations: ["runtime/index.d.ts", "generated/k8s/v1_35/index.d.ts", "generated/k8s/v1_35/core/v1/index.d.ts"],
    want: {
      "dist/esm/runtime/index.d.ts": stub("../../cjs/runtime/index.js"),
      "dist/esm/generated/k8s/v1_35/index.d.ts": stub("../../../../cjs/generated/k8s/v1_35/index.js"),
      "dist/esm/generated/k8s/v1_35/core/v1/index.d.ts": stub("../../../../../../cjs/generated/k8s/v1_35/core/v1/index.js"),
    },
  },
  {
    name: "internal modules, and files that only look like an entry, get none",
    declarations: ["runtime/api/api.d.ts", "runtime/index.d.ts.map", "generated/k8s/v1_35/core/v1/other.d.ts", "generated/index.d.ts"],
    want: {},
  },
];

for (const { name, declarations, want } of cases) {
  test(name, () => {
    assert.deepEqual(Object.fromEntries(planTypeStubs(exportsMap, declarations.map((d) => `dist/cjs/${d}`))), want);
  });
}
