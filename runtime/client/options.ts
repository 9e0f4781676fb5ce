/**
 * ClientOptions: per-process choices about how the HTTP client behaves. For
 * every field, `undefined` (or leaving it out) keeps the default and `null`
 * turns the limit or feature off. Options are validated once, when the client
 * is built.
 */
import { KubexConfigurationError } from "../errors.js";
import { redactUrl } from "../configuration/secrets.js";
import { timeoutProblem, type Timeout, type TimeoutInput } from "./timeout.js";
import type { WarningHandler } from "./warnings.js";
import { validateRetryPolicy, type RetryPolicy } from "./retry.js";
import { validateRateLimit, type RateLimit } from "./rate-limit.js";

/**
 * A proxy per scheme of the API server's URL.
 *
 * @example
 * ```ts
 * const proxy: ProxyMap = { https: "http://proxy.internal:3128" };
 * const client = await createClient({ options: { proxy } });
 * ```
 */
export interface ProxyMap {
  readonly http?: string;
  readonly https?: string;
}

/**
 * How a client behaves: timeouts, retries, rate limit, connections, proxy, warnings.
 *
 * @example
 * ```ts
 * const options: ClientOptions = {
 *   timeout: { total: 30, connect: 5 },
 *   retry: { attempts: 4 },
 *   rateLimit: { qps: 20, burst: 40 },
 *   warningHandler: (text, { method, path }) => console.warn(`${method} ${path}: ${text}`),
 * };
 * const client = await createClient({ options });
 * ```
 */
export interface ClientOptions {
  /** Emit the API server's `Warning` headers (default true). */
  readonly logApiWarnings?: boolean;
  /** Replaces the default warning handler (`process.emitWarning`). */
  readonly warningHandler?: WarningHandler;
  /** Default timeout: `undefined` backend default, `null` none, a number of total seconds, or a `Timeout`. */
  readonly timeout?: TimeoutInput;
  /** Proxy for every request: one URL, or a map by the API server's scheme. `null`/`undefined`: none. */
  readonly proxy?: string | ProxyMap | null;
  /** Reuse idle connections (default true). */
  readonly keepAlive?: boolean;
  /** Idle-connection lifetime in seconds; `null` keeps them indefinitely. */
  readonly keepAliveTimeout?: number | null;
  /** Total connection pool size; `null` unlimited. */
  readonly poolSize?: number | null;
  /** Per-host connection pool size; `null` unlimited. */
  readonly poolSizePerHost?: number | null;
  /** Response read buffer in bytes (default 2**21); `null` the library's default. */
  readonly bufferSize?: number | null;
  /** Largest WebSocket message in bytes (default 2**21); `null` no cap. */
  readonly wsMaxMessageSize?: number | null;
  /** Honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment (default false). */
  readonly trustEnv?: boolean;
  /** Retries of failed calls (see docs/informers.md): on with `defaultRetryPolicy` unless `false`. A call's own `retry` wins. */
  readonly retry?: RetryPolicy | false;
  /** Client-side token bucket shared by every call of the client; off unless given. */
  readonly rateLimit?: RateLimit;
  /**
   * HTTP/2 on the undici backend (default off): many calls share one connection, so a thousand
   * watches need ceil(1000 / streams per connection) connections instead of a thousand.
   * `true`, or limits: `connections` (most HTTP/2 connections, default unlimited) and
   * `streamsPerConnection` (default: what the server advertises, 100 on a default kube-apiserver).
   * WebSockets (exec, attach, port-forward) and calls through a proxy stay on HTTP/1.1.
   */
  readonly http2?: boolean | Http2Options;
}

/**
 * The limits of `ClientOptions.http2`: how many HTTP/2 connections, and how many calls each carries.
 *
 * @example
 * ```ts
 * // At most 10 connections of 100 streams: 1 000 calls at once (watches included), the next ones wait.
 * const http2: Http2Options = { connections: 10, streamsPerConnection: 100 };
 * const client = await createClient({ options: { http2 } });
 * ```
 */
export interface Http2Options {
  readonly connections?: number;
  readonly streamsPerConnection?: number;
}

export const defaultBufferSize = 2 ** 21;
export const defaultWsMaxMessageSize = 2 ** 21;

/** `undefined` -> 2**21 (the kubex default), `null` -> no cap, a number -> that number. */
export function resolveWsMaxMessageSize(value: number | null | undefined): number | null {
  return value === undefined ? defaultWsMaxMessageSize : value;
}

/** A timeout input as a `Timeout` of seconds: `undefined` stays undefined (backend default), `null` disables every part. */
export function resolveTimeout(value: TimeoutInput | undefined): Timeout | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { total: null, connect: null, read: null };
  if (typeof value === "number") return { total: value };
  return value;
}

