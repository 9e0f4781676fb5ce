// The KubeResponse handed to callers over a backend's raw reply: the body read once, the
// backend's whole read used when it has one, JSON errors that say what came, cancel(), and the
// two header views (undici's record, WHATWG Headers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexProtocolError } from "../../../runtime/errors.js";
import { BufferedResponse, recordHeaders, webHeaders, type RawResponse } from "../../../runtime/client/response.js";

const encode = (s: string) => new TextEncoder().encode(s);

/** A raw reply of `chunks`, counting how often its whole read and cancel() are used. */
function raw(chunks: string[], extra: Partial<RawResponse> = {}) {
  const seen = { cancelled: 0, wholeReads: 0, iterated: 0 };
  const reply: RawResponse = {
    status: 201,
    headers: recordHeaders({ "x-a": "1" }),
    body: {
      async *[Symbol.asyncIterator]() {
        seen.iterated++;
        for (const c of chunks) yield encode(c);
      },
    },
    cancel: async () => void seen.cancelled++,
    ...extra,
  };
  return { reply, seen };
}

const alreadyRead = (e: unknown) => e instanceof KubexProtocolError && e.message === "GET /x: the response body was already read";

test("status and headers are the backend's", () => {
  const { reply } = raw([]);
  const r = new BufferedResponse(reply, "GET /x");
  assert.equal(r.status, 201);
  assert.equal(r.headers, reply.headers);
});

test("body() hands the backend's body out once; a second read of any kind is refused by message", async () => {
  const { reply } = raw(["a"]);
  const r = new BufferedResponse(reply, "GET /x");
  assert.equal(r.body(), reply.body);
  assert.throws(() => r.body(), alreadyRead);
  // text() and json() reject rather than throw: a caller's await sees the error.
  const text = r.text();
  assert.ok(text instanceof Promise);
  await assert.rejects(text, alreadyRead);
  await assert.rejects(r.json(), alreadyRead);
});

test("text() uses the backend's whole read once, as it is; without one it joins the chunks as UTF-8", async () => {
  const whole = Promise.resolve("whole");
  let wholeReads = 0;
  const { reply, seen } = raw(["no"], { text: () => (wholeReads++, whole) });
  const r = new BufferedResponse(reply, "GET /x");
  assert.equal(r.text(), whole);
  assert.equal(wholeReads, 1);
  assert.equal(seen.iterated, 0);
  await assert.rejects(r.text(), alreadyRead);
  assert.equal(wholeReads, 1);

  const euro = encode("€");
  const split: RawResponse = {
    ...raw([]).reply,
    body: {
      async *[Symbol.asyncIterator]() {
        yield encode('"');
        yield euro.subarray(0, 2);
        yield euro.subarray(2);
        yield encode('"');
      },
    },
  };
  assert.equal(await new BufferedResponse(split, "GET /x").text(), '"€"');
});

test("text() after body() does not use the whole read either", async () => {
  let wholeReads = 0;
  const { reply } = raw(["a"], { text: async () => (wholeReads++, "whole") });
  const r = new BufferedResponse(reply, "GET /x");
  r.body();
  await assert.rejects(r.text(), alreadyRead);
  assert.equal(wholeReads, 0);
});

test("json() parses the body; a body that is not JSON is a KubexProtocolError with its length and its start, and the parser's error as cause", async () => {
  assert.deepEqual(await new BufferedResponse(raw(['{"a":', "[1]}"]).reply, "GET /x").json(), { a: [1] });
  const error = await new BufferedResponse(raw(["<html>"]).reply, "GET /x").json().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof KubexProtocolError);
  assert.equal(error.message, 'GET /x: response is not valid JSON (6 bytes: "<html>")');
  assert.ok(error.cause instanceof SyntaxError);
  const exactly = "x".repeat(120);
  await assert.rejects(new BufferedResponse(raw([exactly]).reply, "GET /x").json(), (e: Error) => e.message === `GET /x: response is not valid JSON (120 bytes: "${exactly}")`);
  await assert.rejects(new BufferedResponse(raw([`${exactly}yz`]).reply, "GET /x").json(), (e: Error) => e.message === `GET /x: response is not valid JSON (122 bytes: "${exactly}…")`);
  await assert.rejects(new BufferedResponse(raw([]).reply, "GET /x").json(), (e: Error) => e.message === 'GET /x: response is not valid JSON (0 bytes: "")');
});

test("cancel() releases the backend's body, after which it cannot be read", async () => {
  const { reply, seen } = raw(["a"]);
  const r = new BufferedResponse(reply, "GET /x");
  await r.cancel();
  assert.equal(seen.cancelled, 1);
  assert.throws(() => r.body(), alreadyRead);
  let wholeReads = 0;
  const withWhole = new BufferedResponse(raw(["a"], { text: async () => (wholeReads++, "a") }).reply, "GET /x");
  await withWhole.cancel();
  await assert.rejects(withWhole.text(), alreadyRead);
  assert.equal(wholeReads, 0);
});

test("recordHeaders: names in any case, repeated values joined for get() and kept apart for getAll(), absent as null and []", () => {
  const h = recordHeaders({ "content-type": "application/json", warning: ['299 - "a"', '299 - "b"'], empty: "", none: undefined });
  assert.equal(h.get("Content-Type"), "application/json");
  assert.deepEqual(h.getAll("CONTENT-TYPE"), ["application/json"]);
  assert.equal(h.get("Warning"), '299 - "a", 299 - "b"');
  assert.deepEqual(h.getAll("warning"), ['299 - "a"', '299 - "b"']);
  assert.equal(h.get("empty"), "");
  assert.deepEqual(h.getAll("empty"), [""]);
  assert.equal(h.get("none"), null);
  assert.deepEqual(h.getAll("none"), []);
  assert.equal(h.get("missing"), null);
  assert.deepEqual(h.getAll("missing"), []);
});

test("webHeaders: what Headers says, getAll() as one joined value (Headers cannot tell them apart) or none", () => {
  const headers = new Headers([["Warning", "a"], ["warning", "b"], ["x-empty", ""]]);
  const h = webHeaders(headers);
  assert.equal(h.get("WARNING"), "a, b");
  assert.deepEqual(h.getAll("warning"), ["a, b"]);
  assert.equal(h.get("x-empty"), "");
  assert.deepEqual(h.getAll("x-empty"), [""]);
  assert.equal(h.get("missing"), null);
  assert.deepEqual(h.getAll("missing"), []);
});
