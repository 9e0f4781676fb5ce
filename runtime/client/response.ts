/** The KubeResponse handed to callers, over a backend's raw status, headers and body. */
import { KubexProtocolError } from "../errors.js";
import type { KubeResponse, ResponseHeaders } from "./request.js";
import { readAll } from "../util/read-all.js";

export interface RawResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: AsyncIterable<Uint8Array>;
  /**
   * The whole body as UTF-8 text in one read, when the backend has one (undici's
   * `body.text()`): no iterator per chunk, and one decode instead of one per chunk.
   */
  readonly text?: () => Promise<string>;
  /** The whole body's bytes in one read, when the backend has one: what a retried attempt reads to its end. */
  readonly bytes?: () => Promise<Uint8Array>;
  /** The body is already all in memory: reading it cannot fail, and the call has nothing left in flight. */
  readonly complete?: true;
  cancel(): Promise<void>;
}

export { readAll };

export class BufferedResponse implements KubeResponse {
  private consumed = false;

  constructor(
    private readonly raw: RawResponse,
    private readonly description: string,
  ) {}

  get status(): number {
    return this.raw.status;
  }

  get headers(): ResponseHeaders {
    return this.raw.headers;
  }

  body(): AsyncIterable<Uint8Array> {
    if (this.consumed) throw new KubexProtocolError(`${this.description}: the response body was already read`);
    this.consumed = true;
    return this.raw.body;
  }

  /** Not async: the backend's whole read is handed on as it is, without another promise around it. */
  text(): Promise<string> {
    const whole = this.raw.text;
    if (whole && !this.consumed) {
      this.consumed = true;
      return whole();
    }
    try {
      return readAll(this.body());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const snippet = text.length > 120 ? `${text.slice(0, 120)}…` : text;
      throw new KubexProtocolError(`${this.description}: response is not valid JSON (${text.length} bytes: ${JSON.stringify(snippet)})`, { cause: error });
    }
  }

  cancel(): Promise<void> {
    this.consumed = true;
    return this.raw.cancel();
  }
}

/** Headers from a Record whose values may be arrays (undici) or a WHATWG Headers object. */
export function recordHeaders(record: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const v = record[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
    getAll(name) {
      const v = record[name.toLowerCase()];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    },
  };
}

export function webHeaders(headers: Headers): ResponseHeaders {
  return {
    get: (name) => headers.get(name),
    // WHATWG Headers joins repeated headers with ", "; the Warning grammar splits them again.
    getAll: (name) => {
      const v = headers.get(name);
      return v === null ? [] : [v];
    },
  };
}
