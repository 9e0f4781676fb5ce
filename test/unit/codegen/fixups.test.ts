// Spec fixups: each corrects one upstream defect, only where the defect exists, and fails
// the generation, by name, once the spec no longer has it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateFiles, SpecError } from "../../../codegen/index.js";
import { swaggerSpec, v3Spec, writeSpec } from "./fixtures.js";

const quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const schemasOf = (spec: Record<string, unknown>) =>
  ((spec.components ?? { schemas: spec.definitions }) as { schemas: Record<string, Record<string, unknown>> }).schemas;
const generate = (spec: Record<string, unknown>) => generateFiles({ input: writeSpec("spec.json", spec), out: "/tmp/x", label: "v9" });
const flat = (text: string) => text.replace(/\s+/g, " ");

test("quantity-as-string: the v3 oneOf [string, number] becomes a string alias; Swagger's string needs no fixup", async () => {
  const v3 = v3Spec();
  schemasOf(v3)[quantity] = { description: "A quantity.", oneOf: [{ type: "string" }, { type: "number" }] };
  assert.match(flat((await generate(v3)).get("apimachinery/index.ts")!), /\/\*\* A quantity\. \*\/ export type Quantity = string;/);
  const swagger = swaggerSpec();
  schemasOf(swagger)[quantity] = { description: "A quantity.", type: "string" };
  assert.match(flat((await generate(swagger)).get("apimachinery/index.ts")!), /export type Quantity = string;/);
});

test("quantity-as-string fails the generation, by name, once the v3 spec declares Quantity a string", async () => {
  const v3 = v3Spec();
  schemasOf(v3)[quantity] = { type: "string" };
  await assert.rejects(generate(v3), (e: SpecError) => {
    assert.ok(e instanceof SpecError);
    assert.match(e.message, /fixup "quantity-as-string" no longer applies/);
    assert.equal(e.pointer, `/components/schemas/${quantity}`);
    return true;
  });
});

test("a fixup whose schema the spec does not contain is skipped", async () => {
  const v3 = v3Spec();
  delete schemasOf(v3)[quantity];
  assert.ok((await generate(v3)).has("example.com/v1/index.ts"));
});
test("creation-timestamp-nullable: ObjectMeta.creationTimestamp accepts null (the server writes it for a zero time)", async () => {
  for (const spec of [v3Spec(), swaggerSpec()]) {
    assert.match(flat((await generate(spec)).get("meta/v1/index.ts")!), /creationTimestamp\?: Time \| null;/);
  }
});

test("creation-timestamp-nullable fails the generation, by name, once the spec marks the field nullable", async () => {
  const v3 = v3Spec();
  const meta = schemasOf(v3)[objectMeta] as { properties: Record<string, Record<string, unknown>> };
  meta.properties.creationTimestamp = { ...meta.properties.creationTimestamp, nullable: true };
  await assert.rejects(generate(v3), /fixup "creation-timestamp-nullable" no longer applies/);
});
