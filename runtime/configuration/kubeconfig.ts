/**
 * kubeconfig -> ClientConfiguration. Several files (the `KUBECONFIG` list) merge
 * as kubectl merges them: for each named cluster, user and context, and for
 * `current-context`, the first file that sets it wins. Relative paths resolve
 * against the file that names them.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { KubexConfigurationError } from "../errors.js";
import { CertificateFilesProvider, CombinedProvider } from "./certificate-files.js";
import { ExecCredentialProvider } from "./exec-plugin.js";
import { checkLoaderOptions } from "./loader-options.js";
import { decodeKubeconfig, decodeStdBase64 } from "./kubeconfig-decode.js";
import { parseKubeconfigYaml, YamlSyntaxError } from "./kubeconfig-yaml.js";
import { OidcProvider } from "./oidc.js";
import { sanitizedCause, withRedaction } from "./secrets.js";
import { TokenFileProvider } from "./token-file.js";
import type { ExecConfig, KubeconfigCluster, KubeconfigContext, KubeconfigFile, KubeconfigUser } from "./kubeconfig-schema.js";
import type { ClientConfiguration, CredentialProvider, Impersonation, TlsConfiguration } from "./types.js";

/**
 * Which kubeconfig to read and which context of it to use.
 *
 * @example
 * ```ts
 * const options: KubeconfigOptions = { path: "./ci/kubeconfig.yaml", context: "kind-ci" };
 * const client = await createClient({ configuration: loadKubeconfig(options) });
 * ```
 */
export interface KubeconfigOptions {
  /** One kubeconfig path; otherwise `KUBECONFIG` (a path list) or `~/.kube/config`. */
  readonly path?: string;
  /** Context to use instead of `current-context`. */
  readonly context?: string;
  /** Environment to read `KUBECONFIG` and `HOME` from (defaults to `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface FromFile<T> {
  readonly value: T;
  readonly file: string;
}

interface Merged {
  clusters: Map<string, FromFile<KubeconfigCluster>>;
  users: Map<string, FromFile<KubeconfigUser>>;
  contexts: Map<string, FromFile<KubeconfigContext>>;
  currentContext?: string;
  files: string[];
}

/**
 * The kubeconfig files to read, in priority order.
 *
 * @example
 * ```ts
 * // The files kubectl would read: $KUBECONFIG's list, or ~/.kube/config.
 * const files = kubeconfigPaths();
 * const other = kubeconfigPaths({ env: { KUBECONFIG: "/etc/a.yaml:/etc/b.yaml" } }); // ["/etc/a.yaml", "/etc/b.yaml"] on Linux
 * ```
 */
export function kubeconfigPaths(options: KubeconfigOptions = {}): string[] {
  // An empty path means none given, as `kubectl --kubeconfig ""` does.
  checkLoaderOptions(options, { path: "string", context: "string", env: "env" });
  if (options.path) return [options.path];
  const env = options.env ?? process.env;
  const list = env.KUBECONFIG?.split(delimiter).filter((p) => p !== "");
  if (list && list.length > 0) return list;
  return [join(env.HOME ?? homedir(), ".kube", "config")];
}

/** Far beyond any real kubeconfig or certificate bundle. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a whole file, up to `MAX_FILE_BYTES`: a device such as /dev/zero would otherwise be read
 * without end. Devices that end (/dev/null) read as they do in kubectl. Returns the problem instead of throwing.
 */
function readBounded(path: string): string | { problem: string; cause?: unknown } {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? "error", cause: error };
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total).toString("utf8");
      total += n;
      if (total > MAX_FILE_BYTES) return { problem: `too large: more than ${MAX_FILE_BYTES} bytes` };
      chunks.push(chunk.subarray(0, n));
    }
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? "error", cause: error };
  } finally {
    closeSync(fd);
  }
}

