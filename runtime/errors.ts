/**
 * One error hierarchy for the whole SDK.
 *
 * Every error carries a stable `code`. `instanceof` also works across two
 * installed copies of kubex, because each class checks a `Symbol.for` brand.
 */

const brand = Symbol.for("kubex.error");

/**
 * The decoded `Status` object the API server sends with most failures.
 *
 * @example
 * ```ts
 * try {
 *   await pods.delete("web-0");
 * } catch (error) {
 *   if (error instanceof KubexApiError) {
 *     const status: Status = error.body;
 *     console.log(status.reason, status.code, status.message);
 *   }
 * }
 * ```
 */
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

/**
 * What a `Status` says about the object concerned: its name and kind, the invalid fields, a wait.
 *
 * @example
 * ```ts
 * try {
 *   await pods.get("web-0");
 * } catch (error) {
 *   if (error instanceof NotFound) {
 *     const details: StatusDetails | undefined = error.body.details;
 *     console.log(`no ${details?.kind} named ${details?.name}`);
 *   }
 * }
 * ```
 */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * One reason of a failure, such as one invalid field of a 422.
 *
 * @example
 * ```ts
 * try {
 *   await configMaps.create({ metadata: { name: "Not_A_Name" } });
 * } catch (error) {
 *   if (error instanceof Invalid) {
 *     const causes: StatusCause[] = error.body.details?.causes ?? [];
 *     for (const cause of causes) console.log(`${cause.field}: ${cause.message}`);
 *   }
 * }
 * ```
 */
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

/**
 * Root of every error kubex throws.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   // Every error kubex throws, with a stable code such as KUBEX_NOT_FOUND or KUBEX_TIMEOUT.
 *   if (error instanceof KubexError) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
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

/**
 * A failure on the client side: configuration, TLS, connection, timeout, protocol, bad input.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   // The request never got an answer from the API server: no point in reading a Status.
 *   if (error instanceof KubexClientError) console.error("cannot reach the cluster:", error.message);
 * }
 * ```
 */
export class KubexClientError extends KubexError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: "KUBEX_CLIENT_ERROR", ...options });
  }
}

/**
 * A request did not complete within its timeout.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list({ requestTimeout: 2 });
 * } catch (error) {
 *   if (error instanceof KubexTimeoutError) console.log("no answer within 2 s");
 * }
 * ```
 */
export class KubexTimeoutError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_TIMEOUT", ...options });
  }
}

/**
 * The server (or a fake of it) broke the wire protocol: malformed JSON, truncated stream, bad frame.
 *
 * @example
 * ```ts
 * try {
 *   for await (const event of pods.watch()) console.log(event.type);
 * } catch (error) {
 *   // A malformed or oversized event line, a truncated stream.
 *   if (error instanceof KubexProtocolError) console.error("the watch broke:", error.message);
 * }
 * ```
 */
export class KubexProtocolError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_PROTOCOL", ...options });
  }
}

/**
 * Invalid configuration or options, found before any request is sent.
 *
 * @example
 * ```ts
 * try {
 *   await createClient({ configuration: loadKubeconfig({ context: "staging" }) });
 * } catch (error) {
 *   // No kubeconfig, no such context, unreadable certificates: nothing was sent.
 *   if (error instanceof KubexConfigurationError) console.error(error.message);
 * }
 * ```
 */
export class KubexConfigurationError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { code: "KUBEX_CONFIGURATION", ...options });
  }
}

/**
 * A public argument was not of the form it accepts (a name with dot segments, a
 * negative timeout, a string where a list belongs). Thrown before anything is
 * sent; the message names the argument and never quotes a secret value.
 *
 * @example
 * ```ts
 * try {
 *   await pods.get("../secrets");
 * } catch (error) {
 *   if (error instanceof KubexArgumentError) console.log(error.argument, error.code); // "name" "KUBEX_INVALID_ARGUMENT"
 * }
 * ```
 */
export class KubexArgumentError extends KubexConfigurationError {
  /** The argument's name as the caller wrote it, e.g. `name`, `options.requestTimeout`. */
  readonly argument: string;
  constructor(argument: string, message: string, options?: { cause?: unknown }) {
    super(`${argument}: ${message}`, { code: "KUBEX_INVALID_ARGUMENT", ...options });
    this.argument = argument;
  }
}

