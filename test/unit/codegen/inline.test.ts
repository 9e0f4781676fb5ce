// Inline object types of a module get names (docs/codegen.md): `Widget.spec` -> `WidgetSpec`,
// the items of an array and the values of a map take their property's name, a name already
// taken gets the first free number, and the field keeps what documents or widens it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nameInlineObjects, pascalCase, type ModuleEntry } from "../../../codegen/inline.js";
import type { Schema } from "../../../codegen/load.js";

const widget = "com.example.v1.Widget";
const ref = (pointer: string) => `#/components/schemas/${pointer.replace(/~/g, "~0").replace(/\//g, "~1")}`;
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", ...extra, properties }) as Schema;
const str = { type: "string" } as Schema;
// The generator sorts a module's entries by name; the order they come out in is not part of the contract.
const named = (entries: readonly ModuleEntry[]) => nameInlineObjects(entries).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const byName = (entries: readonly ModuleEntry[], name: string) => entries.find((e) => e.name === name)!.schema;

test("pascalCase: a property name as part of a type name", () => {
  const want: [string, string][] = [
    ["tls-config", "TlsConfig"],
    ["x_509", "X509"],
    ["spec", "Spec"],
    ["camelCase", "CamelCase"],
    ["a.b c", "ABC"],
    ["-lead", "Lead"],
    ["", "Field"],
    ["--", "Field"],
  ];
  assert.deepEqual(want.map(([text]) => [text, pascalCase(text)]), want);
});

test("nameInlineObjects: a nested object becomes an interface named by its path, and the field refers to it", () => {
  const entries: ModuleEntry[] = [{ schemaName: widget, name: "Widget", schema: object({ spec: object({ tls: object({ key: str }) }), name: str }) }];
  const specPointer = `${widget}#/properties/spec`;
  const tlsPointer = `${specPointer}/properties/tls`;
  assert.deepEqual(named(entries), [
    { schemaName: widget, name: "Widget", schema: object({ name: str, spec: { $ref: ref(specPointer) } }) },
    { schemaName: specPointer, name: "WidgetSpec", schema: object({ tls: { $ref: ref(tlsPointer) } }) },
    { schemaName: tlsPointer, name: "WidgetSpecTls", schema: object({ key: str }) },
  ]);
});

test("nameInlineObjects: the field keeps its description, nullable and validation rules; the rest goes to the type", () => {
  const rules = [{ rule: "self.size > 0" }];
  const spec = object({ size: { type: "integer" } }, { description: "The spec.", nullable: true, "x-kubernetes-validations": rules, required: ["size"] });
  const result = nameInlineObjects([{ schemaName: widget, name: "Widget", schema: object({ spec }) }]);
  assert.deepEqual(byName(result, "Widget").properties!["spec"], { $ref: ref(`${widget}#/properties/spec`), description: "The spec.", nullable: true, "x-kubernetes-validations": rules });
  assert.deepEqual(byName(result, "WidgetSpec"), spec);
  // A field with none of them refers to the type and says nothing more.
  const plain = nameInlineObjects([{ schemaName: widget, name: "Widget", schema: object({ spec: object({ size: str }) }) }]);
  assert.deepEqual(Object.keys(byName(plain, "Widget").properties!["spec"]!), ["$ref"]);
});

test("nameInlineObjects: the items of an array and the values of a map take their property's name", () => {
  const schema = object({
    ports: { type: "array", items: object({ port: str }) },
    labels: { type: "object", additionalProperties: object({ value: str }) },
    grid: { type: "array", items: { type: "array", items: object({ cell: str }) } },
  });
  const p = `${widget}#/properties`;
  assert.deepEqual(named([{ schemaName: widget, name: "Widget", schema }]), [
    {
      schemaName: widget,
      name: "Widget",
      schema: object({
        grid: { type: "array", items: { type: "array", items: { $ref: ref(`${p}/grid/items/items`) } } },
        labels: { type: "object", additionalProperties: { $ref: ref(`${p}/labels/additionalProperties`) } },
        ports: { type: "array", items: { $ref: ref(`${p}/ports/items`) } },
      }),
    },
    { schemaName: `${p}/grid/items/items`, name: "WidgetGrid", schema: object({ cell: str }) },
    { schemaName: `${p}/labels/additionalProperties`, name: "WidgetLabels", schema: object({ value: str }) },
    { schemaName: `${p}/ports/items`, name: "WidgetPorts", schema: object({ port: str }) },
  ]);
});

