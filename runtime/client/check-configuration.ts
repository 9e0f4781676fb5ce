/**
 * The checks a `ClientConfiguration` passes before a client is built: a
 * configuration written by hand (not loaded) reaches the client unchecked.
 * Messages name the field and never quote a value that may be secret.
 */
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexArgumentError } from "../errors.js";
import { checkHeaderValue } from "./headers.js";

export function checkConfiguration(c: ClientConfiguration): void {
  if (c.proxyUrl !== undefined) checkProxyUrl(c.proxyUrl);
  if (c.token !== undefined) checkHeaderValue("configuration.token", c.token);
  const imp = c.impersonate;
  if (imp === undefined) return;
  if (imp.user !== undefined) checkHeaderValue("configuration.impersonate.user", imp.user);
  if (imp.uid !== undefined) checkHeaderValue("configuration.impersonate.uid", imp.uid);
  (imp.groups ?? []).forEach((group, i) => checkHeaderValue(`configuration.impersonate.groups[${i}]`, group));
  for (const [key, values] of Object.entries(imp.extra ?? {})) {
    values.forEach((value, i) => checkHeaderValue(`configuration.impersonate.extra.${key}[${i}]`, value));
  }
}

/** A proxy URL that does not parse is refused without echoing it: it may carry a password. */
function checkProxyUrl(url: unknown): void {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === "string" ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:") {
    throw new KubexArgumentError("configuration.proxyUrl", "accepts an http:// or https:// URL (the value is not shown: it may hold a password)");
  }
}
