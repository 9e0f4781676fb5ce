/**
 * Lets one caller stop waiting for a credential that other callers share: the
 * plugin run or OIDC refresh goes on (and is cached) for them.
 */
import { KubexClientError, KubexTimeoutError } from "../errors.js";

export function abortable<T>(shared: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return shared;
  const stopped = (): Error => {
    const reason: unknown = signal.reason;
    return (reason as { name?: unknown } | undefined)?.name === "TimeoutError"
      ? new KubexTimeoutError(`${what}: the request timed out while waiting for credentials`, { cause: reason })
      : new KubexClientError(`${what}: the request was aborted while waiting for credentials`, { cause: reason });
  };
  if (signal.aborted) {
    // The run goes on without this caller; its failure is for the callers still waiting, or for none.
    shared.catch(() => undefined);
    return Promise.reject(stopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stopped());
    signal.addEventListener("abort", onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
