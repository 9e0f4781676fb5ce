/**
 * Enums of the built-in APIs. Kubernetes marks its enum types in Go (`+enum` on a string
 * type, its values as typed constants), and a running API server serves them: `enum` on
 * each field and a "Possible enum values" paragraph in its description. The published
 * specs are built with enums turned off, so `applyEnums` adds to such a spec what the
 * server would serve, from the catalog `codegen/enums` extracts from `k8s.io/api` at the
 * same version.
 *
 * Kubernetes adds values to its enums in new releases, so a built-in enum is open:
 * `openBuiltInEnums` marks it, and it becomes `"A" | "B" | (string & Record<never, never>)`,
 * which editors complete while any other string still compiles. A CRD's `enum` is validated by the
 * server and stays closed.
 */
import { SpecError } from "./errors.js";
import { readText, type NormalizedSpec, type Schema } from "./load.js";
import { isBuiltInSchema } from "./naming.js";

/**
 * One value of an enum, with the Go constant's comment (its name left out).
 *
 * @example
 * ```ts
 * import { readEnumCatalog, type EnumValue } from "kubex-gen";
 *
 * const catalog = readEnumCatalog("enums-1.35.4.json");
 * const values: readonly EnumValue[] = catalog.enums["io.k8s.api.core.v1.DNSPolicy"] ?? [];
 * for (const { value, doc } of values) console.log(value, doc); // "ClusterFirst" "indicates that the pod should use cluster DNS first ..."
 * ```
 */
export interface EnumValue {
  readonly value: string;
  readonly doc?: string;
}

/**
 * A struct field whose values come from an enum.
 *
 * @example
 * ```ts
 * import { type EnumField } from "kubex-gen";
 *
 * // PersistentVolumeClaimSpec.accessModes: a list, each element a PersistentVolumeAccessMode.
 * const field: EnumField = {
 *   schema: "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
 *   field: "accessModes",
 *   path: ["items"],
 *   enum: "io.k8s.api.core.v1.PersistentVolumeAccessMode",
 * };
 * ```
 */
export interface EnumField {
  /** The schema holding the field (`io.k8s.api.core.v1.PodSpec`). */
  readonly schema: string;
  /** The field's JSON name (`dnsPolicy`). */
  readonly field: string;
  /** From the field to the value: `[]` for the field itself, `["items"]` for list elements, `["additionalProperties"]` for map values. */
  readonly path: readonly ("items" | "additionalProperties")[];
  /** The enum's name in `enums`. */
  readonly enum: string;
}

/**
 * What `codegen/enums` prints for one Kubernetes version.
 *
 * @example
 * ```ts
 * import { applyEnums, loadSpec, type EnumCatalog } from "kubex-gen";
 *
 * // A catalog of one enum on one field; `readEnumCatalog` reads the full one from a file.
 * const catalog: EnumCatalog = {
 *   sources: [{ module: "k8s.io/api", version: "v0.35.4" }],
 *   enums: { "io.k8s.api.core.v1.DNSPolicy": [{ value: "ClusterFirst" }, { value: "Default" }, { value: "None" }] },
 *   fields: [{ schema: "io.k8s.api.core.v1.PodSpec", field: "dnsPolicy", path: [], enum: "io.k8s.api.core.v1.DNSPolicy" }],
 * };
 * const spec = applyEnums(loadSpec("specs/swagger-v1.35.json"), catalog);
 * ```
 */
export interface EnumCatalog {
  readonly sources: readonly { readonly module: string; readonly version: string }[];
  readonly enums: Readonly<Record<string, readonly EnumValue[]>>;
  readonly fields: readonly EnumField[];
}

/**
 * Reads a catalog file, failing with the file's name when it is not one.
 *
 * @example
 * ```ts
 * import { readEnumCatalog, SpecError } from "kubex-gen";
 *
 * // The file `go run ./codegen/enums -version v0.35.4` printed.
 * try {
 *   const catalog = readEnumCatalog("enums-1.35.4.json");
 *   console.log(`${Object.keys(catalog.enums).length} enums on ${catalog.fields.length} fields`);
 * } catch (error) {
 *   if (error instanceof SpecError) console.error(error.message); // names the file
 * }
 * ```
 */
export function readEnumCatalog(file: string): EnumCatalog {
  let catalog: unknown;
  try {
    catalog = JSON.parse(readText(file));
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(file, `not JSON: ${(error as Error).message}`);
  }
  const c = catalog as Partial<EnumCatalog> | null;
  if (typeof c !== "object" || c === null || typeof c.enums !== "object" || c.enums === null || !Array.isArray(c.fields)) {
    throw new SpecError(file, "not an enum catalog (expected `enums` and `fields`)", "");
  }
  for (const field of c.fields) {
    if (c.enums[field.enum] === undefined) throw new SpecError(file, `field ${field.schema}.${field.field} names the unknown enum ${field.enum}`, "");
  }
  return c as EnumCatalog;
}

