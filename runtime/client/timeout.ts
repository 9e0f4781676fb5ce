/**
 * Timeouts in seconds. `total` bounds a whole request, `connect` the TCP and
 * TLS handshake, `read` the silence between two chunks of a response.
 * `null` disables that part; an absent part keeps the backend's default.
 *
 * @example
 * ```ts
 * const timeout: Timeout = { total: 60, connect: 5, read: 30 };
 * const client = await createClient({ options: { timeout } });
 * ```
 */
export interface Timeout {
  readonly total?: number | null;
  readonly connect?: number | null;
  readonly read?: number | null;
}

/**
 * A timeout as callers write it: a `Timeout`, a number of total seconds, or
 * `null` for no timeout at all. `undefined` means "the client's default".
 *
 * @example
 * ```ts
 * const quick: TimeoutInput = 5;
 * await pods.get("web-0", { requestTimeout: quick });
 * await pods.list({ requestTimeout: { total: null, read: 60 } });
 * ```
 */
export type TimeoutInput = Timeout | number | null;

/** The longest timer JavaScript runtimes keep (2**31 - 1 ms), in whole seconds; longer ones fire at once. */
export const maxTimeoutSeconds = Math.floor((2 ** 31 - 1) / 1000);

/** What is wrong with a timeout input: the part (`""`, `.total`, ...), what it accepts, and the value found. */
export interface TimeoutProblem {
  readonly part: string;
  readonly accepts: string;
  readonly got: unknown;
}

const parts = ["total", "connect", "read"] as const;

/** The first problem with `value` as a `TimeoutInput`, or `undefined` when it is one (or absent). */
export function timeoutProblem(value: unknown): TimeoutProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return secondsProblem("", value, false);
  if (typeof value !== "object" || Array.isArray(value)) {
    return { part: "", accepts: "a number of seconds, a Timeout {total, connect, read}, or null", got: value };
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(parts as readonly string[]).includes(key)) return { part: `.${key}`, accepts: "nothing: Timeout has total, connect and read", got: record[key] };
  }
  for (const key of parts) {
    const problem = secondsProblem(`.${key}`, record[key], true);
    if (problem) return problem;
  }
  return undefined;
}

function secondsProblem(part: string, value: unknown, nullable: boolean): TimeoutProblem | undefined {
  if (value === undefined || (value === null && nullable)) return undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= maxTimeoutSeconds) return undefined;
  return { part, accepts: `a number of seconds from 0 to ${maxTimeoutSeconds}${nullable ? " or null" : ""}`, got: value };
}

/** A value as an error message shows it: short, and strings quoted. */
export function shownValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return value === null ? "null" : "an object";
  return String(value);
}
