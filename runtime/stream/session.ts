/**
 * An exec or attach session over one WebSocket: stdin out, stdout and stderr
 * in (demultiplexed by channel), resize, and the exit status from the error channel.
 */
import { KubexClientError, KubexProtocolError, type Status } from "../errors.js";
import { isAbnormalClose } from "../client/websocket/frames.js";
import { byteQueue } from "../util/async-queue.js";
import type { WebSocketConnection } from "../client/websocket/connection.js";
import { Channel, closeFrame, decodeFrame, encodeFrame, resizeFrame } from "./channels.js";
import { exitCodeOf } from "./exit-status.js";
import { checkBytes, checkPipeTargets, checkTerminalSize } from "./arguments.js";
import { abortedError, onAbort, throwIfAborted } from "./abort.js";

/**
 * The stdin of an exec or attach session.
 *
 * @example
 * ```ts
 * await using session = await pods.exec.stream("web-0", { command: ["sh", "-c", "wc -l"], stdin: true });
 * const stdin: StdinWriter = session.stdin;
 * await stdin.write("one\ntwo\n");
 * await stdin.end(); // EOF for wc (v5.channel.k8s.io)
 * ```
 */
export interface StdinWriter {
  write(data: Uint8Array | string): Promise<void>;
  /** Half-closes stdin (v5.channel.k8s.io only; on v4 the process never sees EOF). */
  end(): Promise<void>;
}

/**
 * How an exec or attach process ended.
 *
 * @example
 * ```ts
 * await using session = await pods.exec.stream("web-0", { command: ["sh", "-c", "exit 3"] });
 * const exit: ExitInfo = await session.waitForStatus();
 * console.log(exit.exitCode, exit.status?.message); // 3 ...
 * ```
 */
export interface ExitInfo {
  /** 0 on success, the process's code on failure, `null` when the server sent no exit information. */
  readonly exitCode: number | null;
  readonly status: Status | undefined;
}

const encoder = new TextEncoder();

/** Which output channels the session asked for; one switched off ends at once. */
export interface SessionChannels {
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/**
 * Unread output a session holds per channel before it stops taking frames from
 * the connection (which then pauses the socket where the transport can).
 */
export const outputHighWaterMark = 1024 * 1024;


/**
 * An exec or attach session: stdin out, stdout and stderr in, terminal resize, the exit status.
 *
 * @example
 * ```ts
 * await using session = await pods.exec.stream("web-0", { command: ["sh"], stdin: true, tty: true });
 * await session.resize({ width: 120, height: 40 });
 * const exit = await session.pipe({ stdin: process.stdin, stdout: process.stdout });
 * process.exitCode = exit.exitCode ?? 1;
 * ```
 */
export class StreamSession implements AsyncDisposable {
  private readonly stdoutQueue = byteQueue(outputHighWaterMark);
  private readonly stderrQueue = byteQueue(outputHighWaterMark);
  /** Bytes from the process's stdout; ends when the session closes. Read it (or switch it off), or the session stalls once 1 MiB waits unread. */
  readonly stdout: AsyncIterable<Uint8Array> = this.stdoutQueue;
  /** Bytes from stderr, bounded like `stdout`. */
  readonly stderr: AsyncIterable<Uint8Array> = this.stderrQueue;
  readonly stdin: StdinWriter;
  private status: Status | undefined;
  private closing = false;
  private readonly done: Promise<ExitInfo>;

