/**
 * Splits a byte stream into lines as it arrives, across chunk boundaries,
 * without buffering the whole body (watch events, followed logs). Each byte is
 * looked at once (newlines are searched in the new chunk only), and a line is
 * capped so a server that never sends a newline cannot exhaust memory.
 */
import type { BaseClient } from "../client/base-client.js";
import type { KubeRequest, KubeResponse } from "../client/request.js";
import { KubexArgumentError, KubexProtocolError } from "../errors.js";
import { stoppedByCaller } from "./abort.js";

/**
 * Default cap of one line in bytes: several times the largest object the API server
 * accepts (its request body limit is 3 MiB), so no real event comes near it.
 */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

const LF = 10;
const CR = 13;

/** Incremental splitter: `push` each chunk, get back the lines it completed; `end` at the end of the stream. */
export class LineSplitter {
  private readonly parts: Uint8Array[] = [];
  private pending = 0;
  /** Whether a line has been decoded: a byte order mark is dropped from the stream's first line only. */
  private started = false;
  // A mark inside the stream is text (U+FEFF), so the decoder keeps it; the first line drops its own.
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  constructor(
    private readonly what: string,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new KubexArgumentError("options.maxLineBytes", "must be a positive integer (bytes)");
    }
  }

  /** The lines `chunk` completes, without their `\n` or `\r\n`. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    const first = chunk.indexOf(LF);
    let start = 0;
    if (first !== -1) {
      this.check(this.pending + first);
      lines.push(this.line(chunk.subarray(0, first)));
      start = first + 1;
      const last = chunk.lastIndexOf(LF);
      // The lines wholly inside this chunk: decoded at once and split, since a call to the
      // decoder costs more than the bytes of a short line. None is longer than the span, so
      // the cap holds when the span is within it; past it each line is checked on its own.
      if (last > first && last - start <= this.maxLineBytes) {
        for (const line of this.decoder.decode(chunk.subarray(start, last)).split("\n")) lines.push(line.endsWith("\r") ? line.slice(0, -1) : line);
        start = last + 1;
      }
      for (let newline = chunk.indexOf(LF, start); newline !== -1; newline = chunk.indexOf(LF, start)) {
        this.check(newline - start);
        lines.push(this.line(chunk.subarray(start, newline)));
        start = newline + 1;
      }
    }
    if (start < chunk.length) {
      this.check(this.pending + chunk.length - start);
      // A copy: the source may reuse its buffer for the next chunk.
      this.parts.push(chunk.slice(start));
      this.pending += chunk.length - start;
    }
    return lines;
  }

  /** The unterminated last line, if the stream ended inside one. */
  end(): string | undefined {
    return this.pending === 0 ? undefined : this.line(new Uint8Array(0));
  }

  private check(length: number): void {
    if (length > this.maxLineBytes) {
      throw new KubexProtocolError(`${this.what}: a line exceeds the cap of ${this.maxLineBytes} bytes (maxLineBytes) without a newline`);
    }
  }

  /** The pending parts plus `tail` as one decoded line; each line is whole UTF-8 since LF never occurs inside a character. */
  private line(tail: Uint8Array): string {
    let bytes = tail;
    if (this.parts.length > 0) {
      bytes = new Uint8Array(this.pending + tail.length);
      let at = 0;
      for (const part of this.parts) {
        bytes.set(part, at);
        at += part.length;
      }
      bytes.set(tail, at);
      this.parts.length = 0;
      this.pending = 0;
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const text = this.decoder.decode(bytes.subarray(0, end));
    if (this.started) return text;
    this.started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/** The lines of a byte stream; an unterminated last line is yielded too. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, what: string, maxLineBytes?: number): AsyncGenerator<string> {
  const splitter = new LineSplitter(what, maxLineBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  const last = splitter.end();
  if (last !== undefined) yield last;
}

/** A JSON line parsed; a line that is not JSON (a truncated event) is a `KubexProtocolError`. */
export function parseJsonLine(line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    const snippet = line.length > 100 ? `${line.slice(0, 100)}…` : line;
    throw new KubexProtocolError(`${what}: malformed or truncated event ${JSON.stringify(snippet)}`, { cause: error });
  }
}

/** Lines parsed as JSON, blank lines skipped. */
export async function* jsonLines<T>(chunks: AsyncIterable<Uint8Array>, what: string, maxLineBytes?: number): AsyncGenerator<T> {
  for await (const line of splitLines(chunks, what, maxLineBytes)) {
    if (line.trim() !== "") yield parseJsonLine(line, what) as T;
  }
}

/** What a stream hands on for a line (`what` names the stream); `undefined` skips the line (a blank line between watch events). */
export type LineDecoder<T> = (line: string, what: string) => T | undefined;

const finished: IteratorResult<never> = Object.freeze({ value: undefined, done: true });

/**
 * The lines of a streamed reply (watch events, followed logs), the unterminated last one
 * included, each passed through `decode`. Lines received after the caller aborted are not
 * handed on, an abort through the caller's own signal just ends the loop, and the reply is
 * closed when the loop ends or breaks. The request is sent on the first `next()`.
 *
 * A hand-written iterator rather than an async generator: the lines a chunk completes are
 * handed out from an array, one resolved promise each, so a loop pays one microtask turn per
 * line instead of a generator resumption per layer; only reading a chunk awaits.
 */
export class LineStream<T> implements AsyncIterableIterator<T> {
  private splitter: LineSplitter | undefined;
  private what = "";
  private request: KubeRequest | undefined;
  private response: KubeResponse | undefined;
  private chunks: AsyncIterator<Uint8Array> | undefined;
  private lines: string[] = [];
  private at = 0;
  /** The body ended: the lines left are the last ones. */
  private ended = false;
  private done = false;
  /** The read in flight; a `next()` meanwhile waits for it, so values keep their order. */
  private reading: Promise<IteratorResult<T>> | undefined;

  constructor(
    private readonly client: BaseClient,
    private readonly build: () => KubeRequest,
    /** Names the stream in errors, from its request (`watch /api/v1/pods`). */
    private readonly name: (request: KubeRequest) => string,
    private readonly decode: LineDecoder<T>,
    private readonly maxLineBytes?: number,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.reading === undefined && this.at < this.lines.length && this.request?.signal?.aborted !== true) {
      try {
        // The common case: the lines of a chunk already read, handed out without awaiting.
        do {
          const value = this.decode(this.lines[this.at++]!, this.what);
          if (value !== undefined) return Promise.resolve({ value, done: false });
        } while (this.at < this.lines.length);
      } catch (error) {
        return this.fail(error);
      }
    }
    return this.read();
  }

  async return(): Promise<IteratorResult<T>> {
    await this.reading?.catch(() => undefined);
    await this.close();
    return finished;
  }

  private read(): Promise<IteratorResult<T>> {
    const previous = this.reading;
    const reading = (previous === undefined ? this.pull() : previous.then(() => this.pull(), () => this.pull())).finally(() => {
      if (this.reading === reading) this.reading = undefined;
    });
    this.reading = reading;
    return reading;
  }

  /** The next value, reading chunks until one completes a line that is not skipped. */
  private async pull(): Promise<IteratorResult<T>> {
    if (this.done) return finished;
    // Built here, so a bad argument rejects the first next() as every other call rejects its promise.
    if (this.request === undefined) {
      this.request = this.build();
      this.what = this.name(this.request);
    }
    const splitter = (this.splitter ??= new LineSplitter(this.what, this.maxLineBytes));
    const signal = this.request.signal;
    try {
      for (;;) {
        while (this.at < this.lines.length) {
          if (signal?.aborted) return await this.close();
          const value = this.decode(this.lines[this.at++]!, this.what);
          if (value !== undefined) return { value, done: false };
        }
        if (this.ended) return await this.close();
        if (this.chunks === undefined) {
          this.response = await this.client.stream(this.request);
          this.chunks = this.response.body()[Symbol.asyncIterator]();
        }
        const chunk = await this.chunks.next();
        this.at = 0;
        if (chunk.done) {
          this.ended = true;
          const last = splitter.end();
          this.lines = last === undefined ? [] : [last];
        } else {
          this.lines = splitter.push(chunk.value);
        }
      }
    } catch (error) {
      await this.close();
      if (stoppedByCaller(error, signal)) return finished;
      throw error;
    }
  }

  private async fail(error: unknown): Promise<IteratorResult<T>> {
    await this.close();
    throw error;
  }

  private async close(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.lines = [];
      this.at = 0;
      await this.response?.cancel();
    }
    return finished;
  }
}

/** A stream of the lines of a reply as they are (logs), opened on the first `next()`. */
export function streamLines(client: BaseClient, build: () => KubeRequest, what: string, maxLineBytes?: number): AsyncIterable<string> {
  return { [Symbol.asyncIterator]: () => new LineStream(client, build, () => what, (line) => line, maxLineBytes) };
}
