/**
 * Request headers as an ordered list of name/value pairs. A header that repeats
 * (one `Impersonate-Group` per group) is several pairs; a value is never joined
 * with another and split again, so no value can turn into two.
 */
import { KubexArgumentError } from "../errors.js";

export type HeaderList = ReadonlyArray<readonly [string, string]>;

const jsonContentType: HeaderList = [["content-type", "application/json"]];
const none: HeaderList = [];

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
  if (headers === undefined) return none;
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


/**
 * The header lists of a client's calls: the static headers, the bearer token, the call's own
 * headers and a JSON content type for a body. A call with no headers of its own (nearly all)
 * gets the list built last time for the same token and kind, instead of a merge per call.
 */
export class CallHeaders {
  /** The last list built without a body and with one, and the token each carries. */
  readonly #last: [{ token: string | undefined; list: HeaderList } | undefined, { token: string | undefined; list: HeaderList } | undefined] = [undefined, undefined];

  constructor(
    private readonly base: HeaderList,
    /** The authorization layer of a token; it may refuse a token that cannot travel. */
    private readonly authorization: (token: string | undefined) => HeaderList,
  ) {}

  of(token: string | undefined, own: HeaderList, hasBody: boolean): HeaderList {
    if (own.length > 0) {
      const contentType = hasBody && headerValue(own, "content-type") === undefined ? jsonContentType : none;
      return overrideHeaders(this.base, this.authorization(token), own, contentType);
    }
    const slot = hasBody ? 1 : 0;
    const last = this.#last[slot];
    if (last && last.token === token) return last.list;
    const list = overrideHeaders(this.base, this.authorization(token), hasBody ? jsonContentType : none);
    this.#last[slot] = { token, list };
    return list;
  }
}
