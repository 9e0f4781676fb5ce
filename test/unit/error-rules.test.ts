// The error classes' contract: each class's code and name, the message of a Status and its
// caps, which class each status and reason becomes (and which rule wins), Retry-After from
// the header or the Status, the synthesised Status of a body that is not one, and instanceof
// across duplicate installs (the class chain recorded under a global symbol).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AlreadyExists, apiErrorFromResponse, BadRequest, capMessage, Conflict, Forbidden, Gone, InternalError, Invalid, KubexApiError, KubexArgumentError,
  KubexAuthenticationError, KubexClientError, KubexClosedError, KubexConfigurationError, KubexError, KubexProtocolError, KubexTimeoutError,
  MAX_ERROR_MESSAGE_LENGTH, MethodNotAllowed, NotFound, ServerTimeout, TooManyRequests, Unauthorized, UnsupportedMediaType,
} from "../../runtime/errors.js";

const brand = Symbol.for("kubex.error");
const status = (code: number, reason: string, extra: object = {}) => JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message: "m", ...extra });

test("client-side classes: code, name, default message, cause only when given", () => {
  const cause = new Error("root");
  const table: [KubexError, string, string][] = [
    [new KubexError("x"), "KubexError", "KUBEX_ERROR"],
    [new KubexClientError("x"), "KubexClientError", "KUBEX_CLIENT_ERROR"],
    [new KubexTimeoutError("x"), "KubexTimeoutError", "KUBEX_TIMEOUT"],
    [new KubexProtocolError("x"), "KubexProtocolError", "KUBEX_PROTOCOL"],
    [new KubexConfigurationError("x"), "KubexConfigurationError", "KUBEX_CONFIGURATION"],
    [new KubexArgumentError("arg", "x"), "KubexArgumentError", "KUBEX_INVALID_ARGUMENT"],
    [new KubexAuthenticationError("x"), "KubexAuthenticationError", "KUBEX_AUTHENTICATION"],
    [new KubexClosedError(), "KubexClosedError", "KUBEX_CLIENT_CLOSED"],
  ];
  for (const [error, name, code] of table) {
    assert.deepEqual([error.name, error.code, Object.hasOwn(error, "cause")], [name, code, false], name);
  }
  assert.equal(new KubexClosedError().message, "the client is closed");
  assert.equal(new KubexArgumentError("options.timeout", "accepts a number").message, "options.timeout: accepts a number");
  assert.equal(new KubexClientError("x", { code: "KUBEX_ABORTED" }).code, "KUBEX_ABORTED", "a client error may carry a more precise code");
  assert.equal(new KubexConfigurationError("x", { code: "KUBEX_UNSUPPORTED_SETTING" }).code, "KUBEX_UNSUPPORTED_SETTING");
  assert.equal(new KubexError("x", { cause: undefined }).hasOwnProperty("cause"), false);
  for (const error of [new KubexError("x", { cause }), new KubexTimeoutError("x", { cause }), new KubexArgumentError("a", "x", { cause }), new KubexClosedError("x", { cause }), new KubexAuthenticationError("x", { cause }), new KubexProtocolError("x", { cause })]) {
    assert.equal(error.cause, cause, error.name);
  }
});

test("each class records its chain under a global symbol, not enumerable; instanceof reads it for a copy from another install", () => {
  const error = apiErrorFromResponse(404, status(404, "NotFound"));
  assert.deepEqual((error as unknown as Record<symbol, unknown>)[brand], ["NotFound", "KubexApiError", "KubexError"]);
  assert.equal(Object.getOwnPropertyDescriptor(error, brand)?.enumerable, false);
  assert.deepEqual((new KubexArgumentError("a", "b") as unknown as Record<symbol, unknown>)[brand], ["KubexArgumentError", "KubexConfigurationError", "KubexClientError", "KubexError"]);
  // An error built by another copy of the library: another class, the same recorded chain.
  const foreign = Object.assign(new Error("404"), { [brand]: ["NotFound", "KubexApiError", "KubexError"] });
  assert.ok(foreign instanceof NotFound && foreign instanceof KubexApiError && foreign instanceof KubexError);
  assert.ok(!(foreign instanceof Conflict) && !(foreign instanceof KubexClientError));
  assert.ok(!(Object.assign(new Error("x"), { [brand]: "NotFound" }) instanceof NotFound), "a chain that is not an array is none");
  for (const value of [null, undefined, "NotFound", 404] as unknown[]) assert.equal((value as object) instanceof KubexError, false, String(value));
  assert.ok(!(new Error("x") instanceof KubexError));
});