function readKubeconfig(file: string): KubeconfigFile {
  const text = readBounded(file);
  if (typeof text !== "string") {
    throw new KubexConfigurationError(`kubeconfig ${file}: cannot read (${text.problem})`, text.cause === undefined ? {} : { cause: sanitizedCause(text.cause) });
  }
  let doc;
  try {
    doc = parseKubeconfigYaml(text);
  } catch (error) {
    // Never the source line: it may hold a credential. Only the position.
    if (!(error instanceof YamlSyntaxError)) throw error;
    const pos = error.line !== undefined ? ` (line ${error.line}, column ${error.column})` : "";
    throw new KubexConfigurationError(`kubeconfig ${file}: ${error.message}${pos}`);
  }
  return decodeKubeconfig(doc, file);
}

function merge(paths: string[], explicit: boolean): Merged {
  const merged: Merged = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  for (const file of paths) {
    // kubectl skips missing files of a KUBECONFIG list, but not a file named explicitly.
    if (!explicit && !existsSync(file)) continue;
    const doc = readKubeconfig(file);
    merged.files.push(file);
    merged.currentContext ||= doc["current-context"] || undefined;
    for (const c of doc.clusters ?? []) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, { value: c.cluster ?? {}, file });
    for (const u of doc.users ?? []) if (!merged.users.has(u.name)) merged.users.set(u.name, { value: u.user ?? {}, file });
    for (const c of doc.contexts ?? []) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, { value: c.context ?? {}, file });
  }
  return merged;
}

function relativeTo(path: string, file: string): string {
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}

function readRelative(path: string, file: string, what: string): string {
  const full = relativeTo(path, file);
  const text = readBounded(full);
  if (typeof text === "string") return text;
  throw new KubexConfigurationError(`kubeconfig ${file}: cannot read ${what} ${full} (${text.problem})`, text.cause === undefined ? {} : { cause: sanitizedCause(text.cause) });
}

/** `*-data` (already decoded) wins over the file variant, as in kubectl. */
function material(data: string | undefined, path: string | undefined, what: string, file: string): string | undefined {
  if (data) return data;
  if (path) return readRelative(path, file, what);
  return undefined;
}

/**
 * Loads a configuration from kubeconfig files.
 *
 * @example
 * ```ts
 * const staging = await createClient({ configuration: loadKubeconfig({ context: "staging" }) });
 * const ci = await createClient({ configuration: loadKubeconfig({ path: "./kubeconfig.yaml" }) });
 * ```
 */
