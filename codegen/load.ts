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

/**
 * A schema as both formats write it, with the Kubernetes extensions the generator reads.
 *
 * @example
 * ```ts
 * import { loadSpec, type Schema } from "kubex-gen";
 *
 * const spec = loadSpec("specs/swagger-v1.35.json");
 * const pod: Schema | undefined = spec.schemas.get("io.k8s.api.core.v1.Pod");
 * console.log(Object.keys(pod?.properties ?? {})); // ["apiVersion", "kind", "metadata", "spec", "status"]
 * ```
 */
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

/**
 * A CEL rule of a CRD schema.
 *
 * @example
 * ```ts
 * import { readCrds, specFromCrds, type ValidationRule } from "kubex-gen";
 *
 * const spec = specFromCrds(readCrds(["crds/widgets.yaml"]));
 * const rules: ValidationRule[] = spec.schemas.get("com.example.v1.Widget")?.properties?.spec?.["x-kubernetes-validations"] ?? [];
 * for (const rule of rules) console.log(rule.rule, rule.message);
 * ```
 */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
}

/**
 * The identity of a kind, as `x-kubernetes-group-version-kind` writes it.
 *
 * @example
 * ```ts
 * import { loadSpec, type GroupVersionKind } from "kubex-gen";
 *
 * const spec = loadSpec("specs/swagger-v1.35.json");
 * const gvk: GroupVersionKind | undefined = spec.schemas.get("io.k8s.api.apps.v1.Deployment")?.["x-kubernetes-group-version-kind"]?.[0];
 * console.log(gvk); // { group: "apps", version: "v1", kind: "Deployment" }
 * ```
 */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * The parts of a path's operation the generator reads: its action and its kind.
 *
 * @example
 * ```ts
 * import { loadSpec, type Operation } from "kubex-gen";
 *
 * const spec = loadSpec("specs/swagger-v1.35.json");
 * const podPath = spec.paths.find((p) => p.path === "/api/v1/namespaces/{namespace}/pods/{name}");
 * const actions = (podPath?.operations ?? []).map((op: Operation) => op["x-kubernetes-action"]); // ["get", "put", "delete", "patch"]
 * ```
 */
export interface Operation {
  "x-kubernetes-action"?: string;
  /** Query and path parameters: a list that takes `watch` also serves watch. */
  parameters?: { name?: string }[];
  "x-kubernetes-group-version-kind"?: GroupVersionKind;
}

/**
 * One path of the spec and its operations.
 *
 * @example
 * ```ts
 * import { loadSpec, type SpecPath } from "kubex-gen";
 *
 * const paths: readonly SpecPath[] = loadSpec("specs/swagger-v1.35.json").paths;
 * const exec = paths.filter((p) => p.path.endsWith("/exec")).map((p) => p.path);
 * ```
 */
export interface SpecPath {
  readonly path: string;
  readonly operations: readonly Operation[];
  /** The names of the parameters every operation of the path takes. */
  readonly parameters?: readonly string[];
}

/**
 * The format of the input documents: some upstream defects exist in only one of them.
 *
 * @example
 * ```ts
 * import { loadSpec, type SpecFormat } from "kubex-gen";
 *
 * const format: SpecFormat = loadSpec("specs/openapi-v3/").format; // "openapi-3"
 * ```
 */
export type SpecFormat = "swagger-2.0" | "openapi-3";

/**
 * A spec as the generator sees it, whatever its format: every schema by name, and every path.
 *
 * @example
 * ```ts
 * import { applyFixups, findResources, loadSpec, type NormalizedSpec } from "kubex-gen";
 *
 * const spec: NormalizedSpec = applyFixups(loadSpec("specs/swagger-v1.35.json"), "specs/swagger-v1.35.json");
 * console.log(spec.format, spec.schemas.size, findResources(spec).length);
 * ```
 */
export interface NormalizedSpec {
  readonly format: SpecFormat;
  readonly schemas: ReadonlyMap<string, Schema>;
  readonly paths: readonly SpecPath[];
  /** The resources, when known without the paths (from CRD manifests). */
  readonly resources?: readonly Resource[];
}

const methods = ["get", "put", "post", "delete", "patch", "options", "head"] as const;

type Document = (OpenAPIV2.Document | OpenAPIV3.Document) & { swagger?: string; openapi?: string };

/**
 * One parsed spec document and where it came from: a file, or a cluster's URL.
 *
 * @example
 * ```ts
 * import { loadDocuments, type SpecDocument } from "kubex-gen";
 *
 * const source = "https://127.0.0.1:6443/openapi/v3/api/v1";
 * const documents: SpecDocument[] = [{ source, document: await (await fetch(source)).json() }];
 * const spec = loadDocuments(documents);
 * ```
 */
export interface SpecDocument {
  readonly source: string;
  readonly document: unknown;
}

/**
 * Loads a file or a directory of `*.json` v3 documents.
 *
 * @example
 * ```ts
 * import { loadSpec, SpecError } from "kubex-gen";
 *
 * try {
 *   const spec = loadSpec("specs/openapi-v3/");
 *   console.log(`${spec.schemas.size} schemas, ${spec.paths.length} paths`);
 * } catch (error) {
 *   if (error instanceof SpecError) console.error(error.file, error.pointer, error.message);
 * }
 * ```
 */
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
  return loadDocuments(files.map((file) => ({ source: file, document: parseJson(file) })));
}

/**
 * Loads documents already parsed, in the order given (the order of a directory's sorted file names).
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { loadDocuments } from "kubex-gen";
 *
 * // Two v3 group-version documents, with the name of each for errors.
 * const files = ["specs/openapi-v3/api__v1_openapi.json", "specs/openapi-v3/apis__apps__v1_openapi.json"];
 * const spec = loadDocuments(files.map((file) => ({ source: file, document: JSON.parse(readFileSync(file, "utf8")) })));
 * console.log(spec.format, spec.schemas.has("io.k8s.api.apps.v1.Deployment")); // "openapi-3" true
 * ```
 */
export function loadDocuments(documents: readonly SpecDocument[]): NormalizedSpec {
  const schemas = new Map<string, Schema>();
  const schemaFiles = new Map<string, string>();
  const bases = new Map<string, string>();
  const paths: SpecPath[] = [];
  let format: SpecFormat | undefined;
  for (const { source: file, document } of documents) {
    const doc = checkDocument(file, document);
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
      const shared = (item as { parameters?: { name?: string }[] } | undefined)?.parameters ?? [];
      paths.push({ path, operations, parameters: shared.flatMap((p) => (typeof p?.name === "string" ? [p.name] : [])) });
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

function parseJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SpecError(file, `not JSON: ${(error as Error).message}`);
  }
}

function checkDocument(file: string, doc: unknown): Document {
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
