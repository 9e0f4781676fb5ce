// Built-in enums (docs/codegen.md): given a catalog and a spec, want the enum and its
// paragraph on each field it names, built-in enums marked open, and the catalog's refusals.
// The module's functions are called directly: no generator run, no process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyEnums, enumDescription, openBuiltInEnums, readEnumCatalog, type EnumCatalog, type EnumField } from "../../../codegen/enums.js";
import { SpecError } from "../../../codegen/errors.js";
import type { NormalizedSpec, Schema } from "../../../codegen/load.js";

const specOf = (schemas: Record<string, Schema>): NormalizedSpec => ({ format: "swagger-2.0", schemas: new Map(Object.entries(schemas)), paths: [] });
const policy = [{ value: "b", doc: "is B." }, { value: "a" }, { value: "A", doc: "" }];
const catalog = (fields: EnumField[], enums: EnumCatalog["enums"] = { P: policy }): EnumCatalog => ({ sources: [], enums, fields });
const field = (f: string, path: EnumField["path"] = [], e = "P"): EnumField => ({ schema: "S", field: f, path, enum: e });

test("enumDescription: one line per value, sorted as quoted strings, the doc after it, no trailing space", () => {
  assert.equal(enumDescription(policy), 'Possible enum values:\n - `"A"`\n - `"a"`\n - `"b"` is B.');
  assert.equal(enumDescription([{ value: "a b" }, { value: "a" }]), 'Possible enum values:\n - `"a b"`\n - `"a"`');
  assert.equal(enumDescription([]), "Possible enum values:");
});

test("applyEnums: the field, list elements and map values get the enum; only the field gets the paragraph", () => {
  const input = specOf({
    S: {
      type: "object",
      description: "kept",
      properties: {
        one: { type: "string", description: "  The policy.  " },
        bare: { type: "string" },
        blank: { type: "string", description: "  " },
        list: { type: "array", items: { type: "string" } },
        map: { type: "object", additionalProperties: { type: "string" } },
        other: { type: "integer" },
      },
    },
  });
  const before = structuredClone([...input.schemas]);
  const spec = applyEnums(input, catalog([field("one"), field("bare"), field("blank"), field("list", ["items"]), field("map", ["additionalProperties"])]));
  const paragraph = 'Possible enum values:\n - `"A"`\n - `"a"`\n - `"b"` is B.';
  assert.deepEqual(spec.schemas.get("S"), {
    type: "object",
    description: "kept",
    properties: {
      one: { type: "string", description: `The policy.\n\n${paragraph}`, enum: ["A", "a", "b"] },
      bare: { type: "string", description: paragraph, enum: ["A", "a", "b"] },
      blank: { type: "string", description: paragraph, enum: ["A", "a", "b"] },
      list: { type: "array", items: { type: "string", enum: ["A", "a", "b"] } },
      map: { type: "object", additionalProperties: { type: "string", enum: ["A", "a", "b"] } },
      other: { type: "integer" },
    },
  });
  assert.deepEqual([...input.schemas], before, "the input is not modified");
  assert.equal(spec.format, "swagger-2.0");
});

test("applyEnums: enum values sort as quoted strings", () => {
  const spec = applyEnums(specOf({ S: { properties: { f: { type: "string" } } } }), catalog([field("f")], { P: [{ value: "a b" }, { value: "a" }, { value: 'a"' }] }));
  assert.deepEqual(spec.schemas.get("S")!.properties!.f!.enum, ["a b", "a", 'a"']);
});

test("applyEnums: a field that cannot hold the enum, or is not there, is left as it is (the same object)", () => {
  const props: Record<string, Schema> = {
    declared: { type: "string", enum: ["x"] },
    ref: { type: "string", $ref: "#/definitions/T" },
    all: { type: "string", allOf: [] },
    number: { type: "integer" },
    untyped: {},
    notList: { type: "string" },
    listOfRef: { type: "array", items: { $ref: "#/definitions/T" } },
    openMap: { type: "object", additionalProperties: true },
  };
  const input = specOf({ S: { properties: props }, T: { type: "string" } });
  const spec = applyEnums(
    input,
    catalog([
      field("declared"),
      field("ref"),
      field("all"),
      field("number"),
      field("untyped"),
      field("notList", ["items"]),
      field("listOfRef", ["items"]),
      field("openMap", ["additionalProperties"]),
      field("missing"),
      { schema: "Nowhere", field: "x", path: [], enum: "P" },
      { schema: "T", field: "x", path: [], enum: "P" },
      field("number", [], "Unknown"),
    ]),
  );
  assert.equal(spec.schemas.get("S"), input.schemas.get("S"));
  assert.equal(spec.schemas.get("T"), input.schemas.get("T"));
  assert.equal(spec.schemas.has("Nowhere"), false);
});

test("applyEnums: an enum with no values changes nothing; an unknown enum neither", () => {
  const input = specOf({ S: { properties: { f: { type: "string" } } } });
  assert.equal(applyEnums(input, catalog([field("f")], { P: [] })).schemas.get("S"), input.schemas.get("S"));
  assert.equal(applyEnums(input, catalog([field("f", [], "Q")])).schemas.get("S"), input.schemas.get("S"));
});

