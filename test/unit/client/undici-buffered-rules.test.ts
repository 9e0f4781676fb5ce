// A reply read whole through a dispatch handler, against a dispatcher the test drives by hand:
// what it resolves with (status, headers, the body joined or as it came, a byte order mark
// dropped from the text), when an error reply stops being waited for, and how a caller's signal,
// the client's close() and undici's own errors end the exchange.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import type { Dispatcher } from "undici";
import { dispatchBuffered, type BufferedLimits } from "../../../runtime/client/undici-buffered.js";
import { CallInFlight } from "../../../runtime/client/in-flight.js";
import type { RawResponse } from "../../../runtime/client/response.js";

/** A dispatcher that keeps the handler it is given, and a controller that records aborts. */
function handDriven(throwing?: Error) {
  const state = { options: undefined as Dispatcher.DispatchOptions | undefined, handler: undefined as Dispatcher.DispatchHandler | undefined, aborted: [] as unknown[], dispatched: 0 };
  const controller = { abort: (reason: Error) => void state.aborted.push(reason) } as unknown as Dispatcher.DispatchController;
  const dispatcher = {
    dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      state.dispatched++;
      if (throwing) throw throwing;
      state.options = options;
      state.handler = handler;
      return true;
    },
  } as unknown as Dispatcher;
  const h = () => state.handler!;
  return {
    state,
    dispatcher,
    controller,
    start: () => h().onRequestStart!(controller, {}),
    answer: (status: number, headers: Record<string, string | string[]> = {}) => h().onResponseStart!(controller, status, headers, ""),
    data: (chunk: string | Buffer) => h().onResponseData!(controller, typeof chunk === "string" ? Buffer.from(chunk) : chunk),
    end: () => h().onResponseEnd!(controller, {}),
    fail: (error: Error) => h().onResponseError!(controller, error),
  };
}

const options = { origin: "https://kube.test", path: "/api", method: "GET" } as Dispatcher.DispatchOptions;
const limits = (extra: Partial<BufferedLimits> = {}): BufferedLimits => ({ signal: undefined, call: undefined, errorBodyLimit: 10, ...extra });

function watch<T>(p: Promise<T>) {
  const s: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then((value) => Object.assign(s, { value, done: true }), (error: unknown) => Object.assign(s, { error, done: true }));
  return s;
}
const settled = () => new Promise((r) => setImmediate(r));

async function drain(reply: RawResponse): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of reply.body) chunks.push(Buffer.from(c));
  return chunks;
}

test("the options go to the dispatcher as they are; the reply resolves once the body has ended, whole and complete", async () => {
  const d = handDriven();
  const pending = watch(dispatchBuffered(d.dispatcher, options, limits()));
  assert.equal(d.state.options, options);
  d.start();
  d.answer(201, { "content-type": "application/json", warning: ["a", "b"] });
  d.data('{"a":');
  d.data("1}");
  await settled();
  assert.equal(pending.done, false, "not before the end");
  d.end();
  await settled();
  const reply = pending.value!;
  assert.equal(reply.status, 201);
  assert.equal(reply.complete, true);
  assert.equal(reply.headers.get("Content-Type"), "application/json");
  assert.deepEqual(reply.headers.getAll("warning"), ["a", "b"]);
  assert.equal(await reply.text!(), '{"a":1}');
  assert.deepEqual(await reply.bytes!(), Buffer.from('{"a":1}'));
  assert.deepEqual((await drain(reply)).map(String), ['{"a":', "1}"]);
  // Reading twice works: the body is in memory.
  assert.equal(await reply.text!(), '{"a":1}');
  await reply.cancel();
  assert.deepEqual(d.state.aborted, []);
});

test("a body in one chunk is handed on without a copy; an empty body is empty", async () => {
  const d = handDriven();
  const pending = dispatchBuffered(d.dispatcher, options, limits());
  d.start();
  d.answer(200);
  const chunk = Buffer.from("{}");
  d.data(chunk);
  d.end();
  const reply = await pending;
  assert.equal(await reply.bytes!(), chunk);
  const e = handDriven();
  const empty = dispatchBuffered(e.dispatcher, options, limits());
  e.start();
  e.answer(204);
  e.end();
  const nothing = await empty;
  assert.equal(await nothing.text!(), "");
  assert.equal((await nothing.bytes!()).length, 0);
  assert.deepEqual(await drain(nothing), []);
});

test("text() drops a UTF-8 byte order mark (whole, at the start) and nothing that only looks like one; bytes() keep it", async () => {
  const cases: [number[], string][] = [
    [[0xef, 0xbb, 0xbf, 0x7b, 0x7d], "{}"],
    [[0xef, 0xbb, 0xbf], ""],
    [[0xef, 0xbb, 0xbc], "\ufefc"],
    [[0xef, 0x80, 0xbf], "\uf03f"],
    [[0x41, 0xbb, 0xbf], "A\ufffd\ufffd"],
    [[0x7b, 0x7d], "{}"],
  ];
  for (const [bytes, text] of cases) {
    const d = handDriven();
    const pending = dispatchBuffered(d.dispatcher, options, limits());
    d.start();
    d.answer(200);
    d.data(Buffer.from(bytes));
    d.end();
    const reply = await pending;
    assert.equal(await reply.text!(), text, bytes.join(","));
    assert.deepEqual([...(await reply.bytes!())], bytes);
  }
  // A mark split over two chunks is still the body's start.
  const d = handDriven();
  const pending = dispatchBuffered(d.dispatcher, options, limits());
  d.start();
  d.answer(200);
  d.data(Buffer.from([0xef, 0xbb]));
  d.data(Buffer.from([0xbf, 0x31]));
  d.end();
  assert.equal(await (await pending).text!(), "1");
});

