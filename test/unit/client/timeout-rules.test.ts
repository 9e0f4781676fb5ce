// Timeout inputs: which values are a TimeoutInput, and the problem reported for each that is
// not (the part, what it accepts, the value found); how a value is shown in a refusal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { maxTimeoutSeconds, shownValue, timeoutProblem } from "../../../runtime/client/timeout.js";

const seconds = "a number of seconds from 0 to 2147483";

test("the longest timeout is 2**31 - 1 ms in whole seconds", () => {
  assert.equal(maxTimeoutSeconds, 2_147_483);
});

test("absent, null, numbers of seconds from 0 to the longest, and Timeouts of them are accepted", () => {
  for (const value of [undefined, null, 0, -0, 0.5, 30, maxTimeoutSeconds, {}, { total: 5 }, { total: null, connect: null, read: null }, { total: 0, connect: maxTimeoutSeconds, read: 1.5 }, { read: undefined }]) {
    assert.equal(timeoutProblem(value), undefined, JSON.stringify(value));
  }
});

test("a number out of range, not finite or not a number is refused as the whole timeout, without `or null`", () => {
  for (const got of [-1, -0.001, maxTimeoutSeconds + 1, maxTimeoutSeconds + 0.5, Number.NaN, Infinity, -Infinity]) {
    assert.deepEqual(timeoutProblem(got), { part: "", accepts: seconds, got });
  }
});

test("a value that is neither a number, an object nor null is refused with what a timeout can be", () => {
  const accepts = "a number of seconds, a Timeout {total, connect, read}, or null";
  const fn = () => 5;
  for (const got of ["5", "", true, false, 5n, Symbol.for("s"), fn, [], [5]]) {
    assert.deepEqual(timeoutProblem(got), { part: "", accepts, got });
  }
});

test("a key Timeout does not have is refused by name, before any part is looked at", () => {
  assert.deepEqual(timeoutProblem({ totl: 5 }), { part: ".totl", accepts: "nothing: Timeout has total, connect and read", got: 5 });
  assert.deepEqual(timeoutProblem({ total: -1, extra: "x" }), { part: ".extra", accepts: "nothing: Timeout has total, connect and read", got: "x" });
  assert.deepEqual(timeoutProblem({ total: 1, connect: 2, read: 3, idle: undefined }), { part: ".idle", accepts: "nothing: Timeout has total, connect and read", got: undefined });
});

test("each part is checked in the order total, connect, read, and may be null", () => {
  for (const part of ["total", "connect", "read"] as const) {
    for (const got of [-1, maxTimeoutSeconds + 1, Number.NaN, Infinity, "5", true, {}, [1]]) {
      assert.deepEqual(timeoutProblem({ [part]: got }), { part: `.${part}`, accepts: `${seconds} or null`, got }, `${part}: ${String(got)}`);
    }
    assert.equal(timeoutProblem({ [part]: maxTimeoutSeconds }), undefined);
    assert.equal(timeoutProblem({ [part]: 0 }), undefined);
  }
  assert.equal(timeoutProblem({ read: -1, connect: -2, total: -3 })!.part, ".total");
  assert.equal(timeoutProblem({ read: -1, connect: -2 })!.part, ".connect");
  assert.equal(timeoutProblem({ total: 1, read: -1 })!.part, ".read");
});

test("shownValue: strings quoted and cut after 40 characters, arrays and objects named, the rest as String() prints it", () => {
  assert.equal(shownValue("abc"), '"abc"');
  assert.equal(shownValue(""), '""');
  assert.equal(shownValue("a\"b"), '"a\\"b"');
  const forty = "x".repeat(40);
  assert.equal(shownValue(forty), `"${forty}"`);
  assert.equal(shownValue(`${forty}y`), `"${forty}…"`);
  assert.equal(shownValue([]), "an array");
  assert.equal(shownValue([1, 2]), "an array");
  assert.equal(shownValue({ a: 1 }), "an object");
  assert.equal(shownValue(null), "null");
  assert.equal(shownValue(undefined), "undefined");
  assert.equal(shownValue(5), "5");
  assert.equal(shownValue(Number.NaN), "NaN");
  assert.equal(shownValue(true), "true");
  assert.equal(shownValue(10n), "10");
});
