/**
 * Aborts a list or watch that stays silent longer than a bound. Time the
 * consumer spends on an event (while the watcher is suspended at a `yield`)
 * does not count as silence.
 */
export class Watchdog {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private paused = false;
  /** Aborts when the bound passes with no activity, or when `parent` aborts. */
  readonly signal: AbortSignal;

  constructor(readonly seconds: number, parent: AbortSignal) {
    this.signal = AbortSignal.any([parent, this.controller.signal]);
    // The watchdog alone never keeps a process alive, and ends with its watcher.
    this.timer = setTimeout(() => this.expire(), seconds * 1000);
    this.timer.unref?.();
    parent.addEventListener("abort", () => this.dispose(), { once: true });
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Something arrived: the silence starts again. */
  kick(): void {
    this.paused = false;
    this.timer.refresh();
  }

  /** The consumer holds the event: silence is not counted until `kick()`. */
  pause(): void {
    this.paused = true;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private expire(): void {
    if (this.paused) this.timer.refresh();
    else this.controller.abort(new Error(`no event or bookmark for ${this.seconds}s`));
  }
}
