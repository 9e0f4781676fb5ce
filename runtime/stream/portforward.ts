/**
 * Port-forward over `v4.channel.k8s.io`: for the i-th requested port, channel 2i
 * carries data and 2i+1 errors; the server opens each channel with the port
 * number (2 bytes, little-endian).
 */
import type { Server, Socket } from "node:net";
import type { ResourceContext } from "../resource/context.js";
import { KubexClientError, KubexProtocolError } from "../errors.js";
import { isAbnormalClose } from "../client/websocket/frames.js";
import { byteQueue, type AsyncQueue } from "../util/async-queue.js";
import { outputHighWaterMark } from "./session.js";
import type { WebSocketConnection } from "../client/websocket/connection.js";
import { decodeFrame, encodeFrame, portForwardProtocols, readPortPrefix } from "./channels.js";
import { checkAddress, checkBytes, checkPortMap, checkRemotePorts, checkSignal } from "./arguments.js";
import { abortedError, onAbort, throwIfAborted } from "./abort.js";
import { connect } from "./connect.js";
import type { TimeoutInput } from "../client/timeout.js";

/**
 * One forwarded port of a session: bytes to and from it, and the kubelet's errors about it.
 *
 * @example
 * ```ts
 * await using session = await pods.portforward.forward("redis-0", { ports: [6379] });
 * const redis: PortStream = session.ports.get(6379)!;
 * await redis.write(new TextEncoder().encode("PING\r\n"));
 * for await (const chunk of redis.data) {
 *   console.log(new TextDecoder().decode(chunk)); // +PONG
 *   break;
 * }
 * ```
 */
export interface PortStream {
  readonly port: number;
  /** Sends bytes to the remote port. */
  write(data: Uint8Array): Promise<void>;
  /** Bytes from the remote port; ends when the session closes. */
  readonly data: AsyncIterable<Uint8Array>;
  /** Error messages the kubelet reports for this port. */
  readonly errors: AsyncIterable<string>;
}

/**
 * One port-forward WebSocket: a `PortStream` per port asked for.
 *
 * @example
 * ```ts
 * const session: PortForwardSession = await pods.portforward.forward("web-0", { ports: [8080, 9090] });
 * try {
 *   for await (const message of session.ports.get(8080)!.errors) console.error(message);
 * } finally {
 *   await session.close();
 * }
 * ```
 */
export interface PortForwardSession extends AsyncDisposable {
  readonly ports: ReadonlyMap<number, PortStream>;
  /** Resolves when the WebSocket closes; rejects on a protocol error. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Local listeners of a port-forward: the local port bound for each remote one.
 *
 * @example
 * ```ts
 * const listener: PortForwardListener = await pods.portforward.listen("web-0", { portMap: { 8080: 0 } });
 * console.log(`forwarding 127.0.0.1:${listener.ports[8080]} -> web-0:8080`);
 * process.once("SIGINT", () => void listener.close());
 * ```
 */
export interface PortForwardListener extends AsyncDisposable {
  /** Local port actually bound, by remote port. */
  readonly ports: Readonly<Record<number, number>>;
  close(): Promise<void>;
}

class Forward implements PortForwardSession {
  readonly ports = new Map<number, PortStream>();
  readonly closed: Promise<void>;
  private readonly dataQueues: AsyncQueue<Uint8Array>[] = [];
  private readonly errorQueues: AsyncQueue<Uint8Array>[] = [];
  private closing = false;

