/**
 * Reads a spec from a Swagger 2.0 file, an OpenAPI v3 file, or a directory of
 * v3 group-version documents, into one normalised view: every schema by name
 * (merged where several documents define it) and every path.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { OpenAPIV2, OpenAPIV3 } from "openapi-types";
import { SpecError, pointerToken } from "./errors.js";
import { mergeSchemas } from "./merge.js";
import type { Resource } from "./resources.js";

/** A schema as both formats write it, with the Kubernetes extensions the generator reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-group-version-kind"?: GroupVersionKind[];
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-validations"?: ValidationRule[];
  /** Set by the generator: the `enum` lists known values, and others may come (a built-in enum). */
  "x-kubex-open-enum"?: boolean;
}

/** A CEL rule of a CRD schema. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface Operation {
  "x-kubernetes-action"?: string;
  "x-kubernetes-group-version-kind"?: GroupVersionKind;
}

export interface SpecPath {
  readonly path: string;
  readonly operations: readonly Operation[];
}

/** The format of the input documents: some upstream defects exist in only one of them. */
export type SpecFormat = "swagger-2.0" | "openapi-3";

export interface NormalizedSpec {
  readonly format: SpecFormat;
  readonly schemas: ReadonlyMap<string, Schema>;
  readonly paths: readonly SpecPath[];
  /** The resources, when known without the paths (from CRD manifests). */
  readonly resources?: readonly Resource[];
}

const methods = ["get", "put", "post", "delete", "patch", "options", "head"] as const;

type Document = (OpenAPIV2.Document | OpenAPIV3.Document) & { swagger?: string; openapi?: string };

/** Loads a file or a directory of `*.json` v3 documents. */
export function loadSpec(input: string): NormalizedSpec {
  let files: string[];
  try {
    files = statSync(input).isDirectory()
      ? readdirSync(input).filter((f) => f.endsWith(".json")).sort().map((f) => join(input, f))
      : [input];
  } catch (error) {
    throw new SpecError(input, `cannot read: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new SpecError(input, "the directory holds no .json documents");
  const schemas = new Map<string, Schema>();
  const schemaFiles = new Map<string, string>();
  const bases = new Map<string, string>();
  const paths: SpecPath[] = [];
  let format: SpecFormat | undefined;
  for (const file of files) {
    const doc = parseDocument(file);
    const docFormat: SpecFormat = doc.swagger !== undefined ? "swagger-2.0" : "openapi-3";
    if (format !== undefined && docFormat !== format) throw new SpecError(file, `is ${docFormat}, while the documents before it are ${format}`, "");
    format = docFormat;
    bases.set(file, doc.swagger !== undefined ? "/definitions" : "/components/schemas");
    const defs = (doc.swagger !== undefined
      ? (doc as OpenAPIV2.Document).definitions
      : (doc as OpenAPIV3.Document).components?.schemas) as Record<string, Schema> | undefined;
    for (const [name, schema] of Object.entries(defs ?? {})) {
      const known = schemas.get(name);
      schemas.set(name, known === undefined ? schema : mergeSchemas(known, schema));
      if (!schemaFiles.has(name)) schemaFiles.set(name, file);
    }
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const operations = methods.flatMap((m) => {
        const op = (item as Record<string, unknown> | undefined)?.[m];
        return op ? [op as Operation] : [];
      });
      paths.push({ path, operations });
    }
  }
  checkRefs(schemas, schemaFiles, bases);
  return { format: format!, schemas, paths };
}

/** A file's text, or a SpecError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SpecError(file, `cannot read: ${(error as Error).message}`);
  }
}

function parseDocument(file: string): Document {
  const text = readText(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new SpecError(file, `not JSON: ${(error as Error).message}`);
  }
  const d = doc as Document | null;
  if (typeof d !== "object" || d === null || Array.isArray(d)) throw new SpecError(file, "not an OpenAPI document (expected a JSON object)", "");
  if (d.swagger === "2.0") return d;
  if (typeof d.openapi === "string" && d.openapi.startsWith("3.")) return d;
  throw new SpecError(file, "unknown format: expected `swagger: \"2.0\"` or `openapi: \"3.x\"`", "");
}

/** Fails on the first `$ref` that names no schema, with the pointer to it. */
function checkRefs(schemas: ReadonlyMap<string, Schema>, files: ReadonlyMap<string, string>, bases: ReadonlyMap<string, string>): void {
  const visit = (node: unknown, pointer: string, file: string): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${pointer}/${i}`, file));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        if (!schemas.has(refName(value))) throw new SpecError(file, `unresolved $ref ${JSON.stringify(value)}`, `${pointer}/$ref`);
      } else {
        visit(value, `${pointer}/${pointerToken(key)}`, file);
      }
    }
  };
  for (const [name, schema] of schemas) {
    const file = files.get(name) ?? "";
    const base = bases.get(file) ?? "/components/schemas";
    visit(schema, `${base}/${pointerToken(name)}`, file);
  }
}

/** The schema name a `$ref` points to, in either format. */
export function refName(ref: string): string {
  return ref.replace(/^#\/(definitions|components\/schemas)\//, "").replace(/~1/g, "/").replace(/~0/g, "~");
}
