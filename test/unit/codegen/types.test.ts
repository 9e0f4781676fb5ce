// Schema -> TypeScript type text (docs/codegen.md): given a schema, want the type a generated
// module writes for it; and the imports a module needs, aliased by module when two names meet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Imports, typeOf } from "../../../codegen/types.js";
import type { Schema } from "../../../codegen/load.js";

const pod = "#/components/schemas/io.k8s.api.core.v1.Pod";
const cases: [title: string, schema: Record<string, unknown>, want: string][] = [
  // References become the referenced type's name.
  ["a $ref", { $ref: pod }, "Pod"],
  ["a single-$ref allOf", { allOf: [{ $ref: pod }] }, "Pod"],
  ["an allOf of two", { allOf: [{ $ref: pod }, { $ref: pod }] }, "unknown"],
  ["an allOf without $ref", { allOf: [{ type: "string" }] }, "unknown"],
  ["an allOf of a null (a malformed spec)", { allOf: [null] }, "unknown"],
  ["a nullable $ref", { $ref: pod, nullable: true }, "Pod | null"],
  // int-or-string, either spelling.
  ["int-or-string format", { format: "int-or-string", type: "string" }, "number | string"],
  ["int-or-string flag", { "x-kubernetes-int-or-string": true }, "number | string"],
  ["int-or-string flag false", { "x-kubernetes-int-or-string": false, type: "string" }, "string"],
  // Enums: closed literal unions, or open ones that still take any string.
  ["a closed enum", { type: "string", enum: ["Fast", "Slow"] }, '"Fast" | "Slow"'],
  ["an open enum", { type: "string", enum: ["Fast"], "x-kubex-open-enum": true }, '"Fast" | (string & Record<never, never>)'],
  ["an enum marked not open", { type: "string", enum: ["Fast"], "x-kubex-open-enum": false }, '"Fast"'],
  ["an empty enum", { type: "string", enum: [] }, "string"],
  ["an enum with null, nullable", { enum: ["a", null], nullable: true }, '"a" | null'],
  ["a number enum", { type: "integer", enum: [1, 2] }, "1 | 2"],
  // oneOf / anyOf without a structural type: the union of the variants, each once.
  ["oneOf", { oneOf: [{ type: "string" }, { type: "integer" }] }, "string | number"],
  ["oneOf with variants of one type", { oneOf: [{ type: "integer" }, { type: "number" }] }, "number"],
  ["anyOf", { anyOf: [{ type: "boolean" }, { type: "string" }] }, "boolean | string"],
  ["an empty oneOf", { oneOf: [] }, "unknown"],
  ["oneOf beside a type", { type: "string", oneOf: [{ type: "integer" }] }, "string"],
  ["anyOf beside properties", { anyOf: [{ type: "integer" }], properties: { a: { type: "string" } } }, '{ "a"?: string; }'],
  ["oneOf beside items", { oneOf: [{ type: "integer" }], items: { type: "string" } }, "unknown"],
  ["oneOf beside additionalProperties", { oneOf: [{ type: "integer" }], additionalProperties: { type: "string" } }, "unknown"],
  ["a nullable variant is not nulled twice", { oneOf: [{ type: "string", nullable: true }], nullable: true }, "string | null"],
  // Plain types.
  ["string", { type: "string" }, "string"],
  ["integer", { type: "integer" }, "number"],
  ["number", { type: "number" }, "number"],
  ["boolean", { type: "boolean" }, "boolean"],
  ["an array", { type: "array", items: { type: "string" } }, "Array<string>"],
  ["an array without items", { type: "array" }, "Array<unknown>"],
  ["an array of nullable items", { type: "array", items: { type: "string", nullable: true } }, "Array<string | null>"],
  ["an object without properties", { type: "object" }, "{ [key: string]: unknown }"],
  ["an object with empty properties", { type: "object", properties: {} }, "{ [key: string]: unknown }"],
  ["a map", { type: "object", additionalProperties: { type: "integer" } }, "Record<string, number>"],
  ["a map with empty properties", { type: "object", properties: {}, additionalProperties: { type: "string" } }, "Record<string, string>"],
  ["a map of anything", { type: "object", additionalProperties: true }, "{ [key: string]: unknown }"],
  ["an inline object, sorted, optional unless required", { type: "object", required: ["b"], properties: { b: { type: "string" }, a: { type: "integer" }, "c-d": { type: "boolean" } } }, '{ "a"?: number; "b": string; "c-d"?: boolean; }'],
  ["an inline object that keeps unknown fields", { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string" } } }, '{ "a"?: string; [key: string]: unknown; }'],
  ["properties without a type", { properties: { a: { type: "string" } } }, '{ "a"?: string; }'],
  ["no type at all", { description: "free-form" }, "unknown"],
  ["another type name", { type: "file" }, "unknown"],
  // nullable lets null through; unknown holds it already.
  ["a nullable string", { type: "string", nullable: true }, "string | null"],
  ["nullable false", { type: "string", nullable: false }, "string"],
  ["a nullable unknown", { nullable: true }, "unknown"],
];

for (const [title, schema, want] of cases) {
  test(`typeOf: ${title} is ${want}`, () => {
    assert.equal(typeOf(schema as Schema, new Imports("m", [])), want);
  });
}

test("typeOf: a reference into the module's own module is its bare name, and imports nothing", () => {
  const imports = new Imports("core/v1", ["Pod"]);
  assert.equal(typeOf({ $ref: pod } as Schema, imports), "Pod");
  assert.deepEqual([...imports.byModule], []);
});

test("typeOf: a reference is located through the module's locations first", () => {
  const imports = new Imports("m", [], new Map([["io.k8s.api.core.v1.Pod", { module: "x/v1", name: "Renamed" }]]));
  assert.equal(typeOf({ $ref: pod } as Schema, imports), "Renamed");
  assert.deepEqual([...imports.byModule].map(([module, names]) => [module, [...names]]), [["x/v1", [["Renamed", "Renamed"]]]]);
  assert.deepEqual(imports.locate("io.k8s.api.apps.v1.Deployment"), { module: "apps/v1", name: "Deployment" });
});

test("Imports.use: one import per name and module; a name met twice is aliased by its module", () => {
  const imports = new Imports("apps/v1", ["Event"]);
  assert.equal(imports.use("apps/v1", "Deployment"), "Deployment");
  assert.equal(imports.use("core/v1", "Pod"), "Pod");
  assert.equal(imports.use("core/v1", "Pod"), "Pod");
  assert.equal(imports.use("events/v1", "Event"), "events_v1_Event");
  assert.equal(imports.use("events/v1", "Event"), "events_v1_Event");
  assert.equal(imports.use("example.com/v1", "Pod"), "example_com_v1_Pod");
  assert.equal(imports.use("core/v1", "Binding"), "Binding");
  assert.deepEqual(
    [...imports.byModule].map(([module, names]) => [module, [...names]]),
    [
      ["core/v1", [["Pod", "Pod"], ["Binding", "Binding"]]],
      ["events/v1", [["Event", "events_v1_Event"]]],
      ["example.com/v1", [["Pod", "example_com_v1_Pod"]]],
    ],
  );
});
