/**
 * Exec credential plugins (client.authentication.k8s.io v1 and v1beta1): run a
 * command, read an ExecCredential from its stdout, cache it until it expires or
 * the server answers 401. Concurrent callers share one run. A bad plugin section
 * is a KubexConfigurationError when the provider is built; a plugin that fails
 * when a request needs it is a KubexAuthenticationError.
 */
import { spawn } from "node:child_process";
import { capMessage, KubexAuthenticationError, KubexConfigurationError } from "../errors.js";
import { abortable } from "./abortable.js";
import { hasControlCharacter } from "./header-value.js";
import { blankOut, describeSafely, sanitizedCause, withRedaction } from "./secrets.js";
import type { ExecConfig } from "./kubeconfig-schema.js";
import type { CredentialProvider, Credentials } from "./types.js";

/** An ExecCredential is a few kilobytes; a plugin printing more than this is misbehaving. */
const MAX_PLUGIN_OUTPUT = 1024 * 1024;

interface ExecCredential {
  apiVersion?: string;
  kind?: string;
  status?: {
    token?: string;
    clientCertificateData?: string;
    clientKeyData?: string;
    expirationTimestamp?: string;
  };
}

/**
 * What an exec plugin is told about the cluster (`KUBERNETES_EXEC_INFO`) when its config sets `provideClusterInfo`.
 *
 * @example
 * ```ts
 * const cluster: ExecClusterInfo = { server: "https://cluster.example.com", "tls-server-name": "kubernetes" };
 * const provider = new ExecCredentialProvider({ command: "my-login", provideClusterInfo: true, interactiveMode: "Never" }, process.cwd(), cluster);
 * ```
 */
export interface ExecClusterInfo {
  readonly server: string;
  readonly "certificate-authority-data"?: string;
  readonly "insecure-skip-tls-verify"?: boolean;
  readonly "tls-server-name"?: string;
  readonly "proxy-url"?: string;
  readonly "disable-compression"?: boolean;
  /** The cluster's `client.authentication.k8s.io/exec` extension. */
  readonly config?: unknown;
}

/**
 * Credentials from a kubeconfig `exec` plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`), cached until they expire.
 *
 * @example
 * ```ts
 * const provider = new ExecCredentialProvider(
 *   { apiVersion: "client.authentication.k8s.io/v1", command: "aws", args: ["eks", "get-token", "--cluster-name", "prod"], interactiveMode: "Never" },
 *   process.cwd(),
 *   undefined,
 * );
 * const client = await createClient({
 *   configuration: { server: "https://prod.eks.example.com", namespace: "default", tls: {}, credentialProvider: provider },
 * });
 * ```
 */
export class ExecCredentialProvider implements CredentialProvider {
  // Private fields, not properties: nothing that prints or copies the provider reaches the args, env or credential.
  readonly #config: ExecConfig;
  readonly #baseDir: string;
  readonly #cluster: ExecClusterInfo | undefined;
  readonly #timeoutMs: number;
  #cached: Credentials | undefined;
  #running: Promise<Credentials> | undefined;

