// Property tests for the parsers of server input: Warning headers, error bodies, exec exit statuses.
// Whatever the server sends, each gives a typed result or a typed error, never throws anything else, never hangs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseWarningHeader } from "../../runtime/client/warnings.js";
import { apiErrorFromResponse, KubexApiError, KubexProtocolError, MAX_ERROR_MESSAGE_LENGTH } from "../../runtime/errors.js";
import { exitCodeOf } from "../../runtime/stream/exit-status.js";
import { watchEvent } from "../../runtime/api/decode.js";
import type { Status } from "../../runtime/errors.js";

const RUNS = 300;
const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const warnText = fc.string({ unit: "binary", maxLength: 60 });
const warnValue = fc.record({ code: fc.integer({ min: 100, max: 999 }), agent: fc.constantFrom("-", "kube-apiserver", "h:1"), text: warnText, date: fc.option(fc.constant('"Tue, 15 Nov 1994 08:12:31 GMT"')) })
  .map((w) => ({ text: w.text, header: `${w.code} ${w.agent} ${quote(w.text)}${w.date === null ? "" : ` ${w.date}`}` }));

test("Warning header: any list of well-formed warn-values parses back to exactly their texts", () => {
  fc.assert(fc.property(fc.array(warnValue, { maxLength: 6 }), fc.constantFrom(",", ", ", " ,\t"), (values, separator) => {
    assert.deepEqual(parseWarningHeader(values.map((v) => v.header).join(separator)), values.map((v) => v.text));
  }), { numRuns: RUNS });
});

test("Warning header: any text gives a list of strings, never throws, and takes linear time", () => {
  const alphabet = fc.constantFrom('"', "\\", ",", " ", "\t", "2", "9", "-", "a", "\u0000", "\u00e9");
  const hostile = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: alphabet, maxLength: 400 }));
  fc.assert(fc.property(hostile, (text) => {
    const texts = parseWarningHeader(text);
    assert.ok(Array.isArray(texts) && texts.every((t) => typeof t === "string"));
    assert.ok(texts.join("").length <= text.length, "no text is longer than the header it came from");
  }), { numRuns: RUNS * 3 });
  const big = '299 - "' + "\\\"".repeat(200_000) + ', 299 - "x'.repeat(20_000);
  const started = performance.now();
  parseWarningHeader(big);
  assert.ok(performance.now() - started < 2_000, "a large hostile header is parsed in linear time");
});

test("Warning header: well-formed values survive malformed neighbours without quotes", () => {
  const junk = fc.string({ unit: fc.constantFrom("a", "1", " ", "-", "x", "299"), maxLength: 20 });
  fc.assert(fc.property(fc.array(fc.oneof(warnValue.map((v) => ({ ...v, good: true })), junk.map((j) => ({ header: j, text: "", good: false }))), { maxLength: 8 }), (parts) => {
    const header = parts.map((p) => p.header).join(", ");
    assert.deepEqual(parseWarningHeader(header), parts.filter((p) => p.good).map((p) => p.text));
  }), { numRuns: RUNS });
});

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const statusLike = fc.record({
  kind: fc.oneof(fc.constant("Status"), jsonValue),
  status: fc.oneof(fc.constantFrom("Success", "Failure"), jsonValue),
  code: fc.oneof(fc.integer(), jsonValue),
  reason: fc.oneof(fc.constantFrom("AlreadyExists", "Invalid", "Expired", "NotFound", "NonZeroExitCode", "TooManyRequests"), jsonValue),
  message: fc.oneof(fc.string({ maxLength: 5_000 }), jsonValue),
  details: fc.oneof(jsonValue, fc.record({ causes: fc.oneof(jsonValue, fc.array(fc.record({ reason: fc.oneof(fc.constant("ExitCode"), jsonValue), message: jsonValue }, { requiredKeys: [] }))) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

const body = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), statusLike.map((s) => JSON.stringify(s)), fc.constant("x".repeat(50_000)), jsonValue.map((v) => JSON.stringify(v)));

test("apiErrorFromResponse: any status and body give a KubexApiError with that status, a string reason and a capped message", () => {
  fc.assert(fc.property(fc.integer({ min: 100, max: 599 }), body, fc.option(fc.string({ maxLength: 20 })), (status, text, retryAfter) => {
    const error = apiErrorFromResponse(status, text, retryAfter);
    assert.ok(error instanceof KubexApiError);
    assert.equal(error.status, status);
    assert.equal(typeof error.reason, "string");
    assert.equal(typeof error.message, "string");
    assert.ok(error.message.length <= MAX_ERROR_MESSAGE_LENGTH + 256, `message of ${error.message.length} characters`);
    const after = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    assert.ok(after === undefined || (Number.isSafeInteger(after) && (after as number) >= 0), `retryAfterSeconds ${String(after)}`);
  }), { numRuns: RUNS });
});

test("exitCodeOf: any Success or Failure object from the error channel gives a non-negative integer or null, never throws", () => {
  fc.assert(fc.property(statusLike, fc.constantFrom("Success", "Failure"), (status, outcome) => {
    const code = exitCodeOf({ ...status, status: outcome } as Status);
    assert.ok(code === null || (Number.isSafeInteger(code) && code >= 0), `exit code ${String(code)}`);
  }), { numRuns: RUNS });
  assert.equal(exitCodeOf({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "3" }] } } as Status), 3);
  assert.equal(exitCodeOf({ status: "Failure", message: "command terminated: exit status 2" } as Status), 2);
});

test("watchEvent: any decoded watch line is an event, an ERROR status, or a KubexProtocolError with a capped message", () => {
  const line = fc.oneof(jsonValue, fc.record({ type: fc.oneof(fc.constantFrom("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"), jsonValue, fc.constant("T".repeat(100_000))), object: fc.oneof(jsonValue, statusLike) }, { requiredKeys: [] }));
  fc.assert(fc.property(line, (value) => {
    try {
      const event = watchEvent(value, "watch /api/v1/pods");
      assert.equal(typeof event.type, "string");
    } catch (error) {
      assert.ok(error instanceof KubexProtocolError, String(error));
      assert.ok(error.message.length <= MAX_ERROR_MESSAGE_LENGTH + 256, `message of ${error.message.length} characters`);
    }
  }), { numRuns: RUNS });
});
