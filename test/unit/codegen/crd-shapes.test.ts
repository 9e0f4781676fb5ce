// CRD schema shapes -> TypeScript, written from the structural-schema rules: given a schema, want
// this type; and a consumer of each generated fixture type-checks, with mistakes as errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Imports, typeOf } from "../../../codegen/types.js";
import type { Schema } from "../../../codegen/index.js";
import { crdSpec, typecheck } from "./fixtures.js";

const str = { type: "string" };

test("oneOf/anyOf/allOf/not beside a structural type are validation: the type comes from type/properties/items/additionalProperties", () => {
  const cases: [string, object, string][] = [
    ["object with oneOf of required sets", { type: "object", properties: { exact: str, prefix: str }, oneOf: [{ required: ["exact"] }, { required: ["prefix"] }] }, '{ "exact"?: string; "prefix"?: string; }'],
    ["object with not", { type: "object", properties: { a: str }, not: { required: ["a"] } }, '{ "a"?: string; }'],
    ["string with anyOf of formats", { type: "string", anyOf: [{ format: "ipv4" }, { format: "ipv6" }] }, "string"],
    ["array with oneOf of lengths", { type: "array", items: str, oneOf: [{ minItems: 1 }, { maxItems: 0 }] }, "Array<string>"],
    ["map with allOf", { type: "object", additionalProperties: { type: "integer" }, allOf: [{ minProperties: 1 }] }, "Record<string, number>"],
    ["int-or-string's anyOf", { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }, "number | string"],
    ["a union with no structural part (non-structural specs)", { oneOf: [{ type: "string" }, { type: "number" }] }, "string | number"],
    ["constraints only, no type", { oneOf: [{ required: ["a"] }] }, "unknown"],
  ];
  for (const [name, given, want] of cases) assert.equal(typeOf(given as Schema, new Imports("m", [])), want, name);
});

const routeRoot = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      description: "Where traffic goes.",
      oneOf: [{ required: ["match"] }, { required: ["target"] }],
      properties: {
        match: {
          type: "array",
          items: {
            type: "object",
            properties: {
              uri: {
                type: "object",
                properties: { exact: str, prefix: str, regex: str },
                oneOf: [{ not: { anyOf: [{ required: ["exact"] }, { required: ["prefix"] }, { required: ["regex"] }] } }, { required: ["exact"] }, { required: ["prefix"] }, { required: ["regex"] }],
              },
            },
          },
        },
        address: { type: "string", anyOf: [{ format: "ipv4" }, { format: "ipv6" }] },
        target: { type: "object", properties: { host: str, port: { type: "integer" } }, anyOf: [{ required: ["host"] }, { required: ["port"] }] },
      },
    },
  },
};

test("a CRD constrained by oneOf/anyOf/not keeps its fields: valid objects compile, typos and wrong types do not", async () => {
  const consumer = `import type { KindMap } from "./v9/index.js";
type Widget = KindMap["example.com/v1/Widget"];
export const ok: Widget = { spec: { match: [{ uri: { prefix: "/v2" } }], address: "10.0.0.1", target: { host: "a", port: 80 } } };
// @ts-expect-error a misspelt field of a oneOf-constrained object
export const typo: Widget = { spec: { match: [{ uri: { prefx: "/v2" } }] } };
// @ts-expect-error a number where the anyOf-constrained field is a string
export const wrongAddress: Widget = { spec: { address: 10 } };
// @ts-expect-error the oneOf-constrained spec is an object, not anything
export const notAnObject: Widget = { spec: 42 };
`;
  assert.deepEqual(await typecheck(crdSpec(routeRoot), consumer), []);
});
