// Enums of the built-in APIs: the catalog extracted from k8s.io/api becomes what a server with
// enums on serves (enum values, a "Possible enum values" paragraph), and built-in enums become
// open literal unions while a CRD's enums stay closed. Given a spec and a catalog, want these types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyEnums, enumDescription, openBuiltInEnums, readEnumCatalog, type EnumCatalog } from "../../../codegen/enums.js";
import { generateFiles, SpecError, type NormalizedSpec, type Schema } from "../../../codegen/index.js";
import { Imports, typeOf } from "../../../codegen/types.js";

const podSpec = "io.k8s.api.core.v1.PodSpec";
const dnsPolicy = "io.k8s.api.core.v1.DNSPolicy";
const accessMode = "io.k8s.api.core.v1.PersistentVolumeAccessMode";

const catalog: EnumCatalog = {
  sources: [{ module: "k8s.io/api", version: "v0.35.4" }],
  enums: {
    [dnsPolicy]: [
      { value: "None", doc: "indicates that the pod should use empty DNS settings." },
      { value: "ClusterFirst", doc: "indicates that the pod should use cluster DNS first." },
      { value: "Default" },
    ],
    [accessMode]: [{ value: "ReadWriteOnce" }, { value: "ReadOnlyMany" }],
  },
  fields: [
    { schema: podSpec, field: "dnsPolicy", path: [], enum: dnsPolicy },
    { schema: podSpec, field: "accessModes", path: ["items"], enum: accessMode },
    { schema: podSpec, field: "statuses", path: ["additionalProperties"], enum: accessMode },
    { schema: podSpec, field: "missing", path: [], enum: dnsPolicy },
    { schema: "io.k8s.api.core.v1.Absent", field: "dnsPolicy", path: [], enum: dnsPolicy },
    { schema: podSpec, field: "served", path: [], enum: dnsPolicy },
    { schema: podSpec, field: "reference", path: [], enum: dnsPolicy },
  ],
};

const specOf = (schemas: Record<string, Schema>): NormalizedSpec => ({ format: "openapi-3", schemas: new Map(Object.entries(schemas)), paths: [] });

test("enumDescription: one line per value, sorted as kube-openapi sorts them, no trailing space for a value without a comment", () => {
  assert.equal(
    enumDescription(catalog.enums[dnsPolicy]!),
    [
      "Possible enum values:",
      ' - `"ClusterFirst"` indicates that the pod should use cluster DNS first.',
      ' - `"Default"`',
      ' - `"None"` indicates that the pod should use empty DNS settings.',
    ].join("\n"),
  );
});

