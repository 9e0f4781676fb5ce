// The Informer's dispatch rules against a scripted Api (no server): what each handler hears, in
// which order, across watch events, re-lists, resyncs and throwing handlers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Informer, KubexArgumentError, KubexClosedError, type WatcherRetry } from "../../../runtime/index.js";
import { added, bookmark, deleted, modified, ScriptedApi, status, type WatchStep } from "./scripted-api.js";
import { Gone } from "../../../runtime/index.js";

const fast = { initial: 0.001, max: 0.004, factor: 2, jitter: 0 };
type Obj = { metadata?: { name?: string; resourceVersion?: string } };
const at = (o: Obj) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;

/** An informer over a streaming-list script; `done` resolves when the script is exhausted. */
function setup(watches: WatchStep[], options: Record<string, unknown> = {}) {
  const api = new ScriptedApi([], watches);
  let exhausted!: () => void;
  const done = new Promise<void>((resolve) => (exhausted = resolve));
  api.onExhausted = () => exhausted();
  const informer = new Informer(api as never, { backoff: fast, streamingList: "on", ...options } as never) as unknown as Informer<Obj>;
  const log: string[] = [];
  informer
    .on("add", (o) => void log.push(`add ${at(o)}`))
    .on("update", (old, o) => void log.push(`update ${at(old)} -> ${at(o)}${old === o ? " (same)" : ""}`))
    .on("delete", (o, info) => void log.push(`delete ${at(o)}${info.finalStateUnknown ? " unknown" : ""}`))
    .on("synced", () => void log.push("synced"));
  return { api, informer, log, done };
}

const list = (...events: ReturnType<typeof added>[]): WatchStep => ({ events: [...events, bookmark("100", true)] });

test("start() resolves after the initial adds and synced; watch events become add, update and delete", async () => {
  const { informer, log, done } = setup([{ events: [added("a", "1"), added("b", "2"), bookmark("3", true), added("c", "4"), modified("a", "5"), deleted("b", "6")] }]);
  await informer.start();
  assert.deepEqual(log.slice(0, 3), ["add a@1", "add b@2", "synced"]);
  await done;
  await informer.stop();
  assert.deepEqual(log.slice(3), ["add c@4", "update a@1 -> a@5", "delete b@6"]);
  assert.deepEqual(informer.store.keys().sort(), ["default/a", "default/c"]);
});

test("an Apply whose resourceVersion did not change is silent; an Apply of the unknown is an add", async () => {
  const { informer, log, done } = setup([{ events: [added("a", "1"), bookmark("3", true), modified("a", "1"), modified("z", "7")] }]);
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(log, ["add a@1", "synced", "add z@7"]);
});

test("after a re-list only differences are told: new ones added, changed ones updated, vanished ones deleted with finalStateUnknown, synced once", async () => {
  const gone = new Gone(410, status(410, "Expired"));
  const { informer, log, done } = setup([
    { events: [added("a", "1"), added("b", "2"), added("c", "3"), bookmark("4", true)], end: gone },
    list(added("a", "1"), added("b", "9"), added("d", "10")),
  ]);
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(log, ["add a@1", "add b@2", "add c@3", "synced", "update b@2 -> b@9", "add d@10", "delete c@3 unknown"]);
});

test("handlers of one event run in the order added; an async handler is awaited before the next event", async () => {
  const { informer, done } = setup([list(added("a", "1")), { events: [modified("a", "2")] }]);
  const order: string[] = [];
  informer
    .on("add", async (o) => {
      await new Promise((r) => setTimeout(r, 20));
      order.push(`first ${at(o)}`);
    })
    .on("add", (o) => void order.push(`second ${at(o)}`))
    .on("update", (_, o) => void order.push(`update ${at(o)}`));
  await informer.start();
  assert.deepEqual(order, ["first a@1", "second a@1"], "start() waits for the initial adds");
  await done;
  await informer.stop();
  assert.deepEqual(order, ["first a@1", "second a@1", "update a@2"]);
});

test("a handler that throws reaches error (a non-Error wrapped); the other handlers still run; an error handler that throws is not re-reported", async () => {
  const { informer, done } = setup([list(added("a", "1"))]);
  const errors: string[] = [];
  const after: string[] = [];
  informer
    .on("add", () => {
      throw "plain";
    })
    .on("add", () => void after.push("ran"))
    .on("error", (e, retry) => {
      errors.push(`${e instanceof Error} ${e.message} ${retry === undefined}`);
      throw new Error("error handler failed");
    })
    .on("error", (e) => void errors.push(`second ${e.message}`));
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(after, ["ran"]);
  assert.deepEqual(errors, ["true plain true", "second plain"]);
});

test("a handler's Error reaches error as itself", async () => {
  const { informer, done } = setup([list(added("a", "1"))]);
  const boom = new Error("boom");
  const seen: Error[] = [];
  informer.on("add", () => Promise.reject(boom)).on("error", (e) => void seen.push(e));
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(seen, [boom]);
});

test("failures the watcher recovers from reach error with what happens next", async () => {
  const gone = new Gone(410, status(410, "Expired"));
  const { informer, done } = setup([{ events: [bookmark("1", true)], end: gone }, list()]);
  const seen: [Error, WatcherRetry | undefined][] = [];
  informer.on("error", (e, retry) => void seen.push([e, retry]));
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(seen, [[gone, { action: "relist", delay: 0, attempt: 1 }]]);
});

test("start() rejects with a failure the watcher cannot go on from, which also reaches error; start() again gives the same promise", async () => {
  const closed = new KubexClosedError();
  const { informer } = setup([{ events: [], end: closed }]);
  const seen: Error[] = [];
  informer.on("error", (e, retry) => void seen.push(e, retry as never));
  const started = informer.start();
  assert.equal(informer.start(), started);
  await assert.rejects(started, (e: unknown) => e === closed);
  assert.deepEqual(seen, [closed, undefined]);
  await informer.stop();
});