test("nameInlineObjects: what is not an inline object with properties stays in place", () => {
  const schema = object({
    empty: object({}),
    free: { type: "object" },
    byRef: { $ref: "#/components/schemas/com.example.v1.Other", properties: { a: str } },
    byAllOf: { allOf: [{ $ref: "#/components/schemas/com.example.v1.Other" }], properties: { a: str } },
    intOrString: { format: "int-or-string", properties: { a: str } },
    intOrStringFlag: { "x-kubernetes-int-or-string": true, properties: { a: str } },
    anyMap: { type: "object", additionalProperties: true },
    strings: { type: "array", items: str },
  });
  assert.deepEqual(nameInlineObjects([{ schemaName: widget, name: "Widget", schema }]), [{ schemaName: widget, name: "Widget", schema }]);
  assert.deepEqual(nameInlineObjects([{ schemaName: widget, name: "Widget", schema: str }]), [{ schemaName: widget, name: "Widget", schema: str }]);
});

test("nameInlineObjects: a name already taken gets the first free number, in sorted order whatever the input order", () => {
  const entries: ModuleEntry[] = [
    { schemaName: "com.example.v1.WidgetSpec2", name: "WidgetSpec2", schema: object({ a: str }) },
    { schemaName: widget, name: "Widget", schema: object({ spec: object({ b: str }), "spec-": object({ c: str }) }) },
    { schemaName: "com.example.v1.WidgetSpec", name: "WidgetSpec", schema: object({ a: str }) },
  ];
  const want = [
    ["Widget", widget],
    ["WidgetSpec", "com.example.v1.WidgetSpec"],
    ["WidgetSpec2", "com.example.v1.WidgetSpec2"],
    ["WidgetSpec3", `${widget}#/properties/spec`],
    ["WidgetSpec4", `${widget}#/properties/spec-`],
  ];
  assert.deepEqual(named(entries).map((e) => [e.name, e.schemaName]), want);
  assert.deepEqual(named([...entries].reverse()).map((e) => [e.name, e.schemaName]), want);
});

const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

test("nameInlineObjects: properties wanting one name claim it in property-name order, whatever their order in the schema", () => {
  const inline = (key: string) => [key, object({ [key]: str })] as const;
  for (const order of permutations(["aB", "a_b", "a-b"])) {
    const schema = object(Object.fromEntries(order.map(inline)));
    const result = named([{ schemaName: widget, name: "Widget", schema }]);
    assert.deepEqual(
      result.map((e) => [e.name, e.schemaName]),
      [
        ["Widget", widget],
        ["WidgetAB", `${widget}#/properties/a-b`],
        ["WidgetAB2", `${widget}#/properties/aB`],
        ["WidgetAB3", `${widget}#/properties/a_b`],
      ],
      order.join(" "),
    );
  }
});

test("nameInlineObjects: kinds wanting one name claim it in kind-name order, whatever the input order", () => {
  const entries: ModuleEntry[] = [
    { schemaName: "com.example.v1.AB", name: "AB", schema: object({ c: object({ x: str }) }) },
    { schemaName: "com.example.v1.A", name: "A", schema: object({ "b-c": object({ y: str }) }) },
    { schemaName: "com.example.v1.ABC1", name: "ABC1", schema: object({ z: str }) },
    { schemaName: "com.example.v1.0", name: "0", schema: object({ ABC: object({ y: str }) }) },
  ];
  for (const order of permutations(entries)) {
    assert.deepEqual(
      named(order).map((e) => [e.name, e.schemaName]),
      [
        ["0", "com.example.v1.0"],
        ["0ABC", "com.example.v1.0#/properties/ABC"],
        ["A", "com.example.v1.A"],
        ["AB", "com.example.v1.AB"],
        ["ABC", "com.example.v1.A#/properties/b-c"],
        ["ABC1", "com.example.v1.ABC1"],
        ["ABC2", "com.example.v1.AB#/properties/c"],
      ],
      order.map((e) => e.name).join(" "),
    );
  }
});

test("nameInlineObjects: two kinds wanting one name: the kind first in name order gets it", () => {
  // `A.bC` and `AB.c` both want `ABC`.
  const entries: ModuleEntry[] = [
    { schemaName: "com.example.v1.AB", name: "AB", schema: object({ c: object({ x: str }) }) },
    { schemaName: "com.example.v1.A", name: "A", schema: object({ bC: object({ y: str }) }) },
  ];
  const want = [
    ["A", "com.example.v1.A"],
    ["AB", "com.example.v1.AB"],
    ["ABC", "com.example.v1.A#/properties/bC"],
    ["ABC2", "com.example.v1.AB#/properties/c"],
  ];
  assert.deepEqual(named(entries).map((e) => [e.name, e.schemaName]), want);
  assert.deepEqual(named([...entries].reverse()).map((e) => [e.name, e.schemaName]), want);
});

test("nameInlineObjects: a property name with `/` or `~` is escaped in the pointer", () => {
  const result = named([{ schemaName: widget, name: "Widget", schema: object({ "a/b~c": object({ x: str }) }) }]);
  assert.deepEqual(result.map((e) => [e.name, e.schemaName]), [["Widget", widget], ["WidgetABC", `${widget}#/properties/a~1b~0c`]]);
  assert.deepEqual(result[0]!.schema.properties!["a/b~c"], { $ref: ref(`${widget}#/properties/a~1b~0c`) });
});
