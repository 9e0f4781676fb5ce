/** Opens the WebSocket of one pod subresource; the caller's signal, before or during the handshake, gives KUBEX_ABORTED. */
import type { TimeoutInput } from "../client/timeout.js";
import type { QueryParams } from "../client/request.js";
import type { WebSocketConnection } from "../client/websocket/connection.js";
import type { ResourceContext } from "../resource/context.js";
import { abortedError, throwIfAborted } from "./abort.js";

export interface ConnectTarget {
  readonly context: ResourceContext;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly subresource: "exec" | "attach" | "portforward";
}

export async function connect(
  target: ConnectTarget,
  query: QueryParams,
  protocols: readonly string[],
  options: { readonly signal?: AbortSignal; readonly requestTimeout?: TimeoutInput },
): Promise<WebSocketConnection> {
  const what = `${target.subresource} in ${target.name}`;
  throwIfAborted(what, options.signal);
  try {
    return await target.context.client.connectWebSocket({
      path: target.context.objectPath(target.name, target.namespace, target.subresource),
      query,
      protocols,
      ...(options.requestTimeout !== undefined ? { timeout: options.requestTimeout } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw abortedError(what, options.signal);
    throw error;
  }
}
