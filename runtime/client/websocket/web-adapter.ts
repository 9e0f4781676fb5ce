/**
 * WebSocketConnection on the WHATWG `WebSocket` (the fetch backend's transport).
 * The platform module builds the socket with the runtime's own TLS and proxy
 * options; the standard API has no size limit, so the cap is enforced on receipt.
 */
import { apiErrorFromResponse, KubexClientError } from "../../errors.js";
import { enforceSupport } from "../platform/support.js";
import type { ConnectionTimeouts, FetchPlatform } from "../platform/types.js";
import { FrameQueue, oversizeError, textFrameError } from "./frames.js";
import type { WebSocketConnection } from "./connection.js";
import { startHandshakeTimer, type WebSocketOpenOptions } from "./open.js";

export { bearerSubprotocol } from "../platform/web.js";

export async function openWebWebSocket(options: WebSocketOpenOptions, platform: FetchPlatform, timeouts: ConnectionTimeouts): Promise<WebSocketConnection> {
  const path = new URL(options.url).pathname;
  const route = { tls: options.tls, ...(options.proxyUrl ? { proxyUrl: options.proxyUrl } : {}) };
  enforceSupport(platform, "WebSocket", route);
  const target = { url: options.url, protocols: options.protocols, headers: options.headers, ...(options.bearerToken ? { bearerToken: options.bearerToken } : {}) };
  const { socket, release, refusal } = await platform.openWebSocket(route, target, timeouts);
  socket.binaryType = "arraybuffer";
  const limit = options.maxMessageSize;
  const frames = new FrameQueue();
  return new Promise((resolve, reject) => {
    let opened = false;
    /** Why the handshake failed: the API error of a refused upgrade, else what the runtime said. */
    const failure = (said: string | undefined): Error => {
      const refused = refusal(said);
      if (refused) return apiErrorFromResponse(refused.status, refused.body);
      return new KubexClientError(`WebSocket ${path}: ${said || "the connection was closed during the handshake"}`);
    };
    const cancelTimer = startHandshakeTimer(path, options.handshakeTimeoutMs, (error) => {
      reject(error);
      socket.close();
    });
    options.signal?.addEventListener("abort", () => socket.close(), { once: true });
    socket.addEventListener("open", () => {
      opened = true;
      cancelTimer();
      resolve(connection);
    });
    socket.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") {
        frames.fail(textFrameError());
        socket.close(1000, "text frames are not part of the protocol");
        return;
      }
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data as ArrayBufferLike);
      if (limit !== null && bytes.byteLength > limit) {
        frames.fail(oversizeError(bytes.byteLength, limit));
        socket.close(1000, "message too big");
        return;
      }
      frames.push(bytes);
    });
    socket.addEventListener("error", (event) => {
      const said = event.message || (event.error instanceof Error ? event.error.message : undefined);
      if (!opened) {
        cancelTimer();
        reject(failure(said));
      }
      frames.fail(new KubexClientError(`WebSocket ${path}: ${said || "the connection failed"}`));
    });
    socket.addEventListener("close", (event) => {
      cancelTimer();
      void release?.().catch(() => undefined);
      frames.end();
      if (!opened) reject(failure(event.reason || `closed during the handshake (code ${event.code ?? "none"})`));
    });
    const connection: WebSocketConnection = {
      get protocol() {
        return socket.protocol;
      },
      send: async (data) => {
        if (socket.readyState !== 1) throw new KubexClientError(`WebSocket ${path}: cannot send, the connection is closed`);
        socket.send(data);
      },
      receive: () => frames,
      close: async (code = 1000, reason) => {
        if (socket.readyState === 3) return;
        const closed = new Promise<void>((ok) => socket.addEventListener("close", () => ok()));
        // The WHATWG API accepts only 1000 and 3000-4999 from clients.
        socket.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000, reason);
        await Promise.race([closed, new Promise((ok) => setTimeout(ok, 2_000))]);
      },
      [Symbol.asyncDispose]: () => connection.close(),
    };
  });
}
