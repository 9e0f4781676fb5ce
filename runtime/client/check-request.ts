/**
 * The shape checks a `KubeRequest` or `WebSocketRequest` passes before anything
 * is sent. Requests come from the Api layer or straight from callers of
 * `client.request()`; either way a wrong shape is a `KubexArgumentError` naming
 * the field, not a TypeError from deep inside a backend.
 */
import { KubexArgumentError } from "../errors.js";
import type { HttpMethod, KubeRequest, QueryParams, WebSocketRequest } from "./request.js";
import { shownValue, timeoutProblem } from "./timeout.js";

const methods: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** A path is sent as written: no control characters, no spaces, no query or fragment. */
const pathPattern = /^\/[^\s\u0000-\u001f\u007f?#]*$/;
/** A UTF-16 surrogate without its pair: it cannot be encoded as UTF-8 (encodeURIComponent throws URIError). */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Any surrogate: a cheap first look, since nearly every path has none. */
const surrogate = /[\ud800-\udfff]/;

export function checkRequest(request: KubeRequest): void {
  checkObject(request);
  if (!methods.includes(request.method)) throw new KubexArgumentError("method", `accepts ${methods.join(", ")}; got ${shownValue(request.method)}`);
  checkCommon(request);
  const body: unknown = request.body;
  if (body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) {
    throw new KubexArgumentError("body", `accepts a string or a Uint8Array; got ${shownValue(body)}`);
  }
}

export function checkWebSocketRequest(request: WebSocketRequest): void {
  checkObject(request);
  checkCommon(request);
  const protocols: unknown = request.protocols;
  if (!Array.isArray(protocols) || protocols.length === 0 || !protocols.every((p) => typeof p === "string" && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(p))) {
    throw new KubexArgumentError("protocols", "accepts a non-empty array of subprotocol names");
  }
}

/** Throws a `KubexArgumentError` naming `requestTimeout` (or its part) when `value` is not a `TimeoutInput`. */
export function checkRequestTimeout(value: unknown): void {
  const problem = timeoutProblem(value);
  if (problem) throw new KubexArgumentError(`requestTimeout${problem.part}`, `accepts ${problem.accepts}; got ${shownValue(problem.got)}`);
}

function checkObject(request: unknown): void {
  if (typeof request !== "object" || request === null) throw new KubexArgumentError("request", "must be an object");
}

function checkCommon(request: KubeRequest | WebSocketRequest): void {
  if (typeof request.path !== "string" || !pathPattern.test(request.path) || (surrogate.test(request.path) && loneSurrogate.test(request.path))) {
    throw new KubexArgumentError("path", "accepts an absolute API path starting with / without spaces, control characters, ? or #");
  }
  if (request.query !== undefined && !isQuery(request.query)) {
    throw new KubexArgumentError("query", "accepts an array of [name, value] pairs of well-formed strings (no lone UTF-16 surrogate)");
  }
  checkRequestTimeout(request.timeout);
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal)) throw new KubexArgumentError("signal", "accepts an AbortSignal");
}

function isQuery(query: unknown): query is QueryParams {
  const text = (v: unknown) => typeof v === "string" && !loneSurrogate.test(v);
  return Array.isArray(query) && query.every((pair) => Array.isArray(pair) && pair.length === 2 && text(pair[0]) && text(pair[1]));
}
