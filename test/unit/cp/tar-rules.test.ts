// The tar reader on hand-made headers (each field, type flag, extension and refusal), and the
// exact bytes and refusals of the writer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubexProtocolError } from "../../../runtime/errors.js";
import { BLOCK, readTar, RECORD, writeTar, type TarEntry, type TarWriteEntry } from "../../../runtime/cp/tar.js";

const enc = new TextEncoder();

interface Fields {
  name?: string;
  mode?: string;
  size?: number | Uint8Array;
  mtime?: string;
  flag?: string;
  linkName?: string;
  magic?: string;
  prefix?: string;
  checksum?: number;
}

/** One header block; numbers in octal text unless given as raw bytes; checksum computed unless given. */
function header(f: Fields): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(enc.encode(f.name ?? "f"), 0);
  block.set(enc.encode(f.mode ?? "0000644\0"), 100);
  if (f.size instanceof Uint8Array) block.set(f.size, 124);
  else block.set(enc.encode(`${(f.size ?? 0).toString(8).padStart(11, "0")}\0`), 124);
  block.set(enc.encode(f.mtime ?? "00000000001\0"), 136);
  block.set(enc.encode(f.flag ?? "0"), 156);
  block.set(enc.encode(f.linkName ?? ""), 157);
  block.set(enc.encode(f.magic ?? "ustar\u000000"), 257);
  block.set(enc.encode(f.prefix ?? ""), 345);
  block.fill(32, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.set(enc.encode(`${(f.checksum ?? sum).toString(8).padStart(6, "0")}\0 `), 148);
  return block;
}
const padded = (data: Uint8Array | string) => {
  const bytes = typeof data === "string" ? enc.encode(data) : data;
  const out = new Uint8Array(Math.ceil(bytes.length / BLOCK) * BLOCK);
  out.set(bytes);
  return out;
};
const end = new Uint8Array(2 * BLOCK);
const archive = (...parts: Uint8Array[]) => Buffer.concat(parts);

async function* chunks(bytes: Uint8Array, size = bytes.length) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function read(bytes: Uint8Array, size?: number, readData = true): Promise<(TarEntry & { data: string })[]> {
  const out: (TarEntry & { data: string })[] = [];
  await readTar(chunks(bytes, size), async (entry, data) => {
    let text = "";
    if (readData) for await (const piece of data) text += Buffer.from(piece).toString("latin1");
    out.push({ ...entry, data: text });
  });
  return out;
}
const protocolError = (message: string) => (e: unknown) => e instanceof KubexProtocolError && (e as Error).message === message;

describe("readTar: fields", () => {
  it("reads name, mode, size, mtime and data of a file", async () => {
    const [entry] = await read(archive(header({ name: "dir/a.txt", mode: "0000755\0", size: 5, mtime: "00000001750\0" }), padded("hello"), end));
    assert.deepEqual(entry, { name: "dir/a.txt", type: "file", mode: 0o755, size: 5, linkName: "", mtime: 0o1750, data: "hello" });
  });
  it("joins a ustar prefix to the name; without the ustar magic the prefix is ignored", async () => {
    const [withMagic] = await read(archive(header({ name: "b", prefix: "long/dir" }), end));
    assert.equal(withMagic!.name, "long/dir/b");
    const [old] = await read(archive(header({ name: "b", prefix: "long/dir", magic: "\0\0\0\0\0\0" }), end));
    assert.equal(old!.name, "b");
    const [empty] = await read(archive(header({ name: "c" }), end));
    assert.equal(empty!.name, "c");
  });
  it("a 100-character name without NUL is read whole", async () => {
    const [entry] = await read(archive(header({ name: "n".repeat(100) }), end));
    assert.equal(entry!.name, "n".repeat(100));
  });
  it("an empty or space-padded numeric field; base-256 sizes", async () => {
    const [blank] = await read(archive(header({ mode: "\0", mtime: "      \0" }), end));
    assert.deepEqual([blank!.mode, blank!.mtime], [0, 0]);
    const [spaced] = await read(archive(header({ mode: " 000644 " }), end));
    assert.equal(spaced!.mode, 0o644);
    const big = new Uint8Array(12);
    big[0] = 0x80;
    big[11] = 3;
    big[10] = 1;
    const [entry] = await read(archive(header({ size: big }), padded("x".repeat(259)), end));
    assert.equal(entry!.size, 259);
    assert.equal(entry!.data.length, 259);
  });
  it("a numeric field that is not octal, or a base-256 value beyond 2^53, is refused naming the field", async () => {
    await assert.rejects(read(archive(header({ mode: "0000948\0" }), end)), protocolError("tar: mode is not an octal number"));
    await assert.rejects(read(archive(header({ mtime: "12x\0" }), end)), protocolError("tar: mtime is not an octal number"));
    await assert.rejects(read(archive(header({ mtime: "x17\0" }), end)), protocolError("tar: mtime is not an octal number"));
    const huge = new Uint8Array(12).fill(0xff);
    await assert.rejects(read(archive(header({ size: huge }), end)), protocolError("tar: size is too large"));
  });
});

