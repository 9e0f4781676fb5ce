/**
 * Keeps credentials out of anything printed: `util.inspect`, `console.log` and
 * `JSON.stringify` of a configuration show `[redacted]` in place of secrets.
 */
import { KubexArgumentError } from "../errors.js";

const redacted = "[redacted]";
const secretKeys = new Set(["token", "password", "key", "clientKey", "refreshToken", "idToken", "clientSecret"]);
const urlKeys = new Set(["proxyUrl", "server"]);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== "object" || value === null) return value;
  // Providers and other class instances describe themselves safely; never walk their private state.
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    const describe = (value as { toJSON?: () => unknown }).toJSON;
    return typeof describe === "function" ? describe.call(value) : `[${value.constructor?.name ?? "object"}]`;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (secretKeys.has(k) && v !== undefined) out[k] = redacted;
    else if (urlKeys.has(k) && typeof v === "string") out[k] = redactUserinfo(v);
    // Impersonation extras may carry what an audit log should not: keep the keys only.
    else if (k === "extra" && typeof v === "object" && v !== null) out[k] = keysOnly(v);
    else out[k] = redact(v);
  }
  return out;
}

function keysOnly(value: object): Record<string, string[]> {
  return Object.fromEntries(Object.keys(value).map((key) => [key, [redacted]]));
}

/**
 * A URL with its password replaced (the user name kept, to tell proxies apart in error messages).
 *
 * @example
 * ```ts
 * redactUrl("http://admin:hunter2@proxy.internal:3128"); // "http://admin:redacted@proxy.internal:3128/"
 * ```
 */
export function redactUrl(url: string): string {
  if (typeof url !== "string") throw new KubexArgumentError("url", `must be a string, got ${url === null ? "null" : typeof url}`);
  try {
    const u = new URL(url);
    if (u.password) u.password = "redacted";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//redacted@");
  }
}

/** A URL with all of its userinfo replaced: a printed configuration shows neither user name nor password. */
function redactUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (u.username) u.username = "redacted";
    if (u.password) u.password = "redacted";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//redacted@");
  }
}

/**
 * Adds non-enumerable `toJSON` and `util.inspect.custom` hooks that redact
 * secrets, to `value` and to every plain object inside it (a user can reach
 * `configuration.tls` and print that alone).
 */
export function withRedaction<T extends object>(value: T, describe: (value: T) => unknown = (v) => redact({ ...v })): T {
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner !== "object" || inner === null || Object.getPrototypeOf(inner) !== Object.prototype) continue;
    if (key === "extra") withRedaction(inner as object, keysOnly);
    else withRedaction(inner as object);
  }
  Object.defineProperty(value, "toJSON", { value: () => describe(value), enumerable: false, configurable: true });
  Object.defineProperty(value, Symbol.for("nodejs.util.inspect.custom"), { value: () => describe(value), enumerable: false, configurable: true });
  return value;
}

/** Makes a credential provider print as `summary` only, for `util.inspect` and `JSON.stringify`. */
export function describeSafely(target: object, summary: () => Record<string, unknown>): void {
  const describe = (): Record<string, unknown> => ({ provider: target.constructor.name, ...summary() });
  Object.defineProperty(target, "toJSON", { value: describe, enumerable: false });
  Object.defineProperty(target, Symbol.for("nodejs.util.inspect.custom"), { value: describe, enumerable: false });
}

/**
 * A stand-in for a system error (spawn, file, URL) that keeps what identifies it
 * (name, code, errno, syscall) and drops what may hold a secret: a plugin's
 * arguments and environment, a URL given as input, a path.
 */
export function sanitizedCause(error: unknown): Error {
  const source = (typeof error === "object" && error !== null ? error : {}) as Partial<NodeJS.ErrnoException>;
  const code = typeof source.code === "string" ? source.code : undefined;
  const syscall = typeof source.syscall === "string" ? source.syscall.split(" ")[0] : undefined;
  const cause = new Error([syscall, code].filter(Boolean).join(" ") || "failed");
  cause.name = typeof source.name === "string" ? source.name : "Error";
  if (code !== undefined) Object.assign(cause, { code });
  if (typeof source.errno === "number") Object.assign(cause, { errno: source.errno });
  if (syscall !== undefined) Object.assign(cause, { syscall });
  return cause;
}

/** `text` with each of `secrets` (those long enough to be recognisable) replaced by `[redacted]`. */
export function blankOut(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) out = out.split(secret).join(redacted);
  return out;
}
