/** The caller's `signal` on a stream: refused before connecting when already aborted, and the error that ends the stream. */
import { KubexClientError } from "../errors.js";

export function abortedError(what: string, signal: AbortSignal): KubexClientError {
  return new KubexClientError(`${what}: aborted`, { code: "KUBEX_ABORTED", cause: signal.reason });
}

export function throwIfAborted(what: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(what, signal);
}

/** Runs `onAbort` once when `signal` aborts; returns what removes the listener. */
export function onAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (!signal) return () => undefined;
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}
