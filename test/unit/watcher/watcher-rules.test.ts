// The watcher's decisions against a scripted Api (no server): what each list and watch asks for,
// what each event becomes, and what follows each failure (410 re-lists, others resume).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BadRequest, Gone, Invalid, InternalError, KubexArgumentError, KubexClosedError, KubexConfigurationError, KubexTimeoutError, TooManyRequests,
  watcher, type WatcherEvent, type WatcherRetry,
} from "../../../runtime/index.js";
import { added, bookmark, cm, deleted, modified, ScriptedApi, status, type ListStep, type WatchStep } from "./scripted-api.js";

const fast = { initial: 0.001, max: 0.004, factor: 2, jitter: 0 };
type Options = Parameters<typeof watcher>[1] & Record<string, unknown>;

/** Runs the watcher until the script is exhausted; its events (as text), its failures, and the calls made. */
async function run(lists: ListStep[], watches: WatchStep[], options: Options = {}, api = new ScriptedApi(lists, watches)) {
  const controller = new AbortController();
  api.onExhausted = api.metadata.onExhausted = () => controller.abort();
  const events: string[] = [];
  const errors: { error: Error; retry: WatcherRetry }[] = [];
  const show = (e: WatcherEvent<unknown>) => {
    const m = "object" in e ? (e.object as { metadata: { name: string; resourceVersion: string } }).metadata : undefined;
    return m ? `${e.type} ${m.name}@${m.resourceVersion}` : e.type;
  };
  // The watchdog's timer is unref'd: something must keep the test alive while a watch is held open.
  const alive = setInterval(() => {}, 1000);
  try {
    for await (const e of watcher(api as never, { backoff: fast, ...options, signal: controller.signal, onError: (error: Error, retry: WatcherRetry) => void errors.push({ error, retry }) } as never)) {
      events.push(show(e as WatcherEvent<unknown>));
    }
  } finally {
    clearInterval(alive);
  }
  const calls = api.calls.map(({ verb, options }) => {
    const { signal, ...rest } = options;
    assert.ok(signal instanceof AbortSignal, "every call carries a signal");
    return { verb, ...rest } as { verb: string } & Record<string, unknown>;
  });
  return { events, errors, calls, api };
}

test("paged list: limit 500 by default, continue tokens followed, Init before the first page's items and InitDone after the last", async () => {
  const { events, calls } = await run(
    [{ items: [cm("a", "1")], continue: "t1" }, { items: [cm("b", "2")], resourceVersion: "10" }],
    [{ events: [added("c", "11")] }],
    { streamingList: "off" },
  );
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitApply b@2", "InitDone", "Apply c@11"]);
  assert.deepEqual(calls.slice(0, 3), [
    { verb: "list", retry: false, limit: 500 },
    { verb: "list", retry: false, limit: 500, continue: "t1" },
    { verb: "watch", retry: false, allowWatchBookmarks: true, timeoutSeconds: 290, resourceVersion: "10" },
  ]);
});

test("pageSize and timeoutSeconds reach the calls; the scope reaches every list and watch", async () => {
  const { calls } = await run([{ items: [], resourceVersion: "5" }], [{ events: [added("a", "6")] }], {
    streamingList: "off", pageSize: 7, timeoutSeconds: 30, namespace: "ns", labelSelector: "app=web", fieldSelector: "metadata.name=a",
  });
  const scope = { namespace: "ns", labelSelector: "app=web", fieldSelector: "metadata.name=a", retry: false };
  assert.deepEqual(calls[0], { verb: "list", ...scope, limit: 7 });
  assert.deepEqual(calls[1], { verb: "watch", ...scope, allowWatchBookmarks: true, timeoutSeconds: 30, resourceVersion: "5" });
});

test("allNamespaces reaches the calls only when true", async () => {
  const on = await run([{ items: [], resourceVersion: "5" }], [], { streamingList: "off", allNamespaces: true });
  assert.equal(on.calls[0]!.allNamespaces, true);
  const off = await run([{ items: [], resourceVersion: "5" }], [], { streamingList: "off", allNamespaces: false });
  assert.equal("allNamespaces" in off.calls[0]!, false);
});