  constructor(
    private readonly connection: WebSocketConnection,
    private readonly requested: readonly number[],
    private readonly signal?: AbortSignal,
  ) {
    requested.forEach((port, i) => {
      const data = byteQueue(outputHighWaterMark);
      const errors = byteQueue(outputHighWaterMark);
      this.dataQueues.push(data);
      this.errorQueues.push(errors);
      const decoder = new TextDecoder();
      this.ports.set(port, {
        port,
        write: async (bytes) => {
          checkBytes(bytes, false);
          await connection.send(encodeFrame(2 * i, bytes));
        },
        data,
        errors: { [Symbol.asyncIterator]: async function* () { for await (const e of errors) yield decoder.decode(e); } },
      });
    });
    const forget = onAbort(signal, () => {
      // Fails the streams now, which also frees a pump waiting for a reader.
      const error = abortedError("port-forward", signal!);
      for (const q of [...this.dataQueues, ...this.errorQueues]) q.fail(error);
      void connection.close();
    });
    this.closed = this.pump().finally(forget);
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
          const announced = readPortPrefix(data);
          if (announced === undefined) throw new KubexProtocolError(`port-forward: channel ${decoded.channel} opened without its port number`);
          if (announced !== this.requested[index]) {
            throw new KubexProtocolError(`port-forward: channel ${decoded.channel} opened for port ${announced}, not ${this.requested[index]}`);
          }
          opened.add(decoded.channel);
          data = data.subarray(2);
        }
        // Waiting while the reader is behind stops taking frames: backpressure down to the socket.
        if (data.length > 0 && !queue.push(data)) await queue.drained();
      }
      throwIfAborted("port-forward", this.signal);
      for (const q of all) q.end();
    } catch (error) {
      if (this.closing && isAbnormalClose(error) && !this.signal?.aborted) {
        for (const q of all) q.end();
        return;
      }
      const e = this.signal?.aborted
        ? abortedError("port-forward", this.signal)
        : error instanceof KubexClientError
          ? error
          : new KubexClientError(`port-forward: ${(error as Error).message}`, { cause: error });
      for (const q of all) q.fail(e);
      await this.connection.close(1002).catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    // What is queued can still be read; nothing more is taken, so a pump waiting for a reader goes on.
    for (const q of [...this.dataQueues, ...this.errorQueues]) q.end();
    await this.connection.close();
    await this.closed.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export interface ForwardOptions {
  readonly signal?: AbortSignal;
  /** Bounds the WebSocket handshake; an open session has no total timeout. */
  readonly requestTimeout?: TimeoutInput;
}

export interface ListenOptions extends ForwardOptions {
  /** Local address to bind (default `127.0.0.1`). */
  readonly address?: string;
}

export class PortForwarder {
  constructor(
    private readonly context: ResourceContext,
    private readonly name: string,
    private readonly namespace: string | undefined,
  ) {}

  async forward(ports: readonly number[], options: ForwardOptions = {}): Promise<PortForwardSession> {
    checkRemotePorts(ports);
    checkSignal(options.signal);
    const target = { context: this.context, name: this.name, namespace: this.namespace, subresource: "portforward" } as const;
    const connection = await connect(target, ports.map((p) => ["ports", String(p)] as [string, string]), portForwardProtocols, options);
    return new Forward(connection, ports, options.signal);
  }

  async listen(portMap: Readonly<Record<number, number>>, options: ListenOptions = {}): Promise<PortForwardListener> {
    const pairs = checkPortMap(portMap);
    checkAddress(options.address);
    checkSignal(options.signal);
    throwIfAborted("port-forward", options.signal);
    const { createServer } = await import("node:net");
    const servers: Server[] = [];
    const sessions = new Set<PortForwardSession>();
    const sockets = new Set<Socket>();
    const bound: Record<number, number> = {};
    const forward: ForwardOptions = { ...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}) };
    const close = async () => {
      forget();
      // Stop accepting first; a half-open connection would keep `server.close` waiting,
      // so every session is closed and every accepted socket destroyed before waiting for it.
      const stopped = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await Promise.all([...sessions].map((s) => s.close()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    };
    const forget = onAbort(options.signal, () => void close());
    try {
      for (const [remote, local] of pairs) {
        // Half-open: a client that ends its side still gets the rest of the remote's answer
        // (v4 cannot half-close a port channel, so the session stays up until the socket closes).
        const server = createServer({ allowHalfOpen: true }, (socket) => {
          sockets.add(socket);
          socket.once("close", () => sockets.delete(socket));
          void this.pipe(socket, remote, sessions, forward);
        });
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(local, options.address ?? "127.0.0.1", () => resolve());
        });
        const address = server.address();
        bound[remote] = typeof address === "object" && address ? address.port : local;
      }
    } catch (error) {
      await close();
      throw error;
    }
    return { ports: bound, close, [Symbol.asyncDispose]: close };
  }

  /** Copies bytes both ways between one accepted connection and its own session; a failure ends only this connection. */
  private async pipe(socket: Socket, remote: number, sessions: Set<PortForwardSession>, options: ForwardOptions): Promise<void> {
    socket.pause();
    // Destroying the socket with the cause must not become an unhandled 'error' that ends the process.
    socket.on("error", () => undefined);
    let session: PortForwardSession;
    try {
      session = await this.forward([remote], options);
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
