/**
 * Names the inline object types of a module's schemas. CRDs publish one schema per kind
 * with every nested object written in place; each such object becomes an interface named
 * by its path (`Widget.spec` -> `WidgetSpec`, its `tls` -> `WidgetSpecTls`; the items of an
 * array and the values of a map take their property's name), so an editor can show it and
 * each of its properties carries its description. A name already taken in the module gets
 * the first free numeric suffix (`WidgetSpec2`); names are given in sorted order, so the
 * result does not depend on the order of the input.
 */
import { pointerToken } from "./errors.js";
import type { Schema } from "./load.js";
import { isIntOrString, refOf } from "./types.js";

export interface ModuleEntry {
  /** The spec's schema name; for a named inline object, a JSON pointer into its parent (`...Widget#/properties/spec`). */
  readonly schemaName: string;
  readonly schema: Schema;
  /** The exported type name. */
  readonly name: string;
}

const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function isInlineObject(schema: Schema): boolean {
  return refOf(schema) === undefined && !isIntOrString(schema) && schema.properties !== undefined && Object.keys(schema.properties).length > 0;
}

/** `tls-config` -> `TlsConfig`, `x_509` -> `X509`: a property name as part of a type name. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("") || "Field";
}

/** The entries with every inline object named: the given ones (rewritten to refer to the new names) and the new ones. */
export function nameInlineObjects(entries: readonly ModuleEntry[]): ModuleEntry[] {
  const taken = new Set(entries.map((e) => e.name));
  const result: ModuleEntry[] = [];
  const claim = (wanted: string) => {
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}${n}`;
    taken.add(name);
    return name;
  };
  const withNamedProperties = (schema: Schema, name: string, pointer: string): Schema => {
    if (schema.properties === undefined) return schema;
    const properties = sorted(Object.entries(schema.properties)).map(
      ([prop, child]) => [prop, place(child, `${name}${pascalCase(prop)}`, `${pointer}/properties/${pointerToken(prop)}`)] as const,
    );
    return { ...schema, properties: Object.fromEntries(properties) };
  };
  const place = (schema: Schema, wanted: string, pointer: string): Schema => {
    if (isInlineObject(schema)) {
      const name = claim(wanted);
      result.push({ schemaName: pointer, name, schema: withNamedProperties(schema, name, pointer) });
      // What documents or widens the field stays on the field.
      const { description, nullable, "x-kubernetes-validations": rules } = schema;
      return {
        $ref: `#/components/schemas/${pointerToken(pointer)}`,
        ...(description === undefined ? {} : { description }),
        ...(nullable === undefined ? {} : { nullable }),
        ...(rules === undefined ? {} : { "x-kubernetes-validations": rules }),
      };
    }
    if (schema.items !== undefined) return { ...schema, items: place(schema.items, wanted, `${pointer}/items`) };
    const values = schema.additionalProperties;
    if (typeof values === "object") return { ...schema, additionalProperties: place(values, wanted, `${pointer}/additionalProperties`) };
    return schema;
  };
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    result.push({ ...entry, schema: withNamedProperties(entry.schema, entry.name, `${entry.schemaName}#`) });
  }
  return result;
}
