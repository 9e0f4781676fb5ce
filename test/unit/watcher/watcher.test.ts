// The watcher against an in-process API server that drops, expires and freezes on demand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, Backoff, createClient, KubexArgumentError, KubexTimeoutError, TooManyRequests, watcher, type WatcherEvent, type WatcherRetry } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { FakeApiServer } from "./fake-api-server.js";

// Both backends: WATCHER_BACKEND=fetch runs the file over fetch.
const backend = process.env.WATCHER_BACKEND === "fetch" ? "fetch" : "undici";
const fast = { initial: 0.01, max: 0.05, factor: 2, jitter: 0 };

async function setup(t: { after(fn: () => unknown): void }) {
  const server = await FakeApiServer.start();
  const client = await createClient({ configuration: server.configuration, options: { warningHandler: () => {} }, backend });
  const api = new Api(ConfigMap, { client, namespace: "default" });
  const controller = new AbortController();
  t.after(async () => {
    controller.abort();
    await client.close();
    await server.close();
  });
  return { server, client, api, controller };
}

/** Pulls events one at a time, failing when one does not come within a bound. */
function reader<T>(events: AsyncIterable<WatcherEvent<T>>) {
  const iterator = events[Symbol.asyncIterator]();
  const next = async (ms = 5000): Promise<WatcherEvent<T>> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms)));
    try {
      const r = await Promise.race([iterator.next(), timeout]);
      if (r.done) throw new Error("the watcher ended");
      return r.value;
    } finally {
      clearTimeout(timer);
    }
  };
  const describe = (e: WatcherEvent<T>) => ("object" in e ? `${e.type} ${(e.object as { metadata: { name: string } }).metadata.name}` : e.type);
  return {
    iterator,
    next,
    /** The next `n` events, as "Type name" strings. */
    async take(n: number): Promise<string[]> {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(describe(await next()));
      return out;
    },
  };
}

const waitFor = async (what: string, fn: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test("paged list (pageSize per page, continue followed), then a watch from the list's resourceVersion with bookmarks", async (t) => {
  const { server, api, controller } = await setup(t);
  for (const n of ["a", "b", "c"]) server.put(n);
  const listRv = String(server.rv);
  const r = reader(watcher(api, { streamingList: "off", pageSize: 2, signal: controller.signal }));
  assert.deepEqual(await r.take(5), ["Init", "InitApply a", "InitApply b", "InitApply c", "InitDone"]);
  const lists = server.lists();
  assert.deepEqual(lists.map((l) => [l.query.get("limit"), l.query.has("continue")]), [["2", false], ["2", true]]);
  server.put("d");
  server.put("a", { x: "1" });
  server.remove("b");
  assert.deepEqual(await r.take(3), ["Apply d", "Apply a", "Delete b"]);
  const w = server.watchRequests()[0]!;
  assert.equal(w.query.get("resourceVersion"), listRv);
  assert.equal(w.query.get("allowWatchBookmarks"), "true");
  assert.equal(w.query.get("timeoutSeconds"), "290");
  assert.equal(w.query.has("sendInitialEvents"), false);
});

test("streaming list: Init, InitApply per object, InitDone at the initial-events-end bookmark; no LIST request; the same stream goes on", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  server.put("b");
  const r = reader(watcher(api, { signal: controller.signal }));
  assert.deepEqual(await r.take(4), ["Init", "InitApply a", "InitApply b", "InitDone"]);
  assert.equal(server.lists().length, 0);
  const w = server.watchRequests()[0]!;
  assert.equal(w.query.get("sendInitialEvents"), "true");
  assert.equal(w.query.get("resourceVersionMatch"), "NotOlderThan");
  assert.equal(w.query.get("allowWatchBookmarks"), "true");
  server.put("c");
  assert.deepEqual(await r.take(1), ["Apply c"]);
  assert.equal(server.watchRequests().length, 1);
});

test("auto falls back to paged lists when the server rejects streaming lists, and does not try again", async (t) => {
  const { server, api, controller } = await setup(t);
  server.streaming = false;
  server.put("a");
  const errors: WatcherRetry[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast, onError: (_, retry) => errors.push(retry) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  assert.equal(server.lists().length, 1);
  server.put("b");
  server.compact();
  assert.deepEqual(await r.take(4), ["Init", "InitApply a", "InitApply b", "InitDone"]);
  assert.equal(server.watchRequests().filter((w) => w.query.has("sendInitialEvents")).length, 1);
  assert.deepEqual(errors[0], { action: "relist", delay: 0, attempt: 1 });
});

test("streamingList: on never lists; off never streams", async (t) => {
  const { server, api, controller } = await setup(t);
  server.streaming = false;
  const errors: Error[] = [];
  const r = reader(watcher(api, { streamingList: "on", signal: controller.signal, backoff: fast, onError: (e) => errors.push(e) }));
  await assert.rejects(r.next(300), /no event within/);
  assert.equal(server.lists().length, 0);
  assert.ok(errors.length >= 2, `retried the streaming list (${errors.length} errors)`);
});

test("a dropped stream resumes from the last resourceVersion: no re-list, nothing missed, nothing repeated", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const errors: WatcherRetry[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast, onError: (_, retry) => errors.push(retry) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  server.put("b");
  assert.deepEqual(await r.take(1), ["Apply b"]);
  const seenRv = String(server.rv);
  server.dropWatches();
  server.put("c");
  server.remove("a");
  assert.deepEqual(await r.take(2), ["Apply c", "Delete a"]);
  const resumed = server.watchRequests()[1]!;
  assert.equal(resumed.query.get("resourceVersion"), seenRv);
  assert.equal(resumed.query.has("sendInitialEvents"), false);
  assert.equal(errors[0]?.action, "resume");
});

test("a bookmark moves the resume point", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  server.rv += 50; // other kinds moved the global resourceVersion
  server.bookmark();
  await new Promise((resolve) => setTimeout(resolve, 50));
  server.dropWatches();
  server.put("b");
  assert.deepEqual(await r.take(1), ["Apply b"]);
  assert.equal(server.watchRequests()[1]!.query.get("resourceVersion"), String(server.rv - 1));
});

