/**
 * Waits between attempts: exponential backoff with jitter. The defaults are the
 * ones Kubernetes' own reflector uses (0.8 s doubling up to 30 s, jitter 1.0, so
 * a wait lands in [d, 2d)).
 */
import { KubexArgumentError } from "../errors.js";

/**
 * Exponential backoff with jitter: the waits between attempts.
 *
 * @example
 * ```ts
 * const backoff: BackoffOptions = { initial: 1, max: 60, factor: 2, jitter: 0.5 };
 * const client = await createClient({ options: { retry: { attempts: 6, backoff } } });
 * ```
 */
export interface BackoffOptions {
  /** First wait, in seconds (default 0.8). */
  readonly initial?: number;
  /** Largest wait before jitter, in seconds (default 30). */
  readonly max?: number;
  /** Growth per attempt (default 2). */
  readonly factor?: number;
  /** A wait of `d` becomes a random value in [d, d × (1 + jitter)) (default 1; 0 for none). */
  readonly jitter?: number;
}

/**
 * The backoff Kubernetes' reflector uses: 0.8 s doubling up to 30 s, jitter 1.
 *
 * @example
 * ```ts
 * const slower = new Backoff({ ...defaultBackoff, max: 120 });
 * ```
 */
export const defaultBackoff: Required<BackoffOptions> = { initial: 0.8, max: 30, factor: 2, jitter: 1 };

export function validateBackoff(argument: string, options: BackoffOptions | undefined): Required<BackoffOptions> {
  const resolved = { ...defaultBackoff, ...options };
  for (const key of ["initial", "max", "factor", "jitter"] as const) {
    const v = resolved[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new KubexArgumentError(`${argument}.${key}`, `accepts a finite number >= 0; got ${String(v)}`);
  }
  if (resolved.factor < 1) throw new KubexArgumentError(`${argument}.factor`, `accepts a number >= 1; got ${resolved.factor}`);
  return resolved;
}

/**
 * One sequence of waits; `reset()` after a success starts it again from `initial`.
 *
 * @example
 * ```ts
 * const backoff = new Backoff({ initial: 1, max: 30 });
 * for (;;) {
 *   try {
 *     await configMaps.get("settings");
 *     backoff.reset();
 *     break;
 *   } catch {
 *     await new Promise((resolve) => setTimeout(resolve, backoff.next() * 1000));
 *   }
 * }
 * ```
 */
export class Backoff {
  private readonly options: Required<BackoffOptions>;
  private attempt = 0;

  constructor(options?: BackoffOptions, private readonly random: () => number = Math.random) {
    this.options = validateBackoff("backoff", options);
  }

  /** The number of waits handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The next wait in seconds. */
  next(): number {
    const { initial, max, factor, jitter } = this.options;
    const base = Math.min(max, initial * factor ** this.attempt);
    this.attempt++;
    return base * (1 + jitter * this.random());
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `seconds`, or at once when `signal` aborts (never rejects). */
export function sleep(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Retries of ordinary requests, on unless `retry: false`. A retry happens only when the
 * request provably did not take effect, or taking effect twice is harmless:
 * - 429, and 503 with a `Retry-After` (the server turned it away), honouring `Retry-After`
 *   up to a cap. A 503 without one is an aggregated API whose service is down: like
 *   client-go, not retried, so the caller hears of it at once;
 * - a connection refused, or a connect timeout (it never reached the server);
 * - a connection reset or closed before the response, for idempotent requests only:
 *   GET and HEAD, and PUT or DELETE carrying a resourceVersion or precondition.
 * A POST or PATCH that may have reached the server is never retried.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = {
 *   attempts: 5,
 *   maxRetryAfter: 20,
 *   onRetry: ({ method, path, attempt, delay }) => console.log(`${method} ${path}: attempt ${attempt} failed, again in ${delay.toFixed(1)} s`),
 * };
 * const client = await createClient({ options: { retry } });
 * ```
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). */
  readonly attempts?: number;
  /** Waits between attempts (default 0.5 s doubling to 10 s, jitter 1). */
  readonly backoff?: BackoffOptions;
  /** Longest `Retry-After` honoured, in seconds (default 30). */
  readonly maxRetryAfter?: number;
  /** Sees every retry before its wait. */
  readonly onRetry?: (retry: RetryNotice) => void;
}

/**
 * What `RetryPolicy.onRetry` is told before each wait.
 *
 * @example
 * ```ts
 * function logRetry(notice: RetryNotice): void {
 *   console.warn(`${notice.method} ${notice.path} failed (${notice.error.message}); attempt ${notice.attempt + 1} in ${notice.delay} s`);
 * }
 * const client = await createClient({ options: { retry: { onRetry: logRetry } } });
 * ```
 */
export interface RetryNotice {
  readonly method: string;
  readonly path: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** Seconds until the next attempt. */
  readonly delay: number;
  readonly error: Error;
}

/**
 * What a request looks like to the retry decision.
 *
 * @example
 * ```ts
 * const request: RetryableRequest = { method: "DELETE", path: "/api/v1/namespaces/default/pods/web-0", body: '{"preconditions":{"uid":"1"}}' };
 * console.log(isIdempotent(request)); // true: a repeat cannot delete another pod
 * ```
 */
export interface RetryableRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Uint8Array;
}

/**
 * The policy's defaults: 5 attempts, 0.5 s doubling up to 10 s, `Retry-After` honoured up to 30 s.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { ...defaultRetryPolicy, attempts: 10 };
 * ```
 */
export const defaultRetryPolicy = { attempts: 5, backoff: { initial: 0.5, max: 10, factor: 2, jitter: 1 }, maxRetryAfter: 30 } as const;

/**
 * Throws `KubexArgumentError` naming the field when `policy` is not a valid retry policy (`false` and `undefined` are).
 *
 * @example
 * ```ts
 * validateRetryPolicy("options.retry", { attempts: 3 });
 * try {
 *   validateRetryPolicy("options.retry", { attempts: 0 });
 * } catch (error) {
 *   if (error instanceof KubexArgumentError) console.log(error.argument); // "options.retry.attempts"
 * }
 * ```
 */
export function validateRetryPolicy(argument: string, policy: RetryPolicy | false | undefined): void {
  if (policy === undefined || policy === false) return;
  if (typeof policy !== "object" || policy === null) throw new KubexArgumentError(argument, `accepts false or a retry policy object; got ${String(policy)}`);
  if (policy.attempts !== undefined && !(Number.isInteger(policy.attempts) && policy.attempts >= 1)) {
    throw new KubexArgumentError(`${argument}.attempts`, `accepts an integer >= 1; got ${String(policy.attempts)}`);
  }
  if (policy.maxRetryAfter !== undefined && !(typeof policy.maxRetryAfter === "number" && policy.maxRetryAfter >= 0 && Number.isFinite(policy.maxRetryAfter))) {
    throw new KubexArgumentError(`${argument}.maxRetryAfter`, `accepts a number of seconds >= 0; got ${String(policy.maxRetryAfter)}`);
  }
  if (policy.onRetry !== undefined && typeof policy.onRetry !== "function") throw new KubexArgumentError(`${argument}.onRetry`, "accepts a function");
  validateBackoff(`${argument}.backoff`, policy.backoff);
}

/** Error codes meaning the request never reached the server. */
const neverSent = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Error codes meaning the connection broke before a response: the server may have acted. */
const brokenBeforeResponse = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]);

/**
 * The first transport error code along an error's cause chain.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   if (transportCode(error) === "ECONNREFUSED") console.error("the API server is not listening");
 * }
 * ```
 */
export function transportCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (neverSent.has(e.code) || brokenBeforeResponse.has(e.code))) return e.code;
  }
  return undefined;
}

