// Golden output: the tiny widgets fixture generates exactly the committed files under fixtures/codegen/golden.
// Regenerate after an intended change with:
//   node --import tsx codegen/cli.ts --input test/unit/fixtures/codegen/widgets.v3.json --out test/unit/fixtures/codegen/golden --label v9 --runtime-module runtime/index.ts
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { check, generateFiles } from "../../../codegen/index.js";

const root = new URL("../../..", import.meta.url).pathname;
const fixtures = join(root, "test/unit/fixtures/codegen");
const options = { input: join(fixtures, "widgets.v3.json"), out: join(fixtures, "golden"), label: "v9", runtime: join(root, "runtime/index.ts") };

test("the widgets fixture generates exactly the golden files", async () => {
  assert.deepEqual(await check(options), []);
});

test("golden descriptor of a namespaced kind with subresources, imported relatively from the runtime", async () => {
  const files = await generateFiles(options);
  const widget = files.get("example.com/v1/index.ts")!;
  assert.equal(widget, readFileSync(join(fixtures, "golden/v9/example.com/v1/index.ts"), "utf8"));
  assert.match(widget, /^import type \{ ResourceDescriptor \} from "(\.\.\/){8}runtime\/index\.js";$/m);
  const descriptor = widget.slice(widget.indexOf("export const Widget:"));
  assert.match(descriptor, /group: "example\.com",\s+version: "v1",\s+kind: "Widget",\s+plural: "widgets",\s+listKind: "WidgetList",\s+namespaced: true,/);
});
