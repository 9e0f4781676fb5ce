/**
 * One error hierarchy for the whole SDK.
 *
 * Every error carries a stable `code`. `instanceof` also works across two
 * installed copies of kubex, because each class checks a `Symbol.for` brand.
 */

const brand = Symbol.for("kubex.error");

/** The decoded `Status` object the API server sends with most failures. */
export interface Status {
  apiVersion?: "v1";
  kind?: "Status";
  status?: "Success" | "Failure" | (string & {});
  message?: string;
  reason?: string;
  code?: number;
  details?: StatusDetails;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number; selfLink?: string };
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

function brandedInstanceCheck(ctor: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const names = (value as { [brand]?: readonly string[] })[brand];
  return Array.isArray(names) && names.includes(ctor.name);
}

/** Root of every error kubex throws. */
export class KubexError extends Error {
  /** Stable, machine-readable identifier, e.g. `KUBEX_NOT_FOUND`. */
  readonly code: string;

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? "KUBEX_ERROR";
    // Record the class chain under a global symbol so instanceof survives duplicate installs.
    const chain: string[] = [];
    for (let p: unknown = new.target; typeof p === "function" && p !== Error; p = Object.getPrototypeOf(p)) {
      if (p.name) chain.push(p.name);
    }
    Object.defineProperty(this, brand, { value: chain, enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value) || brandedInstanceCheck(this, value);
  }
}

/** A failure on the client side: configuration, TLS, connection, timeout, protocol, bad input. */
export class KubexClientError extends KubexError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: "KUBEX_CLIENT_ERROR", ...options });
  }
}

/** A request did not complete within its timeout. */
export class KubexTimeoutError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_TIMEOUT", ...options });
  }
}

/** The server (or a fake of it) broke the wire protocol: malformed JSON, truncated stream, bad frame. */
export class KubexProtocolError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_PROTOCOL", ...options });
  }
}

/** Invalid configuration or options, found before any request is sent. */
export class KubexConfigurationError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: "KUBEX_CONFIGURATION", ...options });
  }
}

/**
 * A public argument was not of the form it accepts (a name with dot segments, a
 * negative timeout, a string where a list belongs). Thrown before anything is
 * sent; the message names the argument and never quotes a secret value.
 */
export class KubexArgumentError extends KubexConfigurationError {
  /** The argument's name as the caller wrote it, e.g. `name`, `options.requestTimeout`. */
  readonly argument: string;
  constructor(argument: string, message: string, options?: { cause?: unknown }) {
    super(`${argument}: ${message}`, { code: "KUBEX_INVALID_ARGUMENT", ...options });
    this.argument = argument;
  }
}

/** Credentials could not be obtained at request time (an exec plugin failed, an OIDC refresh was refused). */
export class KubexAuthenticationError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_AUTHENTICATION", ...options });
  }
}

/** The client was closed: calls in flight when `close()` ran, and calls made after it, reject with this. */
export class KubexClosedError extends KubexClientError {
  constructor(message = "the client is closed", options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_CLIENT_CLOSED", ...options });
  }
}

/** The API server answered with a non-success HTTP status. */
export class KubexApiError extends KubexError {
  readonly status: number;
  /** The decoded `Status` body; synthesised from the status line when the body was not a Status. */
  readonly body: Status;
  readonly reason: string;

  constructor(status: number, body: Status, options?: { code?: string }) {
    super(describeStatus(status, body), { code: options?.code ?? "KUBEX_API_ERROR" });
    this.status = status;
    this.body = body;
    // A decoded body is the server's JSON: a reason that is not a string is no reason.
    this.reason = typeof body.reason === "string" ? body.reason : "";
  }
}

/** Longest server message copied into `err.message`; the whole Status stays in `err.body`. */
export const MAX_ERROR_MESSAGE_LENGTH = 1024;