test("applyEnums: given a field of the static spec, want what a server with enums on serves", () => {
  const given = {
    dnsPolicy: { type: "string", description: "Set DNS policy for the pod." },
    accessModes: { type: "array", items: { type: "string", default: "" } },
    statuses: { type: "object", additionalProperties: { type: "string" } },
    served: { type: "string", enum: ["Served"] },
    reference: { allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.Other" }] },
    untouched: { type: "string" },
  } satisfies Record<string, Schema>;
  const spec = specOf({ [podSpec]: { type: "object", properties: given } });
  const properties = applyEnums(spec, catalog).schemas.get(podSpec)!.properties!;
  const cases: [string, Schema][] = [
    [
      "dnsPolicy",
      {
        type: "string",
        enum: ["ClusterFirst", "Default", "None"],
        description: `Set DNS policy for the pod.\n\n${enumDescription(catalog.enums[dnsPolicy]!)}`,
      },
    ],
    // List elements and map values get the values, and no paragraph (they have no description).
    ["accessModes", { type: "array", items: { type: "string", default: "", enum: ["ReadOnlyMany", "ReadWriteOnce"] } }],
    ["statuses", { type: "object", additionalProperties: { type: "string", enum: ["ReadOnlyMany", "ReadWriteOnce"] } }],
    // What the spec declares itself wins; a field of another shape is not guessed at.
    ["served", given.served],
    ["reference", given.reference],
    ["untouched", given.untouched],
  ];
  for (const [field, want] of cases) assert.deepEqual(properties[field], want, field);
  assert.equal(properties.missing, undefined, "a field the spec lacks is not created");
  assert.equal(applyEnums(spec, catalog).schemas.has("io.k8s.api.core.v1.Absent"), false, "a schema the spec lacks is not created");
  assert.deepEqual(spec.schemas.get(podSpec)!.properties, given, "the input is not modified");
});

test("openBuiltInEnums: string enums in built-in schemas are marked open at any depth; CRD and non-string enums are not", () => {
  const enumOf = (values: unknown[]): Schema => ({ type: "string", enum: values });
  const spec = specOf({
    [podSpec]: {
      type: "object",
      properties: {
        direct: enumOf(["A"]),
        list: { type: "array", items: enumOf(["B"]) },
        map: { type: "object", additionalProperties: enumOf(["C"]) },
        numbers: { type: "integer", enum: [1, 2] },
        plain: { type: "string" },
      },
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions": { type: "object", properties: { propagationPolicy: enumOf(["Foreground"]) } },
    "com.example.v1.Widget": { type: "object", properties: { mode: enumOf(["Fast"]) } },
  });
  const opened = openBuiltInEnums(spec).schemas;
  const props = opened.get(podSpec)!.properties!;
  const cases: [string, boolean | undefined][] = [
    ["direct", props.direct!["x-kubex-open-enum"]],
    ["list", props.list!.items!["x-kubex-open-enum"]],
    ["map", (props.map!.additionalProperties as Schema)["x-kubex-open-enum"]],
    ["numbers", props.numbers!["x-kubex-open-enum"]],
    ["plain", props.plain!["x-kubex-open-enum"]],
    ["meta", opened.get("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")!.properties!.propagationPolicy!["x-kubex-open-enum"]],
    ["crd", opened.get("com.example.v1.Widget")!.properties!.mode!["x-kubex-open-enum"]],
  ];
  const want: Record<string, boolean | undefined> = { direct: true, list: true, map: true, numbers: undefined, plain: undefined, meta: true, crd: undefined };
  for (const [name, got] of cases) assert.equal(got, want[name], name);
  assert.equal(spec.schemas.get(podSpec)!.properties!.direct!["x-kubex-open-enum"], undefined, "the input is not modified");
});

test("typeOf: an open enum is a literal union that still takes any string; a closed one is the literals only", () => {
  const imports = new Imports("core/v1", []);
  const cases: [string, Schema, string][] = [
    ["open", { type: "string", enum: ["ClusterFirst", "Default"], "x-kubex-open-enum": true }, '"ClusterFirst" | "Default" | (string & Record<never, never>)'],
    ["open, nullable", { type: "string", enum: ["A"], "x-kubex-open-enum": true, nullable: true }, '"A" | (string & Record<never, never>) | null'],
    ["open list", { type: "array", items: { type: "string", enum: ["A"], "x-kubex-open-enum": true } }, 'Array<"A" | (string & Record<never, never>)>'],
    ["closed", { type: "string", enum: ["Fast", "Slow"] }, '"Fast" | "Slow"'],
  ];
  for (const [name, schema, want] of cases) assert.equal(typeOf(schema, imports), want, name);
});

function writeV3(schemas: Record<string, Schema>): string {
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-"));
  writeFileSync(join(dir, "api__v1_openapi.json"), JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "v1" }, paths: {}, components: { schemas } }));
  return dir;
}

