// CRD schema shapes -> TypeScript, written from the structural-schema rules: given a schema, want
// this type; and a consumer of each generated fixture type-checks, with mistakes as errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Imports, typeOf } from "../../../codegen/types.js";
import { generateFiles, type Schema } from "../../../codegen/index.js";
import { crdSpec, moduleOf, typecheck, writeSpec } from "./fixtures.js";

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

test("nullable: true adds | null (null is stored and returned); elsewhere null is not a value", () => {
  const ref = { allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time" }] };
  const cases: [string, object, string][] = [
    ["string", { type: "string", nullable: true }, "string | null"],
    ["integer", { type: "integer", nullable: true }, "number | null"],
    ["not nullable", { type: "integer" }, "number"],
    ["reference", { ...ref, nullable: true }, "Time | null"],
    ["array items", { type: "array", items: { type: "string", nullable: true } }, "Array<string | null>"],
    ["nullable array", { type: "array", nullable: true, items: str }, "Array<string> | null"],
    ["enum", { type: "string", enum: ["A", "B"], nullable: true }, '"A" | "B" | null'],
    ["enum listing null", { type: "string", enum: ["A", null], nullable: true }, '"A" | null'],
    ["map values", { type: "object", additionalProperties: { type: "boolean", nullable: true } }, "Record<string, boolean | null>"],
    ["inline object property", { type: "object", properties: { a: { type: "string", nullable: true } } }, '{ "a"?: string | null; }'],
    ["free-form (unknown holds null already)", { "x-kubernetes-preserve-unknown-fields": true, nullable: true }, "unknown"],
  ];
  for (const [name, given, want] of cases) assert.equal(typeOf(given as Schema, new Imports("m", [])), want, name);
});

test("a nullable CRD field accepts null, and ObjectMeta.creationTimestamp: null compiles", async () => {
  const root = { type: "object", properties: { spec: { type: "object", properties: { replicas: { type: "integer", nullable: true }, name: str } } } };
  const consumer = `import type { KindMap } from "./v9/index.js";
type Widget = KindMap["example.com/v1/Widget"];
export const ok: Widget = { metadata: { name: "w", creationTimestamp: null }, spec: { replicas: null } };
// @ts-expect-error a field without nullable does not take null
export const notNullable: Widget = { spec: { name: null } };
`;
  assert.deepEqual(await typecheck(crdSpec(root), consumer), []);
});

const documented = {
  type: "object",
  description: "A widget.",
  properties: {
    spec: {
      type: "object",
      description: "Desired state.",
      required: ["commonName"],
      properties: {
        commonName: { type: "string", description: "Common name." },
        tls: {
          type: "object",
          description: "TLS settings.",
          properties: { secret: { type: "object", description: "The secret.", properties: { name: { type: "string", description: "Secret name." } } } },
        },
        rules: { type: "array", description: "Rules.", items: { type: "object", properties: { host: { type: "string", description: "Host." } } } },
        ports: { type: "object", description: "Ports by name.", additionalProperties: { type: "object", properties: { number: { type: "integer", description: "Port number." } } } },
        extra: { type: "object", description: "Anything else.", "x-kubernetes-preserve-unknown-fields": true, properties: { known: { type: "string", description: "Known." } } },
      },
    },
    status: { type: "object", description: "Observed state.", nullable: true, properties: { ready: { type: "boolean", description: "Ready." } } },
  },
};

test("nested objects become named interfaces (<Kind><Path>), and every description at any depth is JSDoc", async () => {
  const module = moduleOf(await generateFiles({ input: writeSpec("crd.json", crdSpec(documented)), out: "/tmp/x", label: "v9" }));
  const want = [
    "/** Desired state. */ spec?: WidgetSpec;",
    "/** Observed state. */ status?: WidgetStatus | null;",
    "/** Desired state. */ export interface WidgetSpec { /** Common name. */ commonName: string;",
    "/** Anything else. */ extra?: WidgetSpecExtra;",
    "/** Ports by name. */ ports?: Record<string, WidgetSpecPorts>;",
    "/** Rules. */ rules?: Array<WidgetSpecRules>;",
    "/** TLS settings. */ tls?: WidgetSpecTls;",
    "/** Anything else. */ export interface WidgetSpecExtra { [key: string]: unknown; /** Known. */ known?: string; }",
    "export interface WidgetSpecPorts { /** Port number. */ number?: number; }",
    "export interface WidgetSpecRules { /** Host. */ host?: string; }",
    "/** TLS settings. */ export interface WidgetSpecTls { /** The secret. */ secret?: WidgetSpecTlsSecret; }",
    "/** The secret. */ export interface WidgetSpecTlsSecret { /** Secret name. */ name?: string; }",
    "/** Observed state. */ export interface WidgetStatus { /** Ready. */ ready?: boolean; }",
  ];
  for (const line of want) assert.ok(module.includes(line), `missing: ${line}\nin: ${module}`);
  const descriptions = JSON.stringify(documented).match(/"description":"[^"]+"/g)!.map((d) => d.slice(15, -1));
  for (const text of descriptions) assert.ok(module.includes(`/** ${text} */`), `no JSDoc for ${text}`);
});

test("nested type names never take a name already used, deterministically whatever the input's order", async () => {
  const root = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        properties: {
          a: { type: "object", properties: { bC: { type: "object", properties: { first: str } } } },
          aB: { type: "object", properties: { c: { type: "object", properties: { second: str } } } },
        },
      },
    },
  };
  const spec = crdSpec(root);
  // A kind of the same group already called WidgetSpec.
  const schemas = (spec.components as { schemas: Record<string, unknown> }).schemas;
  schemas["com.example.v1.WidgetSpec"] = { type: "object", properties: { own: str } };
  const module = moduleOf(await generateFiles({ input: writeSpec("crd.json", spec), out: "/tmp/x", label: "v9" }));
  for (const line of [
    "export interface WidgetSpec { own?: string; }",
    "spec?: WidgetSpec2;",
    "export interface WidgetSpec2ABC { first?: string; }",
    "export interface WidgetSpec2ABC2 { second?: string; }",
  ]) assert.ok(module.includes(line), `missing: ${line}\nin: ${module}`);
  const reversed = JSON.parse(JSON.stringify(spec), (_key, value: unknown) =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
  ) as Record<string, unknown>;
  assert.equal(moduleOf(await generateFiles({ input: writeSpec("crd.json", reversed), out: "/tmp/x", label: "v9" })), module);
});