test("capMessage keeps text up to the limit and says how much it cut beyond it", () => {
  assert.equal(capMessage("abc", 3), "abc");
  assert.equal(capMessage("abcdef", 3), "abc… (3 more characters)");
  assert.equal(capMessage("x".repeat(MAX_ERROR_MESSAGE_LENGTH)), "x".repeat(MAX_ERROR_MESSAGE_LENGTH));
  assert.equal(capMessage("x".repeat(MAX_ERROR_MESSAGE_LENGTH + 1)), `${"x".repeat(MAX_ERROR_MESSAGE_LENGTH)}… (1 more characters)`);
  assert.equal(MAX_ERROR_MESSAGE_LENGTH, 1024);
});

test("an API error's message is the status, the reason (up to 128 characters) and the server's message", () => {
  assert.equal(apiErrorFromResponse(404, status(404, "NotFound", { message: 'pods "web" not found' })).message, '404 NotFound: pods "web" not found');
  assert.equal(apiErrorFromResponse(500, JSON.stringify({ kind: "Status", reason: "", message: "boom" })).message, "500: boom");
  assert.equal(apiErrorFromResponse(500, JSON.stringify({ kind: "Status", reason: "InternalError" })).message, "500 InternalError: request failed");
  const long = "R".repeat(200);
  assert.equal(apiErrorFromResponse(418, JSON.stringify({ kind: "Status", reason: long, message: "m" })).message, `418 ${"R".repeat(128)}… (72 more characters): m`);
  const error = apiErrorFromResponse(418, JSON.stringify({ kind: "Status", reason: { nested: true }, message: "m" }));
  assert.deepEqual([error.reason, error.status, error.code], ["", 418, "KUBEX_API_ERROR"]);
  assert.equal(apiErrorFromResponse(409, status(409, "Conflict")).reason, "Conflict");
});

test("a body that is not a Status becomes one: its text as the message, or HTTP <status> when empty", () => {
  assert.deepEqual(apiErrorFromResponse(502, "bad gateway").body, { kind: "Status", status: "Failure", code: 502, message: "bad gateway" });
  assert.deepEqual(apiErrorFromResponse(502, "").body, { kind: "Status", status: "Failure", code: 502, message: "HTTP 502" });
  assert.equal(apiErrorFromResponse(502, "").message, "502: HTTP 502");
  for (const text of ['{"kind":"Pod","message":"not a status"}', "null", '"Status"', "[]"]) {
    assert.deepEqual(apiErrorFromResponse(400, text).body, { kind: "Status", status: "Failure", code: 400, message: text }, text);
  }
  const decoded = apiErrorFromResponse(404, status(404, "NotFound", { details: { name: "web" } }));
  assert.deepEqual(decoded.body.details, { name: "web" });
});

