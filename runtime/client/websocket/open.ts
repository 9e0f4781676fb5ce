/**
 * What a backend hands to a WebSocket adapter to open a connection: the URL,
 * the subprotocols in priority order, and the already-resolved authentication
 * and TLS material of the client.
 */
import type { TlsMaterial } from "../platform/tls.js";

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
  /** Bound on the opening handshake, in milliseconds. */
  readonly handshakeTimeoutMs?: number;
  readonly signal?: AbortSignal;
}
