/**
 * The tar format as `kubectl cp` uses it: a streaming reader (ustar, GNU long
 * names, pax paths) that never holds more than one block and one name in memory,
 * and a writer for regular files and directories.
 */
import { KubexProtocolError } from "../errors.js";

export const BLOCK = 512;
/** tar reads whole records; an archive padded to one lets tar finish without waiting for end of input. */
export const RECORD = 20 * BLOCK;
/** Longest GNU or pax name accepted: far beyond any path a file system allows. */
const MAX_LONG_NAME = 64 * 1024;

export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "other";

export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  readonly mode: number;
  readonly size: number;
  readonly linkName: string;
  readonly mtime: number;
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  #chunks: AsyncIterator<Uint8Array>;
  #current: Uint8Array = new Uint8Array(0);
  #offset = 0;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (at least one), or undefined at the end of the input. */
  async next(max: number): Promise<Uint8Array | undefined> {
    while (this.#offset >= this.#current.length) {
      const r = await this.#chunks.next();
      if (r.done) return undefined;
      this.#current = r.value;
      this.#offset = 0;
    }
    const end = Math.min(this.#current.length, this.#offset + max);
    const piece = this.#current.subarray(this.#offset, end);
    this.#offset = end;
    return piece;
  }

  async exact(n: number, what: string): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const piece = await this.next(n - filled);
      if (!piece) throw new KubexProtocolError(`tar: the archive ended inside ${what}`);
      out.set(piece, filled);
      filled += piece.length;
    }
    return out;
  }

  async skip(n: number, what: string): Promise<void> {
    while (n > 0) {
      const piece = await this.next(n);
      if (!piece) throw new KubexProtocolError(`tar: the archive ended inside ${what}`);
      n -= piece.length;
    }
  }

  async return(): Promise<void> {
    await this.#chunks.return?.();
  }
}

const decoder = new TextDecoder();
const text = (block: Uint8Array, start: number, length: number) => {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return decoder.decode(nul === -1 ? field : field.subarray(0, nul));
};

function number(block: Uint8Array, start: number, length: number, what: string): number {
  if (block[start]! & 0x80) {
    // base-256 (GNU) for values too large for octal
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    if (!Number.isSafeInteger(value)) throw new KubexProtocolError(`tar: ${what} is too large`);
    return value;
  }
  const digits = text(block, start, length).trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) throw new KubexProtocolError(`tar: ${what} is not an octal number`);
  return Number.parseInt(digits, 8);
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === number(block, 148, 8, "checksum");
}

const typeOf = (flag: string): TarEntryType => (flag === "0" || flag === "\0" || flag === "" || flag === "7" ? "file" : flag === "5" ? "directory" : flag === "2" ? "symlink" : flag === "1" ? "hardlink" : "other");

/** pax records: "<length> <key>=<value>\n", the length counted in bytes. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const length = space === -1 ? Number.NaN : Number.parseInt(decoder.decode(data.subarray(pos, space)), 10);
    if (!(length > space - pos + 1) || pos + length > data.length) throw new KubexProtocolError("tar: a malformed pax record");
    const record = decoder.decode(data.subarray(space + 1, pos + length - 1));
    const eq = record.indexOf("=");
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}

/**
 * Reads an archive entry by entry. For each entry, `onEntry` receives its header and
 * an iterable of its data, which it must read to the end (or not at all) before returning.
 */
