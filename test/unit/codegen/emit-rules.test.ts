// Generated modules as text, for the orders and fallbacks emit.test.ts leaves open: members and
// named imports in name order whatever order the spec gives, and a module that is not generated
// imported relatively when no external specifier is given. emit is called directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { emit } from "../../../codegen/emit.js";
import type { NormalizedSpec, Schema } from "../../../codegen/load.js";

async function moduleText(schemas: [string, Schema][], module: string): Promise<string> {
  const spec: NormalizedSpec = { format: "openapi-3", schemas: new Map(schemas), paths: [], resources: [] };
  const files = await emit(spec, { runtimeModule: () => "kubex" });
  return files.get(module)!;
}
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

test("emit: members in name order as strings, integer-like names included", async () => {
  const text = await moduleText([["com.example.v1.Thing", { type: "object", properties: { b: { type: "string" }, "10": { type: "string" }, "2": { type: "string" }, a: { type: "string" } } }]], "example.com/v1/index.ts");
  assert.match(text, /export interface Thing \{\n {2}"10"\?: string;\n {2}"2"\?: string;\n {2}a\?: string;\n {2}b\?: string;\n\}/, text);
});

test("emit: names imported from one module in name order, whatever order the members use them in", async () => {
  const text = await moduleText(
    [
      ["com.example.v1.Thing", { type: "object", properties: { a: ref("com.other.v1.Zeta"), b: ref("com.other.v1.Alpha"), c: ref("com.other.v1.Mid") } }],
      ["com.other.v1.Zeta", { type: "string" }],
      ["com.other.v1.Alpha", { type: "string" }],
      ["com.other.v1.Mid", { type: "string" }],
    ],
    "example.com/v1/index.ts",
  );
  assert.match(text, /^import type \{ Alpha, Mid, Zeta \} from "\.\.\/\.\.\/other\.com\/v1\/index\.js";$/m, text);
});

test("emit: a referenced module that is not generated, with no external specifier option, is imported relatively", async () => {
  const text = await moduleText([["com.example.v1.Thing", { type: "object", properties: { gone: ref("com.missing.v1.Gone") } }]], "example.com/v1/index.ts");
  assert.match(text, /^import type \{ Gone \} from "\.\.\/\.\.\/missing\.com\/v1\/index\.js";$/m, text);
  assert.match(text, /gone\?: Gone;/);
});
