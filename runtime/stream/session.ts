/**
 * An exec or attach session over one WebSocket: stdin out, stdout and stderr
 * in (demultiplexed by channel), resize, and the exit status from the error channel.
 */
import { KubexClientError, KubexProtocolError, type Status } from "../errors.js";
import { FrameQueue } from "../client/websocket/frames.js";
import type { WebSocketConnection } from "../client/websocket/connection.js";
import { Channel, closeFrame, decodeFrame, encodeFrame, resizeFrame } from "./channels.js";
import { exitCodeOf } from "./exit-status.js";

export interface StdinWriter {
  write(data: Uint8Array | string): Promise<void>;
  /** Half-closes stdin (v5.channel.k8s.io only; on v4 the process never sees EOF). */
  end(): Promise<void>;
}

export interface ExitInfo {
  /** 0 on success, the process's code on failure, `null` when the server sent no exit information. */
  readonly exitCode: number | null;
  readonly status: Status | undefined;
}

const encoder = new TextEncoder();

export class StreamSession implements AsyncDisposable {
  readonly stdout = new FrameQueue();
  readonly stderr = new FrameQueue();
  readonly stdin: StdinWriter;
  private status: Status | undefined;
  private readonly done: Promise<ExitInfo>;

  constructor(private readonly connection: WebSocketConnection) {
    this.stdin = {
      write: (data) => connection.send(encodeFrame(Channel.stdin, typeof data === "string" ? encoder.encode(data) : data)),
      end: async () => {
        if (connection.protocol === "v5.channel.k8s.io") await connection.send(closeFrame(Channel.stdin));
      },
    };
    this.done = this.pump();
    // Callers that never wait for the status must not see an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** The negotiated channel protocol. */
  get protocol(): string {
    return this.connection.protocol;
  }

  private async pump(): Promise<ExitInfo> {
    try {
      for await (const frame of this.connection.receive()) {
        const decoded = decodeFrame(frame);
        if (!decoded) continue;
        switch (decoded.channel) {
          case Channel.stdout:
            if (decoded.data.length > 0) this.stdout.push(decoded.data);
            break;
          case Channel.stderr:
            if (decoded.data.length > 0) this.stderr.push(decoded.data);
            break;
          case Channel.error:
            if (decoded.data.length > 0) this.status = parseStatus(decoded.data);
            break;
          default:
            throw new KubexProtocolError(`exec/attach: frame on unknown channel ${decoded.channel}`);
        }
      }
    } catch (error) {
      const e = error instanceof KubexClientError ? error : new KubexClientError(`exec/attach: ${(error as Error).message}`, { cause: error });
      this.stdout.fail(e);
      this.stderr.fail(e);
      await this.connection.close(1002).catch(() => undefined);
      throw e;
    }
    this.stdout.end();
    this.stderr.end();
    return { exitCode: exitCodeOf(this.status), status: this.status };
  }

  /** Resizes the terminal (tty sessions). */
  resize(size: { width: number; height: number }): Promise<void> {
    return this.connection.send(resizeFrame(size));
  }

  /** Resolves when the server closes the session, with the exit status it reported. */
  waitForStatus(): Promise<ExitInfo> {
    return this.done;
  }

  /** A Node `Readable` of one output channel, for piping. */
  async readable(channel: "stdout" | "stderr"): Promise<import("node:stream").Readable> {
    const { Readable } = await import("node:stream");
    return Readable.from(this[channel], { objectMode: false });
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.done.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function parseStatus(data: Uint8Array): Status {
  const text = new TextDecoder().decode(data);
  try {
    return JSON.parse(text) as Status;
  } catch {
    throw new KubexProtocolError(`exec/attach: the error channel carried no Status: ${JSON.stringify(text.slice(0, 200))}`);
  }
}
