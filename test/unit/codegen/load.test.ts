// Reading a spec (docs/codegen.md): given Swagger 2.0 or OpenAPI v3 documents, want every schema
// by name (merged across documents), every path with its operations, and the refusals with
// the file and the JSON pointer. loadDocuments and loadSpec are called directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocuments, loadSpec, readText, refName } from "../../../codegen/load.js";
import { SpecError } from "../../../codegen/errors.js";

const v3 = (schemas: object, paths: object = {}) => ({ openapi: "3.0.0", components: { schemas }, paths });
const v2 = (definitions: object, paths: object = {}) => ({ swagger: "2.0", definitions, paths });

function refusal(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SpecError, String(error));
    return error;
  }
  assert.fail("no refusal");
}

test("loadDocuments: a v3 document: its schemas, and each path's operations in method order with its shared parameters", () => {
  const spec = loadDocuments([
    {
      source: "a.json",
      document: v3(
        { "x.v1.A": { type: "string" } },
        {
          "/p": {
            head: { "x-kubernetes-action": "head" },
            options: { "x-kubernetes-action": "options" },
            patch: { "x-kubernetes-action": "patch" },
            delete: { "x-kubernetes-action": "delete" },
            post: { "x-kubernetes-action": "post" },
            put: { "x-kubernetes-action": "put" },
            get: { "x-kubernetes-action": "get" },
            trace: { "x-kubernetes-action": "trace" },
            parameters: [{ name: "pretty" }, { $ref: "#/x" }, null, { name: 3 }, { name: "watch" }],
          },
          "/q": null,
          "/r": {},
        },
      ),
    },
  ]);
  assert.equal(spec.format, "openapi-3");
  assert.deepEqual([...spec.schemas], [["x.v1.A", { type: "string" }]]);
  assert.deepEqual(spec.paths, [
    {
      path: "/p",
      operations: ["get", "put", "post", "delete", "patch", "options", "head"].map((a) => ({ "x-kubernetes-action": a })),
      parameters: ["pretty", "watch"],
    },
    { path: "/q", operations: [], parameters: [] },
    { path: "/r", operations: [], parameters: [] },
  ]);
  assert.equal(spec.resources, undefined);
});

test("loadDocuments: a Swagger 2.0 document reads its definitions; no paths and no schemas are empty", () => {
  const spec = loadDocuments([{ source: "s.json", document: v2({ "x.v1.A": { type: "object", properties: { b: { $ref: "#/definitions/x.v1.B" } } }, "x.v1.B": { type: "string" } }) }]);
  assert.equal(spec.format, "swagger-2.0");
  assert.deepEqual([...spec.schemas.keys()], ["x.v1.A", "x.v1.B"]);
  const bare = loadDocuments([{ source: "b.json", document: { openapi: "3.1.0" } }]);
  assert.deepEqual([bare.format, bare.schemas.size, bare.paths], ["openapi-3", 0, []]);
  assert.equal(loadDocuments([{ source: "b.json", document: { swagger: "2.0" } }]).format, "swagger-2.0");
});

test("loadDocuments: a schema in several documents is merged, in document order", () => {
  const spec = loadDocuments([
    { source: "a.json", document: v3({ "x.v1.A": { type: "object", properties: { a: { type: "string" } } } }) },
    { source: "b.json", document: v3({ "x.v1.A": { type: "object", properties: { b: { type: "string" } } }, "x.v1.B": { type: "string" } }) },
  ]);
  assert.deepEqual(Object.keys(spec.schemas.get("x.v1.A")!.properties!), ["a", "b"]);
  assert.deepEqual([...spec.schemas.keys()], ["x.v1.A", "x.v1.B"]);
});

test("loadDocuments: refusals: not an object, an unknown format, mixed formats", () => {
  for (const document of [null, [], "text", 3]) {
    const e = refusal(() => loadDocuments([{ source: "a.json", document }]));
    assert.equal(e.message, "a.json#: not an OpenAPI document (expected a JSON object)");
    assert.equal(e.pointer, "");
  }
  for (const document of [{}, { swagger: "3.0" }, { openapi: 3 }, { openapi: "2.0" }, { openapi: "v3.0" }]) {
    assert.equal(refusal(() => loadDocuments([{ source: "a.json", document }])).message, 'a.json#: unknown format: expected `swagger: "2.0"` or `openapi: "3.x"`');
  }
  assert.equal(
    refusal(() => loadDocuments([{ source: "a.json", document: v3({}) }, { source: "b.json", document: v2({}) }])).message,
    "b.json#: is swagger-2.0, while the documents before it are openapi-3",
  );
  assert.equal(
    refusal(() => loadDocuments([{ source: "a.json", document: v2({}) }, { source: "b.json", document: v3({}) }])).message,
    "b.json#: is openapi-3, while the documents before it are swagger-2.0",
  );
});