describe("readTar: types and extensions", () => {
  for (const [flag, type] of [["0", "file"], ["\0", "file"], ["7", "file"], ["5", "directory"], ["2", "symlink"], ["1", "hardlink"], ["3", "other"], ["6", "other"]] as const) {
    it(`type flag ${JSON.stringify(flag)} is ${type}`, async () => {
      const [entry] = await read(archive(header({ flag, linkName: "target" }), end));
      assert.equal(entry!.type, type);
      assert.equal(entry!.linkName, "target");
    });
  }
  it("a non-file entry's data is skipped, never handed out", async () => {
    const entries = await read(archive(header({ name: "d/", flag: "5", size: 3 }), padded("xyz"), header({ name: "next", size: 1 }), padded("n"), end));
    assert.deepEqual(entries.map((e) => [e.name, e.data]), [["d/", ""], ["next", "n"]]);
  });
  it("GNU long names (L) and long link names (K) apply to the next entry only", async () => {
    const name = "x".repeat(300);
    const entries = await read(
      archive(header({ name: "././@LongLink", flag: "L", size: name.length + 1 }), padded(`${name}\0`), header({ name: "K", flag: "K", size: 4 }), padded("lnk\0"), header({ name: "short", flag: "2" }), header({ name: "after" }), end),
    );
    assert.deepEqual(entries.map((e) => [e.name, e.linkName]), [[name, "lnk"], ["after", ""]]);
  });
  it("pax path and linkpath apply to the next entry; other keys and records without = are ignored", async () => {
    const body = "17 path=pax/name\n20 linkpath=pax/lnk\n12 mtime=15\n9 noeq  \n";
    const entries = await read(archive(header({ name: "PaxHeader", flag: "x", size: body.length }), padded(body), header({ name: "short", flag: "1" }), header({ name: "after" }), end));
    assert.deepEqual(entries.map((e) => [e.name, e.linkName]), [["pax/name", "pax/lnk"], ["after", ""]]);
  });
  it("a pax record with a one-digit length is read", async () => {
    const body = "9 path=a\n";
    const [entry] = await read(archive(header({ flag: "x", size: body.length }), padded(body), header({ name: "s" }), end));
    assert.equal(entry!.name, "a");
  });
  it("a pax record without = is ignored whole, not split at its last character", async () => {
    const body = "8 pathx\n";
    const [entry] = await read(archive(header({ flag: "x", size: body.length }), padded(body), header({ name: "s" }), end));
    assert.equal(entry!.name, "s");
  });
  it("a pax record length counts bytes, not characters", async () => {
    const body = "14 path=é/é\n";
    assert.equal(enc.encode(body).length, 14);
    const [entry] = await read(archive(header({ flag: "x", size: 14 }), padded(body), header({ name: "s" }), end));
    assert.equal(entry!.name, "é/é");
  });
  it("a pax header without path keeps an earlier GNU long name", async () => {
    const body = "12 mtime=15\n";
    const [entry] = await read(archive(header({ flag: "L", size: 5 }), padded("long\0"), header({ flag: "x", size: body.length }), padded(body), header({ name: "s" }), end));
    assert.equal(entry!.name, "long");
  });
  it("a global pax header (g) is skipped", async () => {
    const body = "17 path=ignored!\n";
    const entries = await read(archive(header({ flag: "g", size: body.length }), padded(body), header({ name: "only" }), end));
    assert.deepEqual(entries.map((e) => e.name), ["only"]);
  });
  for (const body of ["x path=a\n", "3 path=abc\n", "99 path=a\n", "nospace", "2x", "2 "]) {
    it(`a malformed pax record is refused: ${JSON.stringify(body)}`, async () => {
      await assert.rejects(read(archive(header({ flag: "x", size: body.length }), padded(body), header({ name: "s" }), end)), protocolError("tar: a malformed pax record"));
    });
  }
  it("long names and pax headers over 64 KiB are refused, naming which", async () => {
    await assert.rejects(read(archive(header({ flag: "L", size: 65537 }), end)), protocolError("tar: a long name of 65537 bytes is over the limit of 65536"));
    await assert.rejects(read(archive(header({ flag: "K", size: 65537 }), end)), protocolError("tar: a long name of 65537 bytes is over the limit of 65536"));
    await assert.rejects(read(archive(header({ flag: "x", size: 70000 }), end)), protocolError("tar: a pax header of 70000 bytes is over the limit of 65536"));
  });
  it("a long name of exactly 64 KiB is taken", async () => {
    const name = "a".repeat(65535);
    const [entry] = await read(archive(header({ flag: "L", size: 65536 }), padded(`${name}\0`), header({ name: "s" }), end));
    assert.equal(entry!.name, name);
  });
});

