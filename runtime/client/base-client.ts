/**
 * The contract every HTTP backend fulfils. Requests arrive as plain data
 * (`KubeRequest`); the backend adds authentication, applies options and timeouts,
 * and turns non-2xx replies into typed `KubexApiError`s.
 */
import type { ClientConfiguration } from "../configuration/types.js";
import type { KubeRequest, KubeResponse, WebSocketRequest } from "./request.js";
import { emitApiWarning } from "./warnings.js";
import type { WebSocketConnection } from "./websocket/connection.js";

/**
 * What `Api`, `watcher` and the task helpers need of a client: `request`, `stream`, `connectWebSocket`, `close`. `createClient()` returns one.
 *
 * @example
 * ```ts
 * // A function that works with any backend takes a BaseClient.
 * async function serverVersion(client: BaseClient): Promise<string> {
 *   const response = await client.request({ method: "GET", path: "/version" });
 *   return (await response.json<{ gitVersion: string }>()).gitVersion;
 * }
 * await using client = await createClient();
 * console.log(await serverVersion(client));
 * ```
 */
export abstract class BaseClient implements AsyncDisposable {
  abstract readonly configuration: ClientConfiguration;

  /** Sends a request; the response body is read by the caller (`text()`, `json()`). */
  abstract request(request: KubeRequest): Promise<KubeResponse>;

  /**
   * Sends a request whose response is a long-lived stream (watch, log follow).
   * The `read` part of the timeout bounds silence between chunks; no total
   * timeout applies unless the caller sets one on this request.
   */
  abstract stream(request: KubeRequest): Promise<KubeResponse>;

  /**
   * Opens a WebSocket to a streaming subresource (exec, attach, portforward).
   *
   * @experimental The WebSocket transport is still under active development and
   * its API may change in future releases without notice.
   */
  abstract connectWebSocket(request: WebSocketRequest): Promise<WebSocketConnection>;

  /**
   * Aborts every request, stream and WebSocket in flight (their promises and
   * iterators reject with `KubexClosedError`), then releases connections.
   * Calls made after `close()` reject with `KubexClosedError` too.
   */
  abstract close(): Promise<void>;

  /**
   * Reports a warning about what the server answered (`context` is that request) the way
   * this client reports the server's `Warning` headers. The default is a process warning;
   * `HttpClient` uses its `warningHandler`, and drops it when `logApiWarnings` is false.
   */
  reportWarning(text: string, context: { readonly method: string; readonly path: string }): void {
    emitApiWarning(text, context);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
