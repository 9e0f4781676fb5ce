/** Signals that bound a call: combining them, and giving up on a promise as soon as one fires. */

/** One signal that aborts when any of `signals` does; `undefined` when there is none. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  let only: AbortSignal | undefined;
  for (const signal of signals) {
    if (signal === undefined) continue;
    // Two or more: combined (the usual case has none or one, and builds nothing).
    if (only !== undefined) return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
    only = signal;
  }
  return only;
}
/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` aborts,
 * whichever comes first. A result that arrives after the abort is released.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      promise.then((late) => (late as { cancel?: () => Promise<void> } | undefined)?.cancel?.(), () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
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
