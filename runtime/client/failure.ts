/**
 * What a failed call says: whatever a backend, a provider or a signal threw,
 * turned into a typed error naming the request and the limit that fired, with
 * server text capped and never a credential.
 */
import { capMessage, KubexAuthenticationError, KubexClientError, KubexClosedError, KubexError, KubexTimeoutError } from "../errors.js";
import { redactUrl } from "../configuration/secrets.js";
import type { Timeout } from "./timeout.js";

/** What `clientError` needs to say the truth about a failed call. */
export interface FailureContext {
  readonly description: string;
  readonly timeout: Timeout;
  /** The client's connect timeout in seconds: `undefined` is undici's default, `null` none. */
  readonly connect: number | null | undefined;
  /** The proxy this request went through, if any. */
  readonly proxy?: string | undefined;
  readonly totalSignal?: AbortSignal | undefined;
  readonly callerSignal?: AbortSignal | undefined;
  /** The client's `close()` for this call: a signal, or anything that says whether it was aborted. */
  readonly closing?: { readonly aborted: boolean } | undefined;
}

/** undici's defaults, used when kubex sets no value of its own. */
const undiciDefaultConnectSeconds = 10;
const undiciDefaultReadSeconds = 300;

/** Maps whatever a transport threw to a `KubexClientError` naming the request, never credentials. */
export function clientError(error: unknown, context: FailureContext): KubexError {
  const { description, timeout } = context;
  if (context.closing?.aborted) return new KubexClosedError(`${description}: the client was closed while the request was in flight`);
  if (error instanceof KubexError) return error;
  if (context.totalSignal?.aborted) {
    return new KubexTimeoutError(`${description}: no complete response within the total timeout of ${timeout.total}s`, { cause: error });
  }
  if (context.callerSignal?.aborted) return new KubexClientError(`${description}: aborted by the caller's signal`, { cause: error, code: "KUBEX_ABORTED" });
  const refusal = context.proxy ? proxyRefusal(error) : undefined;
  if (refusal !== undefined) {
    const proxy = `the proxy ${redactUrl(context.proxy!)}`;
    if (refusal === 407) {
      return new KubexAuthenticationError(`${description}: ${proxy} refused authentication (HTTP 407); check the user and password of the proxy URL`, { cause: error });
    }
    return new KubexClientError(`${description}: ${proxy} refused the tunnel with HTTP ${refusal}`, { cause: error, code: "KUBEX_PROXY_REFUSED" });
  }
  // A transport may throw anything, null and undefined included.
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? e.name ?? "";
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    const limit = context.connect != null ? `${context.connect}s` : `${undiciDefaultConnectSeconds}s (undici's default)`;
    return new KubexTimeoutError(`${description}: could not connect within the connect timeout of ${limit}`, { cause: error });
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "KUBEX_READ_TIMEOUT") {
    const limit = timeout.read != null ? `${timeout.read}s` : `${undiciDefaultReadSeconds}s (undici's default)`;
    return new KubexTimeoutError(`${description}: no data from the server for ${limit} (read timeout)`, { cause: error });
  }
  if (e.name === "AbortError" || code === "UND_ERR_ABORTED") return new KubexClientError(`${description}: aborted`, { cause: error, code: "KUBEX_ABORTED" });
  const reason = [code, typeof e.message === "string" ? capMessage(e.message, 512) : ""].filter(Boolean).join(": ");
  return new KubexClientError(`${description}: ${reason || "request failed"}`, { cause: error });
}

/** The HTTP status a proxy answered a CONNECT with, found in undici's error or its causes. */
function proxyRefusal(error: unknown): number | undefined {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const match = /^Proxy response \((\d{3})\) !== 200/.exec(String((e as { message?: unknown }).message));
    if (match) return Number(match[1]);
  }
  return undefined;
}
