// CRD manifests -> the spec a cluster would publish (docs/codegen.md): given CRDs, want the
// schemas, the List, the resources and the refusals, by calling readCrds and specFromCrds directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCrds, specFromCrds, type CrdSource } from "../../../codegen/crd.js";
import { SpecError } from "../../../codegen/errors.js";

const conventions = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md";
const objectMeta = { $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };

const crd = (spec: object, name: string | null = "widgets.example.com") => ({
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  ...(name === null ? {} : { metadata: { name } }),
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { kind: "Widget", plural: "widgets" },
    versions: [{ name: "v1", served: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object" } } } } }],
    ...spec,
  },
});
const from = (...crds: unknown[]): CrdSource[] => crds.map((c) => ({ file: "crds.yaml", crd: c }));

test("specFromCrds: the kind's schema gets the identity the server adds; the List refers to it", () => {
  const spec = specFromCrds(from(crd({})));
  assert.equal(spec.format, "openapi-3");
  assert.deepEqual(spec.paths, []);
  assert.deepEqual([...spec.schemas.keys()], ["com.example.v1.Widget", "com.example.v1.WidgetList"]);
  assert.deepEqual(spec.schemas.get("com.example.v1.Widget"), {
    type: "object",
    properties: {
      spec: { type: "object" },
      apiVersion: {
        type: "string",
        description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${conventions}#resources`,
      },
      kind: {
        type: "string",
        description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${conventions}#types-kinds`,
      },
      metadata: { description: `Standard object's metadata. More info: ${conventions}#metadata`, allOf: [objectMeta] },
    },
    "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Widget" }],
  });
  const list = spec.schemas.get("com.example.v1.WidgetList")!;
  assert.deepEqual({ ...list, properties: { ...list.properties, apiVersion: undefined, kind: undefined } }, {
    type: "object",
    description: "WidgetList is a list of Widget",
    required: ["items"],
    properties: {
      apiVersion: undefined,
      kind: undefined,
      metadata: { description: `Standard list metadata. More info: ${conventions}#types-kinds`, allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" }] },
      items: { description: `List of widgets. More info: ${conventions}`, type: "array", items: { $ref: "#/components/schemas/com.example.v1.Widget" } },
    },
    "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "WidgetList" }],
  });
  assert.equal(list.properties!.kind!.type, "string");
  assert.equal(list.properties!.apiVersion!.type, "string");
});

test("specFromCrds: the resource: every verb, no subresources, short names default to none", () => {
  assert.deepEqual(specFromCrds(from(crd({}))).resources, [
    { group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], subresources: [], shortNames: [] },
  ]);
});

test("specFromCrds: status and scale (with its paths), short names, cluster scope, listKind, deprecation with and without a warning", () => {
  const spec = specFromCrds(
    from(
      crd({
        group: "a.b.example.com",
        scope: "Cluster",
        names: { kind: "Gadget", plural: "gadgets", listKind: "GadgetCollection", shortNames: ["gd"] },
        versions: [
          { name: "v1", served: true, deprecated: true, subresources: { status: {}, scale: { specReplicasPath: ".spec.r", statusReplicasPath: ".status.r", labelSelectorPath: ".status.s" } } },
          { name: "v2", served: true, deprecated: true, deprecationWarning: "use v3", subresources: { status: {} } },
          { name: "v3", served: false },
          { name: "v4", served: true, deprecated: false, subresources: { scale: {} } },
        ],
      }),
    ),
  );
  assert.deepEqual([...spec.schemas.keys()], ["com.example.b.a.v1.Gadget", "com.example.b.a.v1.GadgetCollection", "com.example.b.a.v2.Gadget", "com.example.b.a.v2.GadgetCollection", "com.example.b.a.v4.Gadget", "com.example.b.a.v4.GadgetCollection"]);
  const base = { group: "a.b.example.com", kind: "Gadget", plural: "gadgets", namespaced: false, verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], shortNames: ["gd"] };
  assert.deepEqual(spec.resources, [
    { ...base, version: "v1", subresources: ["scale", "status"], scale: { specReplicasPath: ".spec.r", statusReplicasPath: ".status.r", labelSelectorPath: ".status.s" }, deprecation: "a.b.example.com/v1 Gadget is deprecated" },
    { ...base, version: "v2", subresources: ["status"], deprecation: "use v3" },
    { ...base, version: "v4", subresources: ["scale"], scale: { specReplicasPath: undefined, statusReplicasPath: undefined, labelSelectorPath: undefined } },
  ]);
  assert.equal(spec.schemas.get("com.example.b.a.v1.GadgetCollection")!.description, "GadgetCollection is a list of Gadget");
  // A version without a schema is an open object.
  assert.equal(spec.schemas.get("com.example.b.a.v1.Gadget")!["x-kubernetes-preserve-unknown-fields"], true);
  assert.equal(spec.schemas.get("com.example.b.a.v1.Gadget")!.type, "object");
});

