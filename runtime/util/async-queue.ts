/**
 * A queue that turns pushed items into an async iterator, for producers that
 * cannot wait (socket events) and producers that can (a demultiplexing loop).
 * Ends on `end()`; fails on `fail()` after the items already queued are taken.
 *
 * Bounded by water marks: once the queued size exceeds `highWaterMark`, `push`
 * returns false and the optional `flow` is paused; once a consumer has taken it
 * below `lowWaterMark`, `flow` is resumed and `drained()` resolves.
 */

/** What a queue can stop and restart: a socket's reading, a producer loop. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

export interface AsyncQueueOptions<T> {
  /** Queued size above which `push` reports false and `flow` is paused (default: no bound). */
  readonly highWaterMark?: number;
  /** Queued size at or below which `flow` is resumed (default: half the high-water mark). */
  readonly lowWaterMark?: number;
  /** The size of one item (default 1, i.e. the mark counts items). */
  readonly size?: (item: T) => number;
  readonly flow?: FlowControl;
}

export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private size = 0;
  private paused = false;
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | undefined;
  private drainWaiters: (() => void)[] = [];
  private error: Error | undefined;
  private ended = false;
  private readonly high: number;
  private readonly low: number;
  private readonly sizeOf: (item: T) => number;
  private readonly flow: FlowControl | undefined;

  constructor(options: AsyncQueueOptions<T> = {}) {
    this.high = options.highWaterMark ?? Number.POSITIVE_INFINITY;
    this.low = options.lowWaterMark ?? this.high / 2;
    this.sizeOf = options.size ?? (() => 1);
    this.flow = options.flow;
  }

  /** Queues one item; false when the queue is over its high-water mark (the caller should wait for `drained()`). */
  push(item: T): boolean {
    if (this.ended || this.error) return true;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return true;
    }
    this.items.push(item);
    this.size += this.sizeOf(item);
    if (this.size <= this.high) return true;
    if (!this.paused) {
      this.paused = true;
      this.flow?.pause();
    }
    return false;
  }

  /** Resolves once the queue is at or below its low-water mark, or finished. */
  drained(): Promise<void> {
    if (!this.paused || this.ended || this.error) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  end(): void {
    if (this.ended || this.error) return;
    this.ended = true;
    this.settle({ value: undefined, done: true });
    this.release();
  }

  fail(error: Error): void {
    if (this.ended || this.error) return;
    this.error = error;
    if (this.waiting && this.items.length === 0) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    }
    this.release();
  }

  /** Items queued and not yet taken. */
  get buffered(): number {
    return this.items.length;
  }

  /** Their total size, as `size` measures it. */
  get bufferedSize(): number {
    return this.size;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) {
          const item = this.items.shift()!;
          this.size -= this.sizeOf(item);
          if (this.paused && this.size <= this.low) this.release();
          return Promise.resolve({ value: item, done: false });
        }
        if (this.error) return Promise.reject(this.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  private settle(result: IteratorResult<T>): void {
    if (!this.waiting) return;
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(result);
  }

  private release(): void {
    if (this.paused) {
      this.paused = false;
      this.flow?.resume();
    }
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

/** A queue of byte chunks bounded by their total length, resuming at a quarter of the mark. */
export function byteQueue(highWaterMark: number, flow?: FlowControl): AsyncQueue<Uint8Array> {
  return new AsyncQueue<Uint8Array>({ highWaterMark, lowWaterMark: highWaterMark / 4, size: (chunk) => chunk.length, ...(flow ? { flow } : {}) });
}
