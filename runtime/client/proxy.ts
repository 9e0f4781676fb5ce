/**
 * Which proxy a request to the API server goes through. Order: the kubeconfig's
 * `proxy-url` for that cluster (as kubectl), then `ClientOptions.proxy`, then,
 * with `trustEnv`, HTTPS_PROXY / HTTP_PROXY unless NO_PROXY excludes the host.
 */
import type { ClientOptions } from "./options.js";

export function proxyFor(
  server: URL,
  options: Pick<ClientOptions, "proxy" | "trustEnv">,
  configurationProxy: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (configurationProxy) return configurationProxy;
  const scheme = server.protocol === "http:" ? "http" : "https";
  const proxy = options.proxy;
  if (typeof proxy === "string") return proxy;
  if (proxy) return proxy[scheme];
  if (!options.trustEnv) return undefined;
  const fromEnv = scheme === "https" ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!fromEnv) return undefined;
  return excludedByNoProxy(server, env.NO_PROXY ?? env.no_proxy ?? "") ? undefined : fromEnv;
}

/** NO_PROXY: comma-separated hosts, domain suffixes (`.corp`, `corp`), `host:port`, IPs, CIDRs, or `*`. */
export function excludedByNoProxy(server: URL, noProxy: string): boolean {
  const host = server.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = server.port || (server.protocol === "http:" ? "80" : "443");
  return noProxy
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "")
    .some((entry) => {
      if (entry === "*") return true;
      let [name, entryPort] = entry.startsWith("[") ? [entry.slice(1, entry.indexOf("]")), entry.split("]:")[1]] : entry.split(":");
      if (entryPort && entryPort !== port) return false;
      name = name ?? "";
      if (name.includes("/")) return inCidr(host, name);
      const bare = name.replace(/^\*?\./, "");
      return host === bare || host.endsWith(`.${bare}`);
    });
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const toInt = (ip: string) => ip.split(".").reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
  if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(host) || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) return false;
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(host) & mask) === (toInt(base) & mask);
}