test("x-kubernetes-validations rules become JSDoc on the property and on its type", async () => {
  const root = {
    type: "object",
    properties: {
      spec: {
        type: "object",
        description: "Scaling bounds.",
        "x-kubernetes-validations": [
          { rule: "self.minReplicas <= self.maxReplicas", message: "minReplicas must not exceed maxReplicas" },
          { rule: "!has(oldSelf.mode) || has(self.mode)", messageExpression: "'mode cannot be unset'", reason: "FieldValueForbidden", fieldPath: ".mode" },
        ],
        properties: {
          minReplicas: { type: "integer" },
          maxReplicas: { type: "integer" },
          mode: { type: "string", "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "mode is immutable */ really" }] },
        },
      },
    },
  };
  const module = moduleOf(await generateFiles({ input: writeSpec("crd.json", crdSpec(root)), out: "/tmp/x", label: "v9" }));
  const rules =
    "* Scaling bounds. * * Validation rules (CEL): * - `self.minReplicas <= self.maxReplicas`: minReplicas must not exceed maxReplicas * - `!has(oldSelf.mode) || has(self.mode)`: 'mode cannot be unset' (reason FieldValueForbidden, field .mode) */";
  assert.ok(module.includes(`/** ${rules} spec?: WidgetSpec;`), module);
  assert.ok(module.includes(`/** ${rules} export interface WidgetSpec {`), module);
  assert.ok(module.includes("/** * Validation rules (CEL): * - `self == oldSelf`: mode is immutable *\\/ really */ mode?: string;"), module);
});

test("a very deep schema (60 nested objects) generates every level, with its description, and type-checks", async () => {
  let node: Record<string, unknown> = { type: "object", properties: { leaf: { type: "string", description: "The bottom." } } };
  for (let depth = 60; depth > 0; depth--) node = { type: "object", description: `Level ${depth}.`, properties: { next: node } };
  const spec = crdSpec({ type: "object", properties: { spec: node } });
  const module = moduleOf(await generateFiles({ input: writeSpec("crd.json", spec), out: "/tmp/x", label: "v9" }));
  const deepest = `WidgetSpec${"Next".repeat(60)}`;
  assert.ok(module.includes(`export interface ${deepest} { /** The bottom. */ leaf?: string; }`));
  assert.ok(module.includes("/** Level 60. */ next?:"));
  const consumer = `import type { KindMap } from "./v9/index.js";
type Widget = KindMap["example.com/v1/Widget"];
export const deep: Widget = { spec: ${"{ next: ".repeat(60)}{ leaf: "x" }${" }".repeat(60)} };
`;
  assert.deepEqual(await typecheck(spec, consumer), []);
});
