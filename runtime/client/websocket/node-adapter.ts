/**
 * WebSocketConnection on the `ws` package (the undici backend's transport):
 * sets headers and TLS material, caps frames with `maxPayload`, and tunnels
 * through an HTTP CONNECT proxy when one applies.
 */
import type WebSocket from "ws";
import { request as httpRequest, Agent as HttpsAgent } from "node:https";
import { request as plainRequest, Agent as HttpAgent } from "node:http";
import { isIP } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";
import { apiErrorFromResponse, KubexClientError, KubexConfigurationError } from "../../errors.js";
import { redactUrl } from "../../configuration/secrets.js";
import { endFrames, FrameQueue, oversizeError, textFrameError } from "./frames.js";
import type { WebSocketConnection } from "./connection.js";
import { startHandshakeTimer, type WebSocketOpenOptions } from "./open.js";

/** Characters of a refused upgrade's body kept for its Status. */
const MAX_REFUSAL_BODY = 1024 * 1024;

/** An agent whose sockets are a CONNECT tunnel through `proxy`: TLS over it for `wss:`, the tunnel itself for `ws:`. */
function tunnelAgent(proxy: string, tls: WebSocketOpenOptions["tls"], secure: boolean): HttpAgent {
  const agent = secure ? new HttpsAgent() : new HttpAgent();
  const p = new URL(proxy);
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: { host: string; port: number; servername?: string },
    callback: (error: Error | null, socket?: Duplex) => void,
  ) => {
    const auth = p.username ? { "proxy-authorization": `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString("base64")}` } : {};
    const req = (p.protocol === "https:" ? httpRequest : plainRequest)({
      host: p.hostname,
      port: p.port || (p.protocol === "https:" ? 443 : 80),
      method: "CONNECT",
      path: `${options.host}:${options.port}`,
      headers: { host: `${options.host}:${options.port}`, ...auth },
    });
    req.on("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        callback(new KubexClientError(`proxy ${redactUrl(proxy)} refused CONNECT with HTTP ${res.statusCode}`));
        return;
      }
      if (!secure) return callback(null, socket);
      // SNI carries host names only; an IP address is verified against the certificate's IP entries.
      const servername = tls.servername ?? (isIP(options.host) ? undefined : options.host);
      callback(null, tlsConnect({ socket, ...(servername ? { servername } : {}), ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized }));
    });
    req.on("error", (error) => callback(new KubexClientError(`proxy ${redactUrl(proxy)}: ${error.message}`, { cause: error })));
    req.end();
    return undefined;
  };
  return agent;
}

let wsModule: Promise<typeof WebSocket> | undefined;

/** `ws`, loaded on the first WebSocket: HTTP-only use of the client never loads it. */
function loadWs(): Promise<typeof WebSocket> {
  wsModule ??= import("ws").then(
    (module) => module.default,
    (error: { code?: string }) => {
      wsModule = undefined;
      if (error.code !== "ERR_MODULE_NOT_FOUND" && error.code !== "MODULE_NOT_FOUND") throw error;
      throw new KubexConfigurationError("the undici backend needs the `ws` package for exec, attach and port-forward, and it is not installed (npm install ws)", { cause: error });
    },
  );
  return wsModule;
}

export async function openNodeWebSocket(options: WebSocketOpenOptions): Promise<WebSocketConnection> {
  const WebSocket = await loadWs();
  return new Promise((resolve, reject) => {
    const wsOptions: WebSocket.ClientOptions & { servername?: string } = {
      headers: options.headers,
      ca: options.tls.ca,
      cert: options.tls.cert,
      key: options.tls.key,
      servername: options.tls.servername,
      rejectUnauthorized: options.tls.rejectUnauthorized,
      maxPayload: options.maxMessageSize ?? 0,
      perMessageDeflate: false,
      ...(options.proxyUrl ? { agent: tunnelAgent(options.proxyUrl, options.tls, options.url.startsWith("wss:")) } : {}),
    };
    const socket = new WebSocket(options.url, [...options.protocols], wsOptions);
    socket.binaryType = "nodebuffer";
    const path = new URL(options.url).pathname;
    let opened = false;
    // Flow control: stop reading from the socket while frames pile up unread.
    const frames = new FrameQueue({ pause: () => socket.pause(), resume: () => socket.resume() });
    const cancelTimer = startHandshakeTimer(path, options.handshakeTimeoutMs, (error) => {
      reject(error);
      socket.terminate();
    });
    const onAbort = () => socket.terminate();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    socket.on("unexpected-response", (_req, res) => {
      // The refusal settles the handshake; ws emits no close for it, so the timer stops here.
      cancelTimer();
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString();
        // A refusal's Status is small: a server sending more (or without end) is not waited for.
        if (body.length <= MAX_REFUSAL_BODY) return;
        reject(apiErrorFromResponse(res.statusCode ?? 0, body.slice(0, MAX_REFUSAL_BODY)));
        res.destroy();
      });
      res.on("end", () => reject(apiErrorFromResponse(res.statusCode ?? 0, body)));
      res.on("error", () => reject(apiErrorFromResponse(res.statusCode ?? 0, body)));
    });
    socket.on("open", () => {
      opened = true;
      cancelTimer();
      resolve(connection);
    });
    socket.on("message", (data, isBinary) => {
      if (!isBinary) {
        frames.fail(textFrameError());
        socket.close(1003, "text frames are not part of the protocol");
        return;
      }
      frames.push(new Uint8Array(data as Buffer));
    });
    socket.on("error", (error: Error & { code?: string }) => {
      const wrapped =
        error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"
          ? oversizeError(0, options.maxMessageSize ?? 0)
          : new KubexClientError(`WebSocket ${path}: ${error.message}`, { cause: error });
      if (!opened) reject(wrapped);
      frames.fail(wrapped);
    });
    socket.on("close", (code, reason) => {
      cancelTimer();
      options.signal?.removeEventListener("abort", onAbort);
      endFrames(frames, path, code, reason.toString());
      if (!opened) reject(new KubexClientError(`WebSocket ${path}: closed during the handshake`));
    });

    const connection: WebSocketConnection = {
      get protocol() {
        return socket.protocol;
      },
      send: (data) =>
        new Promise<void>((ok, fail) => {
          if (socket.readyState !== WebSocket.OPEN) {
            fail(new KubexClientError(`WebSocket ${path}: cannot send, the connection is closed`));
            return;
          }
          socket.send(data, { binary: true }, (error) => (error ? fail(new KubexClientError(`WebSocket ${path}: ${error.message}`, { cause: error })) : ok()));
        }),
      receive: () => frames,
      close: (code = 1000, reason) =>
        new Promise<void>((ok) => {
          if (socket.readyState === WebSocket.CLOSED) return ok();
          socket.once("close", () => ok());
          socket.close(code, reason);
          setTimeout(() => {
            socket.terminate();
            ok();
          }, 2_000).unref();
        }),
      [Symbol.asyncDispose]: () => connection.close(),
    };
  });
}
