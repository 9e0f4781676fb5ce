/** What a platform module gives the fetch backend and the WHATWG WebSocket adapter. */
import type { PlatformSupport } from "./support.js";
import type { Route } from "./tls.js";

export type FetchFn = (url: string, init: Record<string, unknown>) => Promise<Response>;

/** The fetch to call and the runtime-specific init fields (dispatcher, tls, client) carrying TLS and proxy. */
export interface FetchSetup {
  readonly fetch: FetchFn;
  readonly init: Readonly<Record<string, unknown>>;
  close?(): Promise<void>;
}

/** Timeouts of the connections a platform opens, in milliseconds; `null` none, absent the runtime's default. */
export interface ConnectionTimeouts {
  readonly connectMs?: number | null;
}

/** The part of the WHATWG WebSocket the adapter uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string; message?: string; error?: unknown }) => void): void;
}

export interface WebSocketTarget {
  readonly url: string;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** For runtimes whose WebSocket cannot set headers: the token travels as a subprotocol. */
  readonly bearerToken?: string;
}

/** An HTTP reply that refused the upgrade, when the runtime lets it be seen. */
export interface RefusedUpgrade {
  readonly status: number;
  readonly body: string;
}

export interface OpenedWebSocket {
  readonly socket: WebSocketLike;
  /** Frees what was created for this socket (a dispatcher on Node) once it has closed. */
  release?(): Promise<void>;
  /** The status (and body, when seen) of a refused upgrade; `message` is the runtime's error text. */
  refusal(message: string | undefined): RefusedUpgrade | undefined;
}

export interface FetchPlatform extends PlatformSupport {
  fetchSetup(route: Route, timeouts: ConnectionTimeouts): Promise<FetchSetup>;
  openWebSocket(route: Route, target: WebSocketTarget, timeouts: ConnectionTimeouts): Promise<OpenedWebSocket>;
}

/** The status a runtime names in its handshake error text ("Expected 101 status code: 403"). */
export function statusInMessage(message: string | undefined): RefusedUpgrade | undefined {
  const match = /status(?: code)?:? (\d{3})\b/i.exec(message ?? "");
  const status = match ? Number(match[1]) : 0;
  return status >= 300 && status <= 599 ? { status, body: "" } : undefined;
}
