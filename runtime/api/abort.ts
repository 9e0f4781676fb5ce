/** Telling the caller's own abort apart from failures, so a stream stopped on purpose ends quietly. */
import { KubexError } from "../errors.js";

/**
 * `true` for the error of a call stopped through its `signal` (not a timeout, not a server or network failure).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 10_000);
 * try {
 *   for await (const line of pods.logs.stream("web-0", { follow: true, signal: controller.signal })) console.log(line);
 * } catch (error) {
 *   if (!isAbortError(error)) throw error; // stopped on purpose: not a failure
 * }
 * ```
 */
export function isAbortError(error: unknown): boolean {
  if (error instanceof KubexError) return error.code === "KUBEX_ABORTED";
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** True when `error` ends a stream because its caller aborted `signal`: the loop then ends without an error. */
export function stoppedByCaller(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && isAbortError(error);
}
