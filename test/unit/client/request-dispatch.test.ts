// The undici backend's buffered requests: read through a dispatch handler, with no stream and no
// AbortController per call, while close(), signals and error bodies behave as before.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { KubexClosedError } from "../../../runtime/index.js";
import { UndiciClient } from "../../../runtime/client/undici-client.js";
import { json, startServer } from "../support/server.js";

const binary = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]);
const server = await startServer((req, res) => {
  switch (req.url) {
    case "/hang":
      return;
    case "/binary":
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(binary);
      return;
    default:
      json(res, 200, { kind: "Pod", metadata: { name: "p" } });
  }
});
after(() => server.close());

/** How often `count` ran while `run` did. */
async function counting<T>(install: (count: () => void) => () => void, run: () => Promise<T>): Promise<{ calls: number; value: T }> {
  let calls = 0;
  const restore = install(() => calls++);
  try {
    return { value: await run(), calls };
  } finally {
    restore();
  }
}

/** Counts chunks pushed into undici's BodyReadable (the Readable `undici.request` builds per response). */
function bodyReadablePushes(count: () => void): () => void {
  const push = Readable.prototype.push;
  Readable.prototype.push = function (this: Readable, ...args: Parameters<typeof push>) {
    if (this.constructor.name === "BodyReadable") count();
    return push.apply(this, args);
  };
  return () => void (Readable.prototype.push = push);
}

/** Counts AbortControllers built. */
function controllers(count: () => void): () => void {
  const Original = globalThis.AbortController;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      count();
    }
  };
  return () => void (globalThis.AbortController = Original);
}

test("undici: a GET is read through a dispatch handler, with no stream (BodyReadable) per response", async () => {
  await using client = new UndiciClient(server.configuration());
  await (await client.request({ method: "GET", path: "/warm" })).json();
  const { calls, value } = await counting(bodyReadablePushes, async () => (await client.request({ method: "GET", path: "/a" })).json());
  assert.deepEqual(value, { kind: "Pod", metadata: { name: "p" } });
  assert.equal(calls, 0);
  // A stream still is one.
  const streamed = await counting(bodyReadablePushes, async () => (await client.stream({ method: "GET", path: "/a" })).text());
  assert.ok(streamed.calls > 0);
});

test("undici: a buffered reply keeps binary bytes intact, with retries on and off", async () => {
  await using client = new UndiciClient(server.configuration());
  for (const retry of [undefined, false] as const) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of (await client.request({ method: "GET", path: "/binary", ...(retry === false ? { retry } : {}) })).body()) chunks.push(chunk);
    assert.deepEqual(Buffer.concat(chunks), binary);
  }
});

test("undici: a plain GET builds no AbortController, and close() still aborts a GET in flight", async () => {
  const client = new UndiciClient(server.configuration());
  await (await client.request({ method: "GET", path: "/warm" })).json();
  const { calls } = await counting(controllers, async () => (await client.request({ method: "GET", path: "/a" })).json());
  assert.equal(calls, 0);
  const pending = client.request({ method: "GET", path: "/hang" }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await client.close();
  const failed = await pending;
  assert.ok(Date.now() - started < 1_000);
  assert.ok(failed instanceof KubexClosedError && /GET \/hang: the client was closed while the request was in flight/.test(failed.message), String(failed));
});

test("undici: close() during the wait before a retry ends the call at once as closed", async () => {
  const client = new UndiciClient({ ...server.configuration(), server: "https://127.0.0.1:1" }, { retry: { attempts: 5, backoff: { initial: 5, jitter: 0 } } });
  const pending = client.request({ method: "GET", path: "/a" }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  await client.close();
  const failed = await pending;
  assert.ok(Date.now() - started < 1_000, `the call ended ${Date.now() - started} ms after close()`);
  assert.ok(failed instanceof Error);
});
