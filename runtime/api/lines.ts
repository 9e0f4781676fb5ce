/**
 * Splits a byte stream into lines as it arrives, across chunk boundaries,
 * without buffering the whole body (watch events, followed logs).
 */
import { KubexProtocolError } from "../errors.js";

export async function* splitLines(chunks: AsyncIterable<Uint8Array>, what: string, allowPartialLast = true): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = pending.indexOf("\n", start);
    while (newline !== -1) {
      const line = pending.charCodeAt(newline - 1) === 13 ? pending.slice(start, newline - 1) : pending.slice(start, newline);
      yield line;
      start = newline + 1;
      newline = pending.indexOf("\n", start);
    }
    pending = start === 0 ? pending : pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== "") {
    if (!allowPartialLast) throw new KubexProtocolError(`${what}: the stream ended inside a line (${pending.length} bytes unterminated)`);
    yield pending;
  }
}

/** Lines parsed as JSON; a line that is not JSON (a truncated event) is a `KubexProtocolError`. */
export async function* jsonLines<T>(chunks: AsyncIterable<Uint8Array>, what: string): AsyncGenerator<T> {
  for await (const line of splitLines(chunks, what)) {
    if (line.trim() === "") continue;
    try {
      yield JSON.parse(line) as T;
    } catch (error) {
      const snippet = line.length > 100 ? `${line.slice(0, 100)}…` : line;
      throw new KubexProtocolError(`${what}: malformed or truncated event ${JSON.stringify(snippet)}`, { cause: error });
    }
  }
}
