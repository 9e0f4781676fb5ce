/**
 * Port-forward over `v4.channel.k8s.io`: for the i-th requested port, channel 2i
 * carries data and 2i+1 errors; the server opens each channel with the port
 * number (2 bytes, little-endian).
 */
import type { Server, Socket } from "node:net";
import type { ResourceContext } from "../resource/context.js";
import { KubexClientError, KubexProtocolError } from "../errors.js";
import { FrameQueue } from "../client/websocket/frames.js";
import type { WebSocketConnection } from "../client/websocket/connection.js";
import { decodeFrame, encodeFrame, portForwardProtocols, readPortPrefix } from "./channels.js";

export interface PortStream {
  readonly port: number;
  /** Sends bytes to the remote port. */
  write(data: Uint8Array): Promise<void>;
  /** Bytes from the remote port; ends when the session closes. */
  readonly data: AsyncIterable<Uint8Array>;
  /** Error messages the kubelet reports for this port. */
  readonly errors: AsyncIterable<string>;
}

export interface PortForwardSession extends AsyncDisposable {
  readonly ports: ReadonlyMap<number, PortStream>;
  /** Resolves when the WebSocket closes; rejects on a protocol error. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export interface PortForwardListener extends AsyncDisposable {
  /** Local port actually bound, by remote port. */
  readonly ports: Readonly<Record<number, number>>;
  close(): Promise<void>;
}

class Forward implements PortForwardSession {
  readonly ports = new Map<number, PortStream>();
  readonly closed: Promise<void>;
  private readonly dataQueues: FrameQueue[] = [];
  private readonly errorQueues: FrameQueue[] = [];

  constructor(
    private readonly connection: WebSocketConnection,
    requested: readonly number[],
  ) {
    requested.forEach((port, i) => {
      const data = new FrameQueue();
      const errors = new FrameQueue();
      this.dataQueues.push(data);
      this.errorQueues.push(errors);
      const decoder = new TextDecoder();
      this.ports.set(port, {
        port,
        write: (bytes) => connection.send(encodeFrame(2 * i, bytes)),
        data,
        errors: { [Symbol.asyncIterator]: async function* () { for await (const e of errors) yield decoder.decode(e); } },
      });
    });
    this.closed = this.pump();
    this.closed.catch(() => undefined);
  }

  private async pump(): Promise<void> {
    const opened = new Set<number>();
    const all = [...this.dataQueues, ...this.errorQueues];
    try {
      for await (const frame of this.connection.receive()) {
        const decoded = decodeFrame(frame);
        if (!decoded) continue;
        const index = decoded.channel >> 1;
        const queue = decoded.channel % 2 === 0 ? this.dataQueues[index] : this.errorQueues[index];
        if (!queue) throw new KubexProtocolError(`port-forward: frame on unknown channel ${decoded.channel}`);
        let data = decoded.data;
        if (!opened.has(decoded.channel)) {
          // The first frame of each channel starts with the port number.
          if (readPortPrefix(data) === undefined) throw new KubexProtocolError(`port-forward: channel ${decoded.channel} opened without its port number`);
          opened.add(decoded.channel);
          data = data.subarray(2);
        }
        if (data.length > 0) queue.push(data);
      }
      for (const q of all) q.end();
    } catch (error) {
      const e = error instanceof KubexClientError ? error : new KubexClientError(`port-forward: ${(error as Error).message}`, { cause: error });
      for (const q of all) q.fail(e);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.closed.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export class PortForwarder {
  constructor(
    private readonly context: ResourceContext,
    private readonly name: string,
    private readonly namespace: string | undefined,
  ) {}

  async forward(ports: readonly number[], signal?: AbortSignal): Promise<PortForwardSession> {
    if (ports.length === 0) throw new KubexClientError("port-forward: at least one port is required", { code: "KUBEX_INVALID_ARGUMENT" });
    const connection = await this.context.client.connectWebSocket({
      path: this.context.objectPath(this.name, this.namespace, "portforward"),
      query: ports.map((p) => ["ports", String(p)] as [string, string]),
      protocols: portForwardProtocols,
      ...(signal ? { signal } : {}),
    });
    return new Forward(connection, ports);
  }

  async listen(portMap: Readonly<Record<number, number>>): Promise<PortForwardListener> {
    const { createServer } = await import("node:net");
    const servers: Server[] = [];
    const sessions = new Set<PortForwardSession>();
    const sockets = new Set<Socket>();
    const bound: Record<number, number> = {};
    for (const [remoteText, local] of Object.entries(portMap)) {
      const remote = Number(remoteText);
      // Half-open: a client that ends its side still gets the rest of the remote's answer
      // (v4 cannot half-close a port channel, so the session stays up until the socket closes).
      const server = createServer({ allowHalfOpen: true }, (socket) => {
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
        void this.pipe(socket, remote, sessions);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(local, "127.0.0.1", () => resolve());
      });
      servers.push(server);
      const address = server.address();
      bound[remote] = typeof address === "object" && address ? address.port : local;
    }
    const close = async () => {
      // Stop accepting first; a half-open connection would keep `server.close` waiting,
      // so every session is closed and every accepted socket destroyed before waiting for it.
      const stopped = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await Promise.all([...sessions].map((s) => s.close()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    };
    return { ports: bound, close, [Symbol.asyncDispose]: close };
  }

  /** Copies bytes both ways between one accepted connection and its own session; a failure ends only this connection. */
  private async pipe(socket: Socket, remote: number, sessions: Set<PortForwardSession>): Promise<void> {
    socket.pause();
    let session: PortForwardSession;
    try {
      session = await this.forward([remote]);
    } catch (error) {
      socket.destroy(error as Error);
      return;
    }
    sessions.add(session);
    const stream = session.ports.get(remote)!;
    socket.on("data", (chunk: Buffer) => {
      socket.pause();
      stream.write(chunk).then(
        () => socket.resume(),
        (error: Error) => socket.destroy(error),
      );
    });
    socket.on("close", () => void session.close());
    socket.on("error", () => void session.close());
    socket.resume();
    try {
      for await (const chunk of stream.data) {
        if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r));
      }
      socket.end();
    } catch (error) {
      socket.destroy(error as Error);
    } finally {
      sessions.delete(session);
    }
  }
}
