/**
 * Behaviour shared by both backends, written once: URLs, authentication and
 * impersonation headers, a single 401 refresh-and-retry, timeouts, `Warning`
 * headers and typed errors. A backend only moves bytes (`transport`) and opens
 * WebSockets.
 */
import { apiErrorFromResponse, KubexClientError, KubexError, KubexTimeoutError } from "../errors.js";
import type { ClientConfiguration, Credentials } from "../configuration/types.js";
import { BaseClient } from "./base-client.js";
import { resolveTimeout, resolveWsMaxMessageSize, validateOptions, type ClientOptions } from "./options.js";
import { proxyFor } from "./proxy.js";
import { TokenBucket } from "./rate-limit.js";
import { RequestPolicy } from "./retry.js";
import { BufferedResponse, readAll, type RawResponse } from "./response.js";
import { emitApiWarning, parseWarningHeader, type WarningHandler } from "./warnings.js";
import type { KubeRequest, KubeResponse, QueryParams, WebSocketRequest } from "./request.js";
import type { Timeout } from "./timeout.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import type { WebSocketOpenOptions } from "./websocket/open.js";

/** A request ready for the wire. */
export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** Seconds; `undefined` parts keep the backend default, `null` disables. */
  readonly timeout: Timeout;
  readonly streaming: boolean;
  readonly signal: AbortSignal | undefined;
  readonly clientCertificate?: { readonly cert: string; readonly key: string };
}

