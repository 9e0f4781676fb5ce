/**
 * Request headers as an ordered list of name/value pairs. A header that repeats
 * (one `Impersonate-Group` per group) is several pairs; a value is never joined
 * with another and split again, so no value can turn into two.
 */
import { KubexArgumentError } from "../errors.js";

export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** RFC 9110 field-name token. */
const fieldName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 field-value characters: tab, visible ASCII, space, and obs-text (0x80-0xFF). */
const fieldValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Why `value` cannot travel as a header value, or `undefined` when it can. Never quotes the value. */
export function headerValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return `must be a string; got ${value === null ? "null" : typeof value}`;
  if (!fieldValue.test(value)) {
    return "contains a character a header value cannot carry (CR, LF, NUL, another control character except tab, or one above U+00FF)";
  }
  return undefined;
}

/** Throws a `KubexArgumentError` naming `argument` when `value` cannot be a header value. */
export function checkHeaderValue(argument: string, value: unknown): void {
  const problem = headerValueProblem(value);
  if (problem) throw new KubexArgumentError(argument, problem);
}

/** A request's own headers, checked: names must be tokens, values must be sendable. */
export function requestHeaders(headers: Readonly<Record<string, string>> | undefined): HeaderList {
  if (headers === undefined) return [];
  if (typeof headers !== "object" || headers === null) throw new KubexArgumentError("headers", "must be an object of header names to string values");
  return Object.entries(headers).map(([name, value]) => {
    if (!fieldName.test(name)) throw new KubexArgumentError("headers", "a header name is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)");
    checkHeaderValue(`headers.${name}`, value);
    return [name.toLowerCase(), value] as const;
  });
}

/** `base` with every header named in `overrides` replaced by the overriding pairs. */
export function overrideHeaders(base: HeaderList, ...overrides: HeaderList[]): HeaderList {
  let out = base;
  for (const layer of overrides) {
    const names = new Set(layer.map(([name]) => name));
    out = [...out.filter(([name]) => !names.has(name)), ...layer];
  }
  return out;
}

/** The first value of `name`, for the few headers the client reads back. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n === name)?.[1];
}
