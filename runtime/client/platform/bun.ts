/**
 * Bun: its `fetch` and its `WebSocket` both take `tls` (CA, client certificate,
 * server name, verification) and `proxy` options, so every setting is honoured.
 */
import { honouredEverywhere } from "./support.js";
import type { Route } from "./tls.js";
import { statusInMessage, type FetchFn, type FetchPlatform, type WebSocketLike } from "./types.js";

/** Bun's `tls` and `proxy` init fields for a route. */
export function bunInit(route: Route): Record<string, unknown> {
  const t = route.tls;
  return {
    tls: { ca: t.ca, cert: t.cert, key: t.key, serverName: t.servername, rejectUnauthorized: t.rejectUnauthorized },
    ...(route.proxyUrl ? { proxy: route.proxyUrl } : {}),
  };
}

export const bunPlatform: FetchPlatform = {
  name: "the fetch backend on Bun",
  table: { HTTP: honouredEverywhere, WebSocket: honouredEverywhere },
  reasons: {},
  async fetchSetup(route) {
    // Bun's fetch ends a response quiet for 5 minutes (a watch); the backend bounds reads itself.
    return { fetch: globalThis.fetch as unknown as FetchFn, init: { ...bunInit(route), timeout: false } };
  },
  async openWebSocket(route, target) {
    const Ctor = (globalThis as unknown as { WebSocket: new (url: string, init: unknown) => WebSocketLike }).WebSocket;
    const socket = new Ctor(target.url, { protocols: [...target.protocols], headers: target.headers, ...bunInit(route) });
    // Bun names the status in its error text: "Expected 101 status code: 403".
    return { socket, refusal: statusInMessage };
  },
};