test("an empty continue token ends the list", async () => {
  const { events, calls } = await run([{ items: [cm("a", "1")], continue: "", resourceVersion: "3" }], [], { streamingList: "off" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitDone"]);
  assert.deepEqual(calls.map((c) => c.verb), ["list", "watch"]);
});

test("streaming list: sendInitialEvents, no resourceVersion; ADDED as InitApply until the initial-events-end bookmark, then Apply, Apply and Delete", async () => {
  const { events, calls } = await run([], [{ events: [added("a", "1"), bookmark("2"), modified("b", "3"), bookmark("4", true), added("c", "5"), modified("a", "6"), deleted("b", "7")] }], { streamingList: "on" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitApply b@3", "InitDone", "Apply c@5", "Apply a@6", "Delete b@7"]);
  assert.deepEqual(calls[0], { verb: "watch", retry: false, allowWatchBookmarks: true, timeoutSeconds: 290, sendInitialEvents: true });
  assert.equal(calls.length, 2);
  assert.equal(calls[1]!.resourceVersion, "7", "the stream ended cleanly: resume from the last event");
});

test("streamingList auto (the default) streams first", async () => {
  const { calls } = await run([], [{ events: [bookmark("4", true)] }]);
  assert.equal(calls[0]!.verb, "watch");
  assert.equal(calls[0]!.sendInitialEvents, true);
});

test("a streaming list with no object still yields Init and InitDone at its end bookmark", async () => {
  const { events } = await run([], [{ events: [bookmark("4", true)] }], { streamingList: "on" });
  assert.deepEqual(events, ["Init", "InitDone"]);
});

test("the resume point: the end bookmark's resourceVersion, then each event's, then each bookmark's; a bookmark without one moves nothing", async () => {
  const { calls, errors } = await run([], [
    { events: [bookmark("4", true)] },
    { events: [added("a", "5")] },
    { events: [bookmark("9")] },
    { events: [bookmark(undefined)] },
    { events: [added("b", "")] },
  ], { streamingList: "on" });
  assert.deepEqual(calls.map((c) => c.resourceVersion), [undefined, "4", "5", "9", "9", "9"]);
  assert.deepEqual(errors, [], "each stream brought something: resumed at once");
});

test("a bookmark that is not the end marker, during a streaming list, moves nothing", async () => {
  const { calls, events } = await run([], [{ events: [added("a", "1"), bookmark("2")] }, { events: [bookmark("3", true)] }], { streamingList: "on" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "Init", "InitDone"]);
  assert.deepEqual(calls.map((c) => [c.sendInitialEvents, c.resourceVersion]), [[true, undefined], [true, undefined], [undefined, "3"]]);
});

test("an end-marker bookmark outside a streaming list only moves the resume point", async () => {
  const { events, calls } = await run([{ items: [], resourceVersion: "1" }], [{ events: [bookmark("8", true), added("a", "9")] }], { streamingList: "off" });
  assert.deepEqual(events, ["Init", "InitDone", "Apply a@9"]);
  assert.equal(calls[2]!.resourceVersion, "9");
});

test("a streaming list cut before its end marker starts over as a list, with the reason", async () => {
  const { events, errors, calls } = await run([], [{ events: [added("a", "1")] }, { events: [added("a", "2"), bookmark("3", true)] }], { streamingList: "on" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "Init", "InitApply a@2", "InitDone"]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.error.message, "the streaming list ended before its initial-events-end bookmark");
  assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0.001, attempt: 1 });
  assert.equal(calls[1]!.sendInitialEvents, true);
});

test("a watch that ends with nothing is a failure: resume after the backoff, attempts counted", async () => {
  const { errors } = await run([{ items: [], resourceVersion: "1" }], [{ events: [] }, { events: [] }, { events: [added("a", "2")] }, { events: [] }], { streamingList: "off" });
  assert.deepEqual(errors.map((e) => e.error.message), ["the watch ended with no event", "the watch ended with no event", "the watch ended with no event"]);
  assert.deepEqual(errors.map((e) => e.retry), [
    { action: "resume", delay: 0.001, attempt: 1 },
    { action: "resume", delay: 0.002, attempt: 2 },
    { action: "resume", delay: 0.001, attempt: 1 },
  ], "an event resets the count and the backoff");
});

test("a bookmark resets the count of failures", async () => {
  const { errors } = await run([{ items: [], resourceVersion: "1" }], [{ events: [] }, { events: [bookmark("2")] }, { events: [] }], { streamingList: "off" });
  assert.deepEqual(errors.map((e) => e.retry.attempt), [1, 1]);
});

test("a bookmark without a resourceVersion does not reset the count of failures", async () => {
  const { errors } = await run([{ items: [], resourceVersion: "1" }], [{ events: [] }, { events: [bookmark(undefined)] }, { events: [] }], { streamingList: "off" });
  assert.deepEqual(errors.map((e) => e.retry.attempt), [1, 2]);
});

test("a failed list is retried after the backoff as a relist; a completed list resets the count", async () => {
  const boom = new InternalError(500, status(500, "InternalError"));
  const { events, errors } = await run([boom, boom, { items: [cm("a", "1")], resourceVersion: "2" }], [{ events: [] }], { streamingList: "off" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitDone"], "failed attempts are not seen as lists");
  assert.deepEqual(errors.map((e) => e.retry), [
    { action: "relist", delay: 0.001, attempt: 1 },
    { action: "relist", delay: 0.002, attempt: 2 },
    { action: "resume", delay: 0.001, attempt: 1 },
  ]);
  assert.equal(errors[0]!.error, boom);
});

test("410 Gone on resume re-lists at once; a second 410 before the list completes backs off; a completed list starts over", async () => {
  const gone = new Gone(410, status(410, "Expired"));
  const { errors, calls, events } = await run(
    [{ items: [], resourceVersion: "1" }, gone, gone, { items: [cm("b", "7")], resourceVersion: "8" }],
    [{ events: [added("a", "2")], end: gone }, { events: [], end: gone }],
    { streamingList: "off" },
  );
  // list → watch, 410 → list 410 → list 410 → list → watch 410 → list (the script ends)
  assert.deepEqual(errors.map((e) => [e.error === gone, e.retry.action, e.retry.delay]), [
    [true, "relist", 0],
    [true, "relist", 0.001],
    [true, "relist", 0.002],
    [true, "relist", 0],
  ]);
  assert.deepEqual(calls.map((c) => c.verb), ["list", "watch", "list", "list", "list", "watch", "list"]);
  assert.deepEqual(events, ["Init", "InitDone", "Apply a@2", "Init", "InitApply b@7", "InitDone"]);
});

test("410 during a streaming list's watch re-lists as a streaming list", async () => {
  const gone = new Gone(410, status(410, "Expired"));
  const { calls, errors } = await run([], [{ events: [bookmark("1", true)] }, { events: [], end: gone }, { events: [bookmark("5", true)] }], { streamingList: "on" });
  assert.deepEqual(calls.map((c) => [c.sendInitialEvents, c.resourceVersion]), [[true, undefined], [undefined, "1"], [true, undefined], [undefined, "5"]]);
  assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0, attempt: 1 });
});

for (const [name, error] of [["BadRequest", new BadRequest(400, status(400, "BadRequest"))], ["Invalid", new Invalid(422, status(422, "Invalid"))]] as const) {
  test(`auto: a ${name} to the streaming list falls back to paged lists at once, for good`, async () => {
    const { calls, errors } = await run([{ items: [], resourceVersion: "1" }, { items: [], resourceVersion: "3" }], [{ events: [], end: error }, { events: [], end: new Gone(410, status(410, "Expired")) }]);
    assert.deepEqual(calls.map((c) => c.verb), ["watch", "list", "watch", "list", "watch"]);
    assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0, attempt: 1 });
    assert.equal(errors[0]!.error, error);
  });
}

