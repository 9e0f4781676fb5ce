/**
 * Watch streams: typed events from JSON lines; ERROR events become typed errors.
 * One generator from bytes to events: the lines a chunk completes are parsed
 * right away, with no generator stacked between the body and the caller.
 */
import { apiErrorFromResponse, type Status } from "../errors.js";
import type { KubeRequest } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { LineSplitter, parseJsonLine } from "./lines.js";
import type { WatchEvent } from "./meta.js";

interface RawEvent<T> {
  type: string;
  object: T | Status;
}

function decodeEvent<T>(line: string, what: string): WatchEvent<T> {
  const event = parseJsonLine(line, what) as RawEvent<T>;
  if (event.type === "ERROR") {
    const status = event.object as Status;
    throw apiErrorFromResponse(status.code ?? 500, JSON.stringify(status));
  }
  return event as WatchEvent<T>;
}

/** Opens the stream lazily, on the first `next()`, and closes it when the loop ends or breaks. */
export function watchStream<T>(context: ResourceContext, request: KubeRequest, maxLineBytes?: number): AsyncIterable<WatchEvent<T>> {
  const what = `watch ${request.path}`;
  return {
    async *[Symbol.asyncIterator]() {
      const splitter = new LineSplitter(what, maxLineBytes);
      const response = await context.client.stream(request);
      try {
        for await (const chunk of response.body()) {
          for (const line of splitter.push(chunk)) if (line.trim() !== "") yield decodeEvent<T>(line, what);
        }
        const last = splitter.end();
        if (last !== undefined && last.trim() !== "") yield decodeEvent<T>(last, what);
      } finally {
        await response.cancel();
      }
    },
  };
}
