// A BaseClient for tests that answers from memory: a subclass says what each request gets, as
// JSON (`jsonReply`), a thrown error, or a 404 Status (`notFound`). Streams answer like requests;
// WebSockets are not part of these tests.
import { BaseClient } from "../../../runtime/client/base-client.js";
import type { KubeRequest, KubeResponse } from "../../../runtime/client/request.js";
import type { WebSocketConnection } from "../../../runtime/client/websocket/connection.js";
import type { ClientConfiguration } from "../../../runtime/configuration/types.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";

/** A 200 reply whose body is `value` as JSON. */
export function jsonReply(value: unknown): KubeResponse {
  const body = JSON.stringify(value);
  return { status: 200, headers: { get: () => null, getAll: () => [] }, text: async () => body, json: async <T>() => JSON.parse(body) as T, body: () => (async function* () {})(), cancel: async () => {} };
}

/** The error a 404 Status reply becomes. */
export const notFound = (): Error => apiErrorFromResponse(404, JSON.stringify({ kind: "Status", code: 404, reason: "NotFound", message: "not found" }));

export abstract class InMemoryClient extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://x", namespace: "default", tls: {} };
  abstract override request(r: KubeRequest): Promise<KubeResponse>;
  stream(r: KubeRequest): Promise<KubeResponse> {
    return this.request(r);
  }
  connectWebSocket(): Promise<WebSocketConnection> {
    throw new Error("not in this test");
  }
  async close() {}
}