test("specFromCrds: embedded resources get apiVersion, kind (required) and metadata, at any depth; declared fields stand", () => {
  const embedded = (extra: object = {}) => ({ type: "object", "x-kubernetes-embedded-resource": true, ...extra });
  const spec = specFromCrds(
    from(
      crd({
        versions: [
          {
            name: "v1",
            served: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  one: embedded({ required: ["kind", "x"], properties: { kind: { type: "string", description: "mine" }, x: { type: "string" } } }),
                  many: { type: "array", items: embedded() },
                  byName: { type: "object", additionalProperties: embedded() },
                  open: { type: "object", additionalProperties: true },
                  not: { type: "object", "x-kubernetes-embedded-resource": false },
                },
              },
            },
          },
        ],
      }),
    ),
  );
  const props = spec.schemas.get("com.example.v1.Widget")!.properties!;
  const identity = {
    apiVersion: { type: "string", description: `apiVersion defines the versioned schema of this representation of an object. More info: ${conventions}#resources` },
    kind: { type: "string", description: `kind is a string value representing the type of this object. In CamelCase. More info: ${conventions}#types-kinds` },
    metadata: { description: `Standard object's metadata. More info: ${conventions}#metadata`, allOf: [objectMeta] },
  };
  assert.deepEqual(props.one, {
    type: "object",
    "x-kubernetes-embedded-resource": true,
    required: ["kind", "x", "apiVersion"],
    properties: { ...identity, kind: { type: "string", description: "mine" }, x: { type: "string" } },
  });
  assert.deepEqual(Object.keys(props.one!.properties!), ["apiVersion", "kind", "metadata", "x"]);
  assert.deepEqual(props.many!.items, { type: "object", "x-kubernetes-embedded-resource": true, properties: identity, required: ["apiVersion", "kind"] });
  assert.deepEqual(props.byName!.additionalProperties, { type: "object", "x-kubernetes-embedded-resource": true, properties: identity, required: ["apiVersion", "kind"] });
  assert.deepEqual(props.open, { type: "object", additionalProperties: true });
  assert.deepEqual(props.not, { type: "object", "x-kubernetes-embedded-resource": false });
});

