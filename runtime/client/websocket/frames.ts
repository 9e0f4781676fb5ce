/**
 * A queue turning pushed WebSocket events into an async iterator of binary
 * frames, shared by both adapters. Ends on close; fails on a protocol violation.
 */
import { KubexClientError } from "../../errors.js";

export class FrameQueue implements AsyncIterable<Uint8Array> {
  private readonly frames: Uint8Array[] = [];
  private waiting: ((result: IteratorResult<Uint8Array>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private error: Error | undefined;
  private ended = false;

  constructor(private readonly onPull?: () => void) {}

  push(frame: Uint8Array): void {
    if (this.ended || this.error) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: frame, done: false });
    } else this.frames.push(frame);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  fail(error: Error): void {
    if (this.error || this.ended) return;
    this.error = error;
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = undefined;
      reject(error);
    }
  }

  /** Frames not yet taken, for flow control. */
  get buffered(): number {
    return this.frames.length;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        const frame = this.frames.shift();
        if (frame) {
          this.onPull?.();
          return Promise.resolve({ value: frame, done: false });
        }
        if (this.error) return Promise.reject(this.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
          this.onPull?.();
        });
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }
}

export function textFrameError(): KubexClientError {
  return new KubexClientError("WebSocket: received a text frame; the Kubernetes channel protocols send binary frames only", { code: "KUBEX_WS_PROTOCOL" });
}

export function oversizeError(size: number, limit: number): KubexClientError {
  return new KubexClientError(
    `WebSocket: a message of ${size > 0 ? `${size} bytes` : "more than the limit"} exceeds the limit of ${limit} bytes (ClientOptions.wsMaxMessageSize; null removes the cap)`,
    { code: "KUBEX_WS_MESSAGE_TOO_LARGE" },
  );
}