test("which class each status and reason becomes, with its code; the first matching rule wins", () => {
  const table: [number, string, Function, string][] = [
    [400, "BadRequest", BadRequest, "KUBEX_BAD_REQUEST"],
    [401, "Unauthorized", Unauthorized, "KUBEX_UNAUTHORIZED"],
    [403, "Forbidden", Forbidden, "KUBEX_FORBIDDEN"],
    [404, "NotFound", NotFound, "KUBEX_NOT_FOUND"],
    [405, "MethodNotAllowed", MethodNotAllowed, "KUBEX_METHOD_NOT_ALLOWED"],
    [409, "Conflict", Conflict, "KUBEX_CONFLICT"],
    [409, "AlreadyExists", AlreadyExists, "KUBEX_ALREADY_EXISTS"],
    [410, "Expired", Gone, "KUBEX_GONE"],
    [410, "", Gone, "KUBEX_GONE"],
    [200, "Gone", Gone, "KUBEX_GONE"],
    [500, "Expired", Gone, "KUBEX_GONE"],
    [415, "UnsupportedMediaType", UnsupportedMediaType, "KUBEX_UNSUPPORTED_MEDIA_TYPE"],
    [422, "", Invalid, "KUBEX_INVALID"],
    [400, "Invalid", Invalid, "KUBEX_INVALID"],
    [429, "", TooManyRequests, "KUBEX_TOO_MANY_REQUESTS"],
    [503, "TooManyRequests", TooManyRequests, "KUBEX_TOO_MANY_REQUESTS"],
    [504, "", ServerTimeout, "KUBEX_SERVER_TIMEOUT"],
    [500, "ServerTimeout", ServerTimeout, "KUBEX_SERVER_TIMEOUT"],
    [500, "Timeout", ServerTimeout, "KUBEX_SERVER_TIMEOUT"],
    [500, "", InternalError, "KUBEX_INTERNAL_ERROR"],
    [503, "ServiceUnavailable", InternalError, "KUBEX_INTERNAL_ERROR"],
    [499, "", KubexApiError, "KUBEX_API_ERROR"],
    [418, "Teapot", KubexApiError, "KUBEX_API_ERROR"],
    [302, "", KubexApiError, "KUBEX_API_ERROR"],
    // Precedence: 429 before AlreadyExists, AlreadyExists before Invalid, Invalid before Gone, Gone before ServerTimeout.
    [429, "AlreadyExists", TooManyRequests, "KUBEX_TOO_MANY_REQUESTS"],
    [422, "AlreadyExists", AlreadyExists, "KUBEX_ALREADY_EXISTS"],
    [410, "Invalid", Invalid, "KUBEX_INVALID"],
    [422, "Gone", Invalid, "KUBEX_INVALID"],
    [504, "Expired", Gone, "KUBEX_GONE"],
    [404, "Timeout", ServerTimeout, "KUBEX_SERVER_TIMEOUT"],
  ];
  for (const [code, reason, cls, errorCode] of table) {
    const error = apiErrorFromResponse(code, status(code, reason));
    assert.deepEqual([error.constructor, error.code, error.name, error.status], [cls, errorCode, cls.name, code], `${code} ${reason}`);
  }
});

test("Retry-After: whole seconds from the header (spaces allowed), else from the Status details; anything else is no hint", () => {
  const after = (header: string | null | undefined, details?: unknown, code = 429) =>
    (apiErrorFromResponse(code, status(code, "", details === undefined ? {} : { details: { retryAfterSeconds: details } }), header) as TooManyRequests).retryAfterSeconds;
  assert.equal(after("7"), 7);
  assert.equal(after(" 7 "), 7);
  assert.equal(after("0"), 0);
  assert.equal(after("120"), 120);
  // Digits only: forms that Number() would read are still no hint.
  for (const header of ["7.5", "-1", "7a", "a7", "0x10", "1e3", "+5", "Wed, 21 Oct 2015 07:28:00 GMT", "", null, undefined]) assert.equal(after(header), undefined, String(header));
  assert.equal(after(null, 3), 3);
  assert.equal(after(null, 0), 0);
  assert.equal(after("5", 3), 5, "the header wins");
  for (const details of [-1, 1.5, "3", Number.MAX_SAFE_INTEGER + 1]) assert.equal(after(null, details), undefined, String(details));
  assert.equal(after("9", undefined, 503), 9, "a 503 carries it too");
  assert.equal(after(null, 2, 500), 2);
  assert.equal(after("4", undefined, 504) === undefined, true, "a ServerTimeout has none");
  assert.equal((apiErrorFromResponse(503, "", "4") as InternalError).retryAfterSeconds, 4);
  assert.equal((apiErrorFromResponse(500, "") as InternalError).retryAfterSeconds, undefined);
});
