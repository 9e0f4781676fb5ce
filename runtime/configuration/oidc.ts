/**
 * The `oidc` auth-provider of kubeconfig: the id-token is used while its JWT
 * `exp` lies ahead; then (or after a 401) it is refreshed with the refresh
 * token at the issuer's token endpoint, found through OIDC discovery. New tokens
 * are kept in memory only: the kubeconfig file is never rewritten.
 */
import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { KubexAuthenticationError, KubexConfigurationError } from "../errors.js";
import { abortable } from "./abortable.js";
import { hasControlCharacter } from "./header-value.js";
import { describeSafely, withRedaction } from "./secrets.js";
import type { CredentialProvider, Credentials } from "./types.js";

/**
 * The `oidc` auth-provider of a kubeconfig user: the issuer, the client, and the tokens.
 *
 * @example
 * ```ts
 * const config: OidcConfig = {
 *   issuerUrl: "https://login.example.com",
 *   clientId: "kubernetes",
 *   idToken: process.env.OIDC_ID_TOKEN,
 *   refreshToken: process.env.OIDC_REFRESH_TOKEN,
 * };
 * const provider = new OidcProvider(config);
 * ```
 */
export interface OidcConfig {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  readonly issuerUrl: string;
  /** PEM CA bundle for the issuer. */
  readonly issuerCa?: string;
}

/** Seconds since the epoch at which a JWT expires; undefined when it carries no `exp` or is not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

/** An issuer's answers are small JSON documents; more than this is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** The whole exchange with the issuer, however slowly it answers. */
const TOTAL_TIMEOUT_MS = 30_000;

function postOrGet(url: string, ca: string | undefined, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const request = u.protocol === "https:" ? httpsRequest : httpRequest;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      u,
      {
        method: body === undefined ? "GET" : "POST",
        ...(ca ? { ca } : {}),
        headers: body === undefined ? { accept: "application/json" } : { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        timeout: 30_000,
      },
      (res) => {
        let text = "";
        let bytes = 0;
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (bytes > MAX_ANSWER_BYTES) return req.destroy(new Error(`answer too large (more than ${MAX_ANSWER_BYTES} bytes)`));
          text += c.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
    deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${TOTAL_TIMEOUT_MS / 1000}s`)), TOTAL_TIMEOUT_MS);
  });
  return answer.finally(() => clearTimeout(deadline));
}

function isHttpUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Parses an issuer's answer; the text itself is never quoted, as it may hold tokens. */
function parseJson<T>(text: string, fail: (why: string) => never, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(`${what} answered with something that is not JSON`);
  }
  if (typeof value !== "object" || value === null) return fail(`${what} answered with something that is not a JSON object`);
  return value as T;
}

/**
 * Credentials from an OIDC issuer: the id-token while it is valid, then a refresh at the issuer's token endpoint (in memory only).
 *
 * @example
 * ```ts
 * const provider = new OidcProvider({ issuerUrl: "https://login.example.com", clientId: "kubernetes", refreshToken: process.env.OIDC_REFRESH_TOKEN });
 * const client = await createClient({
 *   configuration: { server: "https://cluster.example.com", namespace: "default", tls: {}, credentialProvider: provider },
 * });
 * ```
 */
export class OidcProvider implements CredentialProvider {
  // Private fields, not properties: nothing that prints or copies the provider reaches the tokens or the client secret.
  readonly #config: OidcConfig;
  #idToken: string | undefined;
  #refreshToken: string | undefined;
  #refreshing: Promise<Credentials> | undefined;

  constructor(config: OidcConfig) {
    this.#config = config;
    if (!config.clientId || !config.issuerUrl) throw new KubexConfigurationError("oidc auth-provider: client-id and idp-issuer-url are required");
    if (!isHttpUrl(config.issuerUrl)) throw new KubexConfigurationError("oidc auth-provider: idp-issuer-url must be an http or https URL");
    if (config.idToken !== undefined && hasControlCharacter(config.idToken)) throw new KubexConfigurationError("oidc auth-provider: id-token holds a control character, which no HTTP header may carry");
    this.#idToken = config.idToken;
    this.#refreshToken = config.refreshToken;
    describeSafely(this, () => ({ issuerUrl: config.issuerUrl, clientId: config.clientId }));
  }

  getCredentials(options: { readonly forceRefresh: boolean; readonly signal?: AbortSignal }): Promise<Credentials> {
    const exp = this.#idToken ? jwtExpiry(this.#idToken) : undefined;
    const fresh = this.#idToken !== undefined && (exp === undefined || exp * 1000 - Date.now() > 10_000);
    if (fresh && !options.forceRefresh) return Promise.resolve(withRedaction({ token: this.#idToken!, ...(exp ? { expiresAt: new Date(exp * 1000) } : {}) }));
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return abortable(this.#refreshing, options.signal, `oidc auth-provider ${this.#config.issuerUrl}`);
  }

  async #refresh(): Promise<Credentials> {
    const issuer = this.#config.issuerUrl.replace(/\/$/, "");
    if (!this.#refreshToken) throw new KubexAuthenticationError(`oidc auth-provider: the id-token expired and there is no refresh-token (issuer ${issuer})`);
    const fail = (why: string): never => {
      throw new KubexAuthenticationError(`oidc auth-provider: refresh at ${issuer} failed: ${why}`);
    };
    let discovery: { status: number; text: string };
    try {
      discovery = await postOrGet(`${issuer}/.well-known/openid-configuration`, this.#config.issuerCa);
    } catch (error) {
      return fail(`discovery: ${(error as Error).message}`);
    }
    if (discovery.status !== 200) fail(`discovery answered HTTP ${discovery.status}`);
    const endpoint = parseJson<{ token_endpoint?: unknown }>(discovery.text, fail, "discovery").token_endpoint;
    if (typeof endpoint !== "string") return fail("discovery has no token_endpoint");
    const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: this.#refreshToken, client_id: this.#config.clientId });
    if (this.#config.clientSecret) form.set("client_secret", this.#config.clientSecret);
    let answer: { status: number; text: string };
    try {
      answer = await postOrGet(endpoint, this.#config.issuerCa, form.toString());
    } catch (error) {
      return fail(`token endpoint: ${(error as Error).message}`);
    }
    if (answer.status !== 200) fail(`token endpoint answered HTTP ${answer.status}`);
    const tokens = parseJson<{ id_token?: unknown; refresh_token?: unknown }>(answer.text, fail, "token endpoint");
    if (typeof tokens.id_token !== "string" || tokens.id_token === "") return fail("the token endpoint returned no id_token");
    if (hasControlCharacter(tokens.id_token)) return fail("the id_token holds a control character, which no HTTP header may carry");
    this.#idToken = tokens.id_token;
    // Some issuers rotate the refresh token, others keep it.
    if (typeof tokens.refresh_token === "string" && tokens.refresh_token !== "") this.#refreshToken = tokens.refresh_token;
    const exp = jwtExpiry(this.#idToken);
    return withRedaction({ token: this.#idToken, ...(exp ? { expiresAt: new Date(exp * 1000) } : {}) });
  }
}
