/**
 * Which JavaScript runtime this is, for the fetch backend's runtime-specific TLS and proxy hooks.
 *
 * @example
 * ```ts
 * const client = await createClient({ backend: "fetch" });
 * const runtime: JsRuntime = (client as FetchClient).runtime;
 * ```
 */
export type JsRuntime = "node" | "bun" | "deno" | "other";

export function detectRuntime(): JsRuntime {
  const g = globalThis as { Bun?: unknown; Deno?: unknown; process?: { versions?: { node?: string } } };
  if (g.Bun !== undefined) return "bun";
  if (g.Deno !== undefined) return "deno";
  if (g.process?.versions?.node) return "node";
  return "other";
}
