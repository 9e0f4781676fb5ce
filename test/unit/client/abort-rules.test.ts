// Signals that bound a call: combining them (nothing built for none or one), and giving up on a
// promise as soon as a signal fires, releasing a result that arrives too late.
import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { anySignal, untilAborted } from "../../../runtime/client/abort.js";

test("anySignal: none is undefined, one is that signal itself, whatever undefined surrounds it", () => {
  assert.equal(anySignal(), undefined);
  assert.equal(anySignal(undefined, undefined), undefined);
  const a = new AbortController().signal;
  assert.equal(anySignal(a), a);
  assert.equal(anySignal(undefined, a), a);
  assert.equal(anySignal(a, undefined), a);
  assert.equal(anySignal(undefined, a, undefined), a);
});

test("anySignal: two or more abort together when any of them does, with its reason", () => {
  for (const which of [0, 1, 2]) {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const combined = anySignal(controllers[0]!.signal, undefined, controllers[1]!.signal, controllers[2]!.signal)!;
    assert.ok(!controllers.some((c) => c.signal === combined));
    assert.equal(combined.aborted, false);
    const reason = new Error(`number ${which}`);
    controllers[which]!.abort(reason);
    assert.equal(combined.aborted, true);
    assert.equal(combined.reason, reason);
  }
  const first = new AbortController();
  const second = new AbortController();
  const both = anySignal(first.signal, second.signal)!;
  second.abort("second");
  assert.equal(both.reason, "second");
});

/** A signal, and how many "abort" listeners it holds now. */
function countingSignal() {
  const controller = new AbortController();
  return { controller, signal: controller.signal, listeners: () => getEventListeners(controller.signal, "abort").length };
}

test("untilAborted without a signal is the promise itself", () => {
  const p = Promise.resolve(1);
  assert.equal(untilAborted(p, undefined), p);
});

test("untilAborted: the value or error of the promise when it settles first, its listener removed", async () => {
  const ok = countingSignal();
  assert.equal(await untilAborted(Promise.resolve("v"), ok.signal), "v");
  assert.equal(ok.listeners(), 0);
  const failed = countingSignal();
  const error = new Error("failed");
  await assert.rejects(untilAborted(Promise.reject(error), failed.signal), (e) => e === error);
  assert.equal(failed.listeners(), 0);
  // A later abort does nothing to what was settled.
  ok.controller.abort(new Error("late"));
  failed.controller.abort(new Error("late"));
});

test("untilAborted: an abort first rejects with its reason at once, and a result that comes later is cancelled", async () => {
  let resolveLate!: (v: { cancel(): Promise<void> }) => void;
  let cancelled = 0;
  const late = new Promise<{ cancel(): Promise<void> }>((r) => (resolveLate = r));
  const c = new AbortController();
  const racing = untilAborted(late, c.signal);
  const reason = new Error("stop");
  c.abort(reason);
  await assert.rejects(racing, (e) => e === reason);
  resolveLate({ cancel: async () => void cancelled++ });
  await new Promise((r) => setImmediate(r));
  assert.equal(cancelled, 1);

  // Already aborted: no wait at all, and no listener left behind.
  const gone = countingSignal();
  gone.controller.abort("gone");
  let cancelledEarly = 0;
  await assert.rejects(untilAborted(Promise.resolve({ cancel: async () => void cancelledEarly++ }), gone.signal), (e) => e === "gone");
  await new Promise((r) => setImmediate(r));
  assert.equal(cancelledEarly, 1);
  assert.equal(gone.listeners(), 0);

  // A late result without cancel(), a late undefined, or a late failure are let go quietly.
  for (const latecomer of [Promise.resolve(5), Promise.resolve(undefined), Promise.reject(new Error("late failure"))]) {
    const stop = new AbortController();
    stop.abort("stop");
    await assert.rejects(untilAborted(latecomer, stop.signal), (e) => e === "stop");
  }
  await new Promise((r) => setImmediate(r));
});
