/**
 * A bearer token read from a file that may be rotated (kubeconfig `tokenFile`,
 * the in-cluster service-account token). Re-read when the file changes, checked
 * at most once per `recheckMs`.
 */
import { readFile, stat } from "node:fs/promises";
import { KubexAuthenticationError } from "../errors.js";
import { hasControlCharacter } from "./header-value.js";
import { describeSafely, sanitizedCause, withRedaction } from "./secrets.js";
import type { CredentialProvider, Credentials } from "./types.js";

const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

/**
 * A bearer token read from a file that may rotate (a projected service-account token); re-read when it changes.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * const provider = new TokenFileProvider("/var/run/secrets/tokens/api-token");
 * const client = await createClient({
 *   configuration: { server: "https://kubernetes.default.svc", namespace: "default", tls: { ca: readFileSync("/etc/ca.crt", "utf8") }, credentialProvider: provider },
 * });
 * ```
 */
export class TokenFileProvider implements CredentialProvider {
  // A private field, not a property: nothing that prints or copies the provider reaches the token.
  #token: string | undefined;
  #mtimeMs = -1;
  #checkedAt = 0;
  readonly #recheckMs: number;

  constructor(
    readonly path: string,
    recheckMs = 5_000,
  ) {
    this.#recheckMs = recheckMs;
    describeSafely(this, () => ({ path }));
  }

  async getCredentials(options: { forceRefresh: boolean }): Promise<Credentials> {
    const now = Date.now();
    if (this.#token !== undefined && !options.forceRefresh && now - this.#checkedAt < this.#recheckMs) return withRedaction({ token: this.#token });
    this.#checkedAt = now;
    try {
      const info = await stat(this.path);
      // A device or a pipe could be read without end; no token comes near the size cap.
      if (!info.isFile()) throw new KubexAuthenticationError(`token file ${this.path} is not a regular file`);
      if (info.size > MAX_TOKEN_FILE_BYTES) throw new KubexAuthenticationError(`token file ${this.path} is too large for a token (${info.size} bytes, at most ${MAX_TOKEN_FILE_BYTES})`);
      if (this.#token === undefined || options.forceRefresh || info.mtimeMs !== this.#mtimeMs) {
        const token = (await readFile(this.path, "utf8")).trim();
        if (hasControlCharacter(token)) throw new KubexAuthenticationError(`token file ${this.path} holds a control character, which no HTTP header may carry`);
        this.#token = token;
        this.#mtimeMs = info.mtimeMs;
      }
    } catch (error) {
      if (error instanceof KubexAuthenticationError) throw error;
      throw new KubexAuthenticationError(`cannot read token file ${this.path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: sanitizedCause(error) });
    }
    return withRedaction({ token: this.#token });
  }
}