test("410 Gone on resume re-lists: Init, the current state, InitDone, then the watch goes on", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  server.put("b");
  const errors: Error[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast, onError: (e) => errors.push(e) }));
  assert.deepEqual(await r.take(4), ["Init", "InitApply a", "InitApply b", "InitDone"]);
  server.dropWatches();
  server.remove("a");
  server.put("c");
  server.compact();
  assert.deepEqual(await r.take(4), ["Init", "InitApply b", "InitApply c", "InitDone"]);
  assert.equal(errors.filter((e) => e.name === "Gone").length, 1);
  server.put("d");
  assert.deepEqual(await r.take(1), ["Apply d"]);
});

test("an expired continue token restarts the paged list from the first page", async (t) => {
  const { server, api, controller } = await setup(t);
  for (const n of ["a", "b", "c"]) server.put(n);
  server.expireContinue = true;
  const errors: WatcherRetry[] = [];
  const r = reader(watcher(api, { streamingList: "off", pageSize: 2, signal: controller.signal, backoff: fast, onError: (_, x) => errors.push(x) }));
  assert.deepEqual(await r.take(9), ["Init", "InitApply a", "InitApply b", "Init", "InitApply a", "InitApply b", "Init", "InitApply a", "InitApply b"]);
  server.expireContinue = false;
  assert.deepEqual(await r.take(2), ["InitApply c", "InitDone"]);
  // The first 410 re-lists at once, the next one backs off.
  assert.deepEqual(errors.map((x) => [x.action, x.delay]), [["relist", 0], ["relist", 0.01]]);
});

