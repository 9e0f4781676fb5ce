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
          properties: { name: { type: "string" }, labels: { type: "object", additionalProperties: { type: "string" } } },
        },
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
