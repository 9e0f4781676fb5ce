// Incremental line splitting of watch and log streams.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexProtocolError } from "../../../runtime/index.js";
import { jsonLines, splitLines } from "../../../runtime/api/lines.js";

const encoder = new TextEncoder();
function source(...parts: string[]): AsyncIterable<Uint8Array> {
  return { async *[Symbol.asyncIterator]() { for (const p of parts) yield encoder.encode(p); } };
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test("a JSON line split over many chunks is parsed whole; blank lines are skipped", async () => {
  const line = JSON.stringify({ type: "ADDED", object: { metadata: { name: "a", labels: { x: "ü" } } } });
  const parts = [line.slice(0, 3), line.slice(3, 4), line.slice(4, 30), line.slice(30) + "\n\n", '{"type":"DELETED"}\r\n'];
  assert.deepEqual(await collect(jsonLines(source(...parts), "t")), [JSON.parse(line), { type: "DELETED" }]);
});

test("a stream ending inside a JSON line is a KubexProtocolError that names the stream", async () => {
  await assert.rejects(collect(jsonLines(source('{"type":"ADDED"}\n{"type":"MOD'), "watch /api/v1/pods")),
    (e: Error) => e instanceof KubexProtocolError && /watch \/api\/v1\/pods/.test(e.message) && /truncated/.test(e.message));
});

test("an unterminated last line is yielded; an empty stream has no lines", async () => {
  assert.deepEqual(await collect(splitLines(source("a\nb"), "logs")), ["a", "b"]);
  assert.deepEqual(await collect(splitLines(source(), "empty")), []);
});

test("lines are yielded as they arrive, before the source ends (no whole-body buffering)", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  let finished = false;
  const slow: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      yield encoder.encode("first\nsec");
      await gate;
      yield encoder.encode("ond\n");
      finished = true;
    },
  };
  const it = splitLines(slow, "t")[Symbol.asyncIterator]();
  // A buffering splitter would wait for the gate: fail fast instead of hanging.
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("first line not yielded before the source ended")), 2000).unref());
  assert.deepEqual(await Promise.race([it.next(), timeout]), { value: "first", done: false });
  assert.equal(finished, false);
  release();
  assert.deepEqual(await it.next(), { value: "second", done: false });
  assert.equal((await it.next()).done, true);
});

test("20,000 events straddling chunk boundaries all arrive", async () => {
  const count = 20_000;
  const event = JSON.stringify({ type: "MODIFIED", object: { metadata: { name: "x".repeat(200) } } }) + "\n";
  const chunked: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      const bytes = encoder.encode(event);
      // Odd chunk sizes so events straddle boundaries.
      for (let i = 0; i < count; i++) { yield bytes.subarray(0, 97); yield bytes.subarray(97); }
    },
  };
  let seen = 0;
  for await (const e of jsonLines<{ type: string }>(chunked, "t")) if (e.type === "MODIFIED") seen++;
  assert.equal(seen, count);
});

test("property: any lines, cut into chunks at any byte positions, come back whole and in order", async () => {
  const { default: fc } = await import("fast-check");
  const line = fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ""));
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), async (lines, cuts, crlf) => {
    const bytes = encoder.encode(lines.map((l) => l + (crlf ? "\r\n" : "\n")).join(""));
    const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
    const chunks: Uint8Array[] = [];
    let from = 0;
    for (const p of [...points, bytes.length]) { chunks.push(bytes.slice(from, p)); from = p; }
    const got = await collect(splitLines({ async *[Symbol.asyncIterator]() { yield* chunks; } }, "t", 4 * 40 + 2));
    assert.deepEqual(got, lines);
  }), { numRuns: 300 });
});

test("property: a line up to the cap passes, one byte over it is a KubexProtocolError naming the cap", async () => {
  const { default: fc } = await import("fast-check");
  await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), async (cap, chunkSize, terminated) => {
    const chunked = (text: string): AsyncIterable<Uint8Array> => ({
      async *[Symbol.asyncIterator]() { const b = encoder.encode(text); for (let i = 0; i < b.length; i += chunkSize) yield b.slice(i, i + chunkSize); },
    });
    const end = terminated ? "\n" : "";
    assert.deepEqual(await collect(splitLines(chunked("x".repeat(cap) + end), "t", cap)), ["x".repeat(cap)]);
    await assert.rejects(collect(splitLines(chunked("x".repeat(cap + 1) + end), "logs of p", cap)),
      (e: Error) => e instanceof KubexProtocolError && e.message.includes(`${cap} bytes`) && e.message.includes("logs of p"));
  }), { numRuns: 200 });
});

test("an endless line is refused at the cap without buffering past it (default cap 16 MiB)", async () => {
  let produced = 0;
  const endless: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() { const chunk = new Uint8Array(1 << 20).fill(120); for (;;) { produced += chunk.length; yield chunk; } },
  };
  await assert.rejects(collect(splitLines(endless, "watch /api/v1/pods")), (e: Error) => e instanceof KubexProtocolError && /16777216 bytes/.test(e.message));
  assert.ok(produced <= 17 << 20, `read ${produced} bytes before refusing`);
});

