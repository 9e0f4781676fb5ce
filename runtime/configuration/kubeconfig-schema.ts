/**
 * The kubeconfig file format (clientcmd v1), as far as kubex reads it, after
 * decoding: `*-data` fields hold the decoded text.
 */
export interface KubeconfigFile {
  apiVersion?: string;
  kind?: string;
  "current-context"?: string;
  clusters?: Named<KubeconfigCluster>[];
  users?: Named<KubeconfigUser>[];
  contexts?: Named<KubeconfigContext>[];
}

export interface Named<T> {
  name: string;
  cluster?: T;
  user?: T;
  context?: T;
}

export interface KubeconfigCluster {
  server?: string;
  "certificate-authority"?: string;
  "certificate-authority-data"?: string;
  "insecure-skip-tls-verify"?: boolean;
  "tls-server-name"?: string;
  "proxy-url"?: string;
  "disable-compression"?: boolean;
  extensions?: NamedExtension[];
}

export interface NamedExtension {
  name: string;
  /** Any JSON value; the one named `client.authentication.k8s.io/exec` is the exec plugin's cluster config. */
  extension?: unknown;
}

/**
 * The `exec` section of a kubeconfig user: the credential plugin to run.
 *
 * @example
 * ```ts
 * const exec: ExecConfig = {
 *   apiVersion: "client.authentication.k8s.io/v1",
 *   command: "kubelogin",
 *   args: ["get-token", "--server-id", "6dae42f8"],
 *   env: [{ name: "AAD_LOGIN_METHOD", value: "azurecli" }],
 *   interactiveMode: "IfAvailable",
 * };
 * const provider = new ExecCredentialProvider(exec, process.cwd(), undefined);
 * ```
 */
export interface ExecConfig {
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: "Never" | "IfAvailable" | "Always";
}

export interface AuthProviderConfig {
  name: string;
  config?: Record<string, string>;
}

export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  "client-certificate"?: string;
  "client-certificate-data"?: string;
  "client-key"?: string;
  "client-key-data"?: string;
  as?: string;
  "as-uid"?: string;
  "as-groups"?: string[];
  "as-user-extra"?: Record<string, string[]>;
  exec?: ExecConfig;
  "auth-provider"?: AuthProviderConfig;
}

export interface KubeconfigContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}