export function loadKubeconfig(options: KubeconfigOptions = {}): ClientConfiguration {
  checkLoaderOptions(options, { path: "path", context: "string", env: "env" });
  const paths = kubeconfigPaths(options);
  const merged = merge(paths, options.path !== undefined);
  if (merged.files.length === 0) throw new KubexConfigurationError(`no kubeconfig found (looked in ${paths.join(", ")})`);
  const where = merged.files.join(", ");
  const contextName = options.context ?? merged.currentContext;
  if (!contextName) throw new KubexConfigurationError(`kubeconfig ${where}: no current-context and no context chosen`);
  const context = merged.contexts.get(contextName);
  if (!context) throw new KubexConfigurationError(`kubeconfig ${where}: context ${JSON.stringify(contextName)} not found`);
  const clusterEntry = context.value.cluster ? merged.clusters.get(context.value.cluster) : undefined;
  if (!clusterEntry) throw new KubexConfigurationError(`kubeconfig ${context.file}: context ${JSON.stringify(contextName)} names cluster ${JSON.stringify(context.value.cluster ?? "")}, which is not defined`);
  const userEntry = context.value.user ? merged.users.get(context.value.user) : undefined;
  if (context.value.user && !userEntry) throw new KubexConfigurationError(`kubeconfig ${context.file}: context ${JSON.stringify(contextName)} names user ${JSON.stringify(context.value.user)}, which is not defined`);
  const cluster = clusterEntry.value;
  if (!cluster.server) throw new KubexConfigurationError(`kubeconfig ${clusterEntry.file}: cluster ${JSON.stringify(context.value.cluster)} has no server`);
  try {
    new URL(cluster.server);
  } catch {
    throw new KubexConfigurationError(`kubeconfig ${clusterEntry.file}: cluster ${JSON.stringify(context.value.cluster)} server is not a URL`);
  }

  const proxyUrl = cluster["proxy-url"];
  if (proxyUrl) checkProxyUrl(proxyUrl, `kubeconfig ${clusterEntry.file}: cluster ${JSON.stringify(context.value.cluster)}`);

  const user = userEntry?.value ?? {};
  const userFile = userEntry?.file ?? context.file;
  const ca = material(cluster["certificate-authority-data"], cluster["certificate-authority"], "certificate-authority", clusterEntry.file);
  if (ca !== undefined && cluster["insecure-skip-tls-verify"] === true) {
    throw new KubexConfigurationError(`kubeconfig ${clusterEntry.file}: cluster ${JSON.stringify(context.value.cluster)}: \`insecure-skip-tls-verify\` cannot be combined with a certificate authority (kubectl refuses it too)`);
  }
  const cert = material(user["client-certificate-data"], user["client-certificate"], "client-certificate", userFile);
  const key = material(user["client-key-data"], user["client-key"], "client-key", userFile);
  if ((cert === undefined) !== (key === undefined)) throw new KubexConfigurationError(`kubeconfig ${userFile}: user ${JSON.stringify(context.value.user)} needs both a client certificate and a client key`);
  const tls: TlsConfiguration = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert, key } : {}),
    ...(cluster["tls-server-name"] ? { serverName: cluster["tls-server-name"] } : {}),
    ...(cluster["insecure-skip-tls-verify"] === true ? { insecureSkipVerify: true } : {}),
  };
  const dynamic = credentialProvider(user, `kubeconfig ${userFile}: user ${JSON.stringify(context.value.user)}`, userFile, cluster, clusterEntry.file)?.credentialProvider;
  const files = cert !== undefined && !user["client-certificate-data"] && !user["client-key-data"]
    ? new CertificateFilesProvider(relativeTo(user["client-certificate"]!, userFile), relativeTo(user["client-key"]!, userFile), { cert, key: key! })
    : undefined;
  const combined = files && dynamic ? new CombinedProvider([files, dynamic]) : (files ?? dynamic);
  const impersonate: Impersonation | undefined =
    user.as || user["as-uid"] || user["as-groups"] || user["as-user-extra"]
      ? { user: user.as, uid: user["as-uid"], groups: user["as-groups"], extra: user["as-user-extra"] }
      : undefined;
  return withRedaction({
    server: cluster.server,
    namespace: context.value.namespace || "default",
    tls,
    ...(user.token ? { token: user.token } : {}),
    ...(combined ? { credentialProvider: combined } : {}),
    ...(user.username !== undefined ? { username: user.username, password: user.password ?? "" } : {}),
    ...(cluster["proxy-url"] ? { proxyUrl: cluster["proxy-url"] } : {}),
    ...(impersonate ? { impersonate } : {}),
  });
}

/** As kubectl checks it; neither the URL nor the parser's error (whose `input` is the URL) is kept, as it may hold a password. */
function checkProxyUrl(url: string, where: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KubexConfigurationError(`${where}: \`proxy-url\` is not a URL`);
  }
  if (!["http:", "https:", "socks5:"].includes(parsed.protocol)) throw new KubexConfigurationError(`${where}: \`proxy-url\` must use http, https or socks5`);
}

const execApiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];