describe("readTar: the end of the archive", () => {
  it("stops at the first zero block, reading nothing after it", async () => {
    const entries = await read(archive(header({ name: "a" }), new Uint8Array(BLOCK), header({ name: "never" })));
    assert.deepEqual(entries.map((e) => e.name), ["a"]);
  });
  it("an archive without end blocks is read to its end", async () => {
    const entries = await read(archive(header({ name: "a", size: 1 }), padded("1")));
    assert.deepEqual(entries.map((e) => e.name), ["a"]);
  });
  it("headers and data split across chunks of any size", async () => {
    const bytes = archive(header({ name: "a", size: 700 }), padded("z".repeat(700)), header({ name: "b" }), end);
    for (const size of [1, 100, 511, 513]) assert.deepEqual((await read(bytes, size)).map((e) => [e.name, e.data.length]), [["a", 700], ["b", 0]]);
  });
  it("data left unread by the caller is skipped", async () => {
    const entries = await read(archive(header({ name: "a", size: 600 }), padded("q".repeat(600)), header({ name: "b", size: 1 }), padded("b"), end), undefined, false);
    assert.deepEqual(entries.map((e) => e.name), ["a", "b"]);
  });
  it("truncation in a header, in data, in a long name or in skipped data names where", async () => {
    await assert.rejects(read(header({ name: "a" }).subarray(0, 300)), protocolError("tar: the archive ended inside a header"));
    await assert.rejects(read(archive(header({ name: "a", size: 10 }), enc.encode("abc"))), protocolError("tar: the archive ended inside a"));
    await assert.rejects(read(archive(header({ name: "a", size: 10 }), enc.encode("abc")), undefined, false), protocolError("tar: the archive ended inside the data of a"));
    await assert.rejects(read(archive(header({ flag: "L", size: 10 }), enc.encode("abc"))), protocolError("tar: the archive ended inside a long name"));
    await assert.rejects(read(archive(header({ flag: "g", size: 10 }), enc.encode("abc"))), protocolError("tar: the archive ended inside a global pax header"));
  });
  it("a header whose checksum does not match is refused", async () => {
    await assert.rejects(read(archive(header({ checksum: 1 }), end)), protocolError("tar: a header's checksum does not match (not a tar archive, or a corrupted one)"));
  });
  it("a checksum field that is not octal is refused naming the checksum", async () => {
    const block = header({});
    block.set(enc.encode("abc\0 \0\0\0"), 148);
    await assert.rejects(read(archive(block, end)), protocolError("tar: checksum is not an octal number"));
  });
  it("a source whose iterator has no return() is read and released without one", async () => {
    const bytes = archive(header({ name: "a", size: 1 }), padded("1"), end);
    let done = false;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: async () => (done ? { value: undefined, done: true as const } : ((done = true), { value: bytes, done: false as const })) }),
    };
    const names: string[] = [];
    await readTar(source, async (entry) => void names.push(entry.name));
    assert.deepEqual(names, ["a"]);
  });
  it("the source is released when the caller fails", async () => {
    let returned = false;
    const bytes = archive(header({ name: "a" }), end);
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        let done = false;
        return {
          next: async () => (done ? { value: undefined, done: true } : ((done = true), { value: bytes, done: false })),
          return: async () => ((returned = true), { value: undefined, done: true }),
        };
      },
    };
    await assert.rejects(readTar(source, async () => { throw new Error("caller failed"); }), /caller failed/);
    assert.equal(returned, true);
  });
});

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

