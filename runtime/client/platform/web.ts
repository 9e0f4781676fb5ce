/**
 * Any other runtime (a browser, a worker): the standard `fetch` and `WebSocket`,
 * which take no TLS material and no proxy, and a WebSocket that cannot set
 * headers, so the bearer token travels as a subprotocol.
 */
import { KubexConfigurationError } from "../../errors.js";
import type { PlatformSupport, SupportRow } from "./support.js";
import { statusInMessage, type FetchFn, type FetchPlatform, type WebSocketLike } from "./types.js";

const row: SupportRow = {
  "tls.ca": "refused",
  "tls.clientCertificate": "refused",
  "tls.serverName": "warned",
  "tls.insecureSkipVerify": "refused",
  proxy: "refused",
};

const standardOnly = "the standard fetch and WebSocket take no TLS or proxy settings; use the undici backend on Node, or Bun or Deno";

const support: PlatformSupport = {
  name: "the fetch backend on this runtime",
  table: { HTTP: row, WebSocket: row },
  reasons: {
    "tls.ca": standardOnly,
    "tls.clientCertificate": standardOnly,
    "tls.insecureSkipVerify": standardOnly,
    proxy: standardOnly,
    "tls.serverName": "the standard fetch and WebSocket have no server name setting; the certificate is verified against the URL's host instead",
  },
};

/** The token as the `base64url.bearer.authorization.k8s.io.` subprotocol, for WebSockets that cannot set headers. */
export function bearerSubprotocol(token: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(token)) binary += String.fromCharCode(byte);
  const base64url = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `base64url.bearer.authorization.k8s.io.${base64url}`;
}

export const webPlatform: FetchPlatform = {
  ...support,
  async fetchSetup() {
    return { fetch: globalThis.fetch as unknown as FetchFn, init: {} };
  },
  async openWebSocket(_route, target) {
    const Ctor = (globalThis as unknown as { WebSocket?: new (url: string, protocols: string[]) => WebSocketLike }).WebSocket;
    if (!Ctor) throw new KubexConfigurationError("this runtime has no WebSocket implementation");
    const protocols = [...target.protocols, ...(target.bearerToken ? [bearerSubprotocol(target.bearerToken)] : [])];
    return { socket: new Ctor(target.url, protocols), refusal: statusInMessage };
  },
};
