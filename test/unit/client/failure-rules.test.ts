// What a failed call says: clientError's rules one at a time. Which cause wins (the client's
// close, a kubex error, the total timeout, the caller's signal, a proxy's refusal, a timeout
// code), the limit each message names (undici's defaults when kubex sets none), and the text
// of anything else. Pure function: no client, no server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexAuthenticationError, KubexClientError, KubexClosedError, KubexError, KubexTimeoutError } from "../../../runtime/errors.js";
import { clientError, type FailureContext } from "../../../runtime/client/failure.js";

const description = "GET /api/v1/pods";
const base: FailureContext = { description, timeout: { total: 30, read: 7 }, connect: 5 };
const aborted = (): AbortSignal => AbortSignal.abort();
const live = (): AbortSignal => new AbortController().signal;
const coded = (code: string, message = "boom"): Error => Object.assign(new Error(message), { code });

/** The error clientError makes, checked to be exactly of `type` (not a subclass) with `message`. */
function made(error: unknown, context: Partial<FailureContext>, type: new (...args: never[]) => KubexError, message: string): KubexError {
  const result = clientError(error, { ...base, ...context });
  assert.equal(result.constructor, type, `${result.constructor.name} for ${message}`);
  assert.equal(result.message, message);
  return result;
}

test("a call the client's close() ended is a KubexClosedError, whatever else happened", () => {
  const closed = `${description}: the client was closed while the request was in flight`;
  made(new Error("x"), { closing: { aborted: true } }, KubexClosedError, closed);
  made(new KubexTimeoutError("t"), { closing: { aborted: true } }, KubexClosedError, closed);
  made(new Error("x"), { closing: aborted(), totalSignal: aborted(), callerSignal: aborted() }, KubexClosedError, closed);
  // Not closed: the next rule answers.
  made(coded("ECONNRESET"), { closing: { aborted: false } }, KubexClientError, `${description}: ECONNRESET: boom`);
  made(coded("ECONNRESET"), { closing: undefined }, KubexClientError, `${description}: ECONNRESET: boom`);
});

test("a kubex error passes through unchanged, even after the total timeout or the caller's abort", () => {
  const own = new KubexAuthenticationError("no token");
  assert.equal(clientError(own, base), own);
  assert.equal(clientError(own, { ...base, totalSignal: aborted(), callerSignal: aborted(), proxy: "http://p:1" }), own);
});

test("the total timeout is named with its seconds, and wins over the caller's signal", () => {
  const cause = new Error("aborted");
  const e = made(cause, { totalSignal: aborted(), callerSignal: aborted() }, KubexTimeoutError, `${description}: no complete response within the total timeout of 30s`);
  assert.equal(e.cause, cause);
  made(cause, { totalSignal: live(), timeout: { total: 2.5 } }, KubexClientError, `${description}: Error: aborted`);
});

test("the caller's abort is KUBEX_ABORTED, with the thrown value as its cause", () => {
  const cause = new Error("stop");
  const e = made(cause, { callerSignal: aborted(), totalSignal: live() }, KubexClientError, `${description}: aborted by the caller's signal`);
  assert.equal((e as KubexClientError).code, "KUBEX_ABORTED");
  assert.equal(e.cause, cause);
  made(cause, { callerSignal: live() }, KubexClientError, `${description}: Error: stop`);
});

test("a proxy's 407 is an authentication error naming the proxy without its password", () => {
  const cause = new Error("Proxy response (407) !== 200 when HTTP Tunneling");
  const e = made(cause, { proxy: "http://user:hunter2@proxy:3128" }, KubexAuthenticationError,
    `${description}: the proxy http://user:redacted@proxy:3128/ refused authentication (HTTP 407); check the user and password of the proxy URL`);
  assert.equal(e.cause, cause);
  assert.ok(!e.message.includes("hunter2"));
});

test("a proxy's other refusal is KUBEX_PROXY_REFUSED with its status", () => {
  const cause = new Error("Proxy response (403) !== 200 when HTTP Tunneling");
  const e = made(cause, { proxy: "http://proxy:3128" }, KubexClientError, `${description}: the proxy http://proxy:3128/ refused the tunnel with HTTP 403`);
  assert.equal((e as KubexClientError).code, "KUBEX_PROXY_REFUSED");
  assert.equal(e.cause, cause);
});

test("a proxy's refusal is found down the cause chain, five causes deep at most", () => {
  const chain = (depth: number): unknown => {
    let e: unknown = new Error("Proxy response (502) !== 200 when HTTP Tunneling");
    for (let i = 0; i < depth; i++) e = Object.assign(new Error(`wrapper ${i}`), { cause: e });
    return e;
  };
  const refused = `${description}: the proxy http://proxy:3128/ refused the tunnel with HTTP 502`;
  made(chain(1), { proxy: "http://proxy:3128" }, KubexClientError, refused);
  made(chain(5), { proxy: "http://proxy:3128" }, KubexClientError, refused);
  made(chain(6), { proxy: "http://proxy:3128" }, KubexClientError, `${description}: Error: wrapper 5`);
  // A cause that is not an object ends the search.
  made(Object.assign(new Error("outer"), { cause: "Proxy response (502) !== 200" }), { proxy: "http://proxy:3128" }, KubexClientError, `${description}: Error: outer`);
});