test("on: a BadRequest to the streaming list is retried as a streaming list, after the backoff", async () => {
  const bad = new BadRequest(400, status(400, "BadRequest"));
  const { calls, errors } = await run([], [{ events: [], end: bad }, { events: [bookmark("2", true)] }], { streamingList: "on" });
  assert.deepEqual(calls.map((c) => [c.verb, c.sendInitialEvents]), [["watch", true], ["watch", true], ["watch", undefined]]);
  assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0.001, attempt: 1 });
});

test("auto: a BadRequest on resume (after the list) is a failure like any other, not a fallback", async () => {
  const bad = new BadRequest(400, status(400, "BadRequest"));
  const { calls, errors } = await run([], [{ events: [bookmark("2", true)], end: bad }, { events: [added("a", "3")] }]);
  assert.deepEqual(errors[0]!.retry, { action: "resume", delay: 0.001, attempt: 1 });
  assert.equal(calls[1]!.resourceVersion, "2");
});

test("other failures before a list completes are retried as streaming lists", async () => {
  const boom = new InternalError(500, status(500, "InternalError"));
  const { calls, errors } = await run([], [{ events: [], end: boom }, { events: [bookmark("2", true)] }]);
  assert.deepEqual(calls.map((c) => c.sendInitialEvents), [true, true, undefined]);
  assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0.001, attempt: 1 });
});