test("a long line in many small chunks is split in linear time", { timeout: 5000 }, async () => {
  const size = 8 << 20;
  const chunk = new Uint8Array(1024).fill(97);
  const source: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      for (let sent = 0; sent < size; sent += chunk.length) {
        // A macrotask now and then, so the test's timeout can fire on a slow splitter.
        if (sent % (256 << 10) === 0) await new Promise((resolve) => setImmediate(resolve));
        yield chunk;
      }
      yield encoder.encode("\nend\n");
    },
  };
  const lines = await collect(splitLines(source, "t"));
  assert.deepEqual(lines.map((l) => l.length), [size, 3]);
});

test("a byte order mark is dropped at the start of the stream only; one that begins a later line is text", async () => {
  const bom = "\uFEFF";
  assert.deepEqual(await collect(splitLines(source(`${bom}first\n${bom}second\nthird\n${bom}fourth`), "t")), ["first", `${bom}second`, "third", `${bom}fourth`]);
  // Split inside the mark, and a stream of one unterminated line.
  const marked = encoder.encode(`${bom}only`);
  const cut: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() { yield marked.slice(0, 2); yield marked.slice(2); } };
  assert.deepEqual(await collect(splitLines(cut, "t")), ["only"]);
});

test("property: any bytes, valid UTF-8 or not, cut into chunks anywhere, decode line by line as TextDecoder decodes each line", async () => {
  const { default: fc } = await import("fast-check");
  const decode = (bytes: Uint8Array) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  // Bytes other than LF, with the byte order mark's and multi-byte characters' bytes drawn often, and lines that begin with the mark.
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 10), fc.constantFrom(0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 13));
  const line = fc.tuple(fc.boolean(), fc.array(byte, { maxLength: 12 })).map(([marked, b]) => Uint8Array.from(marked ? [0xef, 0xbb, 0xbf, ...b] : b));
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), async (lines, cuts) => {
    const bytes = Uint8Array.from(lines.flatMap((l) => [...l, 10]));
    const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
    const chunks: Uint8Array[] = [];
    let from = 0;
    for (const p of [...points, bytes.length]) { chunks.push(bytes.slice(from, p)); from = p; }
    const want = lines.map((l, i) => {
      const text = decode(l.length > 0 && l[l.length - 1] === 13 ? l.subarray(0, l.length - 1) : l);
      return i === 0 && text.startsWith("\uFEFF") ? text.slice(1) : text;
    });
    const got = await collect(splitLines({ async *[Symbol.asyncIterator]() { yield* chunks; } }, "t"));
    assert.deepEqual(got, want);
  }), { numRuns: 500 });
});

test("property: the cap is per line, however many lines one chunk holds; a line over it among short ones is refused", async () => {
  const { default: fc } = await import("fast-check");
  await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: 20 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), fc.nat(), fc.boolean(), async (cap, lengths, at, crlf) => {
    // A CR before the LF counts toward the cap: it is part of the bytes read before the newline.
    const lines = lengths.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n % (cap + (crlf ? 0 : 1))));
    const end = crlf ? "\r\n" : "\n";
    assert.deepEqual(await collect(splitLines(source(lines.map((l) => l + end).join("")), "t", cap)), lines);
    const long = lines.map((l, i) => (i === at % lines.length ? "z".repeat(cap + 1) : l));
    await assert.rejects(collect(splitLines(source(long.map((l) => l + end).join("")), "logs of p", cap)),
      (e: Error) => e instanceof KubexProtocolError && e.message.includes(`${cap} bytes`));
  }), { numRuns: 300 });
});

test("the lines wholly inside a chunk are decoded with one call, up to a span of exactly the cap; past it, one call per line", async () => {
  const calls = { n: 0 };
  const decode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = function (this: typeof TextDecoder.prototype, input?: Parameters<typeof decode>[0], options?: Parameters<typeof decode>[1]) {
    calls.n++;
    return decode.call(this, input, options);
  };
  const count = async (text: string, cap?: number) => {
    calls.n = 0;
    const lines = await collect(splitLines(source(text), "t", cap));
    return { lines, decodes: calls.n };
  };
  try {
    // The first line, then "b\nc\nd" (5 bytes) in one call; the last line is unterminated.
    assert.deepEqual(await count("aaaa\nb\nc\nd\ne"), { lines: ["aaaa", "b", "c", "d", "e"], decodes: 3 });
    assert.deepEqual(await count("aaaa\nb\nc\nd\ne", 5), { lines: ["aaaa", "b", "c", "d", "e"], decodes: 3 });
    assert.deepEqual(await count("aaaa\nb\nc\nd\ne", 4), { lines: ["aaaa", "b", "c", "d", "e"], decodes: 5 });
    assert.deepEqual(await count(`${"x\n".repeat(1000)}`), { lines: Array(1000).fill("x"), decodes: 2 });
  } finally {
    TextDecoder.prototype.decode = decode;
  }
});
