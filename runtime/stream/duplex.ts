/**
 * A forwarded port as a Node `Duplex`, so it pipes to and from sockets with
 * Node's own backpressure: a write waits until the WebSocket took the bytes,
 * and data is read from the session only as fast as the reader consumes it.
 */
import { Duplex, Readable } from "node:stream";
import { KubexArgumentError } from "../errors.js";
import type { PortStream } from "./portforward.js";

/**
 * A forwarded port as a Node `Duplex`, to pipe it to a socket with Node's backpressure.
 *
 * @example
 * ```ts
 * import { createServer } from "node:net";
 *
 * // One local TCP server; each connection gets its own forward to port 5432 of the pod.
 * createServer(async (socket) => {
 *   const session = await pods.portforward.forward("postgres-0", { ports: [5432] });
 *   const remote = portStreamDuplex(session.ports.get(5432)!);
 *   socket.pipe(remote).pipe(socket);
 *   socket.on("close", () => void session.close());
 * }).listen(15432);
 * ```
 */
export function portStreamDuplex(stream: PortStream): Duplex {
  const s = stream as Partial<PortStream> | null | undefined;
  if (typeof s?.data?.[Symbol.asyncIterator] !== "function" || typeof s.write !== "function") throw new KubexArgumentError("stream", "must be a port stream (a session's ports.get(port))");
  const readable = Readable.from(stream.data, { objectMode: false });
  const duplex = new Duplex({
    read() {
      readable.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      stream.write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      callback();
    },
    destroy(error, callback) {
      readable.destroy();
      callback(error);
    },
  });
  readable.on("data", (chunk: Uint8Array) => {
    if (!duplex.push(chunk)) readable.pause();
  });
  readable.on("end", () => duplex.push(null));
  readable.on("error", (error) => duplex.destroy(error));
  return duplex;
}