/**
 * GET and HEAD; PUT and DELETE when a resourceVersion or precondition makes a repeat harmless.
 *
 * @example
 * ```ts
 * isIdempotent({ method: "GET", path: "/api/v1/pods" }); // true
 * isIdempotent({ method: "POST", path: "/api/v1/namespaces/default/configmaps" }); // false
 * ```
 */
export function isIdempotent(request: RetryableRequest): boolean {
  if (typeof request !== "object" || request === null) throw new KubexArgumentError("request", "must be an object { method, path, query?, body? }");
  if (request.method === "GET" || request.method === "HEAD") return true;
  if (request.method !== "PUT" && request.method !== "DELETE") return false;
  if (request.query?.some(([k]) => k === "resourceVersion")) return true;
  const body = typeof request.body === "string" ? request.body : request.body ? new TextDecoder().decode(request.body) : "";
  return /"(resourceVersion|preconditions)"\s*:/.test(body);
}

/**
 * Whether one failure may be retried, and after how long the server asked.
 *
 * @example
 * ```ts
 * const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
 * const verdict: RetryVerdict = retryVerdict({ method: "POST", path: "/api/v1/namespaces/default/pods" }, reset);
 * if (!verdict.retry) console.log(verdict.reason); // a POST that may have reached the server is not sent again
 * ```
 */
export type RetryVerdict = { retry: true; retryAfter?: number } | { retry: false; reason?: string };

/**
 * Whether `error`, from one attempt of `request`, may be retried.
 *
 * @example
 * ```ts
 * try {
 *   await pods.create({ metadata: { name: "web-0" } });
 * } catch (error) {
 *   const verdict = retryVerdict({ method: "POST", path: "/api/v1/namespaces/default/pods" }, error);
 *   if (verdict.retry) console.log(`may retry after ${verdict.retryAfter ?? 0} s`);
 * }
 * ```
 */
