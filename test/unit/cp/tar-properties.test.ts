// Properties of the tar codec on generated input: what writeTar writes reads back whole in any
// chunking; an archive cut anywhere or with bytes changed is read up to the damage or refused
// with a KubexProtocolError, never another error; no entry name leads outside the target.
import assert from "node:assert/strict";
import { join, sep } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { KubexProtocolError } from "../../../runtime/errors.js";
import { destinationOf } from "../../../runtime/cp/local-files.js";
import { readTar, writeTar, type TarEntry, type TarWriteEntry } from "../../../runtime/cp/tar.js";

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}
async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield bytes.subarray(pos, pos + n);
    pos += n;
  }
}
async function entriesOf(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): Promise<(TarEntry & { data: Uint8Array })[]> {
  const out: (TarEntry & { data: Uint8Array })[] = [];
  await readTar(chunked(bytes, sizes), async (entry, data) => void out.push({ ...entry, data: await collect(data) }));
  return out;
}

const segment = fc.stringMatching(/^[a-zA-Z0-9._ é~-]{1,60}$/).filter((s) => s !== "." && s !== "..");
const entry: fc.Arbitrary<TarWriteEntry & { bytes: Uint8Array }> = fc.record({
  path: fc.array(segment, { minLength: 1, maxLength: 6 }),
  directory: fc.boolean(),
  mode: fc.integer({ min: 0, max: 0o177777 }),
  mtime: fc.double({ min: -10, max: 2 ** 33 - 1, noNaN: true }),
  bytes: fc.uint8Array({ maxLength: 1200 }),
}).map(({ path, directory, mode, mtime, bytes }) =>
  directory
    ? { name: path.join("/"), type: "directory" as const, mode, mtime, bytes: new Uint8Array(0) }
    : { name: path.join("/"), type: "file" as const, mode, mtime, size: bytes.length, data: [bytes], bytes });
const chunkSizes = fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 4 });

/** Any failure of reading damaged input must be a protocol error. */
async function readOrRefuse(bytes: Uint8Array, sizes?: number[]): Promise<(TarEntry & { data: Uint8Array })[] | undefined> {
  try {
    return await entriesOf(bytes, sizes);
  } catch (error) {
    assert.ok(error instanceof KubexProtocolError, `not a protocol error: ${String(error)}`);
    assert.match((error as Error).message, /^tar: /);
    return undefined;
  }
}

describe("tar properties", () => {
  it("writeTar then readTar gives back every entry: name, type, permission bits, size, whole-second mtime, data", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 5 }), chunkSizes, async (entries, sizes) => {
        const back = await entriesOf(await collect(writeTar(entries)), sizes);
        assert.deepEqual(
          back.map((e) => [e.name, e.type, e.mode, e.size, e.mtime, Buffer.from(e.data).toString("hex")]),
          entries.map((e) => [e.type === "directory" ? `${e.name}/` : e.name, e.type, e.mode & 0o7777, e.bytes.length, Math.max(0, Math.floor(e.mtime)), Buffer.from(e.bytes).toString("hex")]),
        );
      }),
      { numRuns: 80 },
    );
  });

  it("an archive cut at any byte gives a prefix of its entries or a protocol error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), chunkSizes, async (entries, at, sizes) => {
        const whole = await collect(writeTar(entries));
        const cut = Math.floor(at * whole.length);
        const got = await readOrRefuse(whole.subarray(0, cut), sizes);
        if (got) {
          const want = entries.map((e) => (e.type === "directory" ? `${e.name}/` : e.name));
          assert.deepEqual(got.map((e) => e.name), want.slice(0, got.length));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("an archive with bytes changed anywhere is read or refused with a protocol error, never another error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (entries, changes) => {
          const bytes = Uint8Array.from(await collect(writeTar(entries)));
          for (const [at, value] of changes) bytes[Math.floor(at * (bytes.length - 1))] = value;
          await readOrRefuse(bytes);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a header whose checksum matches but whose fields are arbitrary bytes is read or refused with a protocol error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 512, maxLength: 512 }), fc.uint8Array({ maxLength: 2048 }), async (block, rest) => {
        const header = Uint8Array.from(block);
        header.fill(32, 148, 156);
        let sum = 0;
        for (const b of header) sum += b;
        header.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
        await readOrRefuse(Buffer.concat([header, rest]));
      }),
      { numRuns: 150 },
    );
  });

  it("no entry name leads outside the target", () => {
    const target = join("/tmp", "target");
    const part = fc.constantFrom("..", ".", "", "a", "b", "..a", "a..", "...", "/");
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.boolean(), (parts, absolute) => {
        const name = `${absolute ? "/" : ""}${parts.join("/")}`;
        const destination = destinationOf(name, target);
        if (destination !== undefined) assert.ok(destination === target || destination.startsWith(`${target}${sep}`), `${name} -> ${destination}`);
      }),
      { numRuns: 500 },
    );
  });
});