export function buildUrl(base: string, path: string, query: QueryParams | undefined): string {
  let url = base + path;
  if (query && query.length > 0) {
    url += `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  }
  return url;
}

export abstract class HttpClient extends BaseClient {
  readonly configuration: ClientConfiguration;
  readonly options: ClientOptions;
  /** Server URL without a trailing slash; request paths are appended to it. */
  protected readonly base: string;
  protected readonly serverUrl: URL;
  protected readonly proxyUrl: string | undefined;
  private readonly staticHeaders: Readonly<Record<string, string>>;
  private warningHandler: WarningHandler | undefined;
  private readonly policy: RequestPolicy;
  protected closed = false;

  protected constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super();
    validateOptions(options);
    try {
      this.serverUrl = new URL(configuration.server);
    } catch {
      throw new KubexClientError(`configuration.server is not a URL`, { code: "KUBEX_CONFIGURATION" });
    }
    this.configuration = configuration;
    this.options = options;
    this.base = configuration.server.replace(/\/+$/, "");
    this.proxyUrl = proxyFor(this.serverUrl, options, configuration.proxyUrl);
    this.staticHeaders = staticHeaders(configuration);
    this.warningHandler = options.logApiWarnings === false ? undefined : (options.warningHandler ?? emitApiWarning);
    this.policy = new RequestPolicy(options.retry, options.rateLimit ? new TokenBucket(options.rateLimit) : undefined);
  }

  /** Replaces how API warnings are reported; `undefined` drops them. */
  setWarningHandler(handler: WarningHandler | undefined): void {
    this.warningHandler = handler;
  }

  protected abstract transport(request: PreparedRequest): Promise<RawResponse>;
  protected abstract openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection>;
  protected abstract release(): Promise<void>;

  request(request: KubeRequest): Promise<KubeResponse> {
    return this.send(request, false);
  }

  stream(request: KubeRequest): Promise<KubeResponse> {
    return this.send(request, true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  async connectWebSocket(request: WebSocketRequest): Promise<WebSocketConnection> {
    this.assertOpen(request.path);
    const credentials = await this.credentials(false, request.signal);
    const url = buildUrl(this.base, request.path, request.query).replace(/^http/, "ws");
    const headers = { ...this.staticHeaders, ...authorization(credentials) };
    delete headers.accept;
    const timeout = resolveTimeout(request.timeout) ?? resolveTimeout(this.options.timeout);
    const handshake = timeout?.connect ?? timeout?.total;
    const tls = this.configuration.tls;
    const cert = credentials.clientCertificate ?? (tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : undefined);
    return this.openWebSocket({
      url,
      protocols: request.protocols,
      headers,
      ...(credentials.token ? { bearerToken: credentials.token } : {}),
      tls: {
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(cert ? cert : {}),
        ...(tls.serverName ? { servername: tls.serverName } : {}),
        rejectUnauthorized: !tls.insecureSkipVerify,
      },
      ...(this.proxyUrl ? { proxyUrl: this.proxyUrl } : {}),
      maxMessageSize: resolveWsMaxMessageSize(this.options.wsMaxMessageSize),
      ...(handshake ? { handshakeTimeoutMs: handshake * 1000 } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  }

  private assertOpen(path: string): void {
    if (this.closed) throw new KubexClientError(`${path}: the client is closed`, { code: "KUBEX_CLIENT_CLOSED" });
  }

  private async credentials(forceRefresh: boolean, signal: AbortSignal | undefined): Promise<Credentials> {
    const provider = this.configuration.credentialProvider;
    if (provider) return provider.getCredentials({ forceRefresh, ...(signal ? { signal } : {}) });
    return this.configuration.token ? { token: this.configuration.token } : {};
  }

  private async send(request: KubeRequest, streaming: boolean): Promise<KubeResponse> {
    this.assertOpen(request.path);
    const description = `${request.method} ${request.path}`;
    const timeout = resolveTimeout(request.timeout) ?? this.defaultTimeout(streaming);
    const totalSignal = timeout.total ? AbortSignal.timeout(timeout.total * 1000) : undefined;
    const signal = totalSignal && request.signal ? AbortSignal.any([totalSignal, request.signal]) : (totalSignal ?? request.signal);
    const url = buildUrl(this.base, request.path, request.query);
    const attempt = async (forceRefresh: boolean): Promise<RawResponse> => {
      const credentials = await this.credentials(forceRefresh, signal);
      const headers = { ...this.staticHeaders, ...authorization(credentials), ...request.headers };
      if (request.body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
      try {
        return await this.transport({
          method: request.method,
          url,
          headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          timeout,
          streaming,
          signal,
          ...(credentials.clientCertificate ? { clientCertificate: credentials.clientCertificate } : {}),
        });
      } catch (error) {
        throw clientError(error, description, totalSignal, timeout);
      }
    };
    const exchange = async (): Promise<RawResponse> => {
      let raw = await attempt(false);
      if (raw.status === 401 && this.configuration.credentialProvider) {
        // The credential may have been revoked or rotated early: refresh once and retry.
        // The small Status body is drained so the connection stays usable.
        await readAll(raw.body).catch(() => raw.cancel());
        raw = await attempt(true);
      }
      this.reportWarnings(raw, request);
      if (raw.status < 200 || raw.status >= 300) {
        let text = "";
        try {
          text = await readAll(raw.body);
        } catch (error) {
          throw clientError(error, description, totalSignal, timeout);
        }
        throw apiErrorFromResponse(raw.status, text, raw.headers.get("retry-after"));
      }
      return raw;
    };
    const raw = await this.policy.run(request, timeout.total, signal, exchange);
    const response = new BufferedResponse(guardBody(raw, description, totalSignal, timeout), description);
    return response;
  }

  /** Requests default to the client's timeout; streams get no total (a healthy watch may run for hours). */
  private defaultTimeout(streaming: boolean): Timeout {
    const t = resolveTimeout(this.options.timeout) ?? {};
    return streaming ? { ...t, total: undefined } : t;
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

function staticHeaders(c: ClientConfiguration): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "kubex-ts" };
  if (c.username !== undefined && !c.token && !c.credentialProvider) {
    headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ""}`).toString("base64")}`;
  }
  const imp = c.impersonate;
  if (imp?.user) headers["impersonate-user"] = imp.user;
  if (imp?.uid) headers["impersonate-uid"] = imp.uid;
  // One Impersonate-Group header per group; a Record cannot repeat keys, so backends split this one.
  if (imp?.groups?.length) headers["impersonate-group"] = imp.groups.join("\u0000");
  for (const [key, values] of Object.entries(imp?.extra ?? {})) {
    headers[`impersonate-extra-${encodeURIComponent(key).toLowerCase()}`] = values.join("\u0000");
  }
  return headers;
}

function authorization(credentials: Credentials): Record<string, string> {
  return credentials.token ? { authorization: `Bearer ${credentials.token}` } : {};
}

/** Headers whose several values travel as one Record entry joined by NUL, split for the wire. */
export function headerEntries(headers: Record<string, string>): [string, string][] {
  return Object.entries(headers).flatMap(([k, v]) => (v.includes("\u0000") ? v.split("\u0000").map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
}

/** Maps whatever a transport threw to a `KubexClientError` naming the request, never credentials. */
export function clientError(error: unknown, description: string, totalSignal: AbortSignal | undefined, timeout: Timeout): KubexError {
  if (error instanceof KubexError) return error;
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? e.name ?? "";
  if (totalSignal?.aborted || e.name === "TimeoutError") {
    return new KubexTimeoutError(`${description}: no complete response within the total timeout of ${timeout.total}s`, { cause: error });
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT") return new KubexTimeoutError(`${description}: connect timeout (${timeout.connect ?? "default"}s)`, { cause: error });
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "KUBEX_READ_TIMEOUT") {
    return new KubexTimeoutError(`${description}: no data from the server for ${timeout.read ?? "the default"}s (read timeout)`, { cause: error });
  }
  if (e.name === "AbortError" || code === "UND_ERR_ABORTED") return new KubexClientError(`${description}: aborted`, { cause: error, code: "KUBEX_ABORTED" });
  const reason = [code, e.message].filter(Boolean).join(": ");
  return new KubexClientError(`${description}: ${reason || "request failed"}`, { cause: error });
}

/** Errors raised while the body is read come out as KubexClientErrors too. */
function guardBody(raw: RawResponse, description: string, totalSignal: AbortSignal | undefined, timeout: Timeout): RawResponse {
  return {
    status: raw.status,
    headers: raw.headers,
    cancel: () => raw.cancel(),
    body: {
      async *[Symbol.asyncIterator]() {
        try {
          yield* raw.body;
        } catch (error) {
          throw clientError(error, description, totalSignal, timeout);
        }
      },
    },
  };
}
