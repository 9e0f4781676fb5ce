/**
 * Watch streams: typed events from JSON lines; ERROR events become typed errors.
 * One iterator from bytes to events (`LineStream`): the lines a chunk completes
 * are parsed as the caller asks for them, with no generator between the body and the caller.
 */
import { apiErrorFromResponse } from "../errors.js";
import { watchEvent } from "./decode.js";
import type { KubeRequest } from "../client/request.js";
import type { ResourceContext } from "../resource/context.js";
import { LineStream, parseJsonLine } from "./lines.js";
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

/** Blank lines between events are skipped; an event line starts with `{`, so it is not trimmed to find out. */
function isBlank(line: string): boolean {
  return line.charCodeAt(0) !== 123 && line.trim() === "";
}

/** An event, or `undefined` for a blank line. */
function eventOrSkip<T>(line: string, what: string): WatchEvent<T> | undefined {
  return isBlank(line) ? undefined : decodeEvent<T>(line, what);
}

/** Builds the request and opens the stream lazily, on the first `next()`, and closes it when the loop ends or breaks. */
export function watchStream<T>(context: ResourceContext, build: () => KubeRequest, maxLineBytes?: number): AsyncIterable<WatchEvent<T>> {
  return {
    [Symbol.asyncIterator]: () => new LineStream(context.client, build, (request) => `watch ${request.path}`, eventOrSkip<T>, maxLineBytes),
  };
}