test("loadDocuments: an unresolved $ref names the file that first defined the schema and the pointer to it, escaped", () => {
  const e = refusal(() =>
    loadDocuments([
      { source: "a.json", document: v3({ "x.v1.Ok": { type: "string" } }) },
      { source: "b.json", document: v3({ "x.v1.Ok": { description: "d" }, "a/b~c": { type: "object", properties: { "p/q": { allOf: [{ $ref: "#/components/schemas/x.v1.Ok" }, { $ref: "#/components/schemas/x.v1.Missing" }] } } } }) },
    ]),
  );
  assert.equal(e.file, "b.json");
  assert.equal(e.pointer, "/components/schemas/a~1b~0c/properties/p~1q/allOf/1/$ref");
  assert.equal(e.message, 'b.json#/components/schemas/a~1b~0c/properties/p~1q/allOf/1/$ref: unresolved $ref "#/components/schemas/x.v1.Missing"');
  const swagger = refusal(() => loadDocuments([{ source: "s.json", document: v2({ "x.v1.A": { items: { $ref: "#/definitions/x.v1.Gone" } } }) }]));
  assert.equal(swagger.message, 's.json#/definitions/x.v1.A/items/$ref: unresolved $ref "#/definitions/x.v1.Gone"');
});

test("loadDocuments: an unresolved $ref in a schema several documents define names the first of them", () => {
  const e = refusal(() =>
    loadDocuments([
      { source: "a.json", document: v3({ "x.v1.A": { items: { $ref: "#/components/schemas/x.v1.Missing" } } }) },
      { source: "b.json", document: v3({ "x.v1.A": { description: "d" } }) },
    ]),
  );
  assert.equal(e.message, 'a.json#/components/schemas/x.v1.A/items/$ref: unresolved $ref "#/components/schemas/x.v1.Missing"');
});

test("loadDocuments: only a string $ref is a reference; refs in paths are not checked", () => {
  const spec = loadDocuments([
    { source: "a.json", document: v3({ "x.v1.A": { properties: { $ref: { type: "string" }, n: { default: null, enum: [1, null] } } } }, { "/p": { get: { $ref: "#/nowhere" } } }) },
  ]);
  assert.equal(spec.schemas.size, 1);
});

test("refName: both formats' prefixes, and pointer escapes undone (~1 before ~0)", () => {
  assert.equal(refName("#/definitions/io.k8s.api.core.v1.Pod"), "io.k8s.api.core.v1.Pod");
  assert.equal(refName("#/components/schemas/io.k8s.api.core.v1.Pod"), "io.k8s.api.core.v1.Pod");
  assert.equal(refName("#/components/schemas/a~1b~0c~01"), "a/b~c~1");
  assert.equal(refName("x#/definitions/A"), "x#/definitions/A");
  assert.equal(refName("#/definitions/a/#/definitions/b"), "a/#/definitions/b");
  assert.equal(refName("#/other/A"), "#/other/A");
});

test("loadSpec: a file, a directory's .json files in name order, and the refusals", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-load-"));
  try {
    writeFileSync(join(dir, "b.json"), JSON.stringify(v3({ "x.v1.A": { type: "object", properties: { b: { type: "string" } } } })));
    writeFileSync(join(dir, "a.json"), JSON.stringify(v3({ "x.v1.A": { type: "object", properties: { a: { type: "string" } } } })));
    writeFileSync(join(dir, "c.yaml"), "not: json");
    const spec = loadSpec(dir);
    assert.deepEqual(Object.keys(spec.schemas.get("x.v1.A")!.properties!), ["a", "b"]);
    assert.deepEqual(Object.keys(loadSpec(join(dir, "b.json")).schemas.get("x.v1.A")!.properties!), ["b"]);

    const missing = join(dir, "missing.json");
    const e = refusal(() => loadSpec(missing));
    assert.equal(e.file, missing);
    assert.ok(e.message.startsWith(`${missing}: cannot read: ENOENT`), e.message);
    const empty = join(dir, "empty");
    mkdirSync(empty);
    writeFileSync(join(empty, "x.yaml"), "{}");
    assert.equal(refusal(() => loadSpec(empty)).message, `${empty}: the directory holds no .json documents`);
    assert.ok(refusal(() => loadSpec(join(dir, "c.yaml"))).message.startsWith(`${join(dir, "c.yaml")}: not JSON: `));
    assert.ok(refusal(() => readText(empty)).message.startsWith(`${empty}: cannot read: EISDIR`));
    assert.equal(readText(join(dir, "c.yaml")), "not: json");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
