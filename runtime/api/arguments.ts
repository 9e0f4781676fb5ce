/**
 * Checks of per-call options at the boundary: each option the Api knows has one
 * rule here, and a value outside it is a `KubexArgumentError` naming the option
 * and what it accepts, before any request is built (`labelSelector: null` must
 * not become the text "null" in a query).
 */
import { validateRetryPolicy } from "../client/retry.js";
import { KubexArgumentError } from "../errors.js";
import { loneSurrogate } from "../resource/names.js";
import { describe } from "./decode.js";

type Rule = (value: unknown) => string | undefined;

const text: Rule = (v) => (typeof v !== "string" ? `must be a string, got ${describe(v)}` : loneSurrogate.test(v) ? "may not contain a lone UTF-16 surrogate" : undefined);
const flag: Rule = (v) => (typeof v === "boolean" ? undefined : `must be true or false, got ${describe(v)}`);
const integer = (min: number): Rule => (v) =>
  Number.isSafeInteger(v) && (v as number) >= min ? undefined : `must be an integer of at least ${min}, got ${typeof v === "number" ? String(v) : describe(v)}`;
const positiveSeconds: Rule = (v) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : `must be a positive number of seconds, got ${typeof v === "number" ? String(v) : describe(v)}`);
const oneOf = (...allowed: unknown[]): Rule => (v) => (allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${typeof v === "string" ? JSON.stringify(v) : describe(v)}`);
const signal: Rule = (v) => (typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean" && typeof (v as AbortSignal).addEventListener === "function" ? undefined : `must be an AbortSignal, got ${describe(v)}`);
const preconditions: Rule = (v) => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return `must be an object { uid?, resourceVersion? }, got ${describe(v)}`;
  for (const key of ["uid", "resourceVersion"] as const) {
    const value = (v as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "string") return `${key} must be a string, got ${describe(value)}`;
  }
  return undefined;
};

/** A policy's own fields are checked where policies are: that error names the field (`options.retry.attempts`). */
const retryPolicy: Rule = (v) => (validateRetryPolicy("options.retry", v as never), undefined);

const rules: Readonly<Record<string, Rule>> = {
  labelSelector: text,
  fieldSelector: text,
  continue: text,
  resourceVersion: text,
  fieldManager: text,
  container: text,
  sinceTime: text,
  limit: integer(1),
  limitBytes: integer(1),
  sinceSeconds: integer(1),
  maxLineBytes: integer(1),
  timeoutSeconds: integer(0),
  tailLines: integer(0),
  gracePeriodSeconds: integer(0),
  inactivityTimeout: positiveSeconds,
  allNamespaces: flag,
  allowWatchBookmarks: flag,
  sendInitialEvents: flag,
  timestamps: flag,
  previous: flag,
  follow: flag,
  force: flag,
  resourceVersionMatch: oneOf("Exact", "NotOlderThan"),
  fieldValidation: oneOf("Ignore", "Warn", "Strict"),
  propagationPolicy: oneOf("Orphan", "Background", "Foreground"),
  dryRun: oneOf(true, false, "All"),
  signal,
  preconditions,
  retry: retryPolicy,
};

/** Throws unless `value` is a client: what `createClient()` returns, or any `BaseClient`. */
export function checkClient(value: unknown, argument = "client"): void {
  if (typeof (value as { request?: unknown } | null | undefined)?.request !== "function") throw new KubexArgumentError(argument, "must be a client (createClient())");
}

/** Throws unless `value` is an object (not null, not a list); `shape` says what it should hold. */
export function checkObject(argument: string, value: unknown, shape: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new KubexArgumentError(argument, `must be an object ${shape}, got ${describe(value)}`);
}

/** A namespace given to a helper that otherwise takes the configuration's: `undefined`, or a non-empty name (`null` is not "none"). */
export function checkNamespaceOption(argument: string, namespace: unknown): void {
  if (namespace !== undefined && (typeof namespace !== "string" || namespace === "")) {
    throw new KubexArgumentError(argument, `accepts a namespace name; got ${JSON.stringify(namespace)}`);
  }
}

/** `options` itself and every option it sets that has a rule; `undefined` values are absent options. */
export function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new KubexArgumentError("options", `must be an object, got ${describe(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || !Object.hasOwn(rules, key)) continue;
    const problem = rules[key]!(value);
    if (problem !== undefined) throw new KubexArgumentError(`options.${key}`, problem);
  }
}
