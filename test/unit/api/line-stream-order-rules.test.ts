// LineStream's promises: a line already read is handed out at once (one microtask turn, no
// read in between), also after a skipped line and after a read has finished; a next() made while
// another read is in flight settles after it, so values settle in the order they were asked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexProtocolError } from "../../../runtime/index.js";
import { LineStream, streamLines } from "../../../runtime/api/lines.js";
import { RecordingClient } from "./recording-client.js";

/** True when `promise` settles within one microtask turn. */
async function settlesAtOnce(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await Promise.resolve();
  return settled;
}

/** Lines upper-cased; an empty line is skipped. */
function stream(client: RecordingClient) {
  return new LineStream<string>(client, () => ({ method: "GET", path: "/log" }), () => "logs", (line) => (line === "" ? undefined : line.toUpperCase()));
}

test("the lines of a chunk already read are handed out at once, a skipped line between them too", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nb\n\nc\n", "d\n"];
  const it = stream(client);
  assert.deepEqual(await it.next(), { value: "A", done: false });
  const b = it.next();
  assert.equal(await settlesAtOnce(b), true, "b");
  assert.deepEqual(await b, { value: "B", done: false });
  const c = it.next();
  assert.equal(await settlesAtOnce(c), true, "c, after a skipped line");
  assert.deepEqual(await c, { value: "C", done: false });
  const d = it.next();
  assert.equal(await settlesAtOnce(d), false, "d needs a read");
  assert.deepEqual(await d, { value: "D", done: false });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test("after a read that follows another one, the lines it read are handed out at once", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\n", "b\nc\n"];
  const it = stream(client);
  const [a, b] = [it.next(), it.next()];
  assert.deepEqual(await a, { value: "A", done: false });
  assert.deepEqual(await b, { value: "B", done: false });
  const c = it.next();
  assert.equal(await settlesAtOnce(c), true);
  assert.deepEqual(await c, { value: "C", done: false });
});

test("a next() made while a read is in flight settles after it, even when its line is already there", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nb\nc\n"];
  const it = stream(client);
  const first = it.next();
  const second = it.next();
  const settled: string[] = [];
  void second.then((r) => settled.push(String(r.value)));
  assert.deepEqual(await first, { value: "A", done: false });
  // The second read has taken B and is finishing: C must wait for it.
  const third = it.next();
  void third.then((r) => settled.push(String(r.value)));
  await Promise.all([second, third]);
  assert.deepEqual(settled, ["B", "C"]);
});

test("streamLines names the stream in its errors", async () => {
  const client = new RecordingClient();
  client.chunks = ["abcd\n"];
  const lines = streamLines(client, () => ({ method: "GET", path: "/log" }), "logs of web-0", 3);
  await assert.rejects(async () => {
    for await (const _ of lines) void _;
  }, (e: unknown) => e instanceof KubexProtocolError && e.message === "logs of web-0: a line exceeds the cap of 3 bytes (maxLineBytes) without a newline");
  assert.equal(client.cancelled, 1);
});
