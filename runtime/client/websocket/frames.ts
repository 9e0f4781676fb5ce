/**
 * The queue of received binary frames, shared by both adapters: ends on a clean
 * close, fails on a protocol violation or an abnormal close. Given a `FlowControl`
 * (the socket's `pause()` and `resume()`), it pauses reading while more than 64
 * frames wait unread and resumes at 16.
 */
import { KubexClientError, KubexProtocolError } from "../../errors.js";
import { AsyncQueue, type FlowControl } from "../../util/async-queue.js";

export type { FlowControl } from "../../util/async-queue.js";

export class FrameQueue extends AsyncQueue<Uint8Array> {
  constructor(flow?: FlowControl) {
    super(flow ? { highWaterMark: 64, lowWaterMark: 16, flow } : {});
  }
}

export function textFrameError(): KubexProtocolError {
  return new KubexProtocolError("WebSocket: received a text frame; the Kubernetes channel protocols send binary frames only");
}

export function oversizeError(size: number, limit: number): KubexClientError {
  return new KubexClientError(
    `WebSocket: a message of ${size > 0 ? `${size} bytes` : "more than the limit"} exceeds the limit of ${limit} bytes (ClientOptions.wsMaxMessageSize; null removes the cap)`,
    { code: "KUBEX_WS_MESSAGE_TOO_LARGE" },
  );
}

/** A close that ends the stream cleanly: 1000, or a close frame without a code (1005). */
export function isCleanClose(code: number | undefined): boolean {
  return code === 1000 || code === 1005;
}

/** The connection ended without a clean close: transport lost (1006), server error (1011), going away (1001), ... */
export function abnormalCloseError(path: string, code: number | undefined, reason: string | undefined): KubexClientError {
  const detail = code === undefined || code === 1006 ? "the connection was lost, code 1006" : `code ${code}`;
  return new KubexClientError(`WebSocket ${path}: closed abnormally (${detail}${reason ? `: ${reason}` : ""})`, { code: "KUBEX_WS_ABNORMAL_CLOSE" });
}

/** What an adapter does when its socket closes: a clean close ends the frames, any other fails them. */
export function endFrames(frames: FrameQueue, path: string, code: number | undefined, reason: string | undefined): void {
  if (isCleanClose(code)) frames.end();
  else frames.fail(abnormalCloseError(path, code, reason));
}

export function isAbnormalClose(error: unknown): boolean {
  return error instanceof KubexClientError && error.code === "KUBEX_WS_ABNORMAL_CLOSE";
}
