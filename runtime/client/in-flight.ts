/**
 * One call in flight, as `close()` sees it. No AbortController is built unless
 * something asks for a signal (a caller's credential provider, a retry's wait, a
 * backend that takes only signals): a backend that can abort its exchange itself
 * hands that abort over instead, which costs nothing per call.
 */
export class CallInFlight {
  #reason: Error | undefined;
  #controller: AbortController | undefined;
  #stop: ((reason: Error) => void) | undefined;

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  /** A signal that aborts with the call; built on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** How to abort what is on the wire now (it replaces the previous attempt's); runs at once when the call is already aborted. */
  onAbort(stop: (reason: Error) => void): void {
    if (this.#reason) return stop(this.#reason);
    this.#stop = stop;
  }

  abort(reason: Error): void {
    if (this.#reason) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#stop?.(reason);
  }
}