/**
 * Credentials could not be obtained at request time (an exec plugin failed, an OIDC refresh was refused).
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   // An exec plugin failed or an OIDC refresh was refused: log in again.
 *   if (error instanceof KubexAuthenticationError) console.error("credentials:", error.message);
 * }
 * ```
 */
export class KubexAuthenticationError extends KubexClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_AUTHENTICATION", ...options });
  }
}

/**
 * The client was closed: calls in flight when `close()` ran, and calls made after it, reject with this.
 *
 * @example
 * ```ts
 * const listing = pods.list();
 * await client.close();
 * try {
 *   await listing;
 * } catch (error) {
 *   if (error instanceof KubexClosedError) console.log("stopped by close()");
 * }
 * ```
 */
export class KubexClosedError extends KubexClientError {
  constructor(message = "the client is closed", options?: { cause?: unknown }) {
    super(message, { code: "KUBEX_CLIENT_CLOSED", ...options });
  }
}

/**
 * The API server answered with a non-success HTTP status.
 *
 * @example
 * ```ts
 * try {
 *   await pods.get("web-0");
 * } catch (error) {
 *   if (error instanceof KubexApiError) console.log(error.status, error.reason, error.body.message);
 * }
 * ```
 */
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

/**
 * Longest server message copied into `err.message`; the whole Status stays in `err.body`.
 *
 * @example
 * ```ts
 * try {
 *   await configMaps.create({ metadata: { name: "settings" }, data: { big: "x".repeat(2_000_000) } });
 * } catch (error) {
 *   // error.message is capped; the server's whole message stays in error.body.message.
 *   const message = error instanceof KubexApiError ? error.body.message : undefined;
 *   if (message && message.length > MAX_ERROR_MESSAGE_LENGTH) console.log(message);
 * }
 * ```
 */
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

/**
 * 400: the request was malformed (a bad selector, an unknown field with strict validation).
 *
 * @example
 * ```ts
 * try {
 *   await pods.list({ labelSelector: "app in (web" });
 * } catch (error) {
 *   if (error instanceof BadRequest) console.error("the server refused the request:", error.body.message);
 * }
 * ```
 */
export class BadRequest extends apiErrorClass("KUBEX_BAD_REQUEST") {}
/**
 * 401: the server did not accept the credentials.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   // 401: the server did not accept the credentials (an expired token, a wrong certificate).
 *   if (error instanceof Unauthorized) console.error("log in again");
 * }
 * ```
 */
export class Unauthorized extends apiErrorClass("KUBEX_UNAUTHORIZED") {}
/**
 * 403: the caller is known, but not allowed this call.
 *
 * @example
 * ```ts
 * try {
 *   await namespaces.delete("kube-system");
 * } catch (error) {
 *   // 403: authenticated, but RBAC does not allow the call.
 *   if (error instanceof Forbidden) console.error("not allowed:", error.body.message);
 * }
 * ```
 */
export class Forbidden extends apiErrorClass("KUBEX_FORBIDDEN") {}
/**
 * 404: no such object (or no such kind on the server).
 *
 * @example
 * ```ts
 * const existing = await configMaps.get("settings").catch((error: unknown) => {
 *   if (error instanceof NotFound) return undefined;
 *   throw error;
 * });
 * ```
 */
export class NotFound extends apiErrorClass("KUBEX_NOT_FOUND") {}
/**
 * 405: the resource does not serve this verb.
 *
 * @example
 * ```ts
 * try {
 *   await pods.deleteCollection({ labelSelector: "app=batch" });
 * } catch (error) {
 *   if (error instanceof MethodNotAllowed) console.error("the server does not serve that verb here");
 * }
 * ```
 */
export class MethodNotAllowed extends apiErrorClass("KUBEX_METHOD_NOT_ALLOWED") {}
/**
 * 409, any reason: `AlreadyExists` is one, so code that catches the 409 class catches both.
 *
 * @example
 * ```ts
 * // Optimistic concurrency: the replace carries the resourceVersion that was read.
 * const current = await configMaps.get("settings");
 * try {
 *   await configMaps.replace("settings", { ...current, data: { mode: "fast" } });
 * } catch (error) {
 *   if (error instanceof Conflict) console.log("changed since it was read: read it again and retry");
 * }
 * ```
 */
export class Conflict extends apiErrorClass("KUBEX_CONFLICT") {}
/**
 * 409 with reason `AlreadyExists`: a create named an object that exists.
 *
 * @example
 * ```ts
 * try {
 *   await configMaps.create({ metadata: { name: "settings" }, data: { mode: "fast" } });
 * } catch (error) {
 *   if (!(error instanceof AlreadyExists)) throw error;
 * }
 * ```
 */
