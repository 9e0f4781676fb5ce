/**
 * The default backend: undici, with one connection pool per API server
 * (keep-alive, TLS client certificates) or a ProxyAgent when a proxy applies.
 */
import { request as undiciRequest, type Dispatcher } from "undici";
import type { ClientConfiguration } from "../configuration/types.js";
import { defaultBufferSize, resolveHttp2, type ClientOptions } from "./options.js";
import { warnIgnored } from "./backend-warnings.js";
import { Http2Sessions, type Http2Lease } from "./platform/http2-sessions.js";
import { HttpClient, MAX_ERROR_BODY_BYTES, type PreparedRequest } from "./http-client.js";
import { anySignal } from "./abort.js";
import { dispatchBuffered } from "./undici-buffered.js";
import type { HeaderList } from "./headers.js";
import { recordHeaders, type RawResponse } from "./response.js";
import { tlsMaterial, type ClientCertificate } from "./platform/tls.js";
import { abortPromptly, undiciConnect, undiciDispatcher, type PoolSettings } from "./platform/node.js";
import type { ConnectionTimeouts } from "./platform/types.js";
import { openNodeWebSocket } from "./websocket/node-adapter.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import type { WebSocketOpenOptions } from "./websocket/open.js";

/** undici's flat `[name, value, ...]` form of a header list, built once per list (clients reuse their lists). */
const flatLists = new WeakMap<HeaderList, string[]>();
function flatHeaders(headers: HeaderList): string[] {
  let flat = flatLists.get(headers);
  if (!flat) {
    flat = headers.flat();
    flatLists.set(headers, flat);
  }
  return flat;
}

/** Methods whose body undici sends over HTTP/2; a body on any other goes over HTTP/1.1. */
const http2BodyMethods = new Set(["POST", "PUT", "PATCH"]);

/** 2**31 - 1 ms: the longest timer Node accepts, undici's nearest to "unlimited". */
const unlimitedMs = 2 ** 31 - 1;

/** The pool settings of ClientOptions: the smaller of the two sizes, and the idle lifetime. */
export function poolSettings(o: ClientOptions): PoolSettings {
  const sizes = [o.poolSize, o.poolSizePerHost].filter((n): n is number => typeof n === "number");
  return {
    ...(sizes.length > 0 ? { connections: Math.min(...sizes) } : {}),
    ...(o.keepAliveTimeout === null
      ? { keepAliveTimeout: unlimitedMs, keepAliveMaxTimeout: unlimitedMs }
      : o.keepAliveTimeout !== undefined
        ? { keepAliveTimeout: o.keepAliveTimeout * 1000, keepAliveMaxTimeout: Math.max(o.keepAliveTimeout * 1000, 600_000) }
        : {}),
  };
}

/** The connect timeout of ClientOptions.timeout in milliseconds: `null` (no timeouts at all) leaves none. */
export function connectionTimeouts(o: ClientOptions): ConnectionTimeouts {
  const t = o.timeout;
  if (t === null) return { connectMs: null };
  if (typeof t === "object" && t.connect !== undefined) return { connectMs: t.connect === null ? null : t.connect * 1000 };
  return {};
}

/**
 * The client on undici (Node): what `createClient()` builds by default.
 *
 * @example
 * ```ts
 * const client = new UndiciClient(loadConfiguration(), { poolSizePerHost: 16, keepAliveTimeout: 30 });
 * const pods = new Api(Pod, { client, namespace: "default" });
 * await pods.list();
 * await client.close();
 * ```
 */
export class UndiciClient extends HttpClient {
  /** Private (not just `private`): dispatchers hold the client key, and must not print. */
  readonly #dispatchers = new Map<string, Dispatcher>();
  /** HTTP/2 sessions per client certificate, when ClientOptions.http2 is on. */
  readonly #http2 = new Map<string, Http2Sessions>();
  readonly #http2Limits = resolveHttp2(this.options);
  /** The server's origin, read once: URL's `origin` getter builds a new string each time. */
  readonly #origin = this.serverUrl.origin;

  constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super(configuration, options);
    if (this.#http2Limits && this.proxyUrl) {
      warnIgnored("undici", [{ field: "http2", reason: "calls through a proxy use HTTP/1.1 (a CONNECT tunnel per connection)" }]);
      this.#http2Limits = undefined;
    }
    this.dispatcherFor(undefined);
  }

  /** The HTTP/2 sessions of one client certificate (see dispatcherFor). */
  private sessionsFor(certificate: ClientCertificate | undefined, limits: NonNullable<ReturnType<typeof resolveHttp2>>): Http2Sessions {
    const key = certificate ? certificate.cert : "";
    let sessions = this.#http2.get(key);
    if (!sessions) {
      const { connections: _, ...perClient } = poolSettings(this.options);
      sessions = new Http2Sessions(this.serverUrl.origin, undiciConnect(tlsMaterial(this.configuration.tls, certificate), connectionTimeouts(this.options)), perClient, limits, () => this.dispatcherFor(certificate));
      this.#http2.set(key, sessions);
    }
    return sessions;
  }

  /** One dispatcher per client certificate: an exec plugin may hand out a new one. */
  private dispatcherFor(certificate: ClientCertificate | undefined): Dispatcher {
    const key = certificate ? certificate.cert : "";
    let dispatcher = this.#dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const route = { tls: tlsMaterial(this.configuration.tls, certificate), ...(this.proxyUrl ? { proxyUrl: this.proxyUrl } : {}) };
    dispatcher = undiciDispatcher(route, connectionTimeouts(this.options), poolSettings(this.options), this.serverUrl.origin);
    this.#dispatchers.set(key, dispatcher);
    return dispatcher;
  }

  /** A buffered call is aborted through its dispatch handler; streams and HTTP/2 leases take a signal. */
  protected override get abortsCallsItself(): boolean {
    return true;
  }

  protected transport(request: PreparedRequest): Promise<RawResponse> {
    const limits = this.#http2Limits;
    // undici's HTTP/2 path drops the length of a body on other methods (a DELETE's DeleteOptions) and then refuses to send it.
    if (!limits || (request.body !== undefined && !http2BodyMethods.has(request.method))) {
      const dispatcher = this.dispatcherFor(request.clientCertificate);
      if (request.streaming) return this.#dispatch(request, dispatcher, undefined);
      return dispatchBuffered(dispatcher, this.#options(request, undefined, this.#origin), { signal: request.signal, call: request.call, errorBodyLimit: MAX_ERROR_BODY_BYTES });
    }
    return this.#overHttp2(request, limits);
  }

  async #overHttp2(request: PreparedRequest, limits: NonNullable<ReturnType<typeof resolveHttp2>>): Promise<RawResponse> {
    const lease = await this.sessionsFor(request.clientCertificate, limits).acquire(anySignal(request.signal, request.call.signal));
    return this.#dispatch(request, lease.dispatcher, lease);
  }

  /**
   * undici's options of a call: what it carries, its read timeout and connection rules, and where it
   * goes when `origin` is given (`undici.request` takes that from the URL). Built by assignment, not by
   * spreading: this runs on every call.
   */
  #options(request: PreparedRequest, lease: Http2Lease | undefined, origin?: string): Dispatcher.DispatchOptions {
    const t = request.timeout;
    const read = t.read === null ? 0 : t.read !== undefined ? t.read * 1000 : request.streaming ? 0 : undefined;
    const method = request.method as Dispatcher.HttpMethod;
    const headers = flatHeaders(request.headers);
    const options: { -readonly [K in keyof Dispatcher.DispatchOptions]?: Dispatcher.DispatchOptions[K] } =
      origin === undefined ? { method, headers } : { origin, path: request.url.slice(origin.length), method, headers };
    if (request.body !== undefined) options.body = request.body;
    if (read !== undefined) {
      options.headersTimeout = read;
      options.bodyTimeout = read;
    }
    if (this.options.keepAlive === false) options.reset = true;
    // undici holds a write back until its connection has nothing else running (a rule for
    // HTTP/1.1 pipelining); on an HTTP/2 session carrying watches that would be forever.
    if (lease) options.idempotent = true;
    return options as Dispatcher.DispatchOptions;
  }

  /** A call through `undici.request`: the body as a stream, released by reading or cancelling it. */
  async #dispatch(request: PreparedRequest, dispatcher: Dispatcher, lease: Http2Lease | undefined): Promise<RawResponse> {
    const signal = anySignal(request.signal, request.call.signal);
    const pending = undiciRequest(request.url, {
      ...this.#options(request, lease),
      dispatcher,
      signal,
      highWaterMark: this.options.bufferSize === undefined ? defaultBufferSize : (this.options.bufferSize ?? undefined),
    });
    if (lease) {
      // The stream stays taken until its body is over; a reply that arrives after an abort is destroyed, which also ends it.
      pending.then((r) => r.body.once("close", lease.release), lease.release).finally(lease.answered);
    }
    const response = await abortPromptly(pending, signal);
    const body = response.body;
    return {
      status: response.statusCode,
      headers: recordHeaders(response.headers),
      body,
      // One Buffer.concat and one decode, with no async iterator per chunk.
      text: () => body.text(),
      bytes: async () => new Uint8Array(await body.arrayBuffer()),
      cancel: async () => {
        body.destroy();
      },
    };
  }

  protected openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection> {
    return openNodeWebSocket(options);
  }

  protected async release(): Promise<void> {
    const all = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    const sessions = [...this.#http2.values()];
    this.#http2.clear();
    await Promise.all(sessions.map((s) => s.close()));
    // Whatever was in flight has been aborted by close(); a connect still pending must not hold it up.
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}
