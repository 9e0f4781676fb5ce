/**
 * What a client needs to know to reach one API server as one identity.
 * Loaders (kubeconfig, in-cluster, explicit) produce it; backends consume it.
 */

/**
 * Credentials presented on a request. Any field may be absent.
 *
 * @example
 * ```ts
 * const credentials: Credentials = { token: process.env.TOKEN, expiresAt: new Date(Date.now() + 3_600_000) };
 * ```
 */
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
 *
 * @example
 * ```ts
 * // A token from a secret store of your own, fetched again after a 401.
 * declare function fetchToken(): Promise<{ token: string; expiresAt: Date }>;
 * const provider: CredentialProvider = {
 *   async getCredentials({ forceRefresh }) {
 *     return fetchToken();
 *   },
 * };
 * const client = await createClient({ configuration: { server: "https://cluster.example.com", namespace: "default", tls: {}, credentialProvider: provider } });
 * ```
 */
export interface CredentialProvider {
  getCredentials(options: { readonly forceRefresh: boolean; readonly signal?: AbortSignal }): Promise<Credentials>;
}

/**
 * Whom requests act as (kubectl's `--as`, `--as-group`, `--as-uid`); the caller needs the `impersonate` permission.
 *
 * @example
 * ```ts
 * const impersonate: Impersonation = { user: "jane@example.com", groups: ["developers"] };
 * const client = await createClient({ configuration: { ...loadConfiguration(), impersonate } });
 * ```
 */
export interface Impersonation {
  readonly user?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/**
 * How the server is verified and the client presents itself over TLS.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const tls: TlsConfiguration = { ca: readFileSync("ca.crt", "utf8"), cert: readFileSync("client.crt", "utf8"), key: readFileSync("client.key", "utf8") };
 * const client = await createClient({ configuration: { server: "https://10.0.0.1:6443", namespace: "default", tls } });
 * ```
 */
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

/**
 * Where the API server is and who calls it: what the loaders produce and a client consumes.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const configuration: ClientConfiguration = {
 *   server: "https://10.0.0.1:6443",
 *   namespace: "default",
 *   tls: { ca: readFileSync("ca.crt", "utf8") },
 *   token: process.env.KUBE_TOKEN,
 * };
 * const client = await createClient({ configuration });
 * ```
 */
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
