/**
 * What a client needs to know to reach one API server as one identity.
 * Loaders (kubeconfig, in-cluster, explicit) produce it; backends consume it.
 */

/** Credentials presented on a request. Any field may be absent. */
export interface Credentials {
  /** Bearer token. */
  readonly token?: string;
  /** PEM client certificate and key (from an exec plugin, for example). */
  readonly clientCertificate?: { readonly cert: string; readonly key: string };
  /** When these credentials stop being valid; a provider is asked again after it. */
  readonly expiresAt?: Date;
}

/**
 * A source of credentials that may change over time: a token file that rotates,
 * an exec plugin, an OIDC refresh. `forceRefresh` is set after the server answered 401.
 */
export interface CredentialProvider {
  getCredentials(options: { readonly forceRefresh: boolean; readonly signal?: AbortSignal }): Promise<Credentials>;
}

export interface Impersonation {
  readonly user?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export interface TlsConfiguration {
  /** PEM bundle of the CAs that sign the server certificate; the system roots when absent. */
  readonly ca?: string;
  /** PEM client certificate and key for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
  /** Name to verify the server certificate against (SNI), instead of the URL's host. */
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
}

export interface ClientConfiguration {
  /** Base URL of the API server, e.g. `https://127.0.0.1:6443`; may carry a path prefix. */
  readonly server: string;
  /** Namespace used by namespaced calls that name none. */
  readonly namespace: string;
  readonly tls: TlsConfiguration;
  /** Static bearer token. */
  readonly token?: string;
  /** Dynamic credentials; consulted on every request, and again with `forceRefresh` after a 401. */
  readonly credentialProvider?: CredentialProvider;
  /** Basic auth, still found in old kubeconfigs. */
  readonly username?: string;
  readonly password?: string;
  /** Proxy for every request to this server (kubeconfig `proxy-url`). */
  readonly proxyUrl?: string;
  readonly impersonate?: Impersonation;
}
