/**
 * A reply read whole through undici's `Dispatcher.dispatch`: a handler keeps the
 * chunks and the body is decoded once, with no Readable stream, no async
 * iterator and no AbortController per call. Streams (watch, logs) do not come
 * here: they need the body as it arrives.
 */
import type { Dispatcher } from "undici";
import { recordHeaders, type RawResponse } from "./response.js";
import type { CallInFlight } from "./in-flight.js";
import type { ResponseHeaders } from "./request.js";

/** What bounds one buffered exchange besides undici's own timers. */
export interface BufferedLimits {
  /** Aborts the exchange (a caller's signal, a total timeout); `undefined` when nothing can. */
  readonly signal: AbortSignal | undefined;
  /** The call `close()` aborts; it is handed this exchange's abort. */
  readonly call: CallInFlight | undefined;
  /** Bytes kept of a non-2xx body; past them the exchange is stopped and the body is marked as longer. */
  readonly errorBodyLimit: number;
}

/** Sends `options` on `dispatcher` and resolves once the whole body is in; rejects with what undici or the signal said. */
export function dispatchBuffered(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, limits: BufferedLimits): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const { signal, call, errorBodyLimit } = limits;
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let headers: ResponseHeaders | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    let stopped: Error | undefined;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener("abort", onSignal);
      return true;
    };
    // An abort before undici has started the request is applied when it does.
    const stop = (reason: Error): void => {
      if (!settle()) return;
      stopped = reason;
      controller?.abort(reason);
      reject(reason);
    };
    const onSignal = (): void => stop(signal!.reason as Error);
    if (signal?.aborted) return onSignal();
    signal?.addEventListener("abort", onSignal, { once: true });
    call?.onAbort(stop);
    if (settled) return;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (stopped) c.abort(stopped);
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = recordHeaders(responseHeaders);
      },
      onResponseData(c, chunk) {
        chunks.push(chunk);
        size += chunk.length;
        // An error reply is a small Status: a server sending more (or without end) is not waited for.
        if ((status < 200 || status >= 300) && size > errorBodyLimit && settle()) {
          resolve(wholeReply(status, headers!, chunks));
          c.abort(new Error("error body over its limit"));
        }
      },
      onResponseEnd() {
        if (settle()) resolve(wholeReply(status, headers!, chunks));
      },
      onResponseError(_c, error) {
        if (settle()) reject(error);
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      if (settle()) reject(error as Error);
    }
  });
}

/** The body as one buffer, without copying when it came in one chunk. */
function joined(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** A reply whose body is all in memory: reading it cannot fail, and nothing is left to release. */
function wholeReply(status: number, headers: ResponseHeaders, chunks: readonly Buffer[]): RawResponse {
  return {
    status,
    headers,
    complete: true,
    body: {
      async *[Symbol.asyncIterator]() {
        yield* chunks;
      },
    },
    // UTF-8 without a byte order mark, as TextDecoder and undici's body.text() read it.
    text: async () => {
      const bytes = joined(chunks);
      const bom = bytes.length > 2 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      // toString() without arguments is Buffer's UTF-8 fast path.
      return bom ? bytes.subarray(3).toString() : bytes.toString();
    },
    bytes: async () => joined(chunks),
    cancel: async () => {},
  };
}