export async function readTar(source: AsyncIterable<Uint8Array>, onEntry: (entry: TarEntry, data: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void> {
  const reader = new ByteReader(source);
  let longName: string | undefined;
  let longLink: string | undefined;
  try {
    for (;;) {
      const header = await reader.next(BLOCK).then(async (first) => {
        if (!first) return undefined; // no end-of-archive blocks: tolerated, as tar does
        if (first.length === BLOCK) return first.slice();
        const rest = await reader.exact(BLOCK - first.length, "a header");
        const block = new Uint8Array(BLOCK);
        block.set(first);
        block.set(rest, first.length);
        return block;
      });
      if (!header || header.every((b) => b === 0)) return;
      if (!checksumOk(header)) throw new KubexProtocolError("tar: a header's checksum does not match (not a tar archive, or a corrupted one)");
      const flag = String.fromCharCode(header[156]!);
      const size = number(header, 124, 12, "size");
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      if (flag === "L" || flag === "K" || flag === "x") {
        if (size > MAX_LONG_NAME) throw new KubexProtocolError(`tar: a ${flag === "x" ? "pax header" : "long name"} of ${size} bytes is over the limit of ${MAX_LONG_NAME}`);
        const data = (await reader.exact(padded, "a long name")).subarray(0, size);
        if (flag === "x") {
          const records = paxRecords(data);
          longName = records.get("path") ?? longName;
          longLink = records.get("linkpath") ?? longLink;
        } else if (flag === "L") longName = text(data, 0, data.length);
        else longLink = text(data, 0, data.length);
        continue;
      }
      if (flag === "g") {
        await reader.skip(padded, "a global pax header");
        continue;
      }
      const prefix = decoder.decode(header.subarray(257, 263)).startsWith("ustar") ? text(header, 345, 155) : "";
      const shortName = text(header, 0, 100);
      const entry: TarEntry = {
        name: longName ?? (prefix ? `${prefix}/${shortName}` : shortName),
        type: typeOf(flag),
        mode: number(header, 100, 8, "mode"),
        size,
        linkName: longLink ?? text(header, 157, 100),
        mtime: number(header, 136, 12, "mtime"),
      };
      longName = undefined;
      longLink = undefined;
      let remaining = entry.type === "file" ? size : 0;
      const data: AsyncIterable<Uint8Array> = {
        async *[Symbol.asyncIterator]() {
          while (remaining > 0) {
            const piece = await reader.next(remaining);
            if (!piece) throw new KubexProtocolError(`tar: the archive ended inside ${entry.name}`);
            remaining -= piece.length;
            yield piece;
          }
        },
      };
      await onEntry(entry, data);
      await reader.skip(remaining + (padded - size) + (entry.type === "file" ? 0 : size), `the data of ${entry.name}`);
    }
  } finally {
    await reader.return();
  }
}

const encoder = new TextEncoder();

function octal(block: Uint8Array, start: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, "0");
  if (digits.length > length - 1) throw new RangeError(`tar: ${value} does not fit ${length - 1} octal digits`);
  block.set(encoder.encode(digits), start);
}

function header(name: string, type: "0" | "5" | "x", mode: number, size: number, mtime: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(encoder.encode(name).subarray(0, 100), 0);
  octal(block, 100, 8, mode & 0o7777);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.max(0, Math.floor(mtime)));
  block[156] = type.charCodeAt(0);
  block.set(encoder.encode("ustar\u000000"), 257);
  block.fill(32, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(encoder.encode(`${sum.toString(8).padStart(6, "0")}\u0000 `), 148);
  return block;
}

function paxHeaderFor(name: string, mtime: number): Uint8Array[] {
  const body = (length: number) => `${length} path=${name}\n`;
  let length = encoder.encode(body(0)).length;
  while (encoder.encode(body(length)).length !== length) length = encoder.encode(body(length)).length;
  const data = encoder.encode(body(length));
  return [header("PaxHeader", "x", 0o644, data.length, mtime), ...padTo(data)];
}

function padTo(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, new Uint8Array(BLOCK - rest)];
}

export interface TarWriteEntry {
  readonly name: string;
  readonly type: "file" | "directory";
  readonly mode: number;
  readonly mtime: number;
  /** File contents, in pieces of any size; `size` must be their total length. */
  readonly size?: number;
  readonly data?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** Writes entries as a ustar archive (pax paths for long names), padded to whole records. */
export async function* writeTar(entries: AsyncIterable<TarWriteEntry> | Iterable<TarWriteEntry>): AsyncGenerator<Uint8Array> {
  let written = 0;
  const emit = (chunk: Uint8Array) => ((written += chunk.length), chunk);
  for await (const entry of entries) {
    const name = entry.type === "directory" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
    if (encoder.encode(name).length > 100) for (const c of paxHeaderFor(name, entry.mtime)) yield emit(c);
    const size = entry.type === "file" ? (entry.size ?? 0) : 0;
    yield emit(header(name, entry.type === "file" ? "0" : "5", entry.mode, size, entry.mtime));
    if (entry.type !== "file") continue;
    let sent = 0;
    for await (const piece of entry.data ?? []) {
      sent += piece.length;
      if (sent > size) throw new KubexProtocolError(`tar: ${entry.name} grew while it was read`);
      yield emit(piece);
    }
    if (sent !== size) throw new KubexProtocolError(`tar: ${entry.name} changed size while it was read (${sent} of ${size} bytes)`);
    if (size % BLOCK !== 0) yield emit(new Uint8Array(BLOCK - (size % BLOCK)));
  }
  const end = 2 * BLOCK;
  const total = Math.ceil((written + end) / RECORD) * RECORD;
  yield emit(new Uint8Array(total - written));
}