export class AlreadyExists extends Conflict {
  constructor(status: number, body: Status) {
    super(status, body, { code: "KUBEX_ALREADY_EXISTS" });
  }
}
/**
 * 410: the requested resource version is too old (watch or list continue): re-list.
 *
 * @example
 * ```ts
 * try {
 *   for await (const event of pods.watch({ resourceVersion: "1" })) console.log(event.type);
 * } catch (error) {
 *   // The resourceVersion is too old: list again, then watch from the list's resourceVersion.
 *   if (error instanceof Gone) resourceVersion = (await pods.list()).metadata.resourceVersion;
 * }
 * ```
 */
export class Gone extends apiErrorClass("KUBEX_GONE") {}
/**
 * 415: the server does not accept the body's content type (e.g. a strategic merge patch of a custom resource).
 *
 * @example
 * ```ts
 * // A kind found by discovery is not known to be custom, so a strategic merge patch compiles.
 * const widgets = new Api(await resolve(client, "example.com/v1", "Widget"), { client });
 * try {
 *   await widgets.patch("small", { spec: { size: 2 } }, { type: "strategic", namespace: "default" });
 * } catch (error) {
 *   if (error instanceof UnsupportedMediaType) console.error("custom resources take merge patches only");
 * }
 * ```
 */
export class UnsupportedMediaType extends apiErrorClass("KUBEX_UNSUPPORTED_MEDIA_TYPE") {}
/**
 * 422: the object failed validation; `body.details.causes` names the fields.
 *
 * @example
 * ```ts
 * try {
 *   await deployments.patch("web", { spec: { replicas: -1 } });
 * } catch (error) {
 *   if (error instanceof Invalid) for (const cause of error.body.details?.causes ?? []) console.log(cause.field, cause.message);
 * }
 * ```
 */
export class Invalid extends apiErrorClass("KUBEX_INVALID") {}
/**
 * 422 under the name the HTTP status carries; the same class as `Invalid`.
 *
 * @example
 * ```ts
 * try {
 *   await deployments.patch("web", { spec: { replicas: -1 } });
 * } catch (error) {
 *   // The same class as Invalid, under the HTTP status's name.
 *   if (error instanceof UnprocessableEntity) console.log(error.status); // 422
 * }
 * ```
 */
export const UnprocessableEntity = Invalid;
/**
 * The type of `UnprocessableEntity` errors: `Invalid`.
 *
 * @example
 * ```ts
 * function fieldsOf(error: UnprocessableEntity): string[] {
 *   return (error.body.details?.causes ?? []).map((cause) => cause.field ?? "");
 * }
 * ```
 */
export type UnprocessableEntity = Invalid;
/**
 * 429: the server (API Priority and Fairness) asks the caller to slow down.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   if (error instanceof TooManyRequests) {
 *     await new Promise((resolve) => setTimeout(resolve, (error.retryAfterSeconds ?? 1) * 1000));
 *   }
 * }
 * ```
 */
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
/**
 * 5xx replies without a more precise class. A 503 with `Retry-After` is a server asking to be
 * tried again (one shutting down): retries honour it.
 *
 * @example
 * ```ts
 * try {
 *   await pods.list();
 * } catch (error) {
 *   if (error instanceof InternalError) console.error(error.status, error.body.message, error.retryAfterSeconds);
 * }
 * ```
 */
export class InternalError extends KubexApiError {
  /** Seconds to wait, from `Retry-After` or `details.retryAfterSeconds`; undefined when the server gave none. */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, body: Status, retryAfterSeconds?: number) {
    super(status, body, { code: "KUBEX_INTERNAL_ERROR" });
    this.retryAfterSeconds = seconds(retryAfterSeconds) ?? seconds(body.details?.retryAfterSeconds);
  }
}
/**
 * 504, or reason `Timeout`/`ServerTimeout`: the server gave up on the call, which may still complete.
 *
 * @example
 * ```ts
 * try {
 *   await pods.deleteCollection({ labelSelector: "app=batch" });
 * } catch (error) {
 *   // The server gave up on the call (504, or reason Timeout): it may still complete.
 *   if (error instanceof ServerTimeout) console.log("check again later");
 * }
 * ```
 */
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
