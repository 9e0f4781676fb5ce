// Small specs written for the generator's tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const gvk = (group: string, version: string, kind: string) => ({ "x-kubernetes-group-version-kind": [{ group, version, kind }] });
const op = (action: string, group: string, version: string, kind: string) => ({
  "x-kubernetes-action": action,
  "x-kubernetes-group-version-kind": { group, version, kind },
});

/** An OpenAPI v3 document with a namespaced kind (with subresources), a cluster-scoped one, and shared meta types. */
export function v3Spec(): Record<string, unknown> {
  const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });
  return {
    openapi: "3.0.0",
    info: { title: "test", version: "v1" },
    paths: {
      "/apis/example.com/v1/namespaces/{namespace}/widgets": { get: op("list", "example.com", "v1", "Widget"), post: op("post", "example.com", "v1", "Widget") },
      "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}": { get: op("get", "example.com", "v1", "Widget"), delete: op("delete", "example.com", "v1", "Widget") },
      "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status": { get: op("get", "example.com", "v1", "Widget") },
      "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/exec": { get: op("connect", "example.com", "v1", "WidgetExecOptions") },
      "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/proxy/{path}": { get: op("connect", "example.com", "v1", "WidgetProxyOptions") },
      "/apis/example.com/v1/widgets": { get: op("list", "example.com", "v1", "Widget") },
      "/apis/example.com/v1/watch/namespaces/{namespace}/widgets": { get: op("watchlist", "example.com", "v1", "Widget") },
      "/apis/example.com/v1/gadgets": { get: op("list", "example.com", "v1", "Gadget") },
      "/apis/example.com/v1/gadgets/{name}": { get: op("get", "example.com", "v1", "Gadget") },
    },
    components: {
      schemas: {
        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
          type: "object",
          description: "Standard object metadata. See &lt;docs&gt; */ done",
          properties: {
            name: { type: "string" },
            labels: { type: "object", additionalProperties: { type: "string" } },
            creationTimestamp: ref("io.k8s.apimachinery.pkg.apis.meta.v1.Time"),
          },
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { format: "int-or-string", oneOf: [{ type: "integer" }, { type: "string" }] },
        "com.example.v1.Widget": {
          type: "object",
          description: "A widget.",
          required: ["spec"],
          properties: {
            apiVersion: { type: "string" },
            kind: { type: "string" },
            metadata: ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
            spec: ref("com.example.v1.WidgetSpec"),
          },
          ...gvk("example.com", "v1", "Widget"),
        },
        "com.example.v1.WidgetSpec": {
          type: "object",
          required: ["size"],
          properties: {
            size: { type: "integer" },
            port: ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
            mode: { type: "string", enum: ["Fast", "Slow"] },
            "x-weird-name": { type: "string", description: "Deprecated: use mode." },
            children: { type: "array", items: ref("com.example.v1.WidgetSpec") },
            config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
            raw: { "x-kubernetes-preserve-unknown-fields": true },
            event: ref("com.other.v1.Event"),
          },
        },
        "com.example.v1.Event": { type: "object", properties: { reason: { type: "string" } } },
        "com.other.v1.Event": { type: "object", properties: { note: { type: "string" } } },
        "com.example.v1.Gadget": {
          type: "object",
          properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") },
          ...gvk("example.com", "v1", "Gadget"),
        },
      },
    },
  };
}

