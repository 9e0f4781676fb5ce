// A WebSocketConnection without a socket: the test pushes the server's frames, ends or fails
// them, and reads what the client sent and how it closed.
import { abnormalCloseError, FrameQueue } from "../../../../runtime/client/websocket/frames.js";
import type { WebSocketConnection } from "../../../../runtime/client/websocket/connection.js";

export interface FakeConnection extends WebSocketConnection {
  /** Frames the client sent, in order. */
  readonly sent: Uint8Array[];
  /** Close codes the client asked for, in order (undefined: the default). */
  readonly closes: (number | undefined)[];
  /** Frames the client has taken from `receive()` so far. */
  readonly taken: number;
  /** A frame from the server: channel byte, then the payload. */
  push(channel: number, payload?: string | Uint8Array): void;
  /** The server closes cleanly. */
  end(): void;
  /** The connection is lost (an abnormal close, as the adapters report it). */
  lose(code?: number): void;
  /** Fails `send` with this error from now on. */
  failSends(error: Error): void;
}

export function fakeConnection(protocol = "v5.channel.k8s.io"): FakeConnection {
  const frames = new FrameQueue();
  const sent: Uint8Array[] = [];
  const closes: (number | undefined)[] = [];
  let taken = 0;
  let sendError: Error | undefined;
  return {
    protocol,
    sent,
    closes,
    get taken() {
      return taken;
    },
    async send(data) {
      if (sendError) throw sendError;
      sent.push(Uint8Array.from(data));
    },
    receive() {
      const iterator = frames[Symbol.asyncIterator]();
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            const result = await iterator.next();
            if (!result.done) taken++;
            return result;
          },
        }),
      };
    },
    async close(code) {
      closes.push(code);
      frames.end();
    },
    async [Symbol.asyncDispose]() {
      await this.close();
    },
    push(channel, payload = "") {
      const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
      const frame = new Uint8Array(bytes.length + 1);
      frame[0] = channel;
      frame.set(bytes, 1);
      frames.push(frame);
    },
    end: () => frames.end(),
    lose: (code = 1006) => frames.fail(abnormalCloseError("/exec", code, undefined)),
    failSends(error) {
      sendError = error;
    },
  };
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Every chunk of an output, as text. */
export async function readText(output: AsyncIterable<Uint8Array>): Promise<string> {
  let all = "";
  for await (const chunk of output) all += text(chunk);
  return all;
}