test("429: Retry-After is honoured when longer than the backoff, capped by backoff.max", async () => {
  const slow = (s?: number) => new TooManyRequests(429, status(429, "TooManyRequests"), s);
  const { errors } = await run([{ items: [], resourceVersion: "1" }], [
    { events: [], end: slow(0) },
    { events: [], end: slow(60) },
    { events: [], end: slow() },
  ], { streamingList: "off" });
  assert.deepEqual(errors.map((e) => e.retry.delay), [0.001, 0.004, 0.004]);
});

test("429 with a Retry-After between the backoff and its cap waits the Retry-After", async () => {
  const { errors } = await run([{ items: [], resourceVersion: "1" }], [{ events: [], end: new TooManyRequests(429, status(429, "TooManyRequests"), 1) }], { streamingList: "off", backoff: { initial: 0.001, max: 1.5, factor: 2, jitter: 0 } });
  assert.equal(errors[0]!.retry.delay, 1);
});

test("a failure that no retry cures ends the watcher with it: a closed client, a configuration error, a thrown non-Error", async () => {
  for (const fatal of [new KubexClosedError(), Object.assign(new Error("closed"), { code: "KUBEX_CLIENT_CLOSED" }), new KubexConfigurationError("bad"), new KubexArgumentError("x", "bad"), "a string"]) {
    const api = new ScriptedApi([], [{ events: [], end: fatal }]);
    const errors: Error[] = [];
    const iterate = async () => {
      for await (const _ of watcher(api as never, { backoff: fast, streamingList: "on", onError: (e: Error) => void errors.push(e) } as never));
    };
    await assert.rejects(iterate(), (e: unknown) => e === fatal);
    assert.deepEqual(errors, [], "not reported as a retry");
  }
});

test("an Error with another code is retried", async () => {
  const { errors } = await run([], [{ events: [], end: Object.assign(new Error("reset"), { code: "ECONNRESET" }) }], { streamingList: "on" });
  assert.equal(errors[0]!.error.message, "reset");
});

test("abort ends the loop without an error and without a retry", async () => {
  const controller = new AbortController();
  const api = new ScriptedApi([], [{ events: [added("a", "1")], end: "hang" }]);
  const errors: Error[] = [];
  const seen: string[] = [];
  for await (const e of watcher(api as never, { streamingList: "on", signal: controller.signal, onError: (x: Error) => void errors.push(x) } as never)) {
    seen.push((e as { type: string }).type);
    if (seen.length === 2) controller.abort();
  }
  assert.deepEqual(seen, ["Init", "InitApply"]);
  assert.deepEqual(errors, []);
  assert.equal(api.calls.length, 1);
});

test("an aborted signal before the start: nothing is asked", async () => {
  const api = new ScriptedApi([], []);
  for await (const _ of watcher(api as never, { signal: AbortSignal.abort() } as never)) assert.fail("no event");
  assert.equal(api.calls.length, 0);
});