/** What kubectl refuses in an exec section (unknown apiVersion, no interactiveMode with v1, nameless env entries), kubex refuses too, naming the file and user. */
function validateExec(exec: ExecConfig, entry: string): void {
  const where = `${entry}: exec plugin`;
  if (typeof exec.command !== "string" || exec.command === "") throw new KubexConfigurationError(`${where}: \`command\` is required`);
  if (!exec.apiVersion || !execApiVersions.includes(exec.apiVersion)) {
    throw new KubexConfigurationError(`${where} ${JSON.stringify(exec.command)}: apiVersion must be one of ${execApiVersions.join(", ")}, not ${JSON.stringify(exec.apiVersion ?? "")}`);
  }
  const mode = exec.interactiveMode;
  if (mode === undefined && exec.apiVersion === "client.authentication.k8s.io/v1") {
    throw new KubexConfigurationError(`${where} ${JSON.stringify(exec.command)}: interactiveMode is required with client.authentication.k8s.io/v1 (Never, IfAvailable or Always)`);
  }
  if (mode !== undefined && !["Never", "IfAvailable", "Always"].includes(mode)) {
    throw new KubexConfigurationError(`${where} ${JSON.stringify(exec.command)}: interactiveMode must be Never, IfAvailable or Always, not ${JSON.stringify(mode)}`);
  }
  if (exec.env?.some((e) => e.name === "")) throw new KubexConfigurationError(`${where} ${JSON.stringify(exec.command)}: every \`env\` entry needs a name`);
}

function credentialProvider(user: KubeconfigUser, entry: string, file: string, cluster: KubeconfigCluster, clusterFile: string): { credentialProvider: CredentialProvider } | undefined {
  if (user.exec) {
    validateExec(user.exec, entry);
    // Per-cluster plugin settings live in this cluster extension; client-go hands it over as spec.cluster.config.
    const execExtension = cluster.extensions?.find((e) => e.name === "client.authentication.k8s.io/exec")?.extension;
    // client-go hands the plugin the CA it loaded, whether it came inline or from a file.
    const ca = material(cluster["certificate-authority-data"], cluster["certificate-authority"], "certificate-authority", clusterFile);
    const clusterInfo = {
      server: cluster.server!,
      ...(ca !== undefined ? { "certificate-authority-data": Buffer.from(ca).toString("base64") } : {}),
      ...(cluster["insecure-skip-tls-verify"] === true ? { "insecure-skip-tls-verify": true } : {}),
      ...(cluster["tls-server-name"] ? { "tls-server-name": cluster["tls-server-name"] } : {}),
      ...(cluster["proxy-url"] ? { "proxy-url": cluster["proxy-url"] } : {}),
      ...(cluster["disable-compression"] === true ? { "disable-compression": true } : {}),
      ...(execExtension !== undefined ? { config: execExtension } : {}),
    };
    return { credentialProvider: new ExecCredentialProvider(user.exec, dirname(file), clusterInfo) };
  }
  const provider = user["auth-provider"];
  if (provider) {
    if (provider.name !== "oidc") throw new KubexConfigurationError(`${entry}: auth-provider ${JSON.stringify(provider.name)} is not supported (only oidc; use an exec plugin)`);
    const c = provider.config ?? {};
    const caData = c["idp-certificate-authority-data"];
    const decodedCa = caData ? decodeStdBase64(caData) : undefined;
    if (caData && !decodedCa) throw new KubexConfigurationError(`${entry}: \`auth-provider.config.idp-certificate-authority-data\` is not valid base64`);
    const issuerCa = material(decodedCa?.toString("utf8"), c["idp-certificate-authority"], "idp-certificate-authority", file);
    return {
      credentialProvider: new OidcProvider({
        clientId: c["client-id"] ?? "",
        issuerUrl: c["idp-issuer-url"] ?? "",
        ...(c["client-secret"] ? { clientSecret: c["client-secret"] } : {}),
        ...(c["id-token"] ? { idToken: c["id-token"] } : {}),
        ...(c["refresh-token"] ? { refreshToken: c["refresh-token"] } : {}),
        ...(issuerCa ? { issuerCa } : {}),
      }),
    };
  }
  if (user.tokenFile && !user.token) {
    return { credentialProvider: new TokenFileProvider(relativeTo(user.tokenFile, file)) };
  }
  return undefined;
}
