/** Reads a byte stream to its end, as UTF-8 text or as one byte array, optionally within a byte budget. */

/** Counts bytes read, possibly across several streams; `take` throws once the budget is spent. */
export interface ByteBudget {
  take(bytes: number): void;
}

export async function readAll(chunks: AsyncIterable<Uint8Array>, budget?: ByteBudget): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of chunks) {
    budget?.take(chunk.length);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

export async function readAllBytes(chunks: AsyncIterable<Uint8Array>, budget?: ByteBudget): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    budget?.take(chunk.length);
    parts.push(chunk);
    length += chunk.length;
  }
  return concatBytes(parts, length);
}
export function concatBytes(parts: readonly Uint8Array[], length = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Reads at most `maxBytes` of a byte stream as UTF-8 text, for replies that are small by nature
 * (a Status); `truncated` says more was there. The caller cancels what is left unread.
 */
export async function readAtMost(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder();
  let text = "";
  let read = 0;
  for await (const chunk of chunks) {
    const room = maxBytes - read;
    read += chunk.length;
    if (chunk.length > room) return { text: text + decoder.decode(chunk.subarray(0, room)), truncated: true };
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}
