/** Watch streams: typed events from JSON lines; ERROR events become typed errors. */
import { apiErrorFromResponse, type Status } from "../errors.js";
import type { KubeRequest } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { jsonLines } from "./lines.js";
import type { WatchEvent } from "./meta.js";

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
