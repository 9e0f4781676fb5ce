// LineStream rule by rule: the request built once and named once, skipped lines, the lines left
// after an abort or a close never handed on, next() calls in flight kept in order (also after a
// failure), and return() before the first next() or while a read is in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeRequest, KubeResponse } from "../../../runtime/index.js";
import { LineStream, streamLines } from "../../../runtime/api/lines.js";
import { RecordingClient } from "./recording-client.js";

const done = { value: undefined, done: true };

/** A client whose streamed reply yields each chunk only when the test releases it. */
class GatedClient extends RecordingClient {
  private readonly queue: string[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  events: string[] = [];
  send(...chunks: string[]): void {
    this.queue.push(...chunks);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  override async stream(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    const self = this;
    return {
      status: 200,
      headers: { get: () => null, getAll: () => [] },
      text: async () => "",
      json: async <T>() => ({}) as T,
      body: () => ({
        async *[Symbol.asyncIterator]() {
          for (;;) {
            while (self.queue.length === 0 && !self.ended) await new Promise<void>((resolve) => (self.wake = resolve));
            const chunk = self.queue.shift();
            if (chunk === undefined) return;
            self.events.push(`chunk ${chunk}`);
            yield new TextEncoder().encode(chunk);
          }
        },
      }),
      cancel: async () => {
        self.events.push("cancel");
        self.cancelled++;
      },
    };
  }
}

function lineStream(client: RecordingClient, request: Partial<KubeRequest> = {}) {
  const built: KubeRequest[] = [];
  const seen: [string, string][] = [];
  const stream = new LineStream<string>(
    client,
    () => {
      const r = { method: "GET" as const, path: "/api/v1/namespaces/n/pods/p/log", ...request };
      built.push(r);
      return r;
    },
    (r) => `logs of ${r.path}`,
    (line, what) => {
      seen.push([line, what]);
      if (line === "") return undefined;
      if (line === "boom") throw new Error("decode failed");
      return line.toUpperCase();
    },
  );
  return { stream, built, seen };
}

test("the request is built once, on the first next(); decode gets each line and the stream's name", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\n", "b\nc\n", "d\n"];
  const { stream, built, seen } = lineStream(client);
  assert.equal(built.length, 0);
  const values: string[] = [];
  for await (const value of stream) values.push(value);
  assert.deepEqual(values, ["A", "B", "C", "D"]);
  assert.equal(built.length, 1);
  assert.equal(client.sent.length, 1);
  assert.equal(client.cancelled, 1);
  const name = "logs of /api/v1/namespaces/n/pods/p/log";
  assert.deepEqual(seen, [["a", name], ["b", name], ["c", name], ["d", name]]);
});

test("a line decode skips is not handed on, whether it opens a chunk or follows a line in it", async () => {
  const client = new RecordingClient();
  client.chunks = ["\na\n", "\n", "\nb\n\n"];
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "A", done: false });
  assert.deepEqual(await it.next(), { value: "B", done: false });
  assert.deepEqual(await it.next(), done);
});

test("lines left in a chunk after the caller aborts are not handed on, and the reply is closed", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nb\nc\n"];
  const controller = new AbortController();
  const { stream } = lineStream(client, { signal: controller.signal });
  const it = stream[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "A", done: false });
  controller.abort();
  assert.deepEqual(await it.next(), done);
  assert.equal(client.cancelled, 1);
});

test("a stream without a signal hands out every line of a chunk, one next() at a time", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nb\nc\n"];
  const it = streamLines(client, () => ({ method: "GET", path: "/log" }), "logs")[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "a", done: false });
  assert.deepEqual(await it.next(), { value: "b", done: false });
  assert.deepEqual(await it.next(), { value: "c", done: false });
  assert.deepEqual(await it.next(), done);
  assert.equal(client.cancelled, 1);
});

test("a stream ending on a newline ends there: no empty last line", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\n", "b\n"];
  const it = streamLines(client, () => ({ method: "GET", path: "/log" }), "logs")[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "a", done: false });
  assert.deepEqual(await it.next(), { value: "b", done: false });
  assert.deepEqual(await it.next(), done);
  assert.deepEqual(await it.next(), done);
  assert.equal(client.sent.length, 1);
});

test("after return(), no later chunk is read: next() is done", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\n", "b\n", "c\n"];
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "A", done: false });
  assert.deepEqual(await it.return!(), done);
  assert.deepEqual(await it.next(), done);
  assert.deepEqual(await it.next(), done);
  assert.equal(client.cancelled, 1);
});

test("return() before the first next() sends nothing and is done", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\n"];
  const { stream, built } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  assert.deepEqual(await it.return!(), done);
  assert.deepEqual(await it.next(), done);
  assert.equal(built.length, 0);
  assert.equal(client.sent.length, 0);
});

test("a next() made while another waits for a chunk gets the line after it, not the end", async () => {
  const client = new GatedClient();
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  const first = it.next();
  const second = it.next();
  client.send("a\n");
  assert.deepEqual(await first, { value: "A", done: false });
  // The second next() is still waiting for the next chunk; a third one queues behind it.
  const third = it.next();
  client.send("b\nc\n");
  client.end();
  assert.deepEqual(await Promise.all([second, third, it.next()]), [{ value: "B", done: false }, { value: "C", done: false }, done]);
});

test("a next() queued behind one that fails is done, and the reply is closed once", async () => {
  const client = new RecordingClient();
  client.chunks = ["boom\n", "a\n"];
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  const [first, second] = await Promise.allSettled([it.next(), it.next()]);
  assert.equal(first.status, "rejected");
  assert.equal((first as PromiseRejectedResult).reason.message, "decode failed");
  assert.deepEqual(second, { status: "fulfilled", value: done });
  assert.equal(client.cancelled, 1);
});

test("a decode failure on a line already read rejects that next() and closes the reply", async () => {
  const client = new RecordingClient();
  client.chunks = ["a\nboom\nb\n"];
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: "A", done: false });
  await assert.rejects(it.next(), /decode failed/);
  assert.deepEqual(await it.next(), done);
  assert.equal(client.cancelled, 1);
});

test("return() while a read is in flight lets that read finish, then closes the reply", async () => {
  const client = new GatedClient();
  const { stream } = lineStream(client);
  const it = stream[Symbol.asyncIterator]();
  const pending = it.next();
  await new Promise((resolve) => setImmediate(resolve));
  const closing = it.return!();
  client.send("a\n");
  assert.deepEqual(await pending, { value: "A", done: false });
  assert.deepEqual(await closing, done);
  assert.deepEqual(client.events, ["chunk a\n", "cancel"]);
  assert.deepEqual(await it.next(), done);
});
