/**
 * The TLS material and proxy of one connection to the API server, assembled in
 * one place from the configuration and the credentials of the moment.
 */
import type { TlsConfiguration } from "../../configuration/types.js";

export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
}

/** Node's `tls.connect` spelling, which undici and `ws` take as is. */
export interface TlsMaterial {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  readonly rejectUnauthorized: boolean;
}

/** Where a connection goes through and what it presents. */
export interface Route {
  readonly tls: TlsMaterial;
  readonly proxyUrl?: string;
}

/** A certificate from the credentials (an exec plugin) wins over the configured one. */
export function tlsMaterial(tls: TlsConfiguration, certificate?: ClientCertificate): TlsMaterial {
  const cert = certificate ?? (tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : undefined);
  return {
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(cert ? { cert: cert.cert, key: cert.key } : {}),
    ...(tls.serverName ? { servername: tls.serverName } : {}),
    rejectUnauthorized: !tls.insecureSkipVerify,
  };
}

/** True when the runtime's defaults (system roots, URL host, verification on, no proxy) do not suffice. */
export function needsCustomTransport(route: Route): boolean {
  const t = route.tls;
  return t.ca !== undefined || t.cert !== undefined || t.servername !== undefined || !t.rejectUnauthorized || route.proxyUrl !== undefined;
}
