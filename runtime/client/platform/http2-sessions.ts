/**
 * HTTP/2 for the undici backend: calls are spread over a few undici `Client`s, each
 * one HTTP/2 session carrying many calls at once. A session takes calls until it
 * holds as many as the server allows on one connection (its SETTINGS_MAX_CONCURRENT_STREAMS,
 * 100 on a kube-apiserver unless started with --http2-max-streams-per-connection); only
 * then is another opened, so N concurrent watches take ceil(N / limit) connections.
 *
 * The first session carries one call until the server has answered it: that tells
 * whether the server speaks h2 at all (ALPN) and how many streams it allows. A server
 * without h2 gets every call through the HTTP/1.1 dispatcher instead, so that a watch
 * is never queued behind another on one HTTP/1.1 connection.
 */
import { buildConnector, Client, type Dispatcher } from "undici";

export interface Http2Limits {
  /** The most sessions (TCP connections) opened; past it calls wait here for a free stream. */
  readonly connections: number;
  /** Streams per session; `undefined` takes what the server advertises. */
  readonly streamsPerConnection: number | undefined;
}

/** A session's share of one call: the dispatcher to send it on, and `release` once its reply is over. */
export interface Http2Lease {
  readonly dispatcher: Dispatcher;
  /** Called once the reply's headers have arrived (or the call failed); the first one settles the protocol. */
  readonly answered: () => void;
  readonly release: () => void;
}

/** Streams per session until the server says: a kube-apiserver's own default (Go's http2 server alone would allow 250). */
const assumedStreams = 100;

interface Session {
  readonly client: Client;
  active: number;
  alpn: string | undefined;
}

export class Http2Sessions {
  readonly #sessions: Session[] = [];
  /** "h2" or "http/1.1" once the first session's first call was answered. */
  #protocol: string | undefined;
  #probe: Promise<void> | undefined;
  #streams: number;
  /** Calls waiting for a free stream while every session is full and no more may be opened. */
  readonly #waiting: (() => void)[] = [];
  #closed = false;

  constructor(
    private readonly origin: string,
    /** undici `connect` options (TLS material, timeout). */
    private readonly connect: Record<string, unknown>,
    /** Per-client undici options (keep-alive, timeouts). */
    private readonly clientOptions: Record<string, unknown>,
    private readonly limits: Http2Limits,
    /** Where calls go when the server does not speak h2. */
    private readonly http1: () => Dispatcher,
  ) {
    this.#streams = limits.streamsPerConnection ?? assumedStreams;
  }

  /** Open HTTP/2 sessions and the calls each carries now (for tests and diagnostics). */
  get load(): readonly number[] {
    return this.#sessions.map((s) => s.active);
  }

  /** A stream for one call; `signal` gives up waiting for one. */
  async acquire(signal?: AbortSignal): Promise<Http2Lease> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.#closed) throw new Error("HTTP/2 sessions closed");
      if (this.#protocol === "http/1.1") return { dispatcher: this.http1(), answered: noop, release: noop };
      if (this.#protocol === "h2") {
        const session = this.#pick();
        if (session) return this.#lease(session);
        await this.#freed(signal);
        continue;
      }
      if (!this.#probe) {
        const session = this.#open();
        let settle!: () => void;
        this.#probe = new Promise<void>((resolve) => (settle = resolve));
        return this.#lease(session, () => {
          this.#learn(session);
          settle();
        });
      }
      await this.#probe;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#waiting.splice(0)) wake();
    const all = this.#sessions.splice(0);
    await Promise.all(all.map((s) => s.client.destroy().catch(() => undefined)));
  }

  /**
   * The first session with a free stream, else a new one, else none (at the cap). Calls are not
   * queued inside undici: a write would wait there behind streams that may never end.
   */
  #pick(): Session | undefined {
    for (const s of this.#sessions) if (s.active < this.#streams) return s;
    return this.#sessions.length < this.limits.connections ? this.#open() : undefined;
  }

  /** Resolves when a stream is released (or the sessions close), rejects when `signal` aborts first. */
  #freed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(signal!.reason);
      };
      this.#waiting.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #open(): Session {
    const base = buildConnector({ ...this.connect, allowH2: true } as buildConnector.BuildOptions);
    const session: Session = { client: undefined as unknown as Client, active: 0, alpn: undefined };
    const connector: buildConnector.connector = (options, callback) =>
      base(options, (error, socket) => {
        if (socket) session.alpn = (socket as { alpnProtocol?: string | false }).alpnProtocol || "http/1.1";
        // undici's own callback types are a union of error-first overloads.
        (callback as (e: Error | null, s: typeof socket) => void)(error, socket);
      });
    (session as { client: Client }).client = new Client(this.origin, { ...this.clientOptions, connect: connector, allowH2: true, pipelining: this.#streams });
    // A session whose connection ended is not picked again; undici would reconnect it, but a fresh one is as good.
    session.client.on("disconnect", () => {
      const at = this.#sessions.indexOf(session);
      if (at >= 0 && session.active === 0) {
        this.#sessions.splice(at, 1);
        void session.client.close().catch(() => undefined);
      }
    });
    this.#sessions.push(session);
    return session;
  }

  /** What the first answered call tells: the protocol, and the server's stream limit. */
  #learn(session: Session): void {
    if (this.#protocol !== undefined) return;
    if (session.alpn === undefined) {
      // The call failed before a connection was made: the next call probes again.
      this.#probe = undefined;
      return;
    }
    this.#protocol = session.alpn === "h2" ? "h2" : "http/1.1";
    if (this.#protocol === "h2" && this.limits.streamsPerConnection === undefined) {
      const advertised = advertisedStreams(session.client);
      if (advertised !== undefined) {
        this.#streams = advertised;
        for (const s of this.#sessions) s.client.pipelining = advertised;
      }
    }
  }

  #lease(session: Session, first?: () => void): Http2Lease {
    session.active++;
    let released = false;
    return {
      dispatcher: session.client,
      answered: first ?? noop,
      release: () => {
        if (released) return;
        released = true;
        session.active--;
        this.#waiting.shift()?.();
      },
    };
  }
}

function noop(): void {}

/**
 * The SETTINGS_MAX_CONCURRENT_STREAMS the server sent, which undici keeps on the Client
 * under a symbol of its own; `undefined` when this undici version keeps it elsewhere.
 */
function advertisedStreams(client: Client): number | undefined {
  const key = Object.getOwnPropertySymbols(client).find((s) => s.description === "max concurrent streams");
  const value = key === undefined ? undefined : (client as unknown as Record<symbol, unknown>)[key];
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
