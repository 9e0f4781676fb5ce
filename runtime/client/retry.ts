/**
 * Waits between attempts: exponential backoff with jitter. The defaults are the
 * ones Kubernetes' own reflector uses (0.8 s doubling up to 30 s, jitter 1.0, so
 * a wait lands in [d, 2d)).
 */
import { KubexArgumentError } from "../errors.js";

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

/** One sequence of waits; `reset()` after a success starts it again from `initial`. */
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
