// What a generated module must contain (docs/codegen.md): given a normalised spec, want each
// module's declarations, descriptors, imports and the version index, as emit writes them.
// emit is called directly: no files, no process, no type-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { emit, header, type EmitOptions } from "../../../codegen/emit.js";
import type { NormalizedSpec, Schema } from "../../../codegen/load.js";
import type { Resource } from "../../../codegen/resources.js";

const metaRef = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const options: EmitOptions = { runtimeModule: (module) => `runtime:${module}` };

async function run(schemas: [string, Schema][], resources: Resource[] | undefined, opts: EmitOptions = options): Promise<Record<string, string>> {
  const spec: NormalizedSpec = { format: "openapi-3", schemas: new Map(schemas), paths: [], ...(resources ? { resources } : {}) };
  return Object.fromEntries(await emit(spec, opts));
}

const widget: Resource = {
  group: "example.com",
  version: "v1",
  kind: "Widget",
  plural: "widgets",
  namespaced: true,
  verbs: ["get", "list"],
  subresources: ["scale", "status"],
  shortNames: ["wd", "wdg"],
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: undefined, labelSelectorPath: ".status.selector" },
};
const pod: Resource = { group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: false, verbs: [], subresources: [] };

const widgetSchemas: [string, Schema][] = [
  ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", { type: "object", description: "Meta.", properties: { name: { type: "string" } } }],
  [
    "com.example.v1.Widget",
    {
      type: "object",
      description: "A widget.",
      required: ["spec"],
      properties: {
        "x-y": { type: "string" },
        spec: { type: "object", properties: { size: { type: "integer", description: "Size." } } },
        metadata: { $ref: metaRef },
        kind: { type: "string" },
        apiVersion: { type: "string" },
      },
      "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Widget" }],
    },
  ],
  ["com.example.v1.Free", { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string" } } }],
  ["com.example.v1.Alias", { type: "string", description: "Alias." }],
  ["io.k8s.api.core.v1.Pod", { type: "object", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Pod" }] }],
];

test("emit: a CRD module: sorted declarations, literal identity, required members, index signature, custom descriptor with its docs", async () => {
  const files = await run(widgetSchemas, [widget, pod]);
  assert.deepEqual(Object.keys(files), ["core/v1/index.ts", "example.com/v1/index.ts", "meta/v1/index.ts", "index.ts"]);
  assert.equal(
    files["example.com/v1/index.ts"],
    `${header}
import type { ResourceDescriptor } from "runtime:example.com/v1";
import type { ObjectMeta } from "../../meta/v1/index.js";
/** Alias. */
export type Alias = string;

export interface Free {
  [key: string]: unknown;
  a?: string;
}

/** A widget. */
export interface Widget {
  apiVersion?: "example.com/v1";
  kind?: "Widget";
  metadata?: ObjectMeta;
  spec: WidgetSpec;
  "x-y"?: string;
}

/**
 * Resource descriptor of example.com/v1 Widget: pass it to \`new Api(Widget, ...)\`.
 *
 * Short names: wd, wdg.
 *
 * Scale: spec replicas \`.spec.replicas\`, status replicas \`-\`, label selector \`.status.selector\`.
 */
export const Widget: ResourceDescriptor<Widget, true, "scale" | "status", "get" | "list"> & { readonly custom: true } =
  {
    apiVersion: "example.com/v1",
    group: "example.com",
    version: "v1",
    kind: "Widget",
    plural: "widgets",
    listKind: "WidgetList",
    namespaced: true,
    verbs: ["get", "list"],
    subresources: ["scale", "status"],
    custom: true,
  };

export interface WidgetSpec {
  /** Size. */
  size?: number;
}
`,
  );
  assert.equal(files["meta/v1/index.ts"], `${header}\n\n/** Meta. */\nexport interface ObjectMeta {\n  name?: string;\n}\n`);
});

test("emit: a built-in kind: core apiVersion, no custom flag, never for empty unions, a release deprecation on type and descriptor", async () => {
  const files = await run(widgetSchemas, [widget, pod], { ...options, deprecations: new Map([["v1/Pod", "Pod is old."]]) });
  assert.equal(
    files["core/v1/index.ts"],
    `${header}
import type { ResourceDescriptor } from "runtime:core/v1";

/** @deprecated Pod is old. */
export interface Pod {
  kind?: "Pod";
}

/**
 * Resource descriptor of v1 Pod: pass it to \`new Api(Pod, ...)\`.
 * @deprecated Pod is old.
 */
export const Pod: ResourceDescriptor<Pod, false, never, never> = {
  apiVersion: "v1",
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  listKind: "PodList",
  namespaced: false,
  verbs: [],
  subresources: [],
};
`,
  );
});

test("emit: the version index: kinds sorted by apiVersion/kind, a loader per module, the runtime's root specifier", async () => {
  const files = await run(widgetSchemas, [widget, pod]);
  const index = files["index.ts"]!;
  assert.ok(index.startsWith(`${header}\nimport type { AnyResourceDescriptor } from "runtime:";\n`));
  assert.ok(index.includes(`export const kindModules = {\n  "example.com/v1/Widget": "example.com/v1",\n  "v1/Pod": "core/v1",\n} as const;\n`));
  assert.ok(index.includes(`export type KindKey = keyof typeof kindModules;`));
  assert.ok(
    index.includes(`export interface KindMap {\n  "example.com/v1/Widget": import("./example.com/v1/index.js").Widget;\n  "v1/Pod": import("./core/v1/index.js").Pod;\n}\n`),
  );
  assert.ok(
    index.includes(
      `export interface DescriptorMap {\n  "example.com/v1/Widget": typeof import("./example.com/v1/index.js").Widget;\n  "v1/Pod": typeof import("./core/v1/index.js").Pod;\n}\n`,
    ),
  );
  assert.ok(
    index.includes(
      `const loaders: Record<string, () => Promise<Record<string, unknown>>> = {\n  "core/v1": () => import("./core/v1/index.js"),\n  "example.com/v1": () => import("./example.com/v1/index.js"),\n  "meta/v1": () => import("./meta/v1/index.js"),\n};\n`,
    ),
  );
  assert.ok(index.includes("const module = (kindModules as Record<string, string>)[`${apiVersion}/${kind}`];"));
  assert.ok(index.includes("if (module === undefined) return undefined as DescriptorOf<A, K>;"));
  // Pinned prettier options: 120 columns, trailing commas everywhere (parameters too).
  assert.ok(index.includes("export async function loadDescriptor<const A extends string, const K extends string>(\n  apiVersion: A,\n  kind: K,\n): Promise<DescriptorOf<A, K>> {"));
  assert.ok(index.includes("export type DescriptorOf<A extends string, K extends string> = `${A}/${K}` extends keyof DescriptorMap\n  ? DescriptorMap[`${A}/${K}`]\n  : AnyResourceDescriptor | undefined;"));
});

test("emit: with no kinds, no descriptor import and an empty index", async () => {
  const files = await run([["com.example.v1.Thing", { type: "object", properties: { b: { type: "string" }, a: { type: "boolean" } } }]], []);
  assert.equal(files["example.com/v1/index.ts"], `${header}\n\nexport interface Thing {\n  a?: boolean;\n  b?: string;\n}\n`);
  assert.ok(files["index.ts"]!.includes("export const kindModules = {} as const;"));
  assert.ok(files["index.ts"]!.includes("export interface KindMap {}"));
});

test("emit: without resources in the spec, they are found from its paths", async () => {
  const spec: NormalizedSpec = {
    format: "openapi-3",
    schemas: new Map([["io.k8s.api.core.v1.Pod", { type: "object", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [{ group: "", version: "v1", kind: "Pod" }] }]]),
    paths: [{ path: "/api/v1/namespaces/{namespace}/pods", operations: [{ "x-kubernetes-action": "list", "x-kubernetes-group-version-kind": { group: "", version: "v1", kind: "Pod" } }] }],
  };
  const files = Object.fromEntries(await emit(spec, options));
  assert.ok(files["core/v1/index.ts"]!.includes(`export const Pod: ResourceDescriptor<Pod, true, never, "list"> = {`));
  assert.ok(files["index.ts"]!.includes(`"v1/Pod": "core/v1",`));
});

test("emit: a schema with several kinds, or a kind with no resource, gets no literal identity and no descriptor", async () => {
  const gvk = (kind: string) => ({ group: "example.com", version: "v1", kind });
  const files = await run(
    [
      ["com.example.v1.Options", { type: "object", properties: { kind: { type: "string" }, apiVersion: { type: "string" } }, "x-kubernetes-group-version-kind": [gvk("Widget"), gvk("Gadget")] }],
      ["com.example.v1.Lone", { type: "object", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [gvk("Lone")] }],
    ],
    [widget, { ...widget, kind: "Gadget", plural: "gadgets" }, { ...widget, kind: "Lone", version: "v2" }, { ...widget, kind: "Lone", group: "other.com" }],
  );
  assert.equal(files["example.com/v1/index.ts"], `${header}\n\nexport interface Lone {\n  kind?: "Lone";\n}\n\nexport interface Options {\n  apiVersion?: string;\n  kind?: string;\n}\n`);
  assert.ok(files["index.ts"]!.includes("export const kindModules = {} as const;"));
});

test("emit: the resource's own deprecation wins over the release's, and replaces a @deprecated the description had", async () => {
  const files = await run(
    [["com.example.v1.Widget", { type: "object", description: "A widget.\n\nDeprecated: old text.", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Widget" }] }]],
    [{ ...widget, shortNames: [], scale: undefined, subresources: [], verbs: ["get"], deprecation: "example.com/v1 Widget is deprecated" }],
    { ...options, deprecations: new Map([["example.com/v1/Widget", "release text"]]) },
  );
  const module = files["example.com/v1/index.ts"]!;
  assert.equal((module.match(/@deprecated/g) ?? []).length, 2, module);
  assert.ok(module.includes("/**\n * A widget.\n *\n * Deprecated: old text.\n * @deprecated example.com/v1 Widget is deprecated\n */\nexport interface Widget {"), module);
  assert.ok(module.includes("/**\n * Resource descriptor of example.com/v1 Widget: pass it to `new Api(Widget, ...)`.\n * @deprecated example.com/v1 Widget is deprecated\n */"), module);
  assert.ok(!module.includes("release text"));
  assert.ok(!module.includes("Short names"));
  assert.ok(!module.includes("Scale:"));
  assert.ok(module.includes(`ResourceDescriptor<Widget, true, never, "get">`));
});

test("emit: a scale with no label selector path and no spec path", async () => {
  const files = await run(
    [["com.example.v1.Widget", { type: "object", properties: { kind: { type: "string" } }, "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Widget" }] }]],
    [{ ...widget, shortNames: undefined, scale: { statusReplicasPath: ".status.replicas" } }],
  );
  assert.ok(files["example.com/v1/index.ts"]!.includes(" * Scale: spec replicas `-`, status replicas `.status.replicas`.\n"), files["example.com/v1/index.ts"]);
});

test("emit: int-or-string and property-less objects are aliases; imports are sorted by module and by name, aliased on a clash", async () => {
  const files = await run(
    [
      ["io.k8s.api.core.v1.Event", { type: "object", properties: { a: { type: "string" } } }],
      ["io.k8s.api.events.v1.Event", { type: "object", properties: { a: { type: "string" } } }],
      ["io.k8s.api.apps.v1.Zeta", { type: "object", properties: { a: { type: "string" } } }],
      ["io.k8s.api.apps.v1.Alpha", { type: "object", properties: { a: { type: "string" } } }],
      [
        "io.k8s.api.events.v1.Holder",
        {
          type: "object",
          properties: {
            z: { $ref: "#/components/schemas/io.k8s.api.apps.v1.Zeta" },
            a: { $ref: "#/components/schemas/io.k8s.api.apps.v1.Alpha" },
            e: { $ref: "#/components/schemas/io.k8s.api.core.v1.Event" },
          },
        },
      ],
      ["io.k8s.api.events.v1.Port", { "x-kubernetes-int-or-string": true, properties: { a: { type: "string" } } }],
      ["io.k8s.api.events.v1.Empty", { type: "object", properties: {} }],
    ],
    [],
  );
  assert.equal(
    files["events/v1/index.ts"],
    `${header}
import type { Alpha, Zeta } from "../../apps/v1/index.js";
import type { Event as core_v1_Event } from "../../core/v1/index.js";
export type Empty = { [key: string]: unknown };

export interface Event {
  a?: string;
}

export interface Holder {
  a?: Alpha;
  e?: core_v1_Event;
  z?: Zeta;
}

export type Port = number | string;
`,
  );
});

test("emit: a referenced module that is not generated is imported from the external specifier; a generated one never is", async () => {
  const asked: string[] = [];
  const external = (from: string, module: string) => {
    asked.push(`${from} -> ${module}`);
    return `ext:${module}`;
  };
  const files = await run(
    [
      ["com.example.v1.Widget", { type: "object", properties: { metadata: { $ref: metaRef }, other: { $ref: "#/components/schemas/com.example.v2.Other" } } }],
      ["com.example.v2.Other", { type: "object", properties: { a: { type: "string" } } }],
    ],
    [],
    { ...options, externalModule: external },
  );
  assert.ok(files["example.com/v1/index.ts"]!.includes(`import type { Other } from "../v2/index.js";\nimport type { ObjectMeta } from "ext:meta/v1";\n`), files["example.com/v1/index.ts"]);
  assert.deepEqual(asked, ["example.com/v1 -> meta/v1"]);
});

test("emit: an external specifier of undefined falls back to the relative module", async () => {
  const files = await run([["com.example.v1.Widget", { type: "object", properties: { metadata: { $ref: metaRef } } }]], [], { ...options, externalModule: () => undefined });
  assert.ok(files["example.com/v1/index.ts"]!.includes(`import type { ObjectMeta } from "../../meta/v1/index.js";`));
});

test("emit: two unversioned schemas of one name in one module: the first wins", async () => {
  const files = await run(
    [
      ["io.k8s.apimachinery.pkg.api.resource.Quantity", { type: "string", description: "First." }],
      ["io.k8s.apimachinery.pkg.util.intstr.Quantity", { type: "number", description: "Second." }],
    ],
    [],
  );
  assert.equal(files["apimachinery/index.ts"], `${header}\n/** First. */\nexport type Quantity = string;\n`);
});

test("emit: inline objects are named, located in their module, and declared there", async () => {
  const files = await run(
    [
      ["com.example.v1.Widget", { type: "object", properties: { spec: { type: "object", properties: { a: { type: "string" } } } } }],
      ["com.example.v1.Holder", { type: "object", properties: { w: { $ref: "#/components/schemas/com.example.v1.Widget" } } }],
    ],
    [],
  );
  assert.equal(
    files["example.com/v1/index.ts"],
    `${header}\n\nexport interface Holder {\n  w?: Widget;\n}\n\nexport interface Widget {\n  spec?: WidgetSpec;\n}\n\nexport interface WidgetSpec {\n  a?: string;\n}\n`,
  );
});
