/**
 * The portable backend: WHATWG `fetch` and `WebSocket`. TLS material and
 * proxies reach the runtime through its own extension: undici's dispatcher on
 * Node, `tls`/`proxy` fetch options on Bun, `Deno.createHttpClient` on Deno.
 */
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexConfigurationError } from "../errors.js";
import { connectTimeout, type ClientOptions } from "./options.js";
import { fetchIgnoredOptions, warnIgnored } from "./backend-warnings.js";
import { HttpClient, type PreparedRequest } from "./http-client.js";
import { ReadTimeoutError, withInactivityTimeout } from "./inactivity.js";
import { webHeaders, type RawResponse } from "./response.js";
import { detectRuntime, type JsRuntime } from "./runtime-detect.js";
import { openWebWebSocket } from "./websocket/web-adapter.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import type { WebSocketOpenOptions } from "./websocket/open.js";

type FetchFn = (url: string, init: Record<string, unknown>) => Promise<Response>;

interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
  rejectUnauthorized: boolean;
}

/**
 * WHATWG `Headers` join repeated values with ", " into one header line, and the
 * API server reads each Impersonate-Group / Impersonate-Extra-* line as one
 * value: two groups would silently become the single group "a, b".
 */
function refuseRepeatedImpersonationHeaders(configuration: ClientConfiguration): void {
  const imp = configuration.impersonate;
  const why = "the fetch backend cannot send a header more than once (fetch joins repeated headers into one value); use the undici backend";
  if ((imp?.groups?.length ?? 0) > 1) {
    throw new KubexConfigurationError(`configuration.impersonate.groups: more than one group is not supported: ${why}`);
  }
  for (const [key, values] of Object.entries(imp?.extra ?? {})) {
    if (values.length > 1) throw new KubexConfigurationError(`configuration.impersonate.extra.${key}: more than one value is not supported: ${why}`);
  }
}

export class FetchClient extends HttpClient {
  readonly runtime: JsRuntime;
  /** Runtime-specific fetch init extensions per client certificate. */
  readonly #inits = new Map<string, Promise<{ fetch: FetchFn; init: Record<string, unknown>; close?: () => Promise<void> }>>();

  constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super(configuration, options);
    refuseRepeatedImpersonationHeaders(configuration);
    this.runtime = detectRuntime();
    warnIgnored("fetch", fetchIgnoredOptions(options));
  }

  private tlsFor(certificate: { cert: string; key: string } | undefined): TlsMaterial {
    const tls = this.configuration.tls;
    const cert = certificate ?? (tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : undefined);
    return {
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(cert ?? {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
      rejectUnauthorized: !tls.insecureSkipVerify,
    };
  }

  private setup(certificate: { cert: string; key: string } | undefined) {
    const key = certificate?.cert ?? "";
    let setup = this.#inits.get(key);
    if (!setup) {
      setup = this.runtimeInit(this.tlsFor(certificate));
      this.#inits.set(key, setup);
    }
    return setup;
  }

  private async runtimeInit(tls: TlsMaterial): Promise<{ fetch: FetchFn; init: Record<string, unknown>; close?: () => Promise<void> }> {
    const native = globalThis.fetch as unknown as FetchFn;
    const needsTls = tls.ca !== undefined || tls.cert !== undefined || !tls.rejectUnauthorized || tls.servername !== undefined;
    switch (this.runtime) {
      case "node": {
        // Node's fetch is undici; the package's own fetch takes the package's dispatchers without version skew.
        const undici = await import("undici");
        const connect = { ...tls, ...connectTimeout({ timeout: this.options.timeout === null ? null : undefined }) };
        // kubex bounds headers and body itself (the read timeout); undici's 300 s defaults would end quiet watches.
        const timers = { headersTimeout: 0, bodyTimeout: 0 };
        const dispatcher = this.proxyUrl ? new undici.ProxyAgent({ uri: this.proxyUrl, requestTls: connect, ...timers }) : new undici.Agent({ connect, ...timers });
        return { fetch: undici.fetch as unknown as FetchFn, init: { dispatcher }, close: () => dispatcher.destroy() };
      }
      case "bun":
        return {
          fetch: native,
          init: {
            ...(needsTls ? { tls: { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, serverName: tls.servername } } : {}),
            ...(this.proxyUrl ? { proxy: this.proxyUrl } : {}),
          },
        };
      case "deno": {
        const deno = (globalThis as unknown as { Deno: { createHttpClient(o: Record<string, unknown>): { close(): void } } }).Deno;
        if (!tls.rejectUnauthorized) throw new KubexConfigurationError("the fetch backend on Deno cannot skip TLS verification (insecure-skip-tls-verify)");
        if (!needsTls && !this.proxyUrl) return { fetch: native, init: {} };
        const client = deno.createHttpClient({
          ...(tls.ca ? { caCerts: [tls.ca] } : {}),
          ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
          ...(this.proxyUrl ? { proxy: { url: this.proxyUrl } } : {}),
        });
        return { fetch: native, init: { client }, close: async () => client.close() };
      }
      default:
        if (needsTls || this.proxyUrl) {
          throw new KubexConfigurationError("the fetch backend cannot pass TLS material or a proxy to this runtime's fetch; use the undici backend");
        }
        return { fetch: native, init: {} };
    }
  }

  protected async transport(request: PreparedRequest): Promise<RawResponse> {
    const { fetch, init } = await this.setup(request.clientCertificate);
    const t = request.timeout;
    const readMs = t.read ? t.read * 1000 : undefined;
    const controller = new AbortController();
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
    let headersTimer: ReturnType<typeof setTimeout> | undefined;
    if (readMs) headersTimer = setTimeout(() => controller.abort(new ReadTimeoutError(`no response headers for ${readMs} ms`)), readMs);
    const headers = new Headers();
    for (const [k, v] of request.headers) headers.append(k, v);
    let response: Response;
    try {
      response = await fetch(request.url, {
        ...init,
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal,
        redirect: "manual",
      });
    } catch (error) {
      throw controller.signal.reason instanceof ReadTimeoutError ? controller.signal.reason : error;
    } finally {
      clearTimeout(headersTimer);
    }
    const stream = response.body;
    const chunks: AsyncIterable<Uint8Array> = stream ? readStream(stream) : emptyBody();
    return {
      status: response.status,
      headers: webHeaders(response.headers),
      body: readMs ? withInactivityTimeout(chunks, readMs, () => controller.abort()) : chunks,
      cancel: async () => {
        controller.abort();
        await stream?.cancel().catch(() => undefined);
      },
    };
  }

  protected openWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection> {
    return openWebWebSocket(options, this.runtime);
  }

  protected async release(): Promise<void> {
    const all = [...this.#inits.values()];
    this.#inits.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close?.().catch(() => undefined)));
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** A ReadableStream as an async iterable, releasing the reader when the consumer stops early. */
async function* readStream(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