const knownFields = new Set([
  "logApiWarnings", "warningHandler", "timeout", "proxy", "keepAlive", "keepAliveTimeout",
  "poolSize", "poolSizePerHost", "bufferSize", "wsMaxMessageSize", "trustEnv", "retry", "rateLimit", "http2",
]);

function fail(field: string, accepts: string, got: unknown): never {
  const shown = typeof got === "string" ? JSON.stringify(redactUrl(got)) : typeof got === "object" ? (got === null ? "null" : "an object") : String(got);
  throw new KubexConfigurationError(`ClientOptions.${field} accepts ${accepts}; got ${shown}`);
}

function checkBoolean(options: ClientOptions, field: keyof ClientOptions): void {
  const v = options[field];
  if (v !== undefined && typeof v !== "boolean") fail(field, "a boolean", v);
}

function checkSize(options: ClientOptions, field: keyof ClientOptions, nullable: boolean, allowZero = false): void {
  const v = options[field];
  if (v === undefined || (v === null && nullable)) return;
  const ok = typeof v === "number" && Number.isInteger(v) && (allowZero ? v >= 0 : v > 0);
  if (!ok) fail(field, `${allowZero ? "an integer >= 0" : "an integer > 0"}${nullable ? " or null" : ""}`, v);
}

function checkSeconds(field: string, v: unknown, nullable: boolean): void {
  if (v === undefined || (v === null && nullable)) return;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(field, `a number of seconds >= 0${nullable ? " or null" : ""}`, v);
}

function checkProxyUrl(field: string, url: unknown): void {
  if (typeof url !== "string") fail(field, "a proxy URL string", url);
  let parsed: URL;
  try {
    parsed = new URL(url as string);
  } catch {
    return fail(field, "an http:// or https:// proxy URL", url);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") fail(field, "an http:// or https:// proxy URL", url);
}

/** Throws `KubexConfigurationError` naming the first invalid field and what it accepts. */
export function validateOptions(options: ClientOptions): void {
  if (typeof options !== "object" || options === null) throw new KubexConfigurationError("ClientOptions must be an object");
  for (const key of Object.keys(options)) {
    if (!knownFields.has(key)) throw new KubexConfigurationError(`ClientOptions.${key} is not an option (known: ${[...knownFields].join(", ")})`);
  }
  checkBoolean(options, "logApiWarnings");
  checkBoolean(options, "keepAlive");
  checkBoolean(options, "trustEnv");
  validateRetryPolicy("ClientOptions.retry", options.retry);
  validateRateLimit("ClientOptions.rateLimit", options.rateLimit);
  if (options.warningHandler !== undefined && typeof options.warningHandler !== "function") fail("warningHandler", "a function", options.warningHandler);
  const timeout = timeoutProblem(options.timeout);
  if (timeout) fail(`timeout${timeout.part}`, timeout.accepts, timeout.got);
  checkSeconds("keepAliveTimeout", options.keepAliveTimeout, true);
  checkSize(options, "poolSize", true);
  checkSize(options, "poolSizePerHost", true);
  checkSize(options, "bufferSize", true);
  checkSize(options, "wsMaxMessageSize", true);
  checkHttp2(options.http2);
  const proxy = options.proxy;
  if (proxy !== undefined && proxy !== null) {
    if (typeof proxy === "string") checkProxyUrl("proxy", proxy);
    else if (typeof proxy === "object") {
      for (const [scheme, url] of Object.entries(proxy)) {
        if (scheme !== "http" && scheme !== "https") throw new KubexConfigurationError(`ClientOptions.proxy accepts only the scheme keys "http" and "https"; got ${JSON.stringify(scheme)}`);
        checkProxyUrl(`proxy.${scheme}`, url);
      }
    } else fail("proxy", 'a proxy URL or a map {http?, https?}', proxy);
  }
}

function checkHttp2(value: unknown): void {
  if (value === undefined || typeof value === "boolean") return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("http2", "a boolean or { connections?, streamsPerConnection? }", value);
  for (const [key, v] of Object.entries(value)) {
    if (key !== "connections" && key !== "streamsPerConnection") throw new KubexConfigurationError(`ClientOptions.http2.${key} is not an option (known: connections, streamsPerConnection)`);
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 1)) fail(`http2.${key}`, "an integer > 0", v);
  }
}

/** The HTTP/2 limits of `options`, or `undefined` when HTTP/2 is off. */
export function resolveHttp2(options: ClientOptions): { connections: number; streamsPerConnection: number | undefined } | undefined {
  const h2 = options.http2;
  if (!h2) return undefined;
  const own = h2 === true ? {} : h2;
  return { connections: own.connections ?? Number.POSITIVE_INFINITY, streamsPerConnection: own.streamsPerConnection };
}
