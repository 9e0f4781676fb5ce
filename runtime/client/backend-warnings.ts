/**
 * Options a backend cannot honour are ignored with one warning each, at
 * construction, so a client built with them still works on every runtime.
 */
import type { ClientOptions } from "./options.js";
import { emitKubexWarning } from "./warnings.js";

export interface IgnoredOption {
  readonly field: string;
  readonly reason: string;
}

/** Options the fetch backend ignores when they are set: WHATWG fetch has no knob for them. */
export function fetchIgnoredOptions(options: ClientOptions): IgnoredOption[] {
  const ignored: IgnoredOption[] = [];
  if (options.keepAlive === false) ignored.push({ field: "keepAlive", reason: "fetch cannot close connections after use; the runtime manages keep-alive" });
  if (options.keepAliveTimeout !== undefined) ignored.push({ field: "keepAliveTimeout", reason: "fetch has no idle-connection lifetime setting" });
  if (options.poolSize !== undefined) ignored.push({ field: "poolSize", reason: "fetch has no connection pool limit" });
  if (options.poolSizePerHost !== undefined) ignored.push({ field: "poolSizePerHost", reason: "fetch has no per-host pool limit" });
  if (options.bufferSize !== undefined) ignored.push({ field: "bufferSize", reason: "fetch has no read buffer size setting" });
  if (options.http2) ignored.push({ field: "http2", reason: "fetch picks the protocol itself; HTTP/2 is an option of the undici backend" });
  const t = options.timeout;
  if (t !== null && typeof t === "object" && t.connect !== undefined) {
    ignored.push({ field: "timeout.connect", reason: "fetch has no connect phase timeout; total and read still apply" });
  }
  return ignored;
}

export function warnIgnored(backend: string, ignored: readonly IgnoredOption[]): void {
  for (const { field, reason } of ignored) {
    const code = `KUBEX_OPTION_IGNORED_${field.replace(/\./g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
    emitKubexWarning(`ClientOptions.${field} is ignored by the ${backend} backend: ${reason}`, code);
  }
}