test("metadataOnly lists and watches through the Api's metadata view", async () => {
  const meta = new ScriptedApi([{ items: [cm("a", "1")], resourceVersion: "2" }], []);
  const api = new ScriptedApi([], [], meta);
  const { events } = await run([], [], { streamingList: "off", metadataOnly: true }, api);
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitDone"]);
  assert.equal(api.calls.length, 0);
  assert.deepEqual(meta.calls.map((c) => c.verb), ["list", "watch"]);
});

test("the watchdog restarts a silent watch with a KubexTimeoutError naming its bound; resume, not relist", async () => {
  const { errors, calls } = await run([{ items: [], resourceVersion: "1" }], [{ events: [added("a", "2")], end: "hang" }, { events: [added("b", "3")] }], { streamingList: "off", watchdog: 0.05 });
  assert.ok(errors[0]!.error instanceof KubexTimeoutError);
  assert.equal(errors[0]!.error.message, "watch: no event or bookmark for 0.05s; restarting it");
  assert.equal(errors[0]!.retry.action, "resume");
  assert.equal(calls[2]!.resourceVersion, "2");
});

test("a watchdog firing that makes the call throw is still a stall, with the call's error as its cause", async () => {
  const api = new ScriptedApi([{ items: [], resourceVersion: "1" }], []);
  const original = api.watch.bind(api);
  let first = true;
  api.watch = (options) => {
    if (!first) return original(options);
    first = false;
    const signal = options.signal as AbortSignal;
    return (async function* () {
      await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
      throw new Error("aborted by the watchdog");
    })();
  };
  const { errors } = await run([], [], { streamingList: "off", watchdog: 0.05 }, api);
  assert.ok(errors[0]!.error instanceof KubexTimeoutError);
  assert.equal(((errors[0]!.error as Error).cause as Error).message, "aborted by the watchdog");
});

test("options are checked before anything is sent, each under its own name", () => {
  const api = new ScriptedApi();
  const refuses = (options: Record<string, unknown>, message: string) =>
    assert.throws(() => watcher(api as never, options as never), (e: unknown) => e instanceof KubexArgumentError && e.message.includes(message), message);
  refuses({ pageSize: 0 }, "options.pageSize: accepts an integer > 0; got 0");
  refuses({ pageSize: 1.5 }, "options.pageSize: accepts an integer > 0; got 1.5");
  refuses({ pageSize: "5" }, "options.pageSize: accepts an integer > 0; got 5");
  refuses({ pageSize: Infinity }, "options.pageSize: accepts an integer > 0; got Infinity");
  refuses({ timeoutSeconds: -1 }, "options.timeoutSeconds: accepts an integer > 0; got -1");
  refuses({ watchdog: 0 }, "options.watchdog: accepts a number > 0; got 0");
  refuses({ watchdog: NaN }, "options.watchdog: accepts a number > 0; got NaN");
  refuses({ streamingList: "yes" }, 'options.streamingList: accepts "auto", "on" or "off"; got "yes"');
  refuses({ backoff: { initial: -1 } }, "options.backoff");
  assert.equal(api.calls.length, 0);
  watcher(api as never, { watchdog: 0.5, pageSize: 1, timeoutSeconds: 1, streamingList: "off" } as never);
});

test("timeoutSeconds must be an integer; watchdog may be a fraction", () => {
  const api = new ScriptedApi();
  assert.throws(() => watcher(api as never, { timeoutSeconds: 1.5 } as never), (e: unknown) => e instanceof KubexArgumentError && e.message.includes("options.timeoutSeconds: accepts an integer > 0; got 1.5"));
  assert.throws(() => watcher(api as never, { watchdog: Infinity } as never), (e: unknown) => e instanceof KubexArgumentError && e.message.includes("options.watchdog: accepts a number > 0; got Infinity"));
});

test("the watchdog's bound: timeoutSeconds + 5 by default (295 s), or its own option", async (t) => {
  const bounds = async (options: Record<string, unknown>) => {
    const delays: number[] = [];
    const real = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => (delays.push(ms), real(fn, ms))) as never;
    t.after(() => void (globalThis.setTimeout = real));
    try {
      await run([], [{ events: [bookmark("1", true)] }], { streamingList: "on", ...options });
    } finally {
      globalThis.setTimeout = real;
    }
    return delays;
  };
  assert.ok((await bounds({})).includes(295_000));
  assert.ok((await bounds({ timeoutSeconds: 60 })).includes(65_000));
  const own = await bounds({ timeoutSeconds: 60, watchdog: 2 });
  assert.ok(own.includes(2000) && !own.includes(65_000));
});

