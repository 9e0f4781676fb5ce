/**
 * The default backend: undici, with one connection pool per API server
 * (keep-alive, TLS client certificates) or a ProxyAgent when a proxy applies.
 */
import { Pool, ProxyAgent, request as undiciRequest, type Dispatcher } from "undici";
import type { ClientConfiguration } from "../configuration/types.js";
import { connectTimeout, defaultBufferSize, type ClientOptions } from "./options.js";
import { HttpClient, type PreparedRequest } from "./http-client.js";
import { recordHeaders, type RawResponse } from "./response.js";
import { openNodeWebSocket } from "./websocket/node-adapter.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import type { WebSocketOpenOptions } from "./websocket/open.js";

/** 2**31 - 1 ms: the longest timer Node accepts, undici's nearest to "unlimited". */
const unlimitedMs = 2 ** 31 - 1;

export class UndiciClient extends HttpClient {
  readonly #dispatchers = new Map<string, Dispatcher>();

  constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super(configuration, options);
    // Every option maps onto undici; none is ignored by this backend.
    this.dispatcherFor(undefined);
  }

  /** One dispatcher per client certificate: an exec plugin may hand out a new one. */
  private dispatcherFor(certificate: { cert: string; key: string } | undefined): Dispatcher {
    const key = certificate ? certificate.cert : "";
    let dispatcher = this.#dispatchers.get(key);
    if (dispatcher) return dispatcher;
    const o = this.options;
    const tls = this.configuration.tls;
    const cert = certificate ?? (tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : undefined);
    const connect = {
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
      rejectUnauthorized: !tls.insecureSkipVerify,
      ...connectTimeout(o),
    };
    const sizes = [o.poolSize, o.poolSizePerHost].filter((n): n is number => typeof n === "number");
    const pool = {
      ...(sizes.length > 0 ? { connections: Math.min(...sizes) } : {}),
      ...(o.keepAliveTimeout === null
        ? { keepAliveTimeout: unlimitedMs, keepAliveMaxTimeout: unlimitedMs }
        : o.keepAliveTimeout !== undefined
          ? { keepAliveTimeout: o.keepAliveTimeout * 1000, keepAliveMaxTimeout: Math.max(o.keepAliveTimeout * 1000, 600_000) }
          : {}),
    };
    dispatcher = this.proxyUrl
      ? new ProxyAgent({ uri: this.proxyUrl, requestTls: connect, ...pool })
      : new Pool(this.serverUrl.origin, { connect, ...pool });
    this.#dispatchers.set(key, dispatcher);
    return dispatcher;
  }

  protected async transport(request: PreparedRequest): Promise<RawResponse> {
    const t = request.timeout;
    const read = t.read === null ? 0 : t.read !== undefined ? t.read * 1000 : request.streaming ? 0 : undefined;
    const response = await undiciRequest(request.url, {
      dispatcher: this.dispatcherFor(request.clientCertificate),
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers.flat(),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(read !== undefined ? { headersTimeout: read, bodyTimeout: read } : {}),
      ...(this.options.keepAlive === false ? { reset: true } : {}),
      highWaterMark: this.options.bufferSize === undefined ? defaultBufferSize : (this.options.bufferSize ?? undefined),
    });
    const body = response.body;
    return {
      status: response.statusCode,
      headers: recordHeaders(response.headers),
      body,
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
    // Whatever was in flight has been aborted by close(); a connect still pending must not hold it up.
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }
}
