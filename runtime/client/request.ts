/**
 * Requests as plain data. The Api layer builds them with no network involved;
 * the client checks their shape (a `KubexArgumentError` naming the field) and a
 * backend only executes them.
 */
import type { TimeoutInput } from "./timeout.js";
import type { RetryPolicy } from "./retry.js";

/**
 * The methods a `KubeRequest` may use.
 *
 * @example
 * ```ts
 * const method: HttpMethod = "GET";
 * const response = await client.request({ method, path: "/api/v1/namespaces" });
 * ```
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Query parameters as ordered pairs; a key may repeat.
 *
 * @example
 * ```ts
 * const query: QueryParams = [["labelSelector", "app=web"], ["limit", "10"]];
 * const response = await client.request({ method: "GET", path: "/api/v1/namespaces/default/pods", query });
 * ```
 */
export type QueryParams = ReadonlyArray<readonly [string, string]>;

/**
 * One request as plain data, for calls the typed `Api` does not cover (an aggregated API, a raw path).
 *
 * @example
 * ```ts
 * const request: KubeRequest = {
 *   method: "GET",
 *   path: "/apis/metrics.k8s.io/v1beta1/nodes",
 *   timeout: 10,
 * };
 * const nodes = await (await client.request(request)).json<{ items: unknown[] }>();
 * ```
 */
export interface KubeRequest {
  readonly method: HttpMethod;
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`; joined to the server URL's own path. */
  readonly path: string;
  /** Query parameters in order; repeated keys are allowed (`command=sh&command=-c`). */
  readonly query?: QueryParams;
  /**
   * Extra headers, one value each; `Accept` defaults to `application/json`. Authentication and
   * impersonation headers are added by the client. A value with a control character is refused.
   */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Overrides the client's timeout for this call (`requestTimeout`); a `connect` part must match the client's. */
  readonly timeout?: TimeoutInput;
  readonly signal?: AbortSignal;
  /** This call's retry policy, or `false` for none; else the client's. */
  readonly retry?: RetryPolicy | false;
}

/**
 * Response headers, case-insensitive.
 *
 * @example
 * ```ts
 * const response = await client.request({ method: "GET", path: "/version" });
 * const headers: ResponseHeaders = response.headers;
 * console.log(headers.get("content-type"), headers.getAll("warning"));
 * ```
 */
export interface ResponseHeaders {
  get(name: string): string | null;
  /** Every value of a header that may repeat (`Warning`). */
  getAll(name: string): string[];
}

/**
 * A successful (2xx) response. Non-2xx replies are thrown as `KubexApiError` before this exists.
 *
 * @example
 * ```ts
 * const response: KubeResponse = await client.request({ method: "GET", path: "/version" });
 * const version = await response.json<{ gitVersion: string }>();
 * console.log(response.status, version.gitVersion);
 * ```
 */
export interface KubeResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  text(): Promise<string>;
  /** Parses the body as JSON; a body that is not JSON is a `KubexProtocolError`. */
  json<T = unknown>(): Promise<T>;
  /** The body as it arrives, chunk by chunk, without buffering it whole. Can be read once. */
  body(): AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection. Safe to call more than once. */
  cancel(): Promise<void>;
}

/**
 * A WebSocket to a streaming subresource, as plain data; `pods.exec`, `attach` and `portforward` build these for you.
 *
 * @example
 * ```ts
 * const request: WebSocketRequest = {
 *   path: "/api/v1/namespaces/default/pods/web-0/exec",
 *   query: [["command", "date"], ["stdout", "true"]],
 *   protocols: ["v5.channel.k8s.io", "v4.channel.k8s.io"],
 * };
 * await using connection = await client.connectWebSocket(request);
 * console.log(connection.protocol);
 * ```
 */
export interface WebSocketRequest {
  /** Absolute API path of the streaming subresource, e.g. `/api/v1/namespaces/ns/pods/p/exec`. */
  readonly path: string;
  readonly query?: QueryParams;
  /** Subprotocols in priority order, e.g. `["v5.channel.k8s.io", "v4.channel.k8s.io"]`. */
  readonly protocols: readonly string[];
  readonly timeout?: TimeoutInput;
  readonly signal?: AbortSignal;
}
