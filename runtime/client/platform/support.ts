/**
 * What a runtime does with each transport setting, as data: honoured, refused
 * with a typed error, or ignored with a warning. HTTP and WebSockets go through
 * the same check, so a runtime never honours a setting on one and drops it on
 * the other without saying so.
 */
import { KubexConfigurationError } from "../../errors.js";
import { emitKubexWarning } from "../warnings.js";
import type { Route } from "./tls.js";

export type Channel = "HTTP" | "WebSocket";
export type Setting = "tls.ca" | "tls.clientCertificate" | "tls.serverName" | "tls.insecureSkipVerify" | "proxy";
export type Support = "honoured" | "refused" | "warned";
export type SupportRow = Readonly<Record<Setting, Support>>;
export type SupportTable = Readonly<Record<Channel, SupportRow>>;

export const settings: readonly Setting[] = ["tls.ca", "tls.clientCertificate", "tls.serverName", "tls.insecureSkipVerify", "proxy"];

export const honouredEverywhere: SupportRow = {
  "tls.ca": "honoured",
  "tls.clientCertificate": "honoured",
  "tls.serverName": "honoured",
  "tls.insecureSkipVerify": "honoured",
  proxy: "honoured",
};

/** Why a setting cannot be honoured, and what happens instead when it is only warned about. */
export type Reasons = Partial<Readonly<Record<Setting, string>>>;

export interface PlatformSupport {
  /** Shown in messages, e.g. "the fetch backend on Deno". */
  readonly name: string;
  readonly table: SupportTable;
  readonly reasons: Reasons;
}

/** The settings a route actually uses. */
export function settingsUsed(route: Route): Setting[] {
  const t = route.tls;
  const used: Setting[] = [];
  if (t.ca !== undefined) used.push("tls.ca");
  if (t.cert !== undefined) used.push("tls.clientCertificate");
  if (t.servername !== undefined) used.push("tls.serverName");
  if (!t.rejectUnauthorized) used.push("tls.insecureSkipVerify");
  if (route.proxyUrl !== undefined) used.push("proxy");
  return used;
}

/** The stable code of the warning for an ignored setting, e.g. `KUBEX_SETTING_IGNORED_TLS_SERVER_NAME`. */
export function ignoredSettingCode(setting: Setting): string {
  return `KUBEX_SETTING_IGNORED_${setting.replace(/\./g, "_").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** Code of the `KubexConfigurationError` for a setting a runtime cannot honour. */
export const unsupportedSettingCode = "KUBEX_UNSUPPORTED_SETTING";

const warned = new Set<string>();

function warnOnce(message: string, code: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  emitKubexWarning(message, code);
}

/**
 * Throws `KubexConfigurationError` for the first used setting the platform refuses
 * on this channel; warns (once per process and message) about each one it ignores.
 */
export function enforceSupport(platform: PlatformSupport, channel: Channel, route: Route, warn: (message: string, code: string) => void = warnOnce): void {
  const used = settingsUsed(route);
  const row = platform.table[channel];
  for (const setting of used) {
    if (row[setting] !== "refused") continue;
    const why = platform.reasons[setting] ?? "the runtime has no way to apply it";
    throw new KubexConfigurationError(`${platform.name} cannot honour ${setting} for ${channel}: ${why}`, { code: unsupportedSettingCode });
  }
  for (const setting of used) {
    if (row[setting] !== "warned") continue;
    const why = platform.reasons[setting] ?? "the runtime has no way to apply it";
    warn(`${platform.name} ignores ${setting} for ${channel}: ${why}`, ignoredSettingCode(setting));
  }
}
