/**
 * A WebSocket connection as the client hands it out: once the client is
 * closed, receiving and sending reject with `KubexClosedError` instead of
 * ending quietly as if the peer had finished.
 */
import { KubexClosedError } from "../errors.js";
import type { WebSocketConnection } from "./websocket/connection.js";

export function closableConnection(connection: WebSocketConnection, closing: AbortSignal, path: string): WebSocketConnection {
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
        }
        if (closing.aborted) throw closed();
      },
    }),
    close: (code, reason) => connection.close(code, reason),
    [Symbol.asyncDispose]: () => connection.close(),
  };
  return wrapped;
}
