/**
 * Behaviour shared by both backends, written once: URLs, authentication and
 * impersonation headers, a single 401 refresh-and-retry, timeouts, `Warning`
 * headers and typed errors. A backend only moves bytes (`transport`) and opens
 * WebSockets.
 */
import { apiErrorFromResponse, KubexArgumentError, KubexAuthenticationError, KubexClosedError, KubexConfigurationError, KubexError } from "../errors.js";
import type { ClientConfiguration, Credentials } from "../configuration/types.js";
import { redactUrl } from "../configuration/secrets.js";
import { anySignal, untilAborted } from "./abort.js";
import { BaseClient } from "./base-client.js";
import { checkConfiguration } from "./check-configuration.js";
import { checkRequest, checkWebSocketRequest } from "./check-request.js";
import { closableConnection } from "./closable-connection.js";
import { clientError } from "./failure.js";
import { CallHeaders, headerValueProblem, overrideHeaders, requestHeaders, type HeaderList } from "./headers.js";
import { resolveTimeout, resolveWsMaxMessageSize, validateOptions, type ClientOptions } from "./options.js";
import { proxyFor } from "./proxy.js";
import { tlsMaterial } from "./platform/tls.js";
import { printableConfiguration, printableOptions, printAs } from "./printing.js";
import { TokenBucket } from "./rate-limit.js";
import { RequestPolicy } from "./retry.js";
import { BufferedResponse, type RawResponse } from "./response.js";
import { CallInFlight } from "./in-flight.js";
import { readAllBytes, readAtMost } from "../util/read-all.js";
import { emitApiWarning, parseWarningHeader, type WarningHandler } from "./warnings.js";
import type { KubeRequest, KubeResponse, QueryParams, WebSocketRequest } from "./request.js";
import type { Timeout } from "./timeout.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import { handshakeTimeoutMs, type WebSocketOpenOptions } from "./websocket/open.js";

/** Bytes of an error reply kept for its Status (err.body); far above any real Status. err.message is capped further. */
export const MAX_ERROR_BODY_BYTES = 16 * 1024 * 1024;

/** A request ready for the wire. */
export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  /** In order; a header that repeats is several pairs. Every value has been checked for sendable characters. */
  readonly headers: HeaderList;
  readonly body?: string | Uint8Array;
  /** Seconds; `undefined` parts keep the backend default, `null` disables. */
  readonly timeout: Timeout;
  readonly streaming: boolean;
  /**
   * The caller's signal and the total timeout; the client's `close()` too, unless the
   * backend aborts `call` itself (`abortsCallsItself`).
   */
  readonly signal: AbortSignal | undefined;
  /** The call `close()` aborts. */
  readonly call: CallInFlight;
  readonly clientCertificate?: { readonly cert: string; readonly key: string };
}