test("after the fallback to paged lists, a BadRequest to a list backs off like any failure", async () => {
  const bad = new BadRequest(400, status(400, "BadRequest"));
  const { errors, calls } = await run([bad, { items: [], resourceVersion: "1" }], [{ events: [], end: bad }]);
  assert.deepEqual(errors.map((e) => e.retry), [
    { action: "relist", delay: 0, attempt: 1 },
    { action: "relist", delay: 0.001, attempt: 2 },
  ]);
  assert.deepEqual(calls.map((c) => c.verb), ["watch", "list", "list", "watch"]);
});

test("an abort while an empty watch is open ends the loop quietly: no failure reported", async () => {
  const controller = new AbortController();
  const api = new ScriptedApi([{ items: [], resourceVersion: "1" }], [{ events: [], end: "hang" }]);
  const errors: Error[] = [];
  const alive = setInterval(() => {}, 1000);
  setTimeout(() => controller.abort(), 30);
  for await (const _ of watcher(api as never, { streamingList: "off", signal: controller.signal, onError: (e: Error) => void errors.push(e) } as never));
  clearInterval(alive);
  assert.deepEqual(errors, []);
  assert.equal(api.calls.length, 2);
});

test("the time the consumer holds an event is not silence; a stall without a failed call has no cause", async () => {
  const api = new ScriptedApi([], [{ events: [bookmark("2", true), added("a", "3")] }, { events: [], end: "hang" }]);
  const controller = new AbortController();
  const errors: { error: Error; calls: number }[] = [];
  const alive = setInterval(() => {}, 1000);
  setTimeout(() => controller.abort(), 400);
  for await (const e of watcher(api as never, { streamingList: "on", watchdog: 0.05, backoff: fast, signal: controller.signal, onError: (x: Error) => void errors.push({ error: x, calls: api.calls.length }) } as never)) {
    if ((e as { type: string }).type === "Apply") await new Promise((r) => setTimeout(r, 150));
  }
  clearInterval(alive);
  assert.ok(errors.length >= 1, "the silent watch after the list stalls");
  assert.equal(errors[0]!.calls, 2, "no stall while the consumer held an event of the first call");
  assert.ok(errors[0]!.error instanceof KubexTimeoutError);
  assert.equal("cause" in errors[0]!.error, false);
  assert.equal(api.calls[1]!.options.resourceVersion, "3");
});

test("streamingList \"auto\" may be given explicitly", () => {
  watcher(new ScriptedApi() as never, { streamingList: "auto" } as never);
});

test("a 410 as the very first failure re-lists at once", async () => {
  const { errors } = await run([new Gone(410, status(410, "Expired")), { items: [], resourceVersion: "1" }], [], { streamingList: "off" });
  assert.deepEqual(errors[0]!.retry, { action: "relist", delay: 0, attempt: 1 });
});

test("without onError, failures are recovered from all the same", async () => {
  const gone = new Gone(410, status(410, "Expired"));
  const bad = new BadRequest(400, status(400, "BadRequest"));
  const api = new ScriptedApi([gone, { items: [], resourceVersion: "1" }], [{ events: [], end: bad }, { events: [] }, { events: [added("a", "2")] }]);
  const controller = new AbortController();
  api.onExhausted = () => controller.abort();
  const seen: string[] = [];
  for await (const e of watcher(api as never, { backoff: fast, signal: controller.signal } as never)) seen.push((e as { type: string }).type);
  assert.deepEqual(seen, ["Init", "InitDone", "Apply"]);
});

test("a bookmark without metadata during a streaming list is passed over", async () => {
  const { events, errors } = await run([], [{ events: [added("a", "1"), { type: "BOOKMARK", object: {} }, bookmark("2", true)] }], { streamingList: "on" });
  assert.deepEqual(events, ["Init", "InitApply a@1", "InitDone"]);
  assert.deepEqual(errors, []);
});
