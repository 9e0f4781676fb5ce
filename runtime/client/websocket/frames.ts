/**
 * The queue of received binary frames, shared by both adapters: ends on close,
 * fails on a protocol violation. Given a `FlowControl` (the socket's `pause()` and
 * `resume()`), it pauses reading while more than 64 frames wait unread and resumes
 * at 16. A plain function is the older hook: called on every pull, it decides itself.
 */
import { KubexClientError } from "../../errors.js";
import { AsyncQueue, type FlowControl } from "../../util/async-queue.js";

export type { FlowControl } from "../../util/async-queue.js";

export class FrameQueue extends AsyncQueue<Uint8Array> {
  private readonly onPull: (() => void) | undefined;

  constructor(flow?: FlowControl | (() => void)) {
    super(typeof flow === "object" ? { highWaterMark: 64, lowWaterMark: 16, flow } : {});
    this.onPull = typeof flow === "function" ? flow : undefined;
  }

  override [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const inner = super[Symbol.asyncIterator]();
    const onPull = this.onPull;
    if (!onPull) return inner;
    return {
      next: () => {
        const result = inner.next();
        onPull();
        return result;
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
