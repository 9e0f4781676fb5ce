// A client that records what would cross the transport and answers from a script: no network.
import { BaseClient, type ClientConfiguration, type KubeRequest, type KubeResponse, type WebSocketConnection, type WebSocketRequest } from "../../../runtime/index.js";

export class RecordingClient extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://x", namespace: "from-config", tls: {} };
  readonly sent: KubeRequest[] = [];
  /** Chunks the next stream() response yields. */
  chunks: string[] = [];
  /** The body the next request() answers with; an echo list by default. */
  reply: string | undefined;
  cancelled = 0;

  private respond(body: string): KubeResponse {
    const chunks = this.chunks.length > 0 ? this.chunks : [body];
    return {
      status: 200,
      headers: { get: () => null, getAll: () => [] },
      text: async () => body,
      json: async <T>() => JSON.parse(body) as T,
      body: () => ({ async *[Symbol.asyncIterator]() { for (const c of chunks) yield new TextEncoder().encode(c); } }),
      cancel: async () => void this.cancelled++,
    };
  }
  async request(r: KubeRequest) {
    this.sent.push(r);
    return this.respond(this.reply ?? JSON.stringify({ metadata: {}, items: [], echo: r.path }));
  }
  async stream(r: KubeRequest) {
    this.sent.push(r);
    return this.respond("");
  }
  connectWebSocket(r: WebSocketRequest): Promise<WebSocketConnection> {
    this.sent.push({ method: "GET", ...r });
    throw new Error("not in this test");
  }
  async close() {}
}

export const last = (c: RecordingClient) => c.sent[c.sent.length - 1]!;
export const query = (r: KubeRequest) => new URLSearchParams(r.query as [string, string][]).toString();
