/**
 * The checks a `ClientConfiguration` passes before a client is built: a
 * configuration written by hand (not loaded) reaches the client unchecked.
 * Errors are `KubexArgumentError`s (a `KubexConfigurationError`) naming the
 * field, and never quote a value that may be secret.
 */
import type { ClientConfiguration } from "../configuration/types.js";
import { KubexArgumentError } from "../errors.js";
import { checkHeaderValue } from "./headers.js";

export function checkConfiguration(c: ClientConfiguration): void {
  if (!isRecord(c)) throw new KubexArgumentError("configuration", "must be an object (a ClientConfiguration)");
  checkServer(c.server);
  if (typeof c.namespace !== "string") throw new KubexArgumentError("configuration.namespace", "accepts a string");
  checkTls(c.tls);
  optionalString("configuration.token", c.token);
  optionalString("configuration.username", c.username);
  optionalString("configuration.password", c.password);
  if (c.token !== undefined) checkHeaderValue("configuration.token", c.token);
  if (c.credentialProvider !== undefined && typeof (c.credentialProvider as { getCredentials?: unknown } | null)?.getCredentials !== "function") {
    throw new KubexArgumentError("configuration.credentialProvider", "accepts an object with a getCredentials(options) method");
  }
  if (c.proxyUrl !== undefined) checkProxyUrl(c.proxyUrl);
  checkImpersonation(c.impersonate);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "string") throw new KubexArgumentError(field, "accepts a string");
}

function checkServer(server: unknown): void {
  if (!isHttpUrl(server)) {
    throw new KubexArgumentError("configuration.server", "accepts an https:// or http:// URL (the value is not shown: it may hold credentials)");
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

function checkTls(tls: unknown): void {
  if (!isRecord(tls)) throw new KubexArgumentError("configuration.tls", "accepts an object ({} for the system's CAs and no client certificate)");
  for (const field of ["ca", "cert", "key", "serverName"]) optionalString(`configuration.tls.${field}`, tls[field]);
  if (tls.insecureSkipVerify !== undefined && typeof tls.insecureSkipVerify !== "boolean") {
    throw new KubexArgumentError("configuration.tls.insecureSkipVerify", "accepts a boolean");
  }
  if (tls.cert !== undefined && tls.key === undefined) throw new KubexArgumentError("configuration.tls.key", "is required with configuration.tls.cert");
  if (tls.key !== undefined && tls.cert === undefined) throw new KubexArgumentError("configuration.tls.cert", "is required with configuration.tls.key");
}

/** A proxy URL that does not parse is refused without echoing it: it may carry a password. */
function checkProxyUrl(url: unknown): void {
  if (!isHttpUrl(url)) {
    throw new KubexArgumentError("configuration.proxyUrl", "accepts an http:// or https:// URL (the value is not shown: it may hold a password)");
  }
}

function checkImpersonation(imp: unknown): void {
  if (imp === undefined) return;
  if (!isRecord(imp)) throw new KubexArgumentError("configuration.impersonate", "accepts an object {user?, uid?, groups?, extra?}");
  if (imp.user !== undefined) checkHeaderValue("configuration.impersonate.user", imp.user);
  if (imp.uid !== undefined) checkHeaderValue("configuration.impersonate.uid", imp.uid);
  if (imp.groups !== undefined) {
    if (!Array.isArray(imp.groups)) throw new KubexArgumentError("configuration.impersonate.groups", "accepts an array of strings");
    imp.groups.forEach((group, i) => checkHeaderValue(`configuration.impersonate.groups[${i}]`, group));
  }
  if (imp.extra === undefined) return;
  if (!isRecord(imp.extra)) throw new KubexArgumentError("configuration.impersonate.extra", "accepts an object of string arrays");
  for (const [key, values] of Object.entries(imp.extra)) {
    if (!Array.isArray(values)) throw new KubexArgumentError(`configuration.impersonate.extra.${key}`, "accepts an array of strings");
    values.forEach((value, i) => checkHeaderValue(`configuration.impersonate.extra.${key}[${i}]`, value));
  }
}