test("openBuiltInEnums: string enums in built-in schemas are marked open, at any depth; others are left alone", () => {
  const input = specOf({
    "io.k8s.api.core.v1.PodSpec": {
      properties: {
        policy: { type: "string", enum: ["a"] },
        plain: { type: "string" },
        list: { type: "array", items: { type: "string", enum: ["b"] } },
        map: { type: "object", additionalProperties: { type: "string", enum: ["c"] } },
        nested: { properties: { deep: { type: "string", enum: ["d"] } } },
        numbers: { enum: [1, 2] },
        mixed: { enum: ["a", 1] },
        empty: { type: "string", enum: [] },
        open: { type: "array", additionalProperties: true },
      },
    },
    "io.k8s.api.core.v1.Already": { type: "string", enum: ["x"], "x-kubex-open-enum": true },
    "io.k8s.api.core.v1.Root": { type: "string", enum: ["r"] },
    "io.k8s.api.core.v1.Nothing": { properties: { a: { type: "string" } }, items: { type: "string" }, additionalProperties: { type: "string" } },
    "com.example.v1.Widget": { properties: { size: { type: "string", enum: ["S", "M"] } } },
  });
  const spec = openBuiltInEnums(input);
  const pod = spec.schemas.get("io.k8s.api.core.v1.PodSpec")!.properties!;
  assert.equal(pod.policy!["x-kubex-open-enum"], true);
  assert.equal(pod.list!.items!["x-kubex-open-enum"], true);
  assert.equal((pod.map!.additionalProperties as Schema)["x-kubex-open-enum"], true);
  assert.equal(pod.nested!.properties!.deep!["x-kubex-open-enum"], true);
  for (const name of ["plain", "numbers", "mixed", "empty", "open"] as const) assert.equal(pod[name], input.schemas.get("io.k8s.api.core.v1.PodSpec")!.properties![name], name);
  assert.deepEqual(spec.schemas.get("io.k8s.api.core.v1.Root"), { type: "string", enum: ["r"], "x-kubex-open-enum": true });
  for (const name of ["io.k8s.api.core.v1.Already", "io.k8s.api.core.v1.Nothing", "com.example.v1.Widget"]) assert.equal(spec.schemas.get(name), input.schemas.get(name), name);
  assert.equal(input.schemas.get("io.k8s.api.core.v1.Root")!["x-kubex-open-enum"], undefined, "the input is not modified");
  // Each key is replaced only where something under it changed.
  const list = spec.schemas.get("io.k8s.api.core.v1.PodSpec")!.properties!.list!;
  assert.deepEqual(list, { type: "array", items: { type: "string", enum: ["b"], "x-kubex-open-enum": true } });
  const mixedNode = openBuiltInEnums(specOf({ "io.k8s.api.core.v1.M": { enum: ["a"], items: { type: "string" }, additionalProperties: { type: "string" }, properties: { p: { type: "string" } } } }));
  const m = mixedNode.schemas.get("io.k8s.api.core.v1.M")!;
  assert.deepEqual(m, { enum: ["a"], "x-kubex-open-enum": true, items: { type: "string" }, additionalProperties: { type: "string" }, properties: { p: { type: "string" } } });
});

test("readEnumCatalog: reads a catalog; refuses a missing file, text that is not JSON, a shape that is no catalog, a field naming an unknown enum", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-"));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const refusal = (file: string) => {
    try {
      readEnumCatalog(file);
    } catch (error) {
      assert.ok(error instanceof SpecError);
      return error.message;
    }
    assert.fail("no refusal");
  };
  try {
    const good = { sources: [{ module: "k8s.io/api", version: "v0.35.4" }], enums: { P: policy }, fields: [field("f")] };
    assert.deepEqual(readEnumCatalog(write("good.json", JSON.stringify(good))), good);
    const missing = join(dir, "missing.json");
    assert.ok(refusal(missing).startsWith(`${missing}: cannot read: ENOENT`));
    assert.ok(refusal(write("text.json", "{")).startsWith(`${join(dir, "text.json")}: not JSON: `));
    const shape = "not an enum catalog (expected `enums` and `fields`)";
    for (const [name, text] of [["null", "null"], ["number", "3"], ["noEnums", '{"fields":[]}'], ["nullEnums", '{"enums":null,"fields":[]}'], ["stringEnums", '{"enums":"x","fields":[]}'], ["noFields", '{"enums":{}}'], ["objectFields", '{"enums":{},"fields":{}}']]) {
      assert.equal(refusal(write(`${name}.json`, text!)), `${join(dir, `${name}.json`)}#: ${shape}`, name);
    }
    assert.equal(refusal(write("unknown.json", JSON.stringify({ enums: { P: [] }, fields: [field("f"), field("g", [], "Q")] }))), `${join(dir, "unknown.json")}#: field S.g names the unknown enum Q`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
