/**
 * WebSocketConnection on the WHATWG `WebSocket` (the fetch backend's transport).
 * On Node it is undici's implementation, which takes headers and a dispatcher;
 * on Bun the global one, which takes headers and TLS options; on Deno the global
 * one with headers and an HttpClient; elsewhere headers cannot be set, so the
 * bearer token travels as a subprotocol. The standard API
 * has no size limit, so the cap is enforced on receipt.
 */
import { KubexClientError } from "../../errors.js";
import type { JsRuntime } from "../runtime-detect.js";
import { endFrames, FrameQueue, oversizeError, textFrameError } from "./frames.js";
import type { WebSocketConnection } from "./connection.js";
import type { WebSocketOpenOptions } from "./open.js";

interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string; message?: string }) => void): void;
}

type WebSocketConstructor = new (url: string, init?: unknown) => WebSocketLike;

/** The token as the `base64url.bearer.authorization.k8s.io.` subprotocol, for WebSockets that cannot set headers. */
export function bearerSubprotocol(token: string): string {
  return `base64url.bearer.authorization.k8s.io.${Buffer.from(token, "utf8").toString("base64url")}`;
}

/** The socket, and what to release once it has closed (a dedicated dispatcher on Node). */
async function construct(options: WebSocketOpenOptions, runtime: JsRuntime): Promise<{ socket: WebSocketLike; release?: () => Promise<void> }> {
  const protocols = [...options.protocols];
  if (runtime === "node") {
    const undici = await import("undici");
    const dispatcher = options.proxyUrl
      ? new undici.ProxyAgent({ uri: options.proxyUrl, requestTls: options.tls })
      : new undici.Agent({ connect: options.tls });
    const Ctor = undici.WebSocket as unknown as WebSocketConstructor;
    return { socket: new Ctor(options.url, { protocols, headers: options.headers, dispatcher }), release: () => dispatcher.close() };
  }
  const Ctor = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor) throw new KubexClientError("this runtime has no WebSocket implementation");
  if (runtime === "bun") {
    return { socket: new Ctor(options.url, {
      protocols,
      headers: options.headers,
      tls: { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key, rejectUnauthorized: options.tls.rejectUnauthorized },
    }) };
  }
  if (runtime === "deno") {
    // Deno's WebSocket takes headers and an HttpClient carrying the TLS material (non-standard options).
    const deno = (globalThis as unknown as { Deno: { createHttpClient(o: Record<string, unknown>): { close(): void } } }).Deno;
    const needsClient = options.tls.ca !== undefined || options.tls.cert !== undefined;
    const client = needsClient
      ? deno.createHttpClient({ ...(options.tls.ca ? { caCerts: [options.tls.ca] } : {}), ...(options.tls.cert ? { cert: options.tls.cert, key: options.tls.key } : {}) })
      : undefined;
    return {
      socket: new Ctor(options.url, { protocols, headers: options.headers, ...(client ? { client } : {}) }),
      ...(client ? { release: async () => client.close() } : {}),
    };
  }
  if (options.tls.cert) throw new KubexClientError("this runtime's WebSocket cannot present a client certificate; use a bearer token or the undici backend");
  if (options.bearerToken) protocols.push(bearerSubprotocol(options.bearerToken));
  return { socket: new (Ctor as unknown as new (url: string, protocols: string[]) => WebSocketLike)(options.url, protocols) };
}

export async function openWebWebSocket(options: WebSocketOpenOptions, runtime: JsRuntime): Promise<WebSocketConnection> {
  const path = new URL(options.url).pathname;
  const { socket, release } = await construct(options, runtime);
  socket.binaryType = "arraybuffer";
  const limit = options.maxMessageSize;
  const frames = new FrameQueue();
  return new Promise((resolve, reject) => {
    let opened = false;
    const timer = options.handshakeTimeoutMs
      ? setTimeout(() => {
          socket.close();
          reject(new KubexClientError(`WebSocket ${path}: no handshake within ${options.handshakeTimeoutMs} ms`, { code: "KUBEX_TIMEOUT" }));
        }, options.handshakeTimeoutMs)
      : undefined;
    options.signal?.addEventListener("abort", () => socket.close(), { once: true });
    socket.addEventListener("open", () => {
      opened = true;
      clearTimeout(timer);
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
      const error = new KubexClientError(`WebSocket ${path}: ${event.message ?? "connection failed"}`);
      if (!opened) {
        clearTimeout(timer);
        reject(error);
      }
      // After the handshake a close event always follows, and it carries the code.
    });
    socket.addEventListener("close", (event) => {
      clearTimeout(timer);
      void release?.().catch(() => undefined);
      endFrames(frames, path, event.code, event.reason);
      if (!opened) reject(new KubexClientError(`WebSocket ${path}: closed during the handshake (the server refused the upgrade)`));
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
