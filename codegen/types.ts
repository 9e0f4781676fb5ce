/**
 * Schema -> TypeScript type text. References become names (imported across
 * modules through the `Imports` of the module being emitted); no `any` is ever produced.
 */
import { refName, type Schema } from "./load.js";
import { locateSchema, type SchemaLocation } from "./naming.js";

/** Collects the cross-module type imports of one module and gives each a clash-free local name. */
export class Imports {
  /** module -> (exported name -> local name) */
  readonly byModule = new Map<string, Map<string, string>>();
  private readonly taken: Set<string>;

  constructor(
    readonly module: string,
    localNames: Iterable<string>,
    private readonly locations: ReadonlyMap<string, SchemaLocation> = new Map(),
  ) {
    this.taken = new Set(localNames);
  }

  /** Where a referenced schema lives (its module and exported name). */
  locate(schemaName: string): SchemaLocation {
    return this.locations.get(schemaName) ?? locateSchema(schemaName);
  }

  /** The local name to use for `name` from `module`. */
  use(module: string, name: string): string {
    if (module === this.module) return name;
    let names = this.byModule.get(module);
    if (!names) this.byModule.set(module, (names = new Map()));
    const existing = names.get(name);
    if (existing) return existing;
    // Same name from two modules (core/v1 Event and events/v1 Event): alias by module.
    const local = this.taken.has(name) ? `${module.replace(/[^A-Za-z0-9]/g, "_")}_${name}` : name;
    this.taken.add(local);
    names.set(name, local);
    return local;
  }
}

/** A schema referenced through `$ref`, or a single-`$ref` `allOf` wrapper as v3 writes them. */
export function refOf(schema: Schema): string | undefined {
  if (schema.$ref) return schema.$ref;
  if (schema.allOf?.length === 1 && schema.allOf[0]?.$ref) return schema.allOf[0].$ref;
  return undefined;
}

export function isIntOrString(schema: Schema): boolean {
  return schema.format === "int-or-string" || schema["x-kubernetes-int-or-string"] === true;
}

/** A schema that declares its shape itself, whatever `oneOf`/`anyOf`/`allOf`/`not` beside it say. */
function isStructural(schema: Schema): boolean {
  return schema.type !== undefined || schema.properties !== undefined || schema.items !== undefined || schema.additionalProperties !== undefined;
}

/** The TypeScript type for a schema used in a position (a property, an item, a map value). */
export function typeOf(schema: Schema, imports: Imports): string {
  const type = nonNullType(schema, imports);
  // `nullable` lets null through; `unknown` holds it already.
  return schema.nullable === true && type !== "unknown" && !type.split(" | ").includes("null") ? `${type} | null` : type;
}

function nonNullType(schema: Schema, imports: Imports): string {
  const ref = refOf(schema);
  if (ref !== undefined) {
    const target = imports.locate(refName(ref));
    return imports.use(target.module, target.name);
  }
  if (isIntOrString(schema)) return "number | string";
  if (schema.enum && schema.enum.length > 0) {
    const literals = schema.enum.map((v) => JSON.stringify(v)).join(" | ");
    // Any string is accepted, yet the literals are not absorbed into `string`, so editors offer them.
    // `Record<never, never>` rather than `{}`: `NonNullable` (`T & {}`) would collapse `string & {}` into `string`.
    return schema["x-kubex-open-enum"] === true ? `${literals} | (string & Record<never, never>)` : literals;
  }
  // Beside a structural type, junctors only validate values (structural schemas): the type stands.
  if ((schema.oneOf || schema.anyOf) && !isStructural(schema)) {
    const variants = [...new Set((schema.oneOf ?? schema.anyOf ?? []).map((s) => typeOf(s, imports)))];
    return variants.length > 0 ? variants.join(" | ") : "unknown";
  }
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `Array<${schema.items ? typeOf(schema.items, imports) : "unknown"}>`;
    case "object":
      return objectType(schema, imports);
    default:
      // No type: free-form JSON (x-kubernetes-preserve-unknown-fields, JSON, RawExtension-like).
      if (schema.properties) return objectType(schema, imports);
      return "unknown";
  }
}

function objectType(schema: Schema, imports: Imports): string {
  const additional = schema.additionalProperties;
  if (!schema.properties || Object.keys(schema.properties).length === 0) {
    if (typeof additional === "object") return `Record<string, ${typeOf(additional, imports)}>`;
    return "{ [key: string]: unknown }";
  }
  // An inline object with properties (rare in Kubernetes specs; common in CRDs).
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, prop]) => `${JSON.stringify(name)}${required.has(name) ? "" : "?"}: ${typeOf(prop, imports)};`);
  if (schema["x-kubernetes-preserve-unknown-fields"]) members.push("[key: string]: unknown;");
  return `{ ${members.join(" ")} }`;
}
