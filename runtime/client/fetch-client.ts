/**
 * The portable backend: WHATWG `fetch` and `WebSocket`. How TLS material and
 * proxies reach the runtime's fetch is the platform module's job (undici's
 * dispatcher on Node, `tls`/`proxy` options on Bun, `Deno.createHttpClient` on Deno).
 */
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexConfigurationError } from "../errors.js";
import type { ClientOptions } from "./options.js";
import { fetchIgnoredOptions, warnIgnored } from "./backend-warnings.js";
import { HttpClient, type PreparedRequest } from "./http-client.js";
import { ReadTimeoutError, withInactivityTimeout } from "./inactivity.js";
import { webHeaders, type RawResponse } from "./response.js";
import { detectRuntime, type JsRuntime } from "./runtime-detect.js";
import { enforceSupport, fetchPlatform, tlsMaterial, type ClientCertificate, type FetchPlatform, type FetchSetup, type Route } from "./platform/index.js";
import type { ConnectionTimeouts } from "./platform/types.js";
import { openWebWebSocket } from "./websocket/web-adapter.js";
import type { WebSocketConnection } from "./websocket/connection.js";
import type { WebSocketOpenOptions } from "./websocket/open.js";

/**
 * Silence allowed before and between chunks of a plain request's reply when no
 * `read` timeout is set (undici's own default); streams get none by default,
 * since a healthy watch may be quiet for hours.
 */
const defaultRequestReadMs = 300_000;

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

/**
 * The client on the runtime's `fetch` (Bun, Deno, Node): what `createClient({ backend: "fetch" })` builds.
 *
 * @example
 * ```ts
 * const client = new FetchClient(loadConfiguration(), { timeout: 30 });
 * console.log(client.runtime); // "node", "bun" or "deno"
 * await client.close();
 * ```
 */
export class FetchClient extends HttpClient {
  readonly runtime: JsRuntime;
  private readonly platform: FetchPlatform;
  /** The runtime's fetch and init extensions per client certificate; a private field, since they hold the client key. */
  readonly #setups = new Map<string, Promise<FetchSetup>>();

  constructor(configuration: ClientConfiguration, options: ClientOptions = {}) {
    super(configuration, options);
    refuseRepeatedImpersonationHeaders(configuration);
    this.runtime = detectRuntime();
    this.platform = fetchPlatform(this.runtime);
    warnIgnored("fetch", fetchIgnoredOptions(options));
    enforceSupport(this.platform, "HTTP", this.#route(undefined));
  }

  #route(certificate: ClientCertificate | undefined): Route {
    return { tls: tlsMaterial(this.configuration.tls, certificate), ...(this.proxyUrl ? { proxyUrl: this.proxyUrl } : {}) };
  }

  /** `null` (no timeouts at all) also lifts the runtime's connect timeout where it has one (Node's 10 s). */
  #timeouts(): ConnectionTimeouts {
    const t = this.options.timeout;
    return t === null || (typeof t === "object" && t?.connect === null) ? { connectMs: null } : {};
  }

  #setup(certificate: ClientCertificate | undefined): Promise<FetchSetup> {
    const key = certificate?.cert ?? "";
    let setup = this.#setups.get(key);
    if (!setup) {
      const route = this.#route(certificate);
      enforceSupport(this.platform, "HTTP", route);
      setup = this.platform.fetchSetup(route, this.#timeouts());
      this.#setups.set(key, setup);
    }
    return setup;
  }

  protected async transport(request: PreparedRequest): Promise<RawResponse> {
    const { fetch, init } = await this.#setup(request.clientCertificate);
    const t = request.timeout;
    const readMs = t.read === null ? undefined : t.read !== undefined ? t.read * 1000 : request.streaming ? undefined : defaultRequestReadMs;
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
    return openWebWebSocket(options, this.platform, this.#timeouts());
  }

  protected async release(): Promise<void> {
    const all = [...this.#setups.values()];
    this.#setups.clear();
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