  constructor(
    config: ExecConfig,
    /** Directory relative commands are resolved against (the kubeconfig's). */
    baseDir: string,
    cluster: ExecClusterInfo | undefined,
    timeoutMs = 60_000,
  ) {
    this.#config = config;
    this.#baseDir = baseDir;
    this.#cluster = cluster;
    this.#timeoutMs = timeoutMs;
    if (!config.command) throw new KubexConfigurationError("exec plugin: `command` is required");
    const mode = config.interactiveMode;
    if (mode !== undefined && !["Never", "IfAvailable", "Always"].includes(mode)) {
      throw new KubexConfigurationError(`exec plugin ${config.command}: interactiveMode must be Never, IfAvailable or Always, not ${JSON.stringify(mode)}`);
    }
    // Args and env may carry secrets of their own: print only the command.
    describeSafely(this, () => ({ command: config.command, apiVersion: this.#apiVersion }));
  }

  getCredentials(options: { readonly forceRefresh: boolean; readonly signal?: AbortSignal }): Promise<Credentials> {
    const valid = this.#cached && (!this.#cached.expiresAt || this.#cached.expiresAt.getTime() - Date.now() > 10_000);
    if (valid && !options.forceRefresh) return Promise.resolve(this.#cached!);
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
    return abortable(this.#running, options.signal, `exec plugin ${JSON.stringify(this.#config.command)}`);
  }

  get #apiVersion(): string {
    return this.#config.apiVersion ?? "client.authentication.k8s.io/v1";
  }

  #describe(): string {
    const hint = this.#config.installHint ? `\n${this.#config.installHint}` : "";
    return `exec plugin ${JSON.stringify(this.#config.command)}${hint}`;
  }

  /** Plugin output with the plugin's own arguments and environment values blanked out. */
  #scrub(text: string): string {
    return blankOut(text, [...(this.#config.args ?? []), ...(this.#config.env ?? []).map((e) => e.value)]);
  }

  async #run(): Promise<Credentials> {
    // Unset means IfAvailable, client-go's default.
    const mode = this.#config.interactiveMode ?? "IfAvailable";
    const interactive = mode === "Always" || (mode === "IfAvailable" && process.stdin.isTTY === true);
    if (mode === "Always" && process.stdin.isTTY !== true) {
      throw new KubexAuthenticationError(`${this.#describe()}: interactiveMode is Always but standard input is not a terminal`);
    }
    const info = {
      apiVersion: this.#apiVersion,
      kind: "ExecCredential",
      spec: { interactive, ...(this.#config.provideClusterInfo && this.#cluster ? { cluster: this.#cluster } : {}) },
    };
    const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
    for (const { name, value } of this.#config.env ?? []) env[name] = value;
    const command = this.#config.command.includes("/") && !this.#config.command.startsWith("/")
      ? `${this.#baseDir}/${this.#config.command}`
      : this.#config.command;
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(command, this.#config.args ?? [], {
        env,
        stdio: [interactive ? "inherit" : "ignore", "pipe", interactive ? "inherit" : "pipe"],
        // Its own process group, so a timeout also ends what a shell script started;
        // not when interactive, since that would take the terminal away from it.
        detached: !interactive,
      });
      let out = "";
      let err = "";
      const stop = () => {
        try {
          if (!interactive && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          else child.kill("SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
        child.stdout?.destroy();
        child.stderr?.destroy();
      };
      const timer = setTimeout(() => {
        stop();
        reject(new KubexAuthenticationError(`${this.#describe()}: no credential within ${this.#timeoutMs / 1000}s`));
      }, this.#timeoutMs);
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.length <= MAX_PLUGIN_OUTPUT) return;
        clearTimeout(timer);
        stop();
        reject(new KubexAuthenticationError(`${this.#describe()}: output exceeds ${MAX_PLUGIN_OUTPUT} characters, which no ExecCredential needs`));
      });
      // Error output is only quoted in part; what is kept is bounded.
      child.stderr?.on("data", (c: Buffer) => (err = (err + c.toString()).slice(0, MAX_PLUGIN_OUTPUT)));
      child.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // The spawn error lists the plugin's arguments and environment: keep only its code.
        reject(new KubexAuthenticationError(`${this.#describe()}: cannot run (${error.code ?? "error"})`, { cause: sanitizedCause(error) }));
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new KubexAuthenticationError(`${this.#describe()}: exited with code ${code}${err.trim() ? `: ${capMessage(this.#scrub(err.trim()), 500)}` : ""}`));
      });
    });
    let credential: ExecCredential;
    try {
      credential = JSON.parse(stdout) as ExecCredential;
    } catch {
      throw new KubexAuthenticationError(`${this.#describe()}: output is not an ExecCredential JSON document`);
    }
    if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
      throw new KubexAuthenticationError(`${this.#describe()}: output is not an ExecCredential JSON object`);
    }
    if (credential.kind !== "ExecCredential" || credential.apiVersion !== this.#apiVersion) {
      const shown = (v: unknown, none: string) => (v === undefined ? none : capMessage(this.#scrub(typeof v === "string" ? v : JSON.stringify(v)), 64));
      throw new KubexAuthenticationError(`${this.#describe()}: expected an ExecCredential of ${this.#apiVersion}, got ${shown(credential.kind, "no kind")} of ${shown(credential.apiVersion, "no apiVersion")}`);
    }
    const status = credential.status ?? {};
    for (const field of ["token", "clientCertificateData", "clientKeyData", "expirationTimestamp"] as const) {
      if (status[field] !== undefined && typeof status[field] !== "string") throw new KubexAuthenticationError(`${this.#describe()}: status.${field} is not a string`);
    }
    const hasCert = status.clientCertificateData !== undefined || status.clientKeyData !== undefined;
    if (hasCert && !(status.clientCertificateData && status.clientKeyData)) {
      throw new KubexAuthenticationError(`${this.#describe()}: status needs both clientCertificateData and clientKeyData`);
    }
    if (status.token && hasControlCharacter(status.token)) throw new KubexAuthenticationError(`${this.#describe()}: status.token holds a control character, which no HTTP header may carry`);
    if (!status.token && !hasCert) throw new KubexAuthenticationError(`${this.#describe()}: status holds neither a token nor a client certificate`);
    const expiresAt = status.expirationTimestamp ? new Date(status.expirationTimestamp) : undefined;
    if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new KubexAuthenticationError(`${this.#describe()}: expirationTimestamp is not a date`);
    this.#cached = withRedaction({
      ...(status.token ? { token: status.token } : {}),
      ...(hasCert ? { clientCertificate: { cert: status.clientCertificateData!, key: status.clientKeyData! } } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    });
    return this.#cached;
  }
}
