// How each key of a schema two documents define differently is merged: given two definitions,
// want the one schema the generator keeps. The merge never narrows (a value either definition
// allows stays allowed) and does not depend on the order of its arguments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeSchemas } from "../../../codegen/merge.js";
import type { Schema } from "../../../codegen/load.js";

const s = (schema: Record<string, unknown>) => schema as Schema;
const gvk = (group: string, version: string, kind: string) => ({ group, version, kind });

const rows: { title: string; a: Record<string, unknown>; b: Record<string, unknown>; want: Record<string, unknown> }[] = [
  // Identical definitions are kept as they are, even where a merge would sort.
  { title: "identical definitions stay as written", a: { required: ["b", "a"] }, b: { required: ["b", "a"] }, want: { required: ["b", "a"] } },
  // group-version-kinds: united, each once, sorted by group/version/kind.
  {
    title: "kinds united once each, sorted by group, version, kind",
    a: { "x-kubernetes-group-version-kind": [gvk("b", "v1", "K"), gvk("a", "v2", "K")] },
    b: { "x-kubernetes-group-version-kind": [gvk("a", "v1", "K"), gvk("b", "v1", "K"), gvk("a", "v1", "J")] },
    want: { "x-kubernetes-group-version-kind": [gvk("a", "v1", "J"), gvk("a", "v1", "K"), gvk("a", "v2", "K"), gvk("b", "v1", "K")] },
  },
  {
    title: "kinds of one side only are kept",
    a: { type: "object" },
    b: { type: "object", "x-kubernetes-group-version-kind": [gvk("b", "v1", "K"), gvk("a", "v1", "K")] },
    want: { type: "object", "x-kubernetes-group-version-kind": [gvk("a", "v1", "K"), gvk("b", "v1", "K")] },
  },
  // properties: united in name order; a property both define is merged.
  {
    title: "properties united in name order, a shared one merged",
    a: { properties: { z: { type: "string" }, m: { type: "string", description: "long text" } } },
    b: { properties: { a: { type: "integer" }, m: { type: "string", description: "short" } } },
    want: { properties: { a: { type: "integer" }, m: { type: "string", description: "long text" }, z: { type: "string" } } },
  },
  {
    title: "properties of one side only are kept, in name order",
    a: { description: "x" },
    b: { properties: { b: { type: "string" }, a: { type: "string" } } },
    want: { description: "x", properties: { a: { type: "string" }, b: { type: "string" } } },
  },
  // required: only where every definition requires it.
  { title: "required: the names both require, sorted", a: { required: ["c", "b", "a"] }, b: { required: ["a", "c", "d"] }, want: { required: ["a", "c"] } },
  { title: "required: a name listed twice is kept once", a: { required: ["a", "a"] }, b: { required: ["a"] }, want: { required: ["a"] } },
  { title: "required: none in common drops the key", a: { required: ["a"] }, b: { required: ["b"] }, want: {} },
  { title: "required: a definition without it requires nothing", a: { type: "object", required: ["a"] }, b: { type: "object" }, want: { type: "object" } },
  { title: "required: nor when the other side lacks it", a: { type: "object" }, b: { type: "object", required: ["a"] }, want: { type: "object" } },
  // enum: united; a definition without an enum allows any value.
  { title: "enum: values united once each, sorted by their JSON text (a quote before a digit)", a: { enum: ["b", 2, "a"] }, b: { enum: ["a", 1, "c"] }, want: { enum: ["a", "b", "c", 1, 2] } },
  { title: "enum: one side without an enum drops it", a: { type: "string", enum: ["a"] }, b: { type: "string" }, want: { type: "string" } },
  { title: "enum: nor when the first side lacks it", a: { type: "string" }, b: { type: "string", enum: ["a"] }, want: { type: "string" } },
  // description: the fuller text; of two as long, the first in code-point order.
  { title: "description: the longer text (first side)", a: { description: "longer" }, b: { description: "short" }, want: { description: "longer" } },
  { title: "description: the longer text (second side)", a: { description: "short" }, b: { description: "longer" }, want: { description: "longer" } },
  { title: "description: the longer text, even when it comes later in code-point order", a: { description: "a" }, b: { description: "bb" }, want: { description: "bb" } },
  { title: "description: as long, the first in code-point order", a: { description: "bbb" }, b: { description: "aaa" }, want: { description: "aaa" } },
  { title: "description: as long, the first in code-point order (swapped)", a: { description: "aaa" }, b: { description: "bbb" }, want: { description: "aaa" } },
  { title: "description: of one side only is kept", a: { type: "string" }, b: { type: "string", description: "only" }, want: { type: "string", description: "only" } },
  { title: "description: of the first side only is kept", a: { type: "string", description: "only" }, b: { type: "string" }, want: { type: "string", description: "only" } },
  // items: merged when both have them, else the one there is.
  {
    title: "items: both merged",
    a: { type: "array", items: { type: "string", enum: ["x"] } },
    b: { type: "array", items: { type: "string", enum: ["y"] } },
    want: { type: "array", items: { type: "string", enum: ["x", "y"] } },
  },
  { title: "items: of one side only are kept", a: { type: "array" }, b: { type: "array", items: { type: "string" } }, want: { type: "array", items: { type: "string" } } },
  { title: "items: of the first side only are kept", a: { type: "array", items: { type: "string" } }, b: { type: "array" }, want: { type: "array", items: { type: "string" } } },
  // additionalProperties: two schemas merged; equal flags kept; anything else dropped (any value).
  {
    title: "additionalProperties: two schemas merged",
    a: { additionalProperties: { type: "string", enum: ["x"] } },
    b: { additionalProperties: { type: "string", enum: ["y"] } },
    want: { additionalProperties: { type: "string", enum: ["x", "y"] } },
  },
  { title: "additionalProperties: the same flag is kept", a: { additionalProperties: false, type: "object" }, b: { additionalProperties: false }, want: { additionalProperties: false } },
  { title: "additionalProperties: different flags drop it", a: { additionalProperties: true }, b: { additionalProperties: false }, want: {} },
  { title: "additionalProperties: a schema against none drops it", a: { additionalProperties: { type: "string" } }, b: { type: "object" }, want: {} },
  { title: "additionalProperties: a schema against a flag drops it", a: { additionalProperties: { type: "string" } }, b: { additionalProperties: true }, want: {} },
  { title: "additionalProperties: a flag against a schema drops it", a: { additionalProperties: true }, b: { additionalProperties: { type: "string" } }, want: {} },
  // nullable: either side's true wins; else the flag there is.
  { title: "nullable: true on the first side wins", a: { nullable: true }, b: { nullable: false }, want: { nullable: true } },
  { title: "nullable: true on the second side wins", a: { nullable: false }, b: { nullable: true }, want: { nullable: true } },
  { title: "nullable: false on one side only is kept", a: { nullable: false }, b: { type: "string" }, want: { nullable: false } },
  { title: "nullable: false on the second side only is kept", a: { type: "string" }, b: { nullable: false }, want: { nullable: false } },
  // preserve-unknown-fields: either side's true wins; else dropped.
  { title: "preserve-unknown-fields: true on the first side wins", a: { "x-kubernetes-preserve-unknown-fields": true }, b: { type: "object" }, want: { "x-kubernetes-preserve-unknown-fields": true } },
  { title: "preserve-unknown-fields: true on the second side wins", a: { type: "object" }, b: { "x-kubernetes-preserve-unknown-fields": true }, want: { "x-kubernetes-preserve-unknown-fields": true } },
  { title: "preserve-unknown-fields: false is dropped", a: { "x-kubernetes-preserve-unknown-fields": false }, b: { type: "object" }, want: {} },
  // Any other key stays only where the definitions agree.
  { title: "another key: kept where both agree", a: { type: "string", format: "date" }, b: { type: "string", format: "date-time" }, want: { type: "string" } },
  { title: "another key: dropped when one side lacks it", a: { type: "string", format: "date" }, b: { type: "string", description: "d" }, want: { type: "string", description: "d" } },
];

for (const { title, a, b, want } of rows) {
  test(`mergeSchemas: ${title}`, () => {
    const merged = mergeSchemas(s(a), s(b));
    assert.deepEqual(merged, want);
    // Keys come out in name order, so that two merges print the same module.
    assert.deepEqual(Object.keys(merged), Object.keys(want).sort());
  });
}

test("mergeSchemas: identical definitions return the first one itself", () => {
  const a = s({ type: "string" });
  assert.equal(mergeSchemas(a, s({ type: "string" })), a);
});

test("mergeSchemas: the result does not depend on the order of the arguments", () => {
  for (const { a, b } of rows.slice(1)) {
    const ab = mergeSchemas(s(a), s(b));
    const ba = mergeSchemas(s(b), s(a));
    assert.equal(JSON.stringify(ab), JSON.stringify(ba));
  }
});