describe("writeTar", () => {
  it("writes a ustar header: name, mode (permission bits), owner 0, size, mtime (whole seconds, not negative), type, checksum", async () => {
    const bytes = await collect(writeTar([{ name: "a.txt", type: "file", mode: 0o100644, mtime: 12.9, size: 2, data: [enc.encode("hi")] }]));
    const text = (start: number, length: number) => Buffer.from(bytes.subarray(start, start + length)).toString("latin1");
    assert.equal(text(0, 6), "a.txt\0");
    assert.equal(text(100, 8), "0000644\0");
    assert.equal(text(108, 8), "0000000\0");
    assert.equal(text(116, 8), "0000000\0");
    assert.equal(text(124, 12), "00000000002\0");
    assert.equal(text(136, 12), "00000000014\0");
    assert.equal(text(156, 1), "0");
    assert.equal(text(257, 8), "ustar\u000000");
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : bytes[i]!;
    assert.equal(text(148, 8), `${sum.toString(8).padStart(6, "0")}\0 `);
    assert.equal(text(BLOCK, 3), "hi\0");
    assert.equal(bytes.length, RECORD);
    const [negative] = [await collect(writeTar([{ name: "n", type: "directory", mode: 0o755, mtime: -5 }]))];
    assert.equal(Buffer.from(negative!.subarray(136, 148)).toString("latin1"), "00000000000\0");
  });
  it("a directory's name ends with / and it has no data", async () => {
    const entries: TarWriteEntry[] = [{ name: "d", type: "directory", mode: 0o755, mtime: 0 }, { name: "e/", type: "directory", mode: 0o755, mtime: 0, size: 10 }];
    const back = await read(await collect(writeTar(entries)));
    assert.deepEqual(back.map((e) => [e.name, e.type, e.size]), [["d/", "directory", 0], ["e/", "directory", 0]]);
  });
  it("a directory's data, if given, is not written", async () => {
    const entries: TarWriteEntry[] = [{ name: "d", type: "directory", mode: 0o755, mtime: 0, size: 3, data: [enc.encode("xyz")] }, { name: "f", type: "file", mode: 0o644, mtime: 0, size: 1, data: [enc.encode("1")] }];
    const bytes = await collect(writeTar(entries));
    assert.deepEqual((await read(bytes)).map((e) => [e.name, e.size, e.data]), [["d/", 0, ""], ["f", 1, "1"]]);
    assert.equal(bytes.length, RECORD);
  });
  it("a pax header whose records fill whole blocks gets no padding block (which would end the archive)", async () => {
    // "512 path=<502 bytes>\n" is exactly one block.
    const name = "q".repeat(502);
    const bytes = await collect(writeTar([{ name, type: "file", mode: 0o600, mtime: 0, size: 1, data: [enc.encode("z")] }]));
    assert.equal(Buffer.from(bytes.subarray(BLOCK, BLOCK + 9)).toString(), "512 path=");
    assert.equal(bytes[2 * BLOCK + 156], "0".charCodeAt(0), "the entry's own header follows at once");
    assert.deepEqual((await read(bytes)).map((e) => [e.name, e.data]), [[name, "z"]]);
  });
  it("a file without data or size is empty", async () => {
    const back = await read(await collect(writeTar([{ name: "empty", type: "file", mode: 0o600, mtime: 0 }])));
    assert.deepEqual(back.map((e) => [e.name, e.size, e.data]), [["empty", 0, ""]]);
  });
  it("names over 100 bytes get a pax header; exactly 100 bytes do not", async () => {
    const exact = "a".repeat(100);
    const exactBytes = await collect(writeTar([{ name: exact, type: "file", mode: 0o600, mtime: 0 }]));
    assert.equal(exactBytes[156], "0".charCodeAt(0));
    const long = "é".repeat(51);
    const longBytes = await collect(writeTar([{ name: long, type: "file", mode: 0o600, mtime: 0 }]));
    assert.equal(longBytes[156], "x".charCodeAt(0));
    assert.equal(Buffer.from(longBytes.subarray(0, 10)).toString(), "PaxHeader\0");
    assert.deepEqual((await read(longBytes)).map((e) => e.name), [long]);
  });
  it("pax record lengths are self-consistent, also where the length gains a digit", async () => {
    // "<length> path=<name>\n" reaches 1000 bytes for names of about 990 bytes.
    for (const n of [101, 989, 990, 991, 992, 993]) {
      const name = "p".repeat(n);
      assert.deepEqual((await read(await collect(writeTar([{ name, type: "file", mode: 0o600, mtime: 0 }])))).map((e) => e.name), [name], String(n));
    }
  });
  it("data is padded to whole blocks and the archive to whole records, with at least two zero blocks", async () => {
    for (const size of [0, 1, 511, 512, 513, RECORD - 3 * BLOCK, RECORD - 3 * BLOCK + 1]) {
      const bytes = await collect(writeTar([{ name: "f", type: "file", mode: 0o600, mtime: 0, size, data: [new Uint8Array(size).fill(1)] }]));
      const used = BLOCK + Math.ceil(size / BLOCK) * BLOCK;
      assert.equal(bytes.length, Math.ceil((used + 2 * BLOCK) / RECORD) * RECORD, `size ${size}`);
      assert.ok(bytes.subarray(used).every((b) => b === 0));
    }
  });
  it("a file that grows or shrinks while it is read is refused", async () => {
    await assert.rejects(collect(writeTar([{ name: "g", type: "file", mode: 0o600, mtime: 0, size: 2, data: [enc.encode("ab"), enc.encode("c")] }])), protocolError("tar: g grew while it was read"));
    await assert.rejects(collect(writeTar([{ name: "s", type: "file", mode: 0o600, mtime: 0, size: 5, data: [enc.encode("ab")] }])), protocolError("tar: s changed size while it was read (2 of 5 bytes)"));
  });
  it("a size beyond 11 octal digits does not fit", async () => {
    await assert.rejects(collect(writeTar([{ name: "huge", type: "file", mode: 0o600, mtime: 0, size: 8 ** 11, data: [] }])), (e: unknown) => e instanceof RangeError && (e as Error).message === `tar: ${8 ** 11} does not fit 11 octal digits`);
  });
});
