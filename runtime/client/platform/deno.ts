/**
 * Deno: `Deno.createHttpClient` carries the CA, the client certificate and the
 * proxy, for `fetch` and for `WebSocket` alike. It has no setting for the
 * server name or for skipping verification.
 */
import type { PlatformSupport, SupportRow } from "./support.js";
import type { Route } from "./tls.js";
import { needsCustomTransport } from "./tls.js";
import { statusInMessage, type FetchFn, type FetchPlatform, type WebSocketLike } from "./types.js";

interface DenoHttpClient {
  close(): void;
}

const row: SupportRow = {
  "tls.ca": "honoured",
  "tls.clientCertificate": "honoured",
  "tls.serverName": "warned",
  "tls.insecureSkipVerify": "refused",
  proxy: "honoured",
};

const support: PlatformSupport = {
  name: "the fetch backend on Deno",
  table: { HTTP: row, WebSocket: row },
  reasons: {
    "tls.serverName": "Deno.createHttpClient has no server name setting; the certificate is verified against the URL's host instead",
    "tls.insecureSkipVerify": "Deno.createHttpClient cannot turn certificate verification off (only the --unsafely-ignore-certificate-errors flag can); use the undici backend on Node",
  },
};

/** The `Deno.createHttpClient` options of a route. */
export function denoClientOptions(route: Route): Record<string, unknown> {
  const t = route.tls;
  return {
    ...(t.ca ? { caCerts: [t.ca] } : {}),
    ...(t.cert ? { cert: t.cert, key: t.key } : {}),
    ...(route.proxyUrl ? { proxy: { url: route.proxyUrl } } : {}),
  };
}

function httpClient(route: Route): DenoHttpClient | undefined {
  if (!needsCustomTransport(route)) return undefined;
  const deno = (globalThis as unknown as { Deno: { createHttpClient(o: Record<string, unknown>): DenoHttpClient } }).Deno;
  return deno.createHttpClient(denoClientOptions(route));
}

export const denoPlatform: FetchPlatform = {
  ...support,
  async fetchSetup(route) {
    const client = httpClient(route);
    return { fetch: globalThis.fetch as unknown as FetchFn, init: client ? { client } : {}, ...(client ? { close: async () => client.close() } : {}) };
  },
  async openWebSocket(route, target) {
    const client = httpClient(route);
    const Ctor = (globalThis as unknown as { WebSocket: new (url: string, init: unknown) => WebSocketLike }).WebSocket;
    const socket = new Ctor(target.url, { protocols: [...target.protocols], headers: target.headers, ...(client ? { client } : {}) });
    return { socket, ...(client ? { release: async () => client.close() } : {}), refusal: statusInMessage };
  },
};
