/**
 * Watch streams: typed events from JSON lines; ERROR events become typed errors.
 * One generator from bytes to events: the lines a chunk completes are parsed
 * right away, with no generator stacked between the body and the caller.
 */
import { apiErrorFromResponse } from "../errors.js";
import { watchEvent } from "./decode.js";
import type { KubeRequest } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { parseJsonLine, streamLines } from "./lines.js";
import type { WatchEvent } from "./meta.js";

/** A watch line as an event; an ERROR event is thrown as the typed error of its status code. */
function decodeEvent<T>(line: string, what: string): WatchEvent<T> {
  const event = watchEvent<T>(parseJsonLine(line, what), what);
  if (event.type === "ERROR") {
    const code = event.status.code;
    throw apiErrorFromResponse(typeof code === "number" && code >= 400 && code <= 599 ? code : 500, JSON.stringify(event.status));
  }
  return event;
}

/** Builds the request and opens the stream lazily, on the first `next()`, and closes it when the loop ends or breaks. */
export function watchStream<T>(context: ResourceContext, build: () => KubeRequest, maxLineBytes?: number): AsyncIterable<WatchEvent<T>> {
  return {
    async *[Symbol.asyncIterator]() {
      // Built here, so a bad argument rejects the first next() as every other call rejects its promise.
      const request = build();
      const what = `watch ${request.path}`;
      for await (const line of streamLines(context.client, request, what, maxLineBytes)) {
        if (line.trim() !== "") yield decodeEvent<T>(line, what);
      }
    },
  };
}