test("start() twice watches once", async () => {
  const { informer, api, done } = setup([list(added("a", "1"))]);
  const first = informer.start();
  assert.equal(informer.start(), first);
  await first;
  await done;
  await informer.stop();
  assert.equal(api.calls.length, 2, "one streaming list, then one watch that found the script ended");
});

test("stop() before start() is harmless; stop() waits for the running handler", async () => {
  const idle = setup([]);
  await idle.informer.stop();
  const { informer } = setup([list(added("a", "1"))]);
  let finished = false;
  informer.on("synced", async () => {
    await new Promise((r) => setTimeout(r, 30));
    finished = true;
  });
  const started = informer.start();
  await new Promise((r) => setTimeout(r, 5));
  await informer.stop();
  assert.equal(finished, true);
  await started;
});

test("resyncPeriod re-delivers the store as updates with the same object as old and new; none without it", async () => {
  const { informer, log } = setup([list(added("a", "1"))], { resyncPeriod: 0.02 });
  await informer.start();
  await new Promise((r) => setTimeout(r, 70));
  await informer.stop();
  const resyncs = log.filter((l) => l.startsWith("update"));
  assert.ok(resyncs.length >= 1, log.join("; "));
  assert.deepEqual([...new Set(resyncs)], ["update a@1 -> a@1 (same)"]);
  const count = log.length;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(log.length, count, "stop() ends the resyncs");

  const plain = setup([list(added("a", "1"))]);
  await plain.informer.start();
  await new Promise((r) => setTimeout(r, 50));
  await plain.informer.stop();
  assert.deepEqual(plain.log, ["add a@1", "synced"]);
});

test("the informer's options reach the watcher (selectors, metadataOnly), not resyncPeriod or indexes; indexes reach the store", async () => {
  const meta = new ScriptedApi([], [list(added("a", "1"))]);
  const api = new ScriptedApi([], [], meta);
  const informer = new Informer(api as never, {
    backoff: fast, streamingList: "on", metadataOnly: true, labelSelector: "app=web", resyncPeriod: 60,
    indexes: { byName: (o: Obj) => [o.metadata?.name ?? ""] },
  } as never) as unknown as Informer<Obj>;
  await informer.start();
  await informer.stop();
  assert.equal(api.calls.length, 0);
  assert.equal(meta.calls[0]!.options.labelSelector, "app=web");
  assert.equal(informer.store.byIndex("byName", "a").length, 1);
});

test("resyncPeriod and handler names are checked", () => {
  const api = new ScriptedApi();
  for (const bad of [0, -1, Infinity, NaN, "5"]) {
    assert.throws(() => new Informer(api as never, { resyncPeriod: bad } as never), (e: unknown) => e instanceof KubexArgumentError && e.message.includes(`options.resyncPeriod: accepts a number of seconds > 0; got ${String(bad)}`), String(bad));
  }
  new Informer(api as never, { resyncPeriod: 0.5 } as never);
  const informer = new Informer(api as never);
  const on = informer.on.bind(informer) as (event: string, handler: () => void) => unknown;
  assert.throws(() => on("change", () => {}), (e: unknown) => e instanceof KubexArgumentError && e.message.includes('accepts add, update, delete, error or synced; got "change"'));
});

test("a handler name inherited from Object (toString, constructor) is refused like any other", () => {
  const on = new Informer(new ScriptedApi() as never).on as (event: string, handler: () => void) => unknown;
  for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
    assert.throws(() => on.call(new Informer(new ScriptedApi() as never), name, () => {}), (e: unknown) => e instanceof KubexArgumentError && e.message.includes(`got "${name}"`), name);
  }
});

test("every event kind reaches its handlers without an error; a delete seen on the watch has finalStateUnknown false", async () => {
  const { informer, done } = setup([{ events: [added("a", "1"), bookmark("2", true), added("b", "3"), modified("a", "4"), deleted("b", "5")] }], { resyncPeriod: 0.01 });
  const errors: Error[] = [];
  const infos: unknown[] = [];
  informer.on("error", (e) => void errors.push(e)).on("delete", (_, info) => void infos.push(info));
  await informer.start();
  await done;
  await new Promise((r) => setTimeout(r, 40));
  await informer.stop();
  assert.deepEqual(errors, []);
  assert.deepEqual(infos, [{ finalStateUnknown: false }]);
});

test("a streaming list cut before its end marker leaves nothing of itself: the new list alone is added", async () => {
  const { informer, log, done } = setup([{ events: [added("stale", "1")] }, list(added("b", "2"))]);
  await informer.start();
  await done;
  await informer.stop();
  assert.deepEqual(log, ["add b@2", "synced"]);
  assert.deepEqual(informer.store.keys(), ["default/b"]);
});

test("resyncPeriod is in seconds: none within the first tens of milliseconds of a 1 s period", async () => {
  const { informer, log, done } = setup([list(added("a", "1"))], { resyncPeriod: 1 });
  await informer.start();
  await done;
  await new Promise((r) => setTimeout(r, 40));
  await informer.stop();
  assert.deepEqual(log, ["add a@1", "synced"]);
});

test("a refused handler name is reported under the argument event", () => {
  const on = new Informer(new ScriptedApi() as never).on as (event: string, handler: () => void) => unknown;
  assert.throws(() => on.call(new Informer(new ScriptedApi() as never), "nope", () => {}), (e: unknown) => e instanceof KubexArgumentError && e.argument === "event");
});
