// Schemas defined by several documents (OpenAPI v3 has one per group-version) are merged, the
// same whatever the order of the documents, and never narrowed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateFiles } from "../../../codegen/index.js";

const deleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
const gvk = (group: string, version: string) => ({ group, version, kind: "DeleteOptions" });

// Each document lists only its own group-version's kinds, and knows its own fields.
const core = {
  description: "Options.",
  type: "object",
  required: ["mode", "propagationPolicy"],
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    mode: { type: "string" },
    propagationPolicy: { type: "string", enum: ["Foreground"] },
    dryRun: { type: "array", items: { type: "string" } },
  },
  "x-kubernetes-group-version-kind": [gvk("", "v1")],
};
const apps = {
  description: "Options for deleting an object.",
  type: "object",
  required: ["propagationPolicy"],
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    propagationPolicy: { type: "string", enum: ["Background"] },
    gracePeriodSeconds: { type: "integer", nullable: true },
    dryRun: { type: "array", items: { type: "string", enum: ["All"] } },
  },
  "x-kubernetes-group-version-kind": [gvk("apps", "v1"), gvk("", "v1")],
};

async function generateFrom(documents: Record<string, unknown>[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "kubex-merge-"));
  documents.forEach((schema, i) =>
    writeFileSync(join(dir, `doc${i}_openapi.json`), JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "v1" }, paths: {}, components: { schemas: { [deleteOptions]: schema } } })),
  );
  const files = await generateFiles({ input: dir, out: "/tmp/x", label: "v9" });
  return files.get("meta/v1/index.ts")!.replace(/\s+/g, " ");
}

test("a schema two documents define differently: kinds united, fields united, required only where both require, enums united (and open: a built-in enum)", async () => {
  const module = await generateFrom([core, apps]);
  const want =
    "/** Options for deleting an object. */ export interface DeleteOptions { apiVersion?: string; dryRun?: Array<string>; gracePeriodSeconds?: number | null; kind?: string; mode?: string; propagationPolicy: \"Background\" | \"Foreground\" | (string & Record<never, never>); }";
  assert.ok(module.includes(want), `want ${want}\nin ${module}`);
});

test("the merged schema does not depend on which document loads first", async () => {
  assert.equal(await generateFrom([apps, core]), await generateFrom([core, apps]));
  assert.equal(await generateFrom([core, apps, core]), await generateFrom([apps, core, apps]));
});
