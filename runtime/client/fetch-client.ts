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
import { ReadTimeoutError } from "./inactivity.js";
import { readDeadline, type ReadDeadline } from "./read-deadlines.js";
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
  /** The same setups once made: a call then needs no await to find them. */
  readonly #ready = new Map<string, FetchSetup>();

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
      setup.then((made) => this.#setups.get(key) === setup && this.#ready.set(key, made), () => undefined);
    }
    return setup;
  }

  protected async transport(request: PreparedRequest): Promise<RawResponse> {
    const { fetch, init } = this.#ready.get(request.clientCertificate?.cert ?? "") ?? (await this.#setup(request.clientCertificate));
    const t = request.timeout;
    const readMs = t.read === null ? undefined : t.read !== undefined ? t.read * 1000 : request.streaming ? undefined : defaultRequestReadMs;
    // Every call has its own controller, read timeout or not: cancel() must be able to end a body
    // while a read is pending, when its reader is taken and the stream cannot be cancelled.
    const call = new BoundedCall(request.signal, readMs);
    let response: Response;
    try {
      response = await fetch(request.url, {
        ...init,
        method: request.method,
        // A list of pairs: fetch builds its own Headers from it.
        headers: request.headers as [string, string][],
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: call.signal,
        redirect: "manual",
      });
    } catch (error) {
      call.end();
      throw call.timedOut ?? error;
    }
    call.answered();
    const stream = response.body;
    return {
      status: response.status,
      headers: webHeaders(response.headers),
      body: stream ? readChunks(stream, call) : emptyBody(),
      // One loop over the chunks and one decode, still bounded by the read timeout between chunks.
      text: async () => utf8.decode(stream ? await readWhole(stream, call) : new Uint8Array(0)),
      bytes: async () => (stream ? readWhole(stream, call) : new Uint8Array(0)),
      cancel: async () => {
        call.abort();
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
    this.#ready.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close?.().catch(() => undefined)));
  }
}

const utf8 = new TextDecoder();

/**
 * A call with its own controller (a stream's, or one with a read timeout), aborted by the caller's signal
 * (a listener, not `AbortSignal.any`, which costs tens of microseconds per call
 * on Node) or when the server stays silent for `readMs`, before the headers or
 * between two chunks of the body. The silence is watched by the shared deadline timer.
 */
class BoundedCall {
  readonly #controller = new AbortController();
  readonly #deadline: ReadDeadline | undefined;
  readonly #caller: AbortSignal | undefined;
  #phase: "headers" | "body" = "headers";
  #timedOut: ReadTimeoutError | undefined;

  constructor(caller: AbortSignal | undefined, readonly readMs: number | undefined) {
    this.#caller = caller;
    this.#deadline = readMs === undefined ? undefined : readDeadline(readMs, () => {
      this.#timedOut = new ReadTimeoutError(this.#phase === "headers" ? `no response headers for ${readMs} ms` : `no data for ${readMs} ms`);
      this.#controller.abort(this.#timedOut);
    });
    if (caller?.aborted) this.#controller.abort(caller.reason);
    else caller?.addEventListener("abort", this.#onCallerAbort, { once: true });
    this.#deadline?.arm();
  }

  readonly #onCallerAbort = (): void => this.#controller.abort(this.#caller?.reason);

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The read timeout's error once it has fired. */
  get timedOut(): ReadTimeoutError | undefined {
    return this.#timedOut;
  }

  /** Headers are in: the body's silence is counted once it is read. */
  answered(): void {
    this.#deadline?.clear();
    this.#phase = "body";
  }

  reading(): void {
    this.#deadline?.arm();
  }

  touch(): void {
    this.#deadline?.touch();
  }

  end(): void {
    this.#deadline?.clear();
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }

  abort(): void {
    this.end();
    this.#controller.abort();
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** The body as an async iterable, bounded by the read timeout; the reader is released when the consumer stops early. */
async function* readChunks(stream: ReadableStream<Uint8Array>, call: BoundedCall): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  call.reading();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      call.touch();
      yield value;
    }
  } catch (error) {
    throw call.timedOut ?? error;
  } finally {
    call.end();
    await reader.cancel().catch(() => undefined);
  }
}

/** The whole body's bytes in one loop (no generator per chunk), bounded by the read timeout like readChunks. */
async function readWhole(stream: ReadableStream<Uint8Array>, call: BoundedCall): Promise<Uint8Array> {
  const reader = stream.getReader();
  call.reading();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      call.touch();
      chunks.push(value);
      length += value.length;
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw call.timedOut ?? error;
  } finally {
    call.end();
  }
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    whole.set(c, at);
    at += c.length;
  }
  return whole;
}