test("an error reply (below 200 or from 300) resolves once its body is past the bound, and the exchange is stopped", async () => {
  for (const status of [199, 300, 404, 500]) {
    const d = handDriven();
    const pending = watch(dispatchBuffered(d.dispatcher, options, limits({ errorBodyLimit: 10 })));
    d.start();
    d.answer(status);
    d.data("0123456789");
    await settled();
    assert.equal(pending.done, false, `${status}: exactly the bound is still waited for`);
    assert.deepEqual(d.state.aborted, []);
    d.data("a");
    await settled();
    assert.equal(pending.done, true, `${status}: past the bound`);
    assert.equal(pending.value!.status, status);
    assert.equal(await pending.value!.text!(), "0123456789a");
    assert.equal(d.state.aborted.length, 1);
    assert.equal(String(d.state.aborted[0]), "Error: error body over its limit");
    // What undici says after the stop changes nothing: more data is not stopped again.
    d.data("b");
    assert.equal(d.state.aborted.length, 1);
    d.end();
    d.fail(new Error("aborted"));
  }
});

test("a 2xx reply longer than the error bound is read to its end", async () => {
  for (const status of [200, 299]) {
    const d = handDriven();
    const pending = watch(dispatchBuffered(d.dispatcher, options, limits({ errorBodyLimit: 2 })));
    d.start();
    d.answer(status);
    d.data("0123456789");
    await settled();
    assert.equal(pending.done, false);
    d.end();
    await settled();
    assert.equal(await pending.value!.text!(), "0123456789");
    assert.deepEqual(d.state.aborted, []);
  }
});

test("undici's error rejects the exchange, and so does a dispatcher that throws", async () => {
  const d = handDriven();
  const pending = dispatchBuffered(d.dispatcher, options, limits());
  d.start();
  d.answer(200);
  d.data("part");
  const reset = new Error("socket reset");
  d.fail(reset);
  await assert.rejects(pending, (e) => e === reset);
  d.end();
  const refused = new Error("dispatcher is destroyed");
  await assert.rejects(dispatchBuffered(handDriven(refused).dispatcher, options, limits()), (e) => e === refused);
});

/** A signal, and how many "abort" listeners it holds now. */
function countingSignal() {
  const controller = new AbortController();
  return { controller, signal: controller.signal, listeners: () => getEventListeners(controller.signal, "abort").length };
}

test("a signal already aborted: rejected with its reason, nothing dispatched", async () => {
  const d = handDriven();
  const why = new Error("already");
  await assert.rejects(dispatchBuffered(d.dispatcher, options, limits({ signal: AbortSignal.abort(why) })), (e) => e === why);
  assert.equal(d.state.dispatched, 0);
});

test("a signal aborted before undici starts: rejected at once, and the abort applied when it starts; during the reply: the exchange is aborted with its reason", async () => {
  const early = countingSignal();
  const d = handDriven();
  const pending = dispatchBuffered(d.dispatcher, options, limits({ signal: early.signal }));
  assert.equal(early.listeners(), 1);
  const why = new Error("early");
  early.controller.abort(why);
  await assert.rejects(pending, (e) => e === why);
  assert.deepEqual(d.state.aborted, []);
  d.start();
  assert.deepEqual(d.state.aborted, [why]);

  const late = countingSignal();
  const e = handDriven();
  const reading = dispatchBuffered(e.dispatcher, options, limits({ signal: late.signal }));
  e.start();
  e.answer(200);
  e.data("part");
  const stop = new Error("late");
  late.controller.abort(stop);
  await assert.rejects(reading, (x) => x === stop);
  assert.deepEqual(e.state.aborted, [stop]);
  // A second stop (undici's error after the abort) changes nothing.
  e.fail(new Error("aborted"));
  assert.equal(e.state.aborted.length, 1);
});

test("the signal's listener is removed once the exchange settles, however it ends", async () => {
  for (const ending of ["end", "error", "bound"] as const) {
    const s = countingSignal();
    const d = handDriven();
    const pending = dispatchBuffered(d.dispatcher, options, limits({ signal: s.signal, errorBodyLimit: 1 }));
    d.start();
    d.answer(ending === "bound" ? 500 : 200);
    if (ending === "end") d.end();
    else if (ending === "error") d.fail(new Error("reset"));
    else d.data("too long");
    await pending.catch(() => undefined);
    assert.equal(s.listeners(), 0, ending);
    s.controller.abort(new Error("after"));
    assert.equal(d.state.aborted.length, ending === "bound" ? 1 : 0, `${ending}: an abort after the end reaches nothing`);
  }
});

test("the client's close() aborts the call: rejected with its reason and the exchange stopped; a call already aborted is never dispatched", async () => {
  const call = new CallInFlight();
  const d = handDriven();
  const pending = dispatchBuffered(d.dispatcher, options, limits({ call }));
  d.start();
  const closed = new Error("client closed");
  call.abort(closed);
  await assert.rejects(pending, (e) => e === closed);
  assert.deepEqual(d.state.aborted, [closed]);

  // close() after the reply is in reaches nothing.
  const done = new CallInFlight();
  const f = handDriven();
  const finished = dispatchBuffered(f.dispatcher, options, limits({ call: done }));
  f.start();
  f.answer(200);
  f.end();
  await finished;
  done.abort(new Error("closed later"));
  assert.deepEqual(f.state.aborted, []);

  const gone = new CallInFlight();
  gone.abort(new Error("gone"));
  const e = handDriven();
  const s = countingSignal();
  await assert.rejects(dispatchBuffered(e.dispatcher, options, limits({ call: gone, signal: s.signal })), /gone/);
  assert.equal(e.state.dispatched, 0);
  assert.equal(s.listeners(), 0);
});
