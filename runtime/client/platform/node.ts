/**
 * Node: TLS and proxies through undici dispatchers, for both backends. The
 * undici backend uses a Pool per API server (or a ProxyAgent); the fetch backend
 * uses the package's own `fetch` and `WebSocket` with an Agent (or a ProxyAgent),
 * so the dispatcher and the fetch come from one undici version.
 */
import { Agent, Pool, ProxyAgent, fetch as undiciFetch, WebSocket as UndiciWebSocket, type Dispatcher } from "undici";
import { honouredEverywhere, type PlatformSupport } from "./support.js";
import type { Route, TlsMaterial } from "./tls.js";
import type { ConnectionTimeouts, FetchFn, FetchPlatform, OpenedWebSocket, RefusedUpgrade, WebSocketLike } from "./types.js";

/** Pool limits, keep-alive and per-request defaults of a dispatcher, in undici's terms (milliseconds). */
export interface PoolSettings {
  readonly connections?: number;
  readonly keepAliveTimeout?: number;
  readonly keepAliveMaxTimeout?: number;
  readonly bodyTimeout?: number;
  readonly headersTimeout?: number;
}

/**
 * The fetch backend bounds reads itself (its inactivity timer, which streams
 * skip); undici's 300 s body default would end a quiet watch.
 */
const fetchDispatcherSettings: PoolSettings = { bodyTimeout: 0, headersTimeout: 0 };

/** undici's `connect` options: TLS material, and the connect timeout (0 is none in undici). */
export function undiciConnect(tls: TlsMaterial, timeouts: ConnectionTimeouts): Record<string, unknown> {
  return {
    ...tls,
    ...(timeouts.connectMs !== undefined ? { timeout: timeouts.connectMs ?? 0 } : {}),
  };
}

/** The dispatcher of one route: a Pool for `origin`, an Agent without one, a ProxyAgent through a proxy. */
export function undiciDispatcher(route: Route, timeouts: ConnectionTimeouts, pool: PoolSettings = {}, origin?: string): Dispatcher {
  const connect = undiciConnect(route.tls, timeouts);
  if (route.proxyUrl) {
    // The connection to the proxy itself has its own connector, and its own 10 s default.
    const proxyTls = timeouts.connectMs !== undefined ? { proxyTls: { timeout: timeouts.connectMs ?? 0 } } : {};
    return new ProxyAgent({ uri: route.proxyUrl, requestTls: connect, ...proxyTls, ...pool });
  }
  return origin ? new Pool(origin, { connect, ...pool }) : new Agent({ connect, ...pool });
}

/**
 * undici defers an abort until the request has a connection, so a request that
 * is still connecting (no connect timeout, a server that never answers the TLS
 * hello) would ignore its signal. This settles with the abort reason at once;
 * undici drops the request when, if ever, the connection is made.
 */
export function abortPromptly<T extends { body: { destroy(): unknown } }>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      void pending.then((late) => late.body.destroy(), () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Closes a dispatcher, destroying it (and whatever is still connecting) when that takes longer than `graceMs`. */
export async function closeDispatcher(dispatcher: Dispatcher, graceMs = 1_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
  const outcome = await Promise.race([dispatcher.close().then(() => "closed" as const, () => "late" as const), grace]);
  clearTimeout(timer);
  if (outcome === "late") await dispatcher.destroy().catch(() => undefined);
}

export const undiciBackendSupport: PlatformSupport = {
  name: "the undici backend",
  table: { HTTP: honouredEverywhere, WebSocket: honouredEverywhere },
  reasons: {},
};

/**
 * Records the status and the first bytes of a reply that refused a WebSocket
 * upgrade: undici's WebSocket reports only "non-101 status code".
 */
function recordingRefusal(dispatcher: Dispatcher): { dispatcher: Dispatcher; refusal: () => RefusedUpgrade | undefined } {
  let refused: { status: number; body: string } | undefined;
  const composed = dispatcher.compose((dispatch) => (options, handler) => {
    // undici hands interceptors its newer handler shape: onResponseStart(controller, status, ...).
    const observed = new Proxy(handler as unknown as Record<string | symbol, unknown>, {
      get(target, property) {
        const value = target[property];
        if (property === "onResponseStart" && typeof value === "function") {
          return (controller: unknown, status: number, ...rest: unknown[]) => {
            if (status !== 101) refused = { status, body: "" };
            return value.call(target, controller, status, ...rest);
          };
        }
        if (property === "onResponseData" && typeof value === "function") {
          return (controller: unknown, chunk: Uint8Array) => {
            if (refused && refused.body.length < 4096) refused.body += Buffer.from(chunk).toString("utf8");
            return value.call(target, controller, chunk);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return dispatch(options, observed as unknown as Dispatcher.DispatchHandler);
  });
  return { dispatcher: composed, refusal: () => refused };
}

export const nodeFetchPlatform: FetchPlatform = {
  name: "the fetch backend on Node",
  table: { HTTP: honouredEverywhere, WebSocket: honouredEverywhere },
  reasons: {},
  async fetchSetup(route, timeouts) {
    const dispatcher = undiciDispatcher(route, timeouts, fetchDispatcherSettings);
    return { fetch: undiciFetch as unknown as FetchFn, init: { dispatcher }, close: () => closeDispatcher(dispatcher) };
  },
  async openWebSocket(route, target, timeouts): Promise<OpenedWebSocket> {
    const base = undiciDispatcher(route, timeouts, fetchDispatcherSettings);
    const { dispatcher, refusal } = recordingRefusal(base);
    const Ctor = UndiciWebSocket as unknown as new (url: string, init: unknown) => WebSocketLike;
    const socket = new Ctor(target.url, { protocols: [...target.protocols], headers: target.headers, dispatcher });
    return { socket, release: () => closeDispatcher(base), refusal };
  },
};
