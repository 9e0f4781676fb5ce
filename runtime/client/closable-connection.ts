/**
 * A WebSocket connection as the client hands it out: once the client is
 * closed, receiving and sending reject with `KubexClosedError` instead of
 * ending quietly as if the peer had finished.
 */
import { KubexClosedError } from "../errors.js";
import type { WebSocketConnection } from "./websocket/connection.js";

/** `done` runs once the connection has ended (its frames ran out, or it was closed). */
export function closableConnection(connection: WebSocketConnection, closing: AbortSignal, path: string, done: () => void): WebSocketConnection {
  const closed = () => new KubexClosedError(`WebSocket ${path}: the client was closed`);
  const wrapped: WebSocketConnection = {
    get protocol() {
      return connection.protocol;
    },
    send: (data) => (closing.aborted ? Promise.reject(closed()) : connection.send(data)),
    receive: () => ({
      async *[Symbol.asyncIterator]() {
        try {
          yield* connection.receive();
        } catch (error) {
          throw closing.aborted ? closed() : error;
        } finally {
          done();
        }
        if (closing.aborted) throw closed();
      },
    }),
    close: (code, reason) => {
      done();
      return connection.close(code, reason);
    },
    [Symbol.asyncDispose]: () => wrapped.close(),
  };
  return wrapped;
}
