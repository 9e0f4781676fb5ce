// Incremental line splitting of watch and log streams.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsonLines, KubexProtocolError, splitLines } from "../../../runtime/index.js";

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

test("strict mode rejects an unterminated last line; lenient mode yields it", async () => {
  assert.deepEqual(await collect(splitLines(source("a\nb"), "logs")), ["a", "b"]);
  await assert.rejects(collect(splitLines(source("a\nb"), "logs", false)), (e: Error) => e instanceof KubexProtocolError && /1 bytes unterminated/.test(e.message));
  assert.deepEqual(await collect(splitLines(source(), "empty", false)), []);
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