test("generate with a catalog: the field is an open union with its values documented; without one it stays string", async () => {
  const input = writeV3({ [podSpec]: { type: "object", description: "PodSpec.", properties: { dnsPolicy: { type: "string", description: "Set DNS policy for the pod." } } } });
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-catalog-"));
  const file = join(dir, "enums.json");
  writeFileSync(file, JSON.stringify(catalog));
  const withEnums = (await generateFiles({ input, out: "/tmp/x", label: "v9", enums: file })).get("core/v1/index.ts")!;
  assert.match(withEnums, /dnsPolicy\?: "ClusterFirst" \| "Default" \| "None" \| \(string & Record<never, never>\);/);
  assert.match(withEnums, /\* Possible enum values:\n\s+\* {2}- `"ClusterFirst"` indicates that the pod should use cluster DNS first\.\n/);
  const without = (await generateFiles({ input, out: "/tmp/x", label: "v9" })).get("core/v1/index.ts")!;
  assert.match(without, /dnsPolicy\?: string;/);
});

test("a server's spec (enums on) gives the same open union as the static spec with the catalog", async () => {
  const served = writeV3({
    [podSpec]: {
      type: "object",
      description: "PodSpec.",
      properties: {
        // A Go comment that ends in an empty line leaves three newlines before the paragraph.
        dnsPolicy: { type: "string", enum: ["ClusterFirst", "Default", "None"], description: `Set DNS policy for the pod.\n\n\n${enumDescription(catalog.enums[dnsPolicy]!)}` },
      },
    },
  });
  const fromServer = (await generateFiles({ input: served, out: "/tmp/x", label: "v9" })).get("core/v1/index.ts")!;
  const input = writeV3({ [podSpec]: { type: "object", description: "PodSpec.", properties: { dnsPolicy: { type: "string", description: "Set DNS policy for the pod." } } } });
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-catalog-"));
  writeFileSync(join(dir, "enums.json"), JSON.stringify(catalog));
  const fromCatalog = (await generateFiles({ input, out: "/tmp/x", label: "v9", enums: join(dir, "enums.json") })).get("core/v1/index.ts")!;
  assert.equal(fromServer, fromCatalog);
});

test("readEnumCatalog: a file that is not a catalog, or names an unknown enum, is a SpecError naming the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-bad-"));
  const cases: [string, string, RegExp][] = [
    ["not-json.json", "{", /not JSON/],
    ["no-fields.json", JSON.stringify({ enums: {} }), /not an enum catalog/],
    ["unknown-enum.json", JSON.stringify({ sources: [], enums: {}, fields: [{ schema: podSpec, field: "x", path: [], enum: dnsPolicy }] }), /unknown enum io\.k8s\.api\.core\.v1\.DNSPolicy/],
  ];
  for (const [name, text, message] of cases) {
    const file = join(dir, name);
    writeFileSync(file, text);
    assert.throws(() => readEnumCatalog(file), (error: unknown) => error instanceof SpecError && message.test(error.message) && error.message.includes(name), name);
  }
  assert.throws(() => readEnumCatalog(join(dir, "absent.json")), SpecError);
});

test("kubex-gen --enums: the catalog's fields are open unions in the written files; a bad catalog is exit 1 naming the file", () => {
  const root = new URL("../../..", import.meta.url).pathname;
  const input = writeV3({ [podSpec]: { type: "object", properties: { dnsPolicy: { type: "string" } } } });
  const dir = mkdtempSync(join(tmpdir(), "kubex-enums-cli-"));
  writeFileSync(join(dir, "enums.json"), JSON.stringify(catalog));
  writeFileSync(join(dir, "bad.json"), "[]");
  const run = (enums: string) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "codegen/cli.ts"), "--input", input, "--enums", enums, "--out", join(dir, "out"), "--label", "v9"], { encoding: "utf8", cwd: root });
  const ok = run(join(dir, "enums.json"));
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(readFileSync(join(dir, "out/v9/core/v1/index.ts"), "utf8"), /dnsPolicy\?: "ClusterFirst" \| "Default" \| "None" \| \(string & Record<never, never>\);/);
  const bad = run(join(dir, "bad.json"));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /kubex-gen: .*bad\.json#: not an enum catalog/);
});
