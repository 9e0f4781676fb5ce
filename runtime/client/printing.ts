/**
 * How the client and what it holds print: `util.inspect`, `console.log` and
 * `JSON.stringify` see a summary without secrets, never the internal state
 * (dispatchers, TLS keys, authorization headers).
 */
import type { ClientConfiguration } from "../configuration/types.js";
import { redactUrl, withRedaction } from "../configuration/secrets.js";
import type { ClientOptions } from "./options.js";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/** Makes `target` print as `describe()` for `util.inspect` and `JSON.stringify`. */
export function printAs(target: object, describe: () => unknown): void {
  Object.defineProperty(target, "toJSON", { value: describe, enumerable: false });
  Object.defineProperty(target, inspectCustom, { value: describe, enumerable: false });
}

/** A copy of `configuration` that prints with its token, password, key and proxy password redacted. */
export function printableConfiguration(configuration: ClientConfiguration): ClientConfiguration {
  return withRedaction({ ...configuration });
}

/** A copy of `options` that prints its proxy URLs without passwords. */
export function printableOptions(options: ClientOptions): ClientOptions {
  const copy = { ...options };
  printAs(copy, () => ({ ...copy, ...(options.proxy != null ? { proxy: redactProxy(options.proxy) } : {}) }));
  return copy;
}

function redactProxy(proxy: NonNullable<ClientOptions["proxy"]>): unknown {
  if (typeof proxy === "string") return redactUrl(proxy);
  if (typeof proxy !== "object") return proxy;
  return Object.fromEntries(Object.entries(proxy).map(([scheme, url]) => [scheme, typeof url === "string" ? redactUrl(url) : url]));
}