/** Shortens text for an error message; the full text is kept elsewhere on the error. */
export function capMessage(text: string, max = MAX_ERROR_MESSAGE_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function describeStatus(status: number, body: Status): string {
  const reason = typeof body.reason === "string" && body.reason ? ` ${capMessage(body.reason, 128)}` : "";
  const message = typeof body.message === "string" ? capMessage(body.message) : "request failed";
  return `${status}${reason}: ${message}`;
}

function apiErrorClass(code: string) {
  return class extends KubexApiError {
    constructor(status: number, body: Status, options?: { code?: string }) {
      super(status, body, { code: options?.code ?? code });
    }
  };
}

export class BadRequest extends apiErrorClass("KUBEX_BAD_REQUEST") {}
export class Unauthorized extends apiErrorClass("KUBEX_UNAUTHORIZED") {}
export class Forbidden extends apiErrorClass("KUBEX_FORBIDDEN") {}
export class NotFound extends apiErrorClass("KUBEX_NOT_FOUND") {}
export class MethodNotAllowed extends apiErrorClass("KUBEX_METHOD_NOT_ALLOWED") {}
/** 409, any reason: `AlreadyExists` is one, so code that catches the 409 class catches both. */
export class Conflict extends apiErrorClass("KUBEX_CONFLICT") {}
export class AlreadyExists extends Conflict {
  constructor(status: number, body: Status) {
    super(status, body, { code: "KUBEX_ALREADY_EXISTS" });
  }
}
/** 410: the requested resource version is too old (watch or list continue): re-list. */
export class Gone extends apiErrorClass("KUBEX_GONE") {}
export class UnsupportedMediaType extends apiErrorClass("KUBEX_UNSUPPORTED_MEDIA_TYPE") {}
/** 422: the object failed validation; `body.details.causes` names the fields. */
export class Invalid extends apiErrorClass("KUBEX_INVALID") {}
/** 422 under the name the HTTP status carries; the same class as `Invalid`. */
export const UnprocessableEntity = Invalid;
export type UnprocessableEntity = Invalid;
export class TooManyRequests extends KubexApiError {
  /** Seconds to wait, from `Retry-After` or `details.retryAfterSeconds`; undefined when the server gave none. */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, body: Status, retryAfterSeconds?: number) {
    super(status, body, { code: "KUBEX_TOO_MANY_REQUESTS" });
    this.retryAfterSeconds = seconds(retryAfterSeconds) ?? seconds(body.details?.retryAfterSeconds);
  }
}
/** A wait the server asked for, when it is a whole, non-negative number of seconds. */
const seconds = (value: unknown): number | undefined => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);
/** 5xx. A 503 with `Retry-After` is a server asking to be tried again (one shutting down): retries honour it. */
export class InternalError extends KubexApiError {
  /** Seconds to wait, from `Retry-After` or `details.retryAfterSeconds`; undefined when the server gave none. */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, body: Status, retryAfterSeconds?: number) {
    super(status, body, { code: "KUBEX_INTERNAL_ERROR" });
    this.retryAfterSeconds = seconds(retryAfterSeconds) ?? seconds(body.details?.retryAfterSeconds);
  }
}
export class ServerTimeout extends apiErrorClass("KUBEX_SERVER_TIMEOUT") {}

/**
 * Builds the typed error for a non-2xx reply. `body` is the response text; it is
 * decoded as a `Status` when it is one, otherwise a Status is synthesised.
 */
export function apiErrorFromResponse(status: number, bodyText: string, retryAfterHeader?: string | null): KubexApiError {
  const body = parseStatus(status, bodyText);
  const reason = typeof body.reason === "string" ? body.reason : "";
  // Delay-seconds only (RFC 9110: 1*DIGIT); an HTTP date or a negative number is no hint.
  const retryAfter = retryAfterHeader && /^\s*\d+\s*$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  if (status === 429 || reason === "TooManyRequests") return new TooManyRequests(status, body, retryAfter);
  if (reason === "AlreadyExists") return new AlreadyExists(status, body);
  if (reason === "Invalid" || status === 422) return new Invalid(status, body);
  if (reason === "Gone" || reason === "Expired" || status === 410) return new Gone(status, body);
  if (reason === "ServerTimeout" || reason === "Timeout" || status === 504) return new ServerTimeout(status, body);
  switch (status) {
    case 400: return new BadRequest(status, body);
    case 401: return new Unauthorized(status, body);
    case 403: return new Forbidden(status, body);
    case 404: return new NotFound(status, body);
    case 405: return new MethodNotAllowed(status, body);
    case 409: return new Conflict(status, body);
    case 415: return new UnsupportedMediaType(status, body);
  }
  if (status >= 500) return new InternalError(status, body, retryAfter);
  return new KubexApiError(status, body);
}

function parseStatus(status: number, bodyText: string): Status {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (typeof parsed === "object" && parsed !== null && (parsed as Status).kind === "Status") return parsed as Status;
  } catch {
    // Not JSON: fall through to a synthesised Status.
  }
  // The whole text is kept here; err.message carries a capped copy.
  return { kind: "Status", status: "Failure", code: status, message: bodyText || `HTTP ${status}` };
}
