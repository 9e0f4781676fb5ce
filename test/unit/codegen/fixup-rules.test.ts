// Each fixup, given the schema as a spec publishes it, corrects it or says why its defect is
// gone; applyFixups runs a fixup only on its formats and only where its schema is, and fails by
// name, with the schema's pointer, once the defect is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyFixups, fixups, type Fixup } from "../../../codegen/fixups.js";
import { SpecError } from "../../../codegen/errors.js";
import type { NormalizedSpec, Schema, SpecFormat } from "../../../codegen/load.js";

const quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const fixupNamed = (name: string) => fixups.find((f) => f.name === name)!;
const s = (schema: Record<string, unknown>) => schema as Schema;

test("the built-in fixups: names, formats and schemas", () => {
  assert.deepEqual(
    fixups.map((f) => [f.name, f.formats, f.schema]),
    [
      ["quantity-as-string", ["openapi-3"], quantity],
      ["creation-timestamp-nullable", ["swagger-2.0", "openapi-3"], objectMeta],
    ],
  );
  for (const f of fixups) assert.ok(f.reason.length > 40, `${f.name} says why`);
});

test("quantity-as-string: oneOf [string, number] without a type becomes a string; anything else is no longer the defect", () => {
  const { fix } = fixupNamed("quantity-as-string");
  const string = { type: "string" };
  const number = { type: "number" };
  assert.deepEqual(fix(s({ description: "A quantity.", oneOf: [string, number] })), { description: "A quantity.", type: "string" });
  const gone = "Quantity is no longer declared as `oneOf: [string, number]` without a type";
  const noLonger: Record<string, unknown>[] = [
    { type: "string" },
    { type: "string", oneOf: [string, number] },
    { oneOf: [number, string] },
    { oneOf: [string] },
    { oneOf: [string, number, { type: "integer" }] },
    { oneOf: [{ type: "string", format: "quantity" }, number] },
    { oneOf: [string, { type: "number", format: "double" }] },
    { oneOf: [string, { type: "integer" }] },
    { oneOf: [{ type: "integer" }, number] },
    { oneOf: [] },
    { description: "Neither a type nor a oneOf." },
  ];
  for (const schema of noLonger) assert.equal(fix(s(schema)), gone, JSON.stringify(schema));
});

test("creation-timestamp-nullable: the field becomes nullable; a missing or already nullable field is no longer the defect", () => {
  const { fix } = fixupNamed("creation-timestamp-nullable");
  const time = { $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time" };
  assert.deepEqual(fix(s({ type: "object", properties: { name: { type: "string" }, creationTimestamp: time } })), {
    type: "object",
    properties: { name: { type: "string" }, creationTimestamp: { ...time, nullable: true } },
  });
  assert.deepEqual(fix(s({ properties: { creationTimestamp: { ...time, nullable: false } } })), { properties: { creationTimestamp: { ...time, nullable: true } } });
  assert.equal(fix(s({ properties: { name: { type: "string" } } })), "ObjectMeta has no creationTimestamp");
  assert.equal(fix(s({ type: "object" })), "ObjectMeta has no creationTimestamp");
  assert.equal(fix(s({ properties: { creationTimestamp: { ...time, nullable: true } } })), "ObjectMeta.creationTimestamp is already nullable");
});

const spec = (format: SpecFormat, schemas: Record<string, Record<string, unknown>>): NormalizedSpec => ({ format, schemas: new Map(Object.entries(schemas) as [string, Schema][]), paths: [] });
const addField = (name: string, schema: string, formats: SpecFormat[] = ["openapi-3"]): Fixup => ({
  name,
  reason: "a test",
  formats,
  schema,
  fix: (given) => ({ ...given, properties: { ...given.properties, [name]: { type: "string" } } }),
});

test("applyFixups: each fixup of the list, in order, on its formats, where its schema is; the input is left alone", () => {
  const given = spec("openapi-3", { "x.v1.A": { type: "object" }, "x.v1.B": { type: "object" } });
  const fixed = applyFixups(given, "spec.json", [addField("one", "x.v1.A"), addField("two", "x.v1.A"), addField("three", "x.v1.Missing"), addField("four", "x.v1.B", ["swagger-2.0"])]);
  assert.deepEqual(fixed.schemas.get("x.v1.A"), { type: "object", properties: { one: { type: "string" }, two: { type: "string" } } });
  assert.deepEqual(fixed.schemas.get("x.v1.B"), { type: "object" });
  assert.deepEqual([...fixed.schemas.keys()], ["x.v1.A", "x.v1.B"]);
  assert.deepEqual(given.schemas.get("x.v1.A"), { type: "object" });
  assert.equal(fixed.format, "openapi-3");
  assert.equal(fixed.paths, given.paths);
});

test("applyFixups: the built-in list by default: Swagger's Quantity is left alone, ObjectMeta fixed in both formats", () => {
  const meta = { properties: { creationTimestamp: { type: "string" } } };
  const swagger = applyFixups(spec("swagger-2.0", { [quantity]: { oneOf: [{ type: "string" }, { type: "number" }] }, [objectMeta]: meta }), "swagger.json");
  assert.deepEqual(swagger.schemas.get(quantity), { oneOf: [{ type: "string" }, { type: "number" }] });
  assert.deepEqual(swagger.schemas.get(objectMeta), { properties: { creationTimestamp: { type: "string", nullable: true } } });
  const v3 = applyFixups(spec("openapi-3", { [quantity]: { oneOf: [{ type: "string" }, { type: "number" }] } }), "v3");
  assert.deepEqual(v3.schemas.get(quantity), { type: "string" });
});

test("applyFixups: a fixup whose defect is gone fails by name, with the schema's pointer in the format's own section", () => {
  const gone: Fixup = { name: "gone-fixup", reason: "a test", formats: ["swagger-2.0", "openapi-3"], schema: "x.v1/A~B", fix: () => "the defect is gone" };
  const cases: [SpecFormat, string][] = [
    ["swagger-2.0", "/definitions/x.v1~1A~0B"],
    ["openapi-3", "/components/schemas/x.v1~1A~0B"],
  ];
  for (const [format, pointer] of cases) {
    assert.throws(
      () => applyFixups(spec(format, { "x.v1/A~B": { type: "object" } }), "specs/in.json", [gone]),
      (e: unknown) => {
        assert.ok(e instanceof SpecError);
        assert.equal(e.file, "specs/in.json");
        assert.equal(e.pointer, pointer);
        assert.equal(e.message, `specs/in.json#${pointer}: fixup "gone-fixup" no longer applies: the defect is gone. Remove it from codegen/fixups.ts.`);
        return true;
      },
    );
  }
});
