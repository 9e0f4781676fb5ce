// One call in flight as close() sees it: a signal only on demand, an abort handed to whatever is on the wire.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallInFlight } from "../../../runtime/client/in-flight.js";

test("a call is not aborted until abort(); its signal then carries the first reason, and a second abort changes nothing", () => {
  const call = new CallInFlight();
  assert.equal(call.aborted, false);
  const signal = call.signal;
  assert.equal(signal.aborted, false);
  assert.equal(call.signal, signal, "one signal per call");
  const first = new Error("first");
  call.abort(first);
  call.abort(new Error("second"));
  assert.equal(call.aborted, true);
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, first);
});

test("a signal asked for after the abort is already aborted with its reason", () => {
  const call = new CallInFlight();
  const reason = new Error("closed");
  call.abort(reason);
  assert.equal(call.signal.aborted, true);
  assert.equal(call.signal.reason, reason);
});

test("onAbort: the latest stop is run on abort, once, with the reason; one given after the abort runs at once", () => {
  const call = new CallInFlight();
  const seen: string[] = [];
  call.onAbort(() => void seen.push("first attempt"));
  call.onAbort((reason) => void seen.push(`retry: ${reason.message}`));
  const reason = new Error("closed");
  call.abort(reason);
  call.abort(new Error("again"));
  assert.deepEqual(seen, ["retry: closed"]);
  call.onAbort((r) => void seen.push(`late: ${r.message}`));
  assert.deepEqual(seen, ["retry: closed", "late: closed"]);
});

test("an abort with no signal asked for and no stop given builds nothing and does not throw", () => {
  const call = new CallInFlight();
  call.abort(new Error("closed"));
  assert.equal(call.aborted, true);
});
