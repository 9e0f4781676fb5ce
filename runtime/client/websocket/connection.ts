/**
 * A WebSocket as exec, attach and port-forward need it: binary frames in and out.
 *
 * Each backend adapts its own WebSocket implementation to this shape. A text frame
 * is a protocol violation and surfaces as `KubexProtocolError` from the iterator;
 * a frame over `wsMaxMessageSize` surfaces as an error naming the limit and the option.
 *
 * @experimental The WebSocket transport may change in future releases.
 *
 * @example
 * ```ts
 * await using connection: WebSocketConnection = await client.connectWebSocket({
 *   path: "/api/v1/namespaces/default/pods/web-0/portforward",
 *   query: [["ports", "8080"]],
 *   protocols: ["v4.channel.k8s.io"],
 * });
 * for await (const frame of connection.receive()) console.log(frame.byteLength);
 * ```
 */
export interface WebSocketConnection extends AsyncDisposable {
  /** The subprotocol the server chose, e.g. `v5.channel.k8s.io`. */
  readonly protocol: string;
  /** Sends one binary frame. */
  send(data: Uint8Array): Promise<void>;
  /** Received binary frames; the iteration ends when the peer closes the connection. */
  receive(): AsyncIterable<Uint8Array>;
  /** Closes the connection with a WebSocket close code (1000 by default). */
  close(code?: number, reason?: string): Promise<void>;
}
