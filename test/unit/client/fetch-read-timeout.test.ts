// The fetch backend bounds reads itself: silence before the headers or between two chunks of
// the body, on one shared timer, with no timer and no combined signal per call.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createClient, KubexClientError, KubexTimeoutError } from "../../../runtime/index.js";
import { armedDeadlines } from "../../../runtime/client/read-deadlines.js";
import { json, startServer } from "../support/server.js";

const server = await startServer((req, res) => {
  switch (new URL(req.url!, "https://x").pathname) {
    case "/ok":
      return json(res, 200, { kind: "Thing" });
    case "/stall-headers":
      return setTimeout(() => json(res, 200, {}), 2_000);
    case "/stall-body":
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"a":');
      return setTimeout(() => res.end("1}"), 2_000);
    case "/trickle": {
      // Six pieces 150 ms apart: 750 ms in all, never 300 ms of silence.
      res.writeHead(200, { "content-type": "application/json" });
      const pieces = ['{"items":[', "1,", "2,", "3,", "4", "]}"];
      const next = () => {
        const piece = pieces.shift()!;
        if (pieces.length === 0) return void res.end(piece);
        res.write(piece);
        setTimeout(next, 150);
      };
      return next();
    }
    case "/error-trickle":
      res.writeHead(500, { "content-type": "text/plain" });
      res.write("half of a status");
      return setTimeout(() => res.end(" and the rest"), 50);
  }
  json(res, 404, {});
});
after(() => server.close());

const client = (read: number | undefined, retry = true) =>
  createClient({ configuration: server.configuration(), backend: "fetch", options: { timeout: read === undefined ? {} : { read }, ...(retry ? {} : { retry: false as const }) } });

test("fetch: GETs arm no timer of their own and combine no signals (one shared deadline timer)", async () => {
  await using c = await client(undefined);
  await (await c.request({ method: "GET", path: "/ok" })).json();
  const counts = { setTimeout: 0, any: 0 };
  const realSetTimeout = globalThis.setTimeout;
  const realAny = AbortSignal.any;
  // Timers set by kubex's own code; undici sets its keep-alive timer per reply on either backend.
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    if (/runtime[\\/]client/.test(new Error().stack ?? "")) counts.setTimeout++;
    return realSetTimeout(...args);
  }) as typeof setTimeout;
  AbortSignal.any = (signals) => (counts.any++, realAny.call(AbortSignal, signals));
  try {
    for (let i = 0; i < 20; i++) await (await c.request({ method: "GET", path: "/ok" })).json();
  } finally {
    globalThis.setTimeout = realSetTimeout;
    AbortSignal.any = realAny;
  }
  assert.equal(counts.any, 0);
  assert.ok(counts.setTimeout <= 2, `${counts.setTimeout} timers for 20 GETs`);
  assert.equal(armedDeadlines(), 0);
});

test("fetch: no headers within the read timeout is a KubexTimeoutError saying read timeout, its cause saying headers", async () => {
  await using c = await client(0.3, false);
  const error = await c.request({ method: "GET", path: "/stall-headers" }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof KubexTimeoutError, String(error));
  assert.equal(error.message, "GET /stall-headers: no data from the server for 0.3s (read timeout)");
  assert.equal((error.cause as Error).message, "no response headers for 300 ms");
  assert.equal(armedDeadlines(), 0);
});

test("fetch: a body silent for the read timeout fails on a whole read (json) and on a chunked read, saying read timeout", async () => {
  await using c = await client(0.3, false);
  for (const read of ["json", "chunks"] as const) {
    const response = await c.request({ method: "GET", path: "/stall-body" });
    const started = Date.now();
    const reading = read === "json" ? response.json() : (async () => { for await (const _ of response.body()); })();
    const error = await reading.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof KubexTimeoutError, `${read}: ${String(error)}`);
    assert.equal(error.message, "GET /stall-body: no data from the server for 0.3s (read timeout)");
    assert.equal((error.cause as Error).message, "no data for 300 ms");
    assert.ok(Date.now() - started < 1_500, `${read}: fired after ${Date.now() - started} ms`);
  }
  assert.equal(armedDeadlines(), 0);
});

test("fetch: the read timeout bounds the silence between chunks, not the whole read (750 ms body, 300 ms timeout)", async () => {
  for (const retry of [true, false]) {
    await using c = await client(0.3, retry);
    assert.deepEqual(await (await c.request({ method: "GET", path: "/trickle" })).json(), { items: [1, 2, 3, 4] });
    const chunks: string[] = [];
    for await (const chunk of (await c.request({ method: "GET", path: "/trickle" })).body()) chunks.push(Buffer.from(chunk).toString());
    assert.equal(chunks.join(""), '{"items":[1,2,3,4]}');
  }
  assert.equal(armedDeadlines(), 0);
});

test("fetch: the caller's abort while a whole body is read is reported as aborted, and disarms the deadline", async () => {
  await using c = await client(5, false);
  const caller = new AbortController();
  const response = await c.request({ method: "GET", path: "/stall-body", signal: caller.signal });
  const reading = response.json().then(() => undefined, (e: unknown) => e);
  setTimeout(() => caller.abort(), 50);
  const error = await reading;
  assert.ok(error instanceof KubexClientError && !(error instanceof KubexTimeoutError), String(error));
  assert.equal(error.code, "KUBEX_ABORTED");
  assert.match(error.message, /^GET \/stall-body: aborted by the caller's signal$/);
  assert.equal(armedDeadlines(), 0);
});

test("fetch: an error reply, a cancelled body and a request aborted before its headers leave no deadline armed", async () => {
  await using c = await client(5, false);
  await assert.rejects(c.request({ method: "GET", path: "/error-trickle" }), (e: Error) => /half of a status and the rest/.test(e.message));
  await (await c.request({ method: "GET", path: "/stall-body" })).cancel();
  await assert.rejects(c.request({ method: "GET", path: "/stall-headers", signal: AbortSignal.timeout(50) }), (e: KubexClientError) => e.code === "KUBEX_ABORTED");
  assert.equal(armedDeadlines(), 0);
});

for (const [what, open] of [
  ["a stream with no read timeout", (c: Awaited<ReturnType<typeof client>>) => c.stream({ method: "GET", path: "/follow" })],
  ["a request with read: null", (c: Awaited<ReturnType<typeof client>>) => c.request({ method: "GET", path: "/follow", timeout: { read: null }, retry: false })],
] as const) {
test(`fetch: cancelling ${what} while a read is pending closes its connection`, async () => {
  const { createServer } = await import("node:http");
  let closed!: () => void;
  const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
  // An endless stream, as a followed log or a watch is.
  const endless = createServer((req, res) => {
    req.socket.on("close", () => closed());
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first line\n");
  });
  await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
  try {
    const port = (endless.address() as { port: number }).port;
    await using c = await createClient({ configuration: { ...server.configuration(), server: `http://127.0.0.1:${port}` }, backend: "fetch" });
    const response = await open(c);
    const chunks = response.body()[Symbol.asyncIterator]();
    await chunks.next();
    const pending = chunks.next();
    pending.catch(() => undefined);
    await response.cancel();
    const outcome = await Promise.race([connectionClosed.then(() => "closed"), new Promise((resolve) => setTimeout(resolve, 2_000, "still open"))]);
    assert.equal(outcome, "closed");
  } finally {
    endless.closeAllConnections();
    endless.close();
  }
});
}
