/**
 * A forwarded port as a Node `Duplex`, so it pipes to and from sockets with
 * Node's own backpressure: a write waits until the WebSocket took the bytes,
 * and data is read from the session only as fast as the reader consumes it.
 */
import { Duplex, Readable } from "node:stream";
import type { PortStream } from "./portforward.js";

export function portStreamDuplex(stream: PortStream): Duplex {
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
