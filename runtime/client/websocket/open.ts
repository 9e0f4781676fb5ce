/**
 * What a backend hands to a WebSocket adapter to open a connection: the URL,
 * the subprotocols in priority order, and the already-resolved authentication
 * and TLS material of the client.
 */
import { KubexTimeoutError } from "../../errors.js";
import type { TlsMaterial } from "../platform/tls.js";
import type { Timeout } from "../timeout.js";

/** An opening handshake that is never answered ends after this long unless the call says otherwise. */
export const defaultHandshakeTimeoutMs = 30_000;

/** The handshake bound of a call: its `connect` timeout, else its `total`, else the default; `null` parts mean none. */
export function handshakeTimeoutMs(timeout: Timeout | undefined): number | null {
  const seconds = timeout?.connect !== undefined ? timeout.connect : timeout?.total;
  if (seconds === undefined) return defaultHandshakeTimeoutMs;
  return seconds === null ? null : seconds * 1000;
}

/** Calls `onTimeout` with a KubexTimeoutError once the bound passes; returns the cancel function. */
export function startHandshakeTimer(path: string, ms: number | null | undefined, onTimeout: (error: KubexTimeoutError) => void): () => void {
  const bound = ms === undefined ? defaultHandshakeTimeoutMs : ms;
  if (bound === null) return () => undefined;
  const timer = setTimeout(() => onTimeout(new KubexTimeoutError(`WebSocket ${path}: no handshake within ${bound} ms`)), bound);
  return () => clearTimeout(timer);
}

export interface WebSocketOpenOptions {
  /** `wss://` (or `ws://`) URL including the query string. */
  readonly url: string;
  readonly protocols: readonly string[];
  /** Authentication and impersonation headers, as the HTTP requests carry them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bearer token, for adapters whose WebSocket cannot set headers (sent as a subprotocol). */
  readonly bearerToken?: string;
  readonly tls: TlsMaterial;
  /** Proxy URL to tunnel through (HTTP CONNECT), when the client uses one for this server. */
  readonly proxyUrl?: string;
  /** Largest accepted frame in bytes; `null` means no cap. */
  readonly maxMessageSize: number | null;
  /** Bound on the opening handshake in milliseconds; `null` none, absent the default. */
  readonly handshakeTimeoutMs?: number | null;
  readonly signal?: AbortSignal;
}