export function buildUrl(base: string, path: string, query: QueryParams | undefined): string {
  let url = base + path;
  if (query && query.length > 0) {
    url += `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  }
  return url;
}

/**
 * The shared part of the two backends: options, authentication headers, timeouts, retries, warnings and `close()`.
 *
 * @example
 * ```ts
 * const client: HttpClient = await createClient({ options: { timeout: 10 } });
 * console.log(client.configuration.server, client.options.timeout);
 * await client.close();
 * ```
 */
export abstract class HttpClient extends BaseClient {
  readonly configuration: ClientConfiguration;
  readonly options: ClientOptions;
  /** Server URL without a trailing slash; request paths are appended to it. */
  protected readonly base: string;
  protected readonly serverUrl: URL;
  /** May carry the proxy's password: kept in a private field, out of what spreading or printing the client shows. */
  readonly #proxyUrl: string | undefined;
  readonly #staticHeaders: HeaderList;
  readonly #headers: CallHeaders;
  /** The configuration's own token, when no provider hands out credentials. */
  readonly #configuredCredentials: Credentials;
  private warningHandler: WarningHandler | undefined;
  private readonly policy: RequestPolicy;
  protected closed = false;
  /**
   * The calls in flight (a request until its body is read or cancelled, a
   * WebSocket until it ends), aborted by `close()`. One handle per call rather
   * than one long-lived signal: `AbortSignal.any` over a signal that lives as
   * long as the client retains memory on every call.
   */
  readonly #inFlight = new Set<CallInFlight>();
  /** The client's own timeout, resolved once; and what requests and streams get from it. */
  readonly #timeout: Timeout | undefined;
  readonly #requestTimeout: Timeout;
  readonly #streamTimeout: Timeout;

  protected constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super();
    validateOptions(options);
    checkConfiguration(configuration);
    this.serverUrl = new URL(configuration.server);
    this.configuration = printableConfiguration(configuration);
    this.options = printableOptions(options);
    this.base = configuration.server.replace(/\/+$/, "");
    this.#proxyUrl = proxyFor(this.serverUrl, options, configuration.proxyUrl);
    this.#staticHeaders = staticHeaders(configuration);
    this.#headers = new CallHeaders(this.#staticHeaders, authorization);
    this.#configuredCredentials = configuration.token ? { token: configuration.token } : {};
    this.#timeout = resolveTimeout(options.timeout);
    // Requests default to the client's timeout; streams get no total (a healthy watch may run for hours).
    this.#requestTimeout = this.#timeout ?? {};
    this.#streamTimeout = { ...this.#timeout, total: undefined };
    this.warningHandler = options.logApiWarnings === false ? undefined : (options.warningHandler ?? emitApiWarning);
    this.policy = new RequestPolicy(options.retry, options.rateLimit ? new TokenBucket(options.rateLimit) : undefined);
    // Backends hold TLS keys and credentials in their dispatchers: print a summary, never the fields.
    printAs(this, () => ({
      client: this.constructor.name,
      server: redactUrl(this.base),
      namespace: configuration.namespace,
      ...(this.proxyUrl ? { proxy: redactUrl(this.proxyUrl) } : {}),
      closed: this.closed,
    }));
  }

  /** The proxy this client's requests go through, if any. */
  protected get proxyUrl(): string | undefined {
    return this.#proxyUrl;
  }

  /** Replaces how API warnings are reported; `undefined` drops them. */
  setWarningHandler(handler: WarningHandler | undefined): void {
    if (handler !== undefined && typeof handler !== "function") throw new KubexArgumentError("handler", "accepts a function or undefined");
    this.warningHandler = handler;
  }

  override reportWarning(text: string, context: { readonly method: string; readonly path: string }): void {
    this.warningHandler?.(text, context);
  }

  protected abstract transport(request: PreparedRequest): Promise<RawResponse>;
  /**
   * Whether the backend aborts a call through `PreparedRequest.call` itself; if not, the
   * client's `close()` reaches it through `PreparedRequest.signal`.
   */
  protected get abortsCallsItself(): boolean {
    return false;
  }
  protected abstract openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection>;
  protected abstract release(): Promise<void>;

  request(request: KubeRequest): Promise<KubeResponse> {
    return this.send(request, false);
  }

  stream(request: KubeRequest): Promise<KubeResponse> {
    return this.send(request, true);
  }

  /** Aborts whatever is in flight (it rejects with `KubexClosedError`), then releases the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const call of this.#inFlight) call.abort(new KubexClosedError());
    this.#inFlight.clear();
    await this.release();
  }

  async connectWebSocket(request: WebSocketRequest): Promise<WebSocketConnection> {
    checkWebSocketRequest(request);
    this.assertOpen(request.path);
    const call = this.#track();
    const done = () => void this.#inFlight.delete(call);
    try {
      const connection = await this.openConnection(request, call.signal);
      return closableConnection(connection, call.signal, request.path, done);
    } catch (error) {
      done();
      throw call.aborted ? new KubexClosedError(`WebSocket ${request.path}: the client was closed during the handshake`) : error;
    }
  }

  private async openConnection(request: WebSocketRequest, closing: AbortSignal): Promise<WebSocketConnection> {
    const signal = anySignal(request.signal, closing);
    const credentials = await this.credentials(request.path, false, signal);
    const url = buildUrl(this.base, request.path, request.query).replace(/^http/, "ws");
    const headers = webSocketHeaders(overrideHeaders(this.#staticHeaders, authorization(credentials.token)));
    const timeout = resolveTimeout(request.timeout) ?? resolveTimeout(this.options.timeout);
    return this.openWebSocket({
      url,
      protocols: request.protocols,
      headers,
      ...(credentials.token ? { bearerToken: credentials.token } : {}),
      tls: tlsMaterial(this.configuration.tls, credentials.clientCertificate),
      ...(this.proxyUrl ? { proxyUrl: this.proxyUrl } : {}),
      maxMessageSize: resolveWsMaxMessageSize(this.options.wsMaxMessageSize),
      handshakeTimeoutMs: handshakeTimeoutMs(timeout),
      signal,
    });
  }

  /** A call that `close()` aborts until it is deleted from `#inFlight`. */
  #track(): CallInFlight {
    const call = new CallInFlight();
    this.#inFlight.add(call);
    return call;
  }

  private assertOpen(path: string, method?: string): void {
    if (this.closed) throw new KubexClosedError(`${method ? `${method} ` : ""}${path}: the client is closed`);
  }

  /** The provider's credentials; its own `KubexError` passes unchanged, anything else it throws is a `KubexAuthenticationError`. */
  private async credentials(description: string, forceRefresh: boolean, signal: AbortSignal | undefined): Promise<Credentials> {
    const provider = this.configuration.credentialProvider;
    if (!provider) return this.#configuredCredentials;
    try {
      return await provider.getCredentials({ forceRefresh, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted || error instanceof KubexError) throw error;
      throw new KubexAuthenticationError(`${description}: the credential provider failed`, { cause: error });
    }
  }

  /**
   * Sends `request` (retrying once after a 401, and as the retry policy allows) and hands back
   * a 2xx response; the call stays in flight until its body is read or cancelled.
   */
  private async send(request: KubeRequest, streaming: boolean): Promise<KubeResponse> {
    checkRequest(request);
    this.assertOpen(request.path, request.method);
    const call = this.#track();
    const done = () => void this.#inFlight.delete(call);
    try {
      const description = `${request.method} ${request.path}`;
      const timeout = this.timeoutOf(request) ?? (streaming ? this.#streamTimeout : this.#requestTimeout);
      // One signal bounds the whole call, connecting included: undici's own timers do not cover a pending connect.
      const totalSignal = timeout.total ? AbortSignal.timeout(timeout.total * 1000) : undefined;
      const bounds = anySignal(totalSignal, request.signal);
      // With close() too; built only when something needs it (a provider, a retry's wait, a backend without `call`).
      let everything: AbortSignal | undefined;
      const whole = (): AbortSignal => (everything ??= anySignal(bounds, call.signal)!);
      const signal = this.abortsCallsItself ? bounds : whole();
      const connect = this.#timeout?.connect;
      const proxy = this.proxyUrl;
      const failure = (error: unknown) => clientError(error, { description, timeout, connect, proxy, totalSignal, callerSignal: request.signal, closing: call });
      const url = buildUrl(this.base, request.path, request.query);
      const own = requestHeaders(request.headers);
      const provider = this.configuration.credentialProvider;
      const wire = (credentials: Credentials): Promise<RawResponse> =>
        this.transport({
          method: request.method,
          url,
          headers: this.#headers.of(credentials.token, own, request.body !== undefined),
          ...(request.body !== undefined ? { body: request.body } : {}),
          timeout,
          streaming,
          signal,
          call,
          ...(credentials.clientCertificate ? { clientCertificate: credentials.clientCertificate } : {}),
        });
      const fresh = (forceRefresh: boolean) => untilAborted(this.credentials(description, forceRefresh, whole()), whole());
      const once = async (): Promise<RawResponse> => {
        let raw: RawResponse;
        try {
          // Backends settle as soon as the call is aborted (undici through its handler or abortPromptly, fetch by its spec).
          // Without a provider the credentials are the configuration's: no promise to wait for.
          raw = await wire(provider ? await fresh(false) : this.#configuredCredentials);
          if (raw.status === 401 && provider) {
            // The credential may have been revoked or rotated early: refresh once and retry.
            // The small Status body is drained so the connection stays usable.
            const first = raw;
            await readAtMost(first.body, MAX_ERROR_BODY_BYTES).then((read) => (read.truncated ? first.cancel() : undefined)).catch(() => first.cancel());
            raw = await wire(await fresh(true));
          }
        } catch (error) {
          throw failure(error);
        }
        this.reportWarnings(raw, request);
        if (raw.status < 200 || raw.status >= 300) throw await errorReply(raw, failure);
        // A reply cut off mid-body is then a failure of this attempt, which the retry policy judges.
        return !streaming && !raw.complete && this.policy.retries(request) ? readWhole(raw, failure) : raw;
      };
      const raw = await this.policy.run(request, timeout.total, whole, once);
      if (raw.complete) {
        done();
        return new BufferedResponse(raw, description);
      }
      return new BufferedResponse(guardBody(raw, failure, done), description);
    } catch (error) {
      done();
      throw error;
    }
  }

  /**
   * The call's own timeout. Connections are pooled and set up with the client's
   * connect timeout, so a different per-call `connect` cannot be honoured: refused.
   */
  private timeoutOf(request: KubeRequest): Timeout | undefined {
    if (request.timeout === undefined) return undefined;
    const own = resolveTimeout(request.timeout);
    const clientConnect = this.#timeout?.connect;
    if (own?.connect != null && own.connect !== clientConnect) {
      throw new KubexArgumentError(
        "requestTimeout.connect",
        "cannot be set per call: connections are pooled and opened with the client's ClientOptions.timeout.connect; set it there, or bound the whole call with requestTimeout.total",
      );
    }
    return own;
  }

  private reportWarnings(raw: RawResponse, request: KubeRequest): void {
    const handler = this.warningHandler;
    if (!handler) return;
    const values = raw.headers.getAll("warning");
    for (const value of values) {
      for (const text of parseWarningHeader(value)) handler(text, { method: request.method, path: request.path });
    }
  }
}

/** Headers every request carries: Accept, User-Agent, Basic credentials, and impersonation (one pair per group or extra value). */
function staticHeaders(c: ClientConfiguration): HeaderList {
  const headers: [string, string][] = [["accept", "application/json"], ["user-agent", "kubex-ts"]];
  if (c.username !== undefined && !c.token && !c.credentialProvider) {
    headers.push(["authorization", `Basic ${Buffer.from(`${c.username}:${c.password ?? ""}`).toString("base64")}`]);
  }
  const imp = c.impersonate;
  if (imp?.user) headers.push(["impersonate-user", imp.user]);
  if (imp?.uid) headers.push(["impersonate-uid", imp.uid]);
  for (const group of imp?.groups ?? []) headers.push(["impersonate-group", group]);
  for (const [key, values] of Object.entries(imp?.extra ?? {})) {
    // Parentheses are left alone by encodeURIComponent but are not allowed in a header name.
    const name = `impersonate-extra-${encodeURIComponent(key).replace(/[()]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).toLowerCase()}`;
    for (const value of values) headers.push([name, value]);
  }
  return headers;
}

/** The bearer header for `token`; a provider's token that cannot travel in a header is refused unquoted. */
function authorization(token: string | undefined): HeaderList {
  if (!token) return [];
  const problem = headerValueProblem(token);
  if (problem) throw new KubexAuthenticationError(`the credential provider returned a token that cannot be sent: it ${problem}`);
  return [["authorization", `Bearer ${token}`]];
}

/**
 * WebSocket adapters take one value per header name, so a header that repeats
 * cannot be passed on: refused rather than merged into a value the server would
 * read as one.
 */
function webSocketHeaders(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === "accept") continue;
    if (name in out) throw new KubexConfigurationError(`the ${name} header has several values, which a WebSocket connection cannot send; impersonate at most one group and one value per extra key for exec, attach and port-forward`);
    out[name] = value;
  }
  return out;
}

const utf8 = new TextDecoder();

/** The `KubexApiError` of a non-2xx reply, with its Status read up to the cap. */
async function errorReply(raw: RawResponse, failure: (error: unknown) => KubexError): Promise<KubexError> {
  let text = "";
  try {
    // A Status is small: a server sending more (or without end) is not waited for.
    const read = await readAtMost(raw.body, MAX_ERROR_BODY_BYTES);
    text = read.text;
    if (read.truncated) await raw.cancel().catch(() => undefined);
  } catch (error) {
    return failure(error);
  }
  return apiErrorFromResponse(raw.status, text, raw.headers.get("retry-after"));
}

/** The reply with its body read to the end; a body cut off is the attempt's error. */
async function readWhole(raw: RawResponse, failure: (error: unknown) => KubexError): Promise<RawResponse> {
  let body: Uint8Array;
  try {
    // The backend's own whole read when it has one: no async iterator per chunk.
    body = raw.bytes ? await raw.bytes() : await readAllBytes(raw.body);
  } catch (error) {
    await raw.cancel().catch(() => undefined);
    throw failure(error);
  }
  return {
    status: raw.status,
    headers: raw.headers,
    cancel: async () => {},
    text: async () => utf8.decode(body),
    body: {
      async *[Symbol.asyncIterator]() {
        if (body.length > 0) yield body;
      },
    },
  };
}

/** Errors raised while the body is read come out as KubexClientErrors too; `done` runs once the body is finished or cancelled. */
function guardBody(raw: RawResponse, failure: (error: unknown) => KubexError, done: () => void): RawResponse {
  const whole = raw.text;
  return {
    status: raw.status,
    headers: raw.headers,
    ...(whole
      ? {
        text: async () => {
          try {
            return await whole();
          } catch (error) {
            throw failure(error);
          } finally {
            done();
          }
        },
      }
      : {}),
    cancel: () => {
      done();
      return raw.cancel();
    },
    body: {
      async *[Symbol.asyncIterator]() {
        try {
          yield* raw.body;
        } catch (error) {
          throw failure(error);
        } finally {
          done();
        }
      },
    },
  };
}
