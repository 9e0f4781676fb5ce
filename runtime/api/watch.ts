/** Watch streams: typed events from JSON lines; ERROR events become typed errors. */
import { apiErrorFromResponse, type Status } from "../errors.js";
import type { KubeRequest } from "../client/request.js";
import { resolveTimeout } from "../client/options.js";
import type { ResourceContext } from "./context.js";
import { jsonLines } from "./lines.js";
import type { WatchEvent } from "./meta.js";
import { watchQuery, type CallOptions, type WatchOptions } from "./options.js";

type WatchCall = WatchOptions & CallOptions & { readonly namespace?: string; readonly allNamespaces?: boolean };

/**
 * The request of a watch: the collection path, the watch query, and one timeout in which
 * `inactivityTimeout` is the read bound unless `requestTimeout` sets its own.
 */
export function watchRequest(context: ResourceContext, options: WatchCall | undefined, headers?: Readonly<Record<string, string>>): KubeRequest {
  const given = resolveTimeout(options?.requestTimeout);
  const timeout = options?.inactivityTimeout ? { read: options.inactivityTimeout, ...given } : given;
  return {
    method: "GET",
    path: context.collectionPath(options?.namespace, "options.namespace", options?.allNamespaces === true),
    query: watchQuery(options),
    ...(headers ? { headers } : {}),
    ...(timeout ? { timeout } : {}),
    ...(options?.signal ? { signal: options.signal } : {}),
  };
}

interface RawEvent<T> {
  type: string;
  object: T | Status;
}

/** Opens the stream lazily, on the first `next()`, and closes it when the loop ends or breaks. */
export function watchStream<T>(context: ResourceContext, request: KubeRequest): AsyncIterable<WatchEvent<T>> {
  return {
    async *[Symbol.asyncIterator]() {
      const response = await context.client.stream(request);
      try {
        for await (const event of jsonLines<RawEvent<T>>(response.body(), `watch ${request.path}`)) {
          if (event.type === "ERROR") {
            const status = event.object as Status;
            throw apiErrorFromResponse(status.code ?? 500, JSON.stringify(status));
          }
          yield event as WatchEvent<T>;
        }
      } finally {
        await response.cancel();
      }
    },
  };
}