// As kube-openapi writes them: values sorted as quoted strings, one description line per value.
const quoted = (value: string) => JSON.stringify(value);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The paragraph a server appends to an enum field's description. */
export function enumDescription(values: readonly EnumValue[]): string {
  const lines = values.map((v) => ` - \`${quoted(v.value)}\` ${v.doc ?? ""}`.trimEnd()).sort(byText);
  return ["Possible enum values:", ...lines].join("\n");
}

/**
 * The spec with the catalog's enums on the fields it describes, as a server with enums
 * on serves them. A field that already declares an `enum`, or whose shape does not match
 * (a reference where a string was expected), is left as it is. The input is not modified.
 *
 * @example
 * ```ts
 * import { applyEnums, loadSpec, readEnumCatalog } from "kubex-gen";
 *
 * // A published spec (enums off) with the enums of the same release, as a server serves them.
 * const spec = applyEnums(loadSpec("specs/swagger-v1.35.json"), readEnumCatalog("enums-1.35.4.json"));
 * console.log(spec.schemas.get("io.k8s.api.core.v1.PodSpec")?.properties?.dnsPolicy?.enum);
 * // ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]
 * ```
 */
export function applyEnums(spec: NormalizedSpec, catalog: EnumCatalog): NormalizedSpec {
  const schemas = new Map(spec.schemas);
  for (const field of catalog.fields) {
    const schema = schemas.get(field.schema);
    const property = schema?.properties?.[field.field];
    const values = catalog.enums[field.enum];
    if (schema === undefined || property === undefined || values === undefined || values.length === 0) continue;
    const updated = withEnum(property, field.path, values, true);
    if (updated === property) continue;
    schemas.set(field.schema, { ...schema, properties: { ...schema.properties, [field.field]: updated } });
  }
  return { ...spec, schemas };
}

/** `node` with the enum at the end of `path`, or `node` itself when it cannot hold one. */
function withEnum(node: Schema, path: EnumField["path"], values: readonly EnumValue[], isField: boolean): Schema {
  const [step, ...rest] = path;
  if (step !== undefined) {
    const child = node[step];
    if (typeof child !== "object") return node;
    const updated = withEnum(child, rest, values, false);
    return updated === child ? node : { ...node, [step]: updated };
  }
  if (node.type !== "string" || node.enum !== undefined || node.$ref !== undefined || node.allOf !== undefined) return node;
  const enumValues = values.map((v) => v.value).sort((a, b) => byText(quoted(a), quoted(b)));
  // Only the field itself carries the paragraph; list elements and map values have no description.
  if (!isField) return { ...node, enum: enumValues };
  const description = [node.description?.trim(), enumDescription(values)].filter((t) => t !== undefined && t !== "").join("\n\n");
  return { ...node, enum: enumValues, description };
}

/**
 * The spec with every string `enum` inside a built-in schema marked open: the values
 * come from Go constants that new releases add to, not from validation.
 *
 * @example
 * ```ts
 * import { applyEnums, loadSpec, openBuiltInEnums, readEnumCatalog } from "kubex-gen";
 *
 * const spec = openBuiltInEnums(applyEnums(loadSpec("specs/swagger-v1.35.json"), readEnumCatalog("enums-1.35.4.json")));
 * const dnsPolicy = spec.schemas.get("io.k8s.api.core.v1.PodSpec")?.properties?.dnsPolicy;
 * console.log(dnsPolicy?.["x-kubex-open-enum"]); // true: typed "ClusterFirst" | ... | (string & Record<never, never>)
 * ```
 */
export function openBuiltInEnums(spec: NormalizedSpec): NormalizedSpec {
  const schemas = new Map(spec.schemas);
  for (const [name, schema] of schemas) {
    if (!isBuiltInSchema(name)) continue;
    const opened = openEnums(schema);
    if (opened !== schema) schemas.set(name, opened);
  }
  return { ...spec, schemas };
}

function openEnums(node: Schema): Schema {
  let result = node;
  const replace = <K extends "items" | "additionalProperties" | "properties">(key: K, value: Schema[K]) => {
    result = { ...result, [key]: value };
  };
  if (node.enum !== undefined && node.enum.length > 0 && node.enum.every((v) => typeof v === "string") && node["x-kubex-open-enum"] !== true) {
    result = { ...result, "x-kubex-open-enum": true };
  }
  if (node.items !== undefined) {
    const items = openEnums(node.items);
    if (items !== node.items) replace("items", items);
  }
  if (typeof node.additionalProperties === "object") {
    const values = openEnums(node.additionalProperties);
    if (values !== node.additionalProperties) replace("additionalProperties", values);
  }
  if (node.properties !== undefined) {
    let changed = false;
    const properties: Record<string, Schema> = {};
    for (const [key, property] of Object.entries(node.properties)) {
      properties[key] = openEnums(property);
      changed ||= properties[key] !== property;
    }
    if (changed) replace("properties", properties);
  }
  return result;
}