test("5xx and 429 are retried with backoff; Retry-After is honoured (capped by backoff.max)", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const retries: [Error, WatcherRetry][] = [];
  server.fail(503, { count: 2, on: "watch" });
  const r = reader(watcher(api, { signal: controller.signal, backoff: { initial: 0.01, max: 1, jitter: 0 }, onError: (e, retry) => retries.push([e, retry]) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  assert.deepEqual(retries.map(([e, x]) => [e.name, x.action, x.delay, x.attempt]), [["InternalError", "relist", 0.01, 1], ["InternalError", "relist", 0.02, 2]]);
  server.fail(429, { count: 1, on: "watch", headers: { "retry-after": "7" } });
  const started = Date.now();
  server.dropWatches();
  server.put("b");
  assert.deepEqual(await r.take(1), ["Apply b"]);
  const [error, retry] = retries[3]!;
  assert.ok(error instanceof TooManyRequests);
  assert.equal(retry.delay, 1, "Retry-After 7 capped at backoff.max 1");
  assert.ok(Date.now() - started >= 900, "waited the Retry-After");
});

test("the watcher's backoff is its only retry layer: a client's retry policy does not hide failures from onError", async (t) => {
  const server = await FakeApiServer.start();
  const clientRetries: unknown[] = [];
  const client = await createClient({ configuration: server.configuration, options: { warningHandler: () => {}, retry: { backoff: fast, onRetry: (n) => clientRetries.push(n) } }, backend });
  const controller = new AbortController();
  t.after(async () => {
    controller.abort();
    await client.close();
    await server.close();
  });
  server.put("a");
  server.fail(503, { count: 2, on: "watch" });
  const retries: string[] = [];
  const r = reader(watcher(new Api(ConfigMap, { client, namespace: "default" }), { signal: controller.signal, backoff: fast, onError: (e) => retries.push(e.name) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  assert.deepEqual(retries, ["InternalError", "InternalError"]);
  assert.equal(clientRetries.length, 0);
});

test("the backoff grows while failures repeat and starts again after a success", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const delays: number[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: { initial: 0.01, max: 0.04, jitter: 0 }, onError: (_, x) => delays.push(x.delay) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  server.fail(500, { count: 4, on: "watch" });
  server.dropWatches();
  server.put("b");
  assert.deepEqual(await r.take(1), ["Apply b"]);
  server.fail(500, { count: 1, on: "watch" });
  server.dropWatches();
  server.put("c");
  assert.deepEqual(await r.take(1), ["Apply c"]);
  // The drop itself, then four 500s, capped at 0.04; after "Apply b" the backoff starts over.
  assert.deepEqual(delays, [0.01, 0.02, 0.04, 0.04, 0.04, 0.01, 0.02]);
});

test("the watchdog restarts a silent stream; bookmarks count as life; events sent meanwhile are not lost", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const errors: Error[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast, watchdog: 0.3, onError: (e) => errors.push(e) }));
  assert.deepEqual(await r.take(3), ["Init", "InitApply a", "InitDone"]);
  const pending = r.take(1);
  // Bookmarks every 100 ms keep a quiet stream alive.
  for (let i = 0; i < 6; i++) {
    server.bookmark();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(errors.length, 0);
  assert.equal(server.watchRequests().length, 1);
  server.silent = true;
  server.put("b");
  await waitFor("the watchdog", () => errors.length > 0);
  assert.ok(errors[0] instanceof KubexTimeoutError, String(errors[0]));
  assert.match(errors[0]!.message, /no event or bookmark for 0.3s/);
  server.silent = false;
  assert.deepEqual(await pending, ["Apply b"]);
  assert.equal(server.watchRequests().at(-1)!.query.get("resourceVersion"), String(server.rv - 1));
});

test("time the consumer spends on an event is not silence", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const errors: Error[] = [];
  const r = reader(watcher(api, { signal: controller.signal, backoff: fast, watchdog: 0.2, onError: (e) => errors.push(e) }));
  assert.deepEqual(await r.take(2), ["Init", "InitApply a"]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(await r.take(1), ["InitDone"]);
  assert.equal(errors.length, 0);
});

test("abort ends the loop without an error and closes the stream; break closes it too", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a");
  const seen: string[] = [];
  const done = (async () => {
    for await (const e of watcher(api, { signal: controller.signal })) seen.push(e.type);
  })();
  await waitFor("the watch", () => seen.includes("InitDone") && server.openWatches === 1);
  controller.abort();
  await done;
  await waitFor("the stream to close", () => server.openWatches === 0);
  for await (const e of watcher(api)) if (e.type === "InitDone") break;
  await waitFor("the stream to close after break", () => server.openWatches === 0);
});

test("metadataOnly lists and watches PartialObjectMetadata", async (t) => {
  const { server, api, controller } = await setup(t);
  server.put("a", { big: "x".repeat(100) });
  const r = reader(watcher(api, { metadataOnly: true, streamingList: "off", signal: controller.signal }));
  await r.next();
  const first = await r.next();
  assert.equal(first.type, "InitApply");
  if (first.type === "InitApply") {
    assert.equal(first.object.kind, "PartialObjectMetadata");
    assert.equal(first.object.metadata.name, "a");
    assert.equal("data" in first.object, false);
  }
  await r.next();
  server.put("b");
  const apply = await r.next();
  assert.equal(apply.type === "Apply" && apply.object.kind, "PartialObjectMetadata");
  assert.equal(server.seen.length, 2);
  assert.ok(server.seen.every((s) => s.accept.includes("as=PartialObjectMetadata")));
});

test("label and field selectors and the namespace reach every list and watch", async (t) => {
  const { server, api, controller } = await setup(t);
  const r = reader(watcher(api, { streamingList: "off", labelSelector: "app=web", fieldSelector: "metadata.name!=x", signal: controller.signal }));
  await r.take(2);
  const pending = r.next();
  await waitFor("the watch", () => server.openWatches === 1);
  assert.equal(server.seen.length, 2);
  for (const s of server.seen) {
    assert.equal(s.query.get("labelSelector"), "app=web");
    assert.equal(s.query.get("fieldSelector"), "metadata.name!=x");
    assert.equal(s.path, "/api/v1/namespaces/default/configmaps");
  }
  controller.abort();
  await pending.catch(() => {});
});

test("invalid options are refused before anything is sent", async (t) => {
  const { api } = await setup(t);
  for (const bad of [{ pageSize: 0 }, { pageSize: 1.5 }, { watchdog: -1 }, { timeoutSeconds: 0 }, { streamingList: "maybe" }, { backoff: { factor: 0.5 } }, { backoff: { initial: Number.NaN } }]) {
    assert.throws(() => watcher(api, bad as never), KubexArgumentError, JSON.stringify(bad));
  }
});

test("Backoff: exponential from initial, capped at max, jitter in [d, d × (1 + jitter)), reset starts over", () => {
  const table: [number, number[]][] = [
    [0, [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30]],
    [0.5, [1.2, 2.4, 4.8, 9.6, 19.2, 38.4, 45, 45]],
  ];
  for (const [random, want] of table) {
    const b = new Backoff(undefined, () => random);
    assert.deepEqual(want.map(() => Math.round(b.next() * 1000) / 1000), want);
    b.reset();
    assert.equal(b.next(), 0.8 * (1 + random));
  }
});

