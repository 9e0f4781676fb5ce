/**
 * Requests as plain data. The Api layer builds them with no network involved;
 * the client checks their shape (a `KubexArgumentError` naming the field) and a
 * backend only executes them.
 */
import type { TimeoutInput } from "./timeout.js";
import type { RetryPolicy } from "./retry.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type QueryParams = ReadonlyArray<readonly [string, string]>;

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

/** Response headers, case-insensitive. */
export interface ResponseHeaders {
  get(name: string): string | null;
  /** Every value of a header that may repeat (`Warning`). */
  getAll(name: string): string[];
}

/** A successful (2xx) response. Non-2xx replies are thrown as `KubexApiError` before this exists. */
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

export interface WebSocketRequest {
  /** Absolute API path of the streaming subresource, e.g. `/api/v1/namespaces/ns/pods/p/exec`. */
  readonly path: string;
  readonly query?: QueryParams;
  /** Subprotocols in priority order, e.g. `["v5.channel.k8s.io", "v4.channel.k8s.io"]`. */
  readonly protocols: readonly string[];
  readonly timeout?: TimeoutInput;
  readonly signal?: AbortSignal;
}
