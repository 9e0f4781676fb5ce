/**
 * One schema from several documents' definitions of it. OpenAPI v3 publishes one document
 * per group-version, and a shared schema (DeleteOptions, WatchEvent) appears in each with
 * what that document knows, such as only its own group-version-kinds. The merge never
 * narrows: a value any definition allows stays allowed. It is commutative and associative,
 * so the result does not depend on the order of the documents.
 */
import type { GroupVersionKind, Schema } from "./load.js";

type Json = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How each key combines, given both values (either may be missing). `undefined` drops the key. */
const rules: Record<string, (a: unknown, b: unknown) => unknown> = {
  "x-kubernetes-group-version-kind": (a, b) => {
    const all = [...((a ?? []) as GroupVersionKind[]), ...((b ?? []) as GroupVersionKind[])];
    const unique = new Map(all.map((g) => [`${g.group}/${g.version}/${g.kind}`, g]));
    return [...unique.entries()].sort(([x], [y]) => byText(x, y)).map(([, g]) => g);
  },
  properties: (a, b) => {
    const left = (a ?? {}) as Record<string, Schema>;
    const right = (b ?? {}) as Record<string, Schema>;
    const names = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort(byText);
    return Object.fromEntries(names.map((n) => [n, left[n] && right[n] ? mergeSchemas(left[n], right[n]) : (left[n] ?? right[n])]));
  },
  // Required only where every definition requires it.
  required: (a, b) => {
    if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
    const both = (a as string[]).filter((n) => (b as string[]).includes(n)).sort(byText);
    return both.length > 0 ? [...new Set(both)] : undefined;
  },
  // A definition without an enum allows any value.
  enum: (a, b) => {
    if (!Array.isArray(a) || !Array.isArray(b)) return undefined;
    const values = new Map([...a, ...b].map((v) => [JSON.stringify(v), v]));
    return [...values.entries()].sort(([x], [y]) => byText(x, y)).map(([, v]) => v);
  },
  // The fuller text; of two as long, the first in code-point order.
  description: (a, b) => {
    if (typeof a !== "string" || typeof b !== "string") return a ?? b;
    return a.length !== b.length ? (a.length > b.length ? a : b) : byText(a, b) <= 0 ? a : b;
  },
  items: (a, b) => (a && b ? mergeSchemas(a as Schema, b as Schema) : (a ?? b)),
  additionalProperties: (a, b) => (typeof a === "object" && typeof b === "object" ? mergeSchemas(a as Schema, b as Schema) : same(a, b) ? a : undefined),
  nullable: (a, b) => (a === true || b === true ? true : (a ?? b)),
  "x-kubernetes-preserve-unknown-fields": (a, b) => (a === true || b === true ? true : undefined),
};

/** Any other key (type, format, $ref, allOf, oneOf, ...) stays only where the definitions agree. */
const agreed = (a: unknown, b: unknown) => (same(a, b) ? a : undefined);

export function mergeSchemas(a: Schema, b: Schema): Schema {
  if (same(a, b)) return a;
  const left = a as Json;
  const right = b as Json;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort(byText);
  const merged: Json = {};
  for (const key of keys) {
    const value = (rules[key] ?? agreed)(left[key], right[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged as Schema;
}