/** The same API as Swagger 2.0 (`definitions`, `$ref` without allOf). */
export function swaggerSpec(): Record<string, unknown> {
  const v3 = v3Spec();
  const text = JSON.stringify((v3.components as { schemas: unknown }).schemas)
    .replace(/\{"allOf":\[\{"\$ref":"#\/components\/schemas\/([^"]+)"\}\]\}/g, '{"$ref":"#/definitions/$1"}');
  return { swagger: "2.0", info: v3.info, paths: v3.paths, definitions: JSON.parse(text) };
}

export function writeSpec(name: string, doc: unknown, raw?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kubex-gen-"));
  const path = join(dir, name);
  writeFileSync(path, raw ?? JSON.stringify(doc));
  return path;
}

/**
 * An OpenAPI v3 document as a cluster publishes one CRD (`widgets.example.com`, v1, namespaced,
 * with a status subresource): `root` is the CRD's openAPIV3Schema, and the published schema adds
 * `apiVersion`, `kind` and `metadata` to it, as the apiextensions server does.
 */
export function crdSpec(root: Record<string, unknown>, group = "example.com", kind = "Widget"): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  const schemaName = `${group.split(".").reverse().join(".")}.v1.${kind}`;
  const meta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  const rootProperties = (root.properties ?? {}) as Record<string, unknown>;
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes CRD Swagger", version: "v0.1.0" },
    paths: {
      [`/apis/${group}/v1/namespaces/{namespace}/${plural}`]: { get: op("list", group, "v1", kind), post: op("post", group, "v1", kind) },
      [`/apis/${group}/v1/namespaces/{namespace}/${plural}/{name}`]: { get: op("get", group, "v1", kind), put: op("put", group, "v1", kind) },
      [`/apis/${group}/v1/namespaces/{namespace}/${plural}/{name}/status`]: { get: op("get", group, "v1", kind) },
    },
    components: {
      schemas: {
        [schemaName]: {
          ...root,
          properties: {
            apiVersion: { type: "string" },
            kind: { type: "string" },
            metadata: { allOf: [{ $ref: `#/components/schemas/${meta}` }] },
            ...rootProperties,
          },
          ...gvk(group, "v1", kind),
        },
        [meta]: {
          type: "object",
          properties: {
            name: { type: "string" },
            creationTimestamp: { allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time" }], description: "When it was made." },
          },
        },
        "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
      },
    },
  };
}

/** The generated module that declares `kind`, as one line (whitespace collapsed) for matching. */
export function moduleOf(files: ReadonlyMap<string, string>, kind = "Widget"): string {
  const found = [...files.values()].find((text) => text.includes(`export const ${kind}: ResourceDescriptor<`));
  if (found === undefined) throw new Error(`no module declares ${kind}`);
  return found.replace(/\s+/g, " ");
}

const runtimeStub = `export type ResourceDescriptor<T, N extends boolean, S extends string> = Readonly<Record<string, unknown>> & { readonly types?: [T, N, S] };
export type AnyResourceDescriptor = ResourceDescriptor<unknown, boolean, string>;
`;

/**
 * Generates `spec` into a temporary directory beside a stub runtime, adds `consumer.ts`
 * (which imports the generated tree as `./v9/...`), type-checks it under `strict`, and
 * returns the diagnostics as `consumer.ts:LINE: message` lines.
 */
export async function typecheck(spec: Record<string, unknown>, consumer: string): Promise<string[]> {
  return typecheckGenerated({ input: writeSpec("spec.json", spec) }, consumer);
}

/** The same for CRD manifests, with a stub for the meta types as well. */
export async function typecheckCrds(crds: string[], consumer: string): Promise<string[]> {
  return typecheckGenerated({ crds }, consumer);
}

const metaStub = `export interface ObjectMeta { name?: string; namespace?: string; creationTimestamp?: string | null }
export interface ListMeta { resourceVersion?: string }
`;

async function typecheckGenerated(source: { input: string } | { crds: string[] }, consumer: string): Promise<string[]> {
  const { generate } = await import("../../../codegen/index.js");
  const ts = (await import("typescript")).default;
  const dir = mkdtempSync(join(tmpdir(), "kubex-tc-"));
  writeFileSync(join(dir, "runtime.ts"), runtimeStub);
  writeFileSync(join(dir, "meta.ts"), metaStub);
  writeFileSync(join(dir, "consumer.ts"), consumer);
  const target = { out: dir, label: "v9", runtime: join(dir, "runtime.ts") };
  await generate("crds" in source ? { ...target, crds: source.crds, metaModule: join(dir, "meta.ts") } : { ...target, input: source.input });
  const program = ts.createProgram([join(dir, "consumer.ts")], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}