  /** @internal Opened by the exec and attach accessors. */
  constructor(
    private readonly connection: WebSocketConnection,
    private readonly signal?: AbortSignal,
    channels: SessionChannels = { stdout: true, stderr: true },
  ) {
    if (!channels.stdout) this.stdoutQueue.end();
    if (!channels.stderr) this.stderrQueue.end();
    this.stdin = {
      write: async (data) => {
        checkBytes(data, true);
        await connection.send(encodeFrame(Channel.stdin, typeof data === "string" ? encoder.encode(data) : data));
      },
      end: async () => {
        if (connection.protocol === "v5.channel.k8s.io") await connection.send(closeFrame(Channel.stdin));
      },
    };
    const forget = onAbort(signal, () => {
      // Fails the outputs now, which also frees a pump waiting for a reader.
      const error = abortedError("exec/attach", signal!);
      this.stdoutQueue.fail(error);
      this.stderrQueue.fail(error);
      void connection.close();
    });
    this.done = this.pump().finally(forget);
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
          case Channel.stderr: {
            // Waiting here while the reader is behind stops taking frames: backpressure down to the socket.
            const queue = decoded.channel === Channel.stdout ? this.stdoutQueue : this.stderrQueue;
            if (decoded.data.length > 0 && !queue.push(decoded.data)) await queue.drained();
            break;
          }
          case Channel.error:
            if (decoded.data.length > 0) this.status = parseStatus(decoded.data);
            break;
          default:
            throw new KubexProtocolError(`exec/attach: frame on unknown channel ${decoded.channel}`);
        }
      }
      throwIfAborted("exec/attach", this.signal);
    } catch (error) {
      // Once the exit status is in, or once this side asked to close, losing the connection ends nothing.
      if (isAbnormalClose(error) && (this.status !== undefined || this.closing) && !this.signal?.aborted) return this.finish();
      const e = this.signal?.aborted
        ? abortedError("exec/attach", this.signal)
        : error instanceof KubexClientError
          ? error
          : new KubexClientError(`exec/attach: ${(error as Error).message}`, { cause: error });
      this.stdoutQueue.fail(e);
      this.stderrQueue.fail(e);
      await this.connection.close(1002).catch(() => undefined);
      throw e;
    }
    return this.finish();
  }

  private finish(): ExitInfo {
    this.stdoutQueue.end();
    this.stderrQueue.end();
    return { exitCode: exitCodeOf(this.status), status: this.status };
  }

  /** Resizes the terminal (tty sessions). */
  async resize(size: { width: number; height: number }): Promise<void> {
    checkTerminalSize(size);
    return this.connection.send(resizeFrame(size));
  }

  /** Resolves when the server closes the session, with the exit status it reported. */
  waitForStatus(): Promise<ExitInfo> {
    return this.done;
  }

  /**
   * stdin as a WHATWG `WritableStream` (available on Node, Bun and Deno): each write waits
   * until its frame is sent; `close()` half-closes stdin as `stdin.end()` does.
   */
  writable(): WritableStream<Uint8Array | string> {
    return new WritableStream<Uint8Array | string>({ write: (chunk) => this.stdin.write(chunk), close: () => this.stdin.end() }, { highWaterMark: 1 });
  }

  /**
   * Connects the session to streams and resolves with the exit status once the output is
   * written. `stdin` is any async iterable of bytes or text (a Node `Readable`, a WHATWG
   * `ReadableStream`); its end half-closes stdin. Each output goes to a WHATWG `WritableStream`
   * or a Node `Writable`, one chunk at a time, waiting for the sink (backpressure reaches the
   * socket); an output without a sink is read and dropped. Sinks are not ended.
   */
  async pipe(io: PipeTargets): Promise<ExitInfo> {
    checkPipeTargets(io);
    const feeding = io.stdin ? this.feed(io.stdin) : undefined;
    // stdin may outlive the process (an interactive source that never ends): its failure counts only while the session runs.
    const stdinFailed = feeding ? feeding.then(() => new Promise<never>(() => undefined)) : new Promise<never>(() => undefined);
    const output = Promise.all([drainTo(this.stdout, io.stdout), drainTo(this.stderr, io.stderr)]).then(() => this.done);
    return Promise.race([output, stdinFailed]);
  }

  private async feed(source: AsyncIterable<Uint8Array | string>): Promise<void> {
    for await (const chunk of source) await this.stdin.write(chunk);
    await this.stdin.end();
  }

  /** A Node `Readable` of one output channel, for piping. */
  async readable(channel: "stdout" | "stderr"): Promise<import("node:stream").Readable> {
    const { Readable } = await import("node:stream");
    return Readable.from(this[channel], { objectMode: false });
  }

  async close(): Promise<void> {
    this.closing = true;
    // What is queued can still be read; nothing more is taken, so a pump waiting for a reader goes on.
    this.stdoutQueue.end();
    this.stderrQueue.end();
    await this.connection.close();
    await this.done.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Where `pipe` sends an output channel: a WHATWG `WritableStream` or a Node `Writable`.
 *
 * @example
 * ```ts
 * import { createWriteStream } from "node:fs";
 *
 * const sink: OutputSink = createWriteStream("backup.sql");
 * await using session = await pods.exec.stream("postgres-0", { command: ["pg_dump", "shop"] });
 * await session.pipe({ stdout: sink, stderr: process.stderr });
 * ```
 */
export type OutputSink = WritableStream<Uint8Array> | NodeWritableLike;

/**
 * The part of a Node `Writable` that `pipe` uses.
 *
 * @example
 * ```ts
 * const counter: NodeWritableLike = {
 *   write(chunk, callback) {
 *     console.log(`${chunk.byteLength} bytes`);
 *     callback();
 *     return true;
 *   },
 * };
 * await using session = await pods.exec.stream("web-0", { command: ["cat", "/var/log/app.log"] });
 * await session.pipe({ stdout: counter });
 * ```
 */
export interface NodeWritableLike {
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
}

/**
 * Where `session.pipe` takes stdin from and sends stdout and stderr to.
 *
 * @example
 * ```ts
 * const targets: PipeTargets = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
 * await using session = await pods.exec.stream("web-0", { command: ["sh"], stdin: true });
 * const { exitCode } = await session.pipe(targets);
 * ```
 */
export interface PipeTargets {
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  readonly stdout?: OutputSink;
  readonly stderr?: OutputSink;
}

async function drainTo(output: AsyncIterable<Uint8Array>, sink: OutputSink | undefined): Promise<void> {
  if (!sink) {
    for await (const _ of output);
    return;
  }
  if ("getWriter" in sink) {
    const writer = sink.getWriter();
    try {
      for await (const chunk of output) await writer.write(chunk);
    } finally {
      writer.releaseLock();
    }
    return;
  }
  // Waiting for each write's callback is the Node form of backpressure.
  for await (const chunk of output) await new Promise<void>((resolve, reject) => sink.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/**
 * The error channel's payload: a `Status` object whose `status` is Success or Failure.
 * The kubelet omits `kind` on success, so a missing kind is accepted; another kind is not.
 */
function parseStatus(data: Uint8Array): Status {
  const text = new TextDecoder().decode(data);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const object = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (!object || (object.kind !== undefined && object.kind !== "Status") || (object.status !== "Success" && object.status !== "Failure")) {
    throw new KubexProtocolError(`exec/attach: the error channel carried no Status (an object with status Success or Failure): ${JSON.stringify(text.slice(0, 200))}`);
  }
  return object as Status;
}