test("specFromCrds: refusals name the file, the CRD and the pointer", () => {
  const refusal = (c: unknown) => {
    try {
      specFromCrds(from(c));
    } catch (error) {
      assert.ok(error instanceof SpecError);
      return error.message;
    }
    assert.fail("no refusal");
  };
  assert.equal(refusal({ ...crd({}), apiVersion: "apiextensions.k8s.io/v1beta1" }), `crds.yaml#/apiVersion: widgets.example.com: apiVersion is "apiextensions.k8s.io/v1beta1", expected "apiextensions.k8s.io/v1"`);
  assert.equal(refusal({ ...crd({}, null), apiVersion: undefined }), `crds.yaml#/apiVersion: a CustomResourceDefinition: apiVersion is undefined, expected "apiextensions.k8s.io/v1"`);
  assert.equal(refusal({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" }), "crds.yaml#/spec/group: a CustomResourceDefinition: no spec.group");
  assert.equal(refusal(crd({ group: "" })), "crds.yaml#/spec/group: widgets.example.com: no spec.group");
  assert.equal(refusal(crd({ scope: "namespaced" })), `crds.yaml#/spec/scope: widgets.example.com: spec.scope is "namespaced", expected "Namespaced" or "Cluster"`);
  assert.equal(refusal(crd({ names: { plural: "widgets" } })), "crds.yaml#/spec/names: widgets.example.com: spec.names needs kind and plural");
  assert.equal(refusal(crd({ names: { kind: "Widget" } })), "crds.yaml#/spec/names: widgets.example.com: spec.names needs kind and plural");
  assert.equal(refusal(crd({ names: undefined })), "crds.yaml#/spec/names: widgets.example.com: spec.names needs kind and plural");
  assert.equal(refusal(crd({ versions: [] })), "crds.yaml#/spec/versions: widgets.example.com: no spec.versions");
  assert.equal(refusal(crd({ versions: {} })), "crds.yaml#/spec/versions: widgets.example.com: no spec.versions");
  assert.equal(refusal(crd({ versions: [{ name: "v1", served: false }, { served: true }] })), "crds.yaml#/spec/versions/1/name: widgets.example.com: spec.versions[1] has no name");
  // Both scopes are accepted.
  assert.equal(specFromCrds(from(crd({ scope: "Cluster" }))).resources![0]!.namespaced, false);
});

test("readCrds: a directory's .yaml, .yml and .json files in name order, every document, a List's items, CRDs only", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-crds-"));
  try {
    const c = (name: string) => `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\n`;
    writeFileSync(join(dir, "b.yaml"), `${c("b1")}---\n${c("b2")}---\nkind: ConfigMap\n---\n`);
    writeFileSync(join(dir, "a.yml"), `kind: List\nitems:\n- kind: Service\n- ${c("a").trimEnd().replace(/\n/g, "\n  ")}\n`);
    writeFileSync(join(dir, "c.json"), JSON.stringify({ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "c" } }));
    writeFileSync(join(dir, "d.txt"), c("d"));
    writeFileSync(join(dir, "e.yaml.bak"), c("e"));
    writeFileSync(join(dir, "list.yaml"), "kind: List\nitems: {}\n");
    mkdirSync(join(dir, "sub"));
    const read = readCrds([dir]);
    assert.deepEqual(
      read.map(({ file, crd }) => [file.slice(dir.length + 1), (crd as { metadata: { name: string } }).metadata.name]),
      [["a.yml", "a"], ["b.yaml", "b1"], ["b.yaml", "b2"], ["c.json", "c"]],
    );
    // A file named directly is read whatever its extension.
    assert.deepEqual(readCrds([join(dir, "d.txt")]).map(({ crd }) => (crd as { metadata: { name: string } }).metadata.name), ["d"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readCrds: refusals: an unreadable input, a broken document (numbered from 1), no CRD at all", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-crds-"));
  try {
    const missing = join(dir, "missing.yaml");
    assert.throws(() => readCrds([missing]), (e: unknown) => e instanceof SpecError && e.file === missing && e.message.startsWith(`${missing}: cannot read: ENOENT`));
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "kind: A\n---\nkind: [\n");
    assert.throws(() => readCrds([broken]), (e: unknown) => e instanceof SpecError && e.message.startsWith(`${broken}: document 2 is not YAML: `));
    const none = join(dir, "none.yaml");
    writeFileSync(none, "kind: ConfigMap\n---\n");
    const empty = join(dir, "empty");
    mkdirSync(empty);
    assert.throws(() => readCrds([none, empty]), (e: unknown) => e instanceof SpecError && e.message === `${none}, ${empty}: holds no CustomResourceDefinition`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readCrds: YAML is read as kubectl reads it (YAML 1.1): yes/no/on/off are booleans, an unquoted date stays text, merge keys apply, a repeated key is refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-crds-"));
  try {
    const file = join(dir, "crd.yaml");
    writeFileSync(file, [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata: { name: widgets.example.com }",
      "spec:",
      "  group: example.com",
      "  names: { kind: Widget, plural: widgets }",
      "  scope: Namespaced",
      "  versions:",
      "  - name: v1",
      "    served: yes",
      "    storage: on",
      "    schema:",
      "      openAPIV3Schema:",
      "        type: object",
      "        properties:",
      "          flag: &flag { type: boolean, enum: [yes, no, off], default: n }",
      "          copy: { <<: *flag, description: merged }",
      "          since: { type: string, default: 2024-01-01 }",
      "",
    ].join("\n"));
    type Read = { spec: { versions: Array<Record<string, unknown> & { schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }> } };
    const read = readCrds([file]);
    assert.equal(read.length, 1);
    const version = (read[0]!.crd as Read).spec.versions[0]!;
    assert.equal(version.served, true);
    assert.equal(version.storage, true);
    const { flag, copy, since } = version.schema.openAPIV3Schema.properties;
    assert.deepEqual(flag, { type: "boolean", enum: [true, false, false], default: false });
    assert.deepEqual(copy, { type: "boolean", enum: [true, false, false], default: false, description: "merged" });
    assert.deepEqual(since, { type: "string", default: "2024-01-01" });
    const repeated = join(dir, "repeated.yaml");
    writeFileSync(repeated, "kind: CustomResourceDefinition\nmetadata: { name: a }\nmetadata: { name: b }\n");
    assert.throws(() => readCrds([repeated]), (e: unknown) => e instanceof SpecError && e.message.startsWith(`${repeated}: document 1 is not YAML: `));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
