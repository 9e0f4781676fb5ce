/**
 * A client certificate and key read from files that may be rotated (kubeconfig
 * `client-certificate` and `client-key`). Handed out as credentials, so each
 * request presents the current pair; re-read when either file changes (checked
 * at most once per `recheckMs`) and at once after a 401.
 */
import { statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { KubexAuthenticationError } from "../errors.js";
import { describeSafely, sanitizedCause, withRedaction } from "./secrets.js";
import type { CredentialProvider, Credentials } from "./types.js";

function stampOf(cert: { mtimeMs: number; size: number }, key: { mtimeMs: number; size: number }): string {
  return `${cert.mtimeMs}:${cert.size}:${key.mtimeMs}:${key.size}`;
}

export class CertificateFilesProvider implements CredentialProvider {
  // Private fields, not properties: nothing that prints or copies the provider reaches the key.
  #pair: { cert: string; key: string };
  #stamp: string | undefined;
  #checkedAt = Date.now();
  readonly #recheckMs: number;

  constructor(
    readonly certPath: string,
    readonly keyPath: string,
    /** The pair as read when the kubeconfig was loaded. */
    initial: { readonly cert: string; readonly key: string },
    recheckMs = 60_000,
  ) {
    this.#pair = { ...initial };
    this.#recheckMs = recheckMs;
    try {
      this.#stamp = stampOf(statSync(certPath), statSync(keyPath));
    } catch {
      // Read a moment ago by the loader; if gone now, the first check reports it.
    }
    describeSafely(this, () => ({ certPath, keyPath }));
  }

  async getCredentials(options: { readonly forceRefresh: boolean }): Promise<Credentials> {
    const now = Date.now();
    if (options.forceRefresh || now - this.#checkedAt >= this.#recheckMs) {
      this.#checkedAt = now;
      try {
        const [cert, key] = await Promise.all([stat(this.certPath), stat(this.keyPath)]);
        const stamp = stampOf(cert, key);
        if (options.forceRefresh || (this.#stamp !== undefined && stamp !== this.#stamp)) {
          const [certText, keyText] = await Promise.all([readFile(this.certPath, "utf8"), readFile(this.keyPath, "utf8")]);
          this.#pair = { cert: certText, key: keyText };
        }
        this.#stamp = stamp;
      } catch (error) {
        throw new KubexAuthenticationError(`cannot read client certificate ${this.certPath} or key ${this.keyPath}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: sanitizedCause(error) });
      }
    }
    return withRedaction({ clientCertificate: { ...this.#pair } });
  }
}

/** Asks several providers and presents what they give together; an exec plugin's or OIDC's own certificate wins over the files'. */
export class CombinedProvider implements CredentialProvider {
  readonly #providers: readonly CredentialProvider[];

  constructor(providers: readonly CredentialProvider[]) {
    this.#providers = providers;
    describeSafely(this, () => ({ providers }));
  }

  async getCredentials(options: { readonly forceRefresh: boolean; readonly signal?: AbortSignal }): Promise<Credentials> {
    const all = await Promise.all(this.#providers.map((p) => p.getCredentials(options)));
    const expiries = all.map((c) => c.expiresAt).filter((d): d is Date => d !== undefined);
    const merged: { token?: string; clientCertificate?: Credentials["clientCertificate"]; expiresAt?: Date } = {};
    for (const credentials of all) {
      if (credentials.token !== undefined) merged.token = credentials.token;
      if (credentials.clientCertificate !== undefined) merged.clientCertificate = credentials.clientCertificate;
    }
    if (expiries.length > 0) merged.expiresAt = new Date(Math.min(...expiries.map((d) => d.getTime())));
    return withRedaction(merged);
  }
}