export function retryVerdict(request: RetryableRequest, error: unknown): RetryVerdict {
  const e = error as { status?: unknown; retryAfterSeconds?: unknown; code?: unknown; name?: string };
  if (typeof e?.status === "number") {
    const retryAfter = typeof e.retryAfterSeconds === "number" ? e.retryAfterSeconds : undefined;
    if (e.status !== 429 && !(e.status === 503 && retryAfter !== undefined)) return { retry: false };
    return retryAfter === undefined ? { retry: true } : { retry: true, retryAfter };
  }
  const code = transportCode(error);
  if (code === undefined) return { retry: false };
  if (neverSent.has(code)) return { retry: true };
  if (isIdempotent(request)) return { retry: true };
  return { retry: false, reason: `not retried: the connection broke (${code}) after a ${request.method} may have reached the server` };
}

/**
 * Runs `attempt` until it succeeds, a failure may not be retried, the attempts are
 * spent, or the next wait would pass `deadline` (ms since the epoch) or `signal` aborts.
 *
 * @example
 * ```ts
 * const page = await withRetry({ method: "GET", path: "/api/v1/namespaces/default/pods" }, { attempts: 3 }, () => pods.list());
 * ```
 */
export async function withRetry<T>(
  request: RetryableRequest,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  limits: { deadline?: number; signal?: AbortSignal; random?: () => number } = {},
): Promise<T> {
  if (typeof request !== "object" || request === null) throw new KubexArgumentError("request", "must be an object { method, path, query?, body? }");
  if (typeof policy !== "object" || policy === null) throw new KubexArgumentError("policy", "must be a retry policy object ({} for the defaults)");
  if (typeof attempt !== "function") throw new KubexArgumentError("attempt", "must be a function that makes one attempt");
  const attempts = policy.attempts ?? defaultRetryPolicy.attempts;
  const backoffOptions = policy.backoff ?? defaultRetryPolicy.backoff;
  const random = limits.random ?? Math.random;
  // A caller's backoff is checked at once; the waits are set up only after a failure (most calls have none).
  if (policy.backoff !== undefined) validateBackoff("backoff", policy.backoff);
  let backoff: Backoff | undefined;
  const jitter = backoffOptions.jitter ?? defaultBackoff.jitter;
  const cap = policy.maxRetryAfter ?? defaultRetryPolicy.maxRetryAfter;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const verdict = retryVerdict(request, error);
      if (!verdict.retry) throw verdict.reason ? annotate(error, verdict.reason) : error;
      backoff ??= new Backoff(backoffOptions, random);
      let delay = backoff.next();
      // At least what the server asked, spread like the backoff: callers it turned away together
      // (APF answers a burst with one Retry-After) do not all come back in the same instant.
      if (verdict.retryAfter !== undefined) delay = Math.max(delay, Math.min(verdict.retryAfter, cap) * (1 + jitter * random()));
      const late = limits.deadline !== undefined && Date.now() + delay * 1000 >= limits.deadline;
      if (n >= attempts || late || limits.signal?.aborted) throw error;
      policy.onRetry?.({ method: request.method, path: request.path, attempt: n, delay, error: error as Error });
      await sleep(delay, limits.signal);
      if (limits.signal?.aborted) throw error;
    }
  }
}

/** Adds why a request was not retried to its error's message; the error stays the same object. */
function annotate(error: unknown, reason: string): unknown {
  if (error instanceof Error && !error.message.includes(reason)) {
    Object.defineProperty(error, "message", { value: `${error.message} (${reason})`, configurable: true, writable: true });
  }
  return error;
}

/**
 * What a client applies around each exchange: its rate limiter (if any) before every
 * attempt, and the retry policy of the call (`request.retry`) or of the client.
 * Retries are on by default (`defaultRetryPolicy`), as in client-go; `retry: false`
 * on the client or on a call turns them off.
 */
export class RequestPolicy {
  private readonly retry: RetryPolicy | false;

  constructor(
    retry: RetryPolicy | false | undefined,
    private readonly limiter?: { take(signal?: AbortSignal): Promise<void> },
  ) {
    validateRetryPolicy("ClientOptions.retry", retry);
    this.retry = retry ?? {};
  }

  /** Whether failures of `request` may be retried at all (its policy, else the client's, is not `false`). */
  retries(request: { readonly retry?: RetryPolicy | false }): boolean {
    return (request.retry === undefined ? this.retry : request.retry) !== false;
  }

  /** `signal` is asked for only when needed (a rate limiter's wait, a failure), so a call that succeeds at once builds none. */
  run<T>(request: RetryableRequest & { readonly retry?: RetryPolicy | false }, totalSeconds: number | null | undefined, signal: () => AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    const limited = this.limiter ? async () => (await this.limiter!.take(signal()), send()) : send;
    const policy = request.retry === undefined ? this.retry : request.retry;
    if (!policy) return limited();
    if (policy !== this.retry) validateRetryPolicy("retry", policy);
    const deadline = totalSeconds ? Date.now() + totalSeconds * 1000 : undefined;
    return withRetry(request, policy, limited, new RetryLimits(deadline, signal));
  }
}

/** withRetry's limits, whose signal is built only when read: after a failed attempt. */
class RetryLimits {
  constructor(
    readonly deadline: number | undefined,
    private readonly signalOf: () => AbortSignal | undefined,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.signalOf();
  }
}
