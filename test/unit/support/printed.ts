// Everything a user could see of a value: String, util.inspect (all depths, hidden fields) and JSON, cause chains included.
import { inspect } from "node:util";

function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? String(v) : v)) ?? "";
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}

export function printed(value: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (seen.has(v)) return;
    seen.add(v);
    parts.push(String(v), inspect(v, { depth: Infinity, showHidden: true }), json(v));
    if (typeof v === "object" && v !== null) {
      const e = v as { cause?: unknown; errors?: unknown; message?: unknown; stack?: unknown };
      if (typeof e.message === "string") parts.push(e.message);
      if (typeof e.stack === "string") parts.push(e.stack);
      if (e.cause !== undefined) walk(e.cause);
      if (Array.isArray(e.errors)) e.errors.forEach(walk);
    }
  };
  walk(value);
  return parts.join("\n");
}
