/**
 * Client-side rate limiting: a token bucket like client-go's (`qps` tokens a
 * second, up to `burst` saved). Off unless configured; one bucket is shared by
 * every request of a client. Waiters are served in order.
 */
import { KubexArgumentError } from "../errors.js";
import { sleep } from "./retry.js";

/**
 * A client-side token bucket: `qps` requests a second sustained, `burst` at once.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimit = { qps: 5, burst: 10 };
 * const client = await createClient({ options: { rateLimit } });
 * ```
 */
export interface RateLimit {
  /** Requests per second, sustained. */
  readonly qps: number;
  /** Requests that may go at once after a quiet period (default: `qps` rounded up, at least 1). */
  readonly burst?: number;
}

/**
 * Throws `KubexArgumentError` naming the field (`argument.qps`, `argument.burst`) when `limit` is not a valid rate limit.
 *
 * @example
 * ```ts
 * validateRateLimit("options.rateLimit", { qps: 5, burst: 10 }); // fine
 * try {
 *   validateRateLimit("options.rateLimit", { qps: 0 });
 * } catch (error) {
 *   if (error instanceof KubexArgumentError) console.log(error.argument); // "options.rateLimit.qps"
 * }
 * ```
 */
export function validateRateLimit(argument: string, limit: RateLimit | undefined): void {
  if (limit === undefined) return;
  if (typeof limit !== "object" || limit === null) throw new KubexArgumentError(argument, `accepts { qps, burst? }; got ${String(limit)}`);
  if (!(typeof limit.qps === "number" && limit.qps > 0 && Number.isFinite(limit.qps))) throw new KubexArgumentError(`${argument}.qps`, `accepts a number > 0; got ${String(limit.qps)}`);
  if (limit.burst !== undefined && !(Number.isInteger(limit.burst) && limit.burst >= 1)) throw new KubexArgumentError(`${argument}.burst`, `accepts an integer >= 1; got ${String(limit.burst)}`);
}

/**
 * The bucket behind `ClientOptions.rateLimit`, for pacing work of your own the same way.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ qps: 2, burst: 1 });
 * for (const name of ["a", "b", "c"]) {
 *   const wait = bucket.reserve();
 *   await new Promise((resolve) => setTimeout(resolve, wait * 1000));
 *   await configMaps.delete(name);
 * }
 * ```
 */
export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  /** Tokens now; negative when waiters have reserved tokens not yet refilled. */
  private tokens: number;
  private last: number;

  constructor(limit: RateLimit, private readonly now: () => number = Date.now) {
    validateRateLimit("rateLimit", limit);
    this.qps = limit.qps;
    this.burst = limit.burst ?? Math.max(1, Math.ceil(limit.qps));
    this.tokens = this.burst;
    this.last = now();
  }

  /** Takes a token; returns the seconds to wait before using it (0 when one was ready). */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : -this.tokens / this.qps;
  }

  /** Gives back a reserved token that was not used (its waiter gave up). */
  cancel(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  /** Resolves when the caller may send; an abort returns the token and rejects with the signal's reason. */
  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait === 0) return;
    await sleep(wait, signal);
    if (signal?.aborted) {
      this.cancel();
      throw signal.reason;
    }
  }
}