test("only a proxy's own answer is a refusal: no proxy, another text, or the text not at the start", () => {
  const text = "Proxy response (407) !== 200 when HTTP Tunneling";
  made(new Error(text), { proxy: undefined }, KubexClientError, `${description}: Error: ${text}`);
  made(new Error(text), { proxy: "" }, KubexClientError, `${description}: Error: ${text}`);
  for (const other of ["proxy response (407) !== 200", "Proxy response (40) !== 200", "Proxy response (407) === 200", "upstream: Proxy response (407) !== 200", "Proxy response (4077) !== 200"]) {
    made(new Error(other), { proxy: "http://p:1" }, KubexClientError, `${description}: Error: ${other}`);
  }
  // A thrown string is not searched (no message), and says what it is.
  made(text, { proxy: "http://p:1" }, KubexClientError, `${description}: request failed`);
});

test("a connect timeout names the client's connect timeout, or undici's 10 s default", () => {
  const cause = coded("UND_ERR_CONNECT_TIMEOUT");
  const e = made(cause, { connect: 5 }, KubexTimeoutError, `${description}: could not connect within the connect timeout of 5s`);
  assert.equal(e.cause, cause);
  made(cause, { connect: 0 }, KubexTimeoutError, `${description}: could not connect within the connect timeout of 0s`);
  made(cause, { connect: null }, KubexTimeoutError, `${description}: could not connect within the connect timeout of 10s (undici's default)`);
  made(cause, { connect: undefined }, KubexTimeoutError, `${description}: could not connect within the connect timeout of 10s (undici's default)`);
});

test("the three read-timeout codes name the read timeout, or undici's 300 s default", () => {
  for (const code of ["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "KUBEX_READ_TIMEOUT"]) {
    const cause = coded(code);
    const e = made(cause, { timeout: { read: 7 } }, KubexTimeoutError, `${description}: no data from the server for 7s (read timeout)`);
    assert.equal(e.cause, cause);
    made(cause, { timeout: { read: 0 } }, KubexTimeoutError, `${description}: no data from the server for 0s (read timeout)`);
    made(cause, { timeout: { read: null } }, KubexTimeoutError, `${description}: no data from the server for 300s (undici's default) (read timeout)`);
    made(cause, { timeout: {} }, KubexTimeoutError, `${description}: no data from the server for 300s (undici's default) (read timeout)`);
  }
});

test("the code is the error's own, else its cause's, else its name", () => {
  made(Object.assign(new Error("x"), { cause: { code: "UND_ERR_CONNECT_TIMEOUT" } }), {}, KubexTimeoutError, `${description}: could not connect within the connect timeout of 5s`);
  made({ name: "UND_ERR_BODY_TIMEOUT" }, {}, KubexTimeoutError, `${description}: no data from the server for 7s (read timeout)`);
  // The error's own code wins over its cause's, and the cause's over the name.
  made(Object.assign(coded("ECONNRESET"), { cause: { code: "UND_ERR_CONNECT_TIMEOUT" } }), {}, KubexClientError, `${description}: ECONNRESET: boom`);
  made({ name: "UND_ERR_BODY_TIMEOUT", message: "m", cause: { code: "EPIPE" } }, {}, KubexClientError, `${description}: EPIPE: m`);
});

test("an abort that no signal of kubex explains is KUBEX_ABORTED", () => {
  const named = Object.assign(new Error("The operation was aborted"), { name: "AbortError", code: "ABORT_ERR" });
  const e = made(named, {}, KubexClientError, `${description}: aborted`);
  assert.equal((e as KubexClientError).code, "KUBEX_ABORTED");
  assert.equal(e.cause, named);
  const undici = coded("UND_ERR_ABORTED");
  assert.equal((made(undici, {}, KubexClientError, `${description}: aborted`) as KubexClientError).code, "KUBEX_ABORTED");
});

test("anything else says its code and its message, the message cut at 512 characters", () => {
  const cause = coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1");
  const e = made(cause, {}, KubexClientError, `${description}: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1`);
  assert.equal(e.cause, cause);
  assert.equal((e as KubexClientError).code, "KUBEX_CLIENT_ERROR");
  made(new TypeError("fetch failed"), {}, KubexClientError, `${description}: TypeError: fetch failed`);
  made({ message: "only a message" }, {}, KubexClientError, `${description}: only a message`);
  made({ code: "EPIPE" }, {}, KubexClientError, `${description}: EPIPE`);
  made({ code: "", message: "empty code" }, {}, KubexClientError, `${description}: empty code`);
  made({ message: 42 }, {}, KubexClientError, `${description}: request failed`);
  made({}, {}, KubexClientError, `${description}: request failed`);
  made(coded("E", "x".repeat(512)), {}, KubexClientError, `${description}: E: ${"x".repeat(512)}`);
  made(coded("E", "x".repeat(600)), {}, KubexClientError, `${description}: E: ${"x".repeat(512)}… (88 more characters)`);
});

test("a thrown null or undefined is a failed request too, not a TypeError", () => {
  made(null, {}, KubexClientError, `${description}: request failed`);
  made(undefined, {}, KubexClientError, `${description}: request failed`);
  made(undefined, { proxy: "http://p:1" }, KubexClientError, `${description}: request failed`);
  made(null, { proxy: "http://p:1" }, KubexClientError, `${description}: request failed`);
  made(Object.assign(new Error("no tunnel"), { cause: null }), { proxy: "http://p:1" }, KubexClientError, `${description}: Error: no tunnel`);
});
