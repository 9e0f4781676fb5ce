// The oidc auth-provider's documented rules, one at a time: what the section must hold, when the id-token is
// used as is (JWT `exp` more than 10 s ahead, at its edge), the exchange with the issuer (discovery GET, form
// POST, which fields), each way the issuer can fail (exact messages, nothing it returned quoted), and the
// refresh token an issuer rotates or keeps.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { KubexAuthenticationError, KubexConfigurationError, KubexTimeoutError, OidcProvider } from "../../../runtime/index.js";
import { jwtExpiry } from "../../../runtime/configuration/oidc.js";

const jwt = (claims: unknown) => `header.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.signature`;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

interface Seen { method: string; url: string; headers: IncomingMessage["headers"]; body: string }
type Answer = { status?: number; body: string };
/** What the issuer answers, per path; each test sets its own. */
let answers: Record<string, (seen: Seen) => Answer> = {};
const seen: Seen[] = [];
const issuer = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    const request = { method: req.method!, url: req.url!, headers: req.headers, body };
    seen.push(request);
    const answer = answers[req.url!]?.(request) ?? { status: 404, body: "{}" };
    res.writeHead(answer.status ?? 200, { "content-type": "application/json" }).end(answer.body);
  });
});
await new Promise<void>((resolve) => issuer.listen(0, "127.0.0.1", resolve));
after(() => {
  issuer.closeAllConnections();
  issuer.close();
});
const base = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;

/** An issuer at `base/<name>` whose discovery points at its token endpoint, which answers `token`. */
function issuerAt(name: string, token: (seen: Seen) => Answer): string {
  answers[`/${name}/.well-known/openid-configuration`] = () => ({ body: JSON.stringify({ token_endpoint: `${base}/${name}/token` }) });
  answers[`/${name}/token`] = token;
  return `${base}/${name}`;
}
const tokens = (idToken: unknown, refreshToken?: unknown) => () => ({ body: JSON.stringify({ id_token: idToken, ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }) }) });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KubexAuthenticationError, `not a KubexAuthenticationError: ${String(error)}`);
    return error.message;
  }
  return assert.fail("expected a rejection");
}
const refresh = (p: OidcProvider) => p.getCredentials({ forceRefresh: true });

test("jwtExpiry reads a numeric exp from the payload; anything else has none", () => {
  assert.equal(jwtExpiry(jwt({ exp: 1234 })), 1234);
  assert.equal(jwtExpiry(jwt({ exp: "1234" })), undefined);
  assert.equal(jwtExpiry(jwt({})), undefined);
  assert.equal(jwtExpiry("opaque-token"), undefined);
  assert.equal(jwtExpiry("header..signature"), undefined);
  assert.equal(jwtExpiry(`header.${Buffer.from("not json").toString("base64url")}.signature`), undefined);
});

test("oidc section: client-id and idp-issuer-url are required, the issuer must be http(s), the id-token a header value", () => {
  const refused = (config: object, message: string) =>
    assert.throws(() => new OidcProvider(config as never), (e: Error) => e instanceof KubexConfigurationError && e.message === message, JSON.stringify(config));
  const required = "oidc auth-provider: client-id and idp-issuer-url are required";
  refused({ issuerUrl: "https://login" }, required);
  refused({ clientId: "", issuerUrl: "https://login" }, required);
  refused({ clientId: "k" }, required);
  refused({ clientId: "k", issuerUrl: "" }, required);
  for (const issuerUrl of ["ftp://login", "login.example.com", "file:///etc/passwd"]) {
    refused({ clientId: "k", issuerUrl }, "oidc auth-provider: idp-issuer-url must be an http or https URL");
  }
  refused({ clientId: "k", issuerUrl: "https://login", idToken: "a\rb" }, "oidc auth-provider: id-token holds a control character, which no HTTP header may carry");
  for (const issuerUrl of ["http://login", "https://login"]) assert.doesNotThrow(() => new OidcProvider({ clientId: "k", issuerUrl, idToken: "a\tb" }));
});

test("oidc: the provider prints as its issuer and client only", () => {
  const p = new OidcProvider({ clientId: "k", clientSecret: "client-secret", issuerUrl: "https://login", idToken: "id-secret", refreshToken: "refresh-secret" });
  const expected = { provider: "OidcProvider", issuerUrl: "https://login", clientId: "k" };
  assert.deepEqual(JSON.parse(JSON.stringify(p)), expected);
  assert.equal(inspect(p), inspect(expected));
});

test("oidc: an id-token that is not a JWT, or whose exp is not a number, is used as is, with no expiry", async () => {
  for (const idToken of ["opaque-token", jwt({ exp: "soon" })]) {
    const credentials = await new OidcProvider({ clientId: "k", issuerUrl: "http://127.0.0.1:1", idToken }).getCredentials({ forceRefresh: false });
    assert.deepEqual({ ...credentials }, { token: idToken });
  }
  const exp = inAnHour();
  const valid = await new OidcProvider({ clientId: "k", issuerUrl: "http://127.0.0.1:1", idToken: jwt({ exp }) }).getCredentials({ forceRefresh: false });
  assert.deepEqual({ ...valid }, { token: jwt({ exp }), expiresAt: new Date(exp * 1000) });
  assert.equal(JSON.stringify(valid).includes(jwt({ exp })), false, "the credential prints redacted");
});

test("oidc: the 10 s margin at its edge: 10.001 s left is used, exactly 10 s left is refreshed", async () => {
  const exp = 4_102_444_800; // 2100-01-01
  const url = issuerAt("edge", tokens(jwt({ exp: exp + 3600 })));
  const realNow = Date.now;
  try {
    Date.now = () => exp * 1000 - 10_001;
    const p = new OidcProvider({ clientId: "k", issuerUrl: url, idToken: jwt({ exp }), refreshToken: "r" });
    assert.equal((await p.getCredentials({ forceRefresh: false })).token, jwt({ exp }));
    Date.now = () => exp * 1000 - 10_000;
    assert.equal((await p.getCredentials({ forceRefresh: false })).token, jwt({ exp: exp + 3600 }));
  } finally {
    Date.now = realNow;
  }
});

test("oidc: no id-token at all is a refresh at the first request", async () => {
  const url = issuerAt("none-yet", tokens(jwt({ exp: 4_102_444_800 })));
  const p = new OidcProvider({ clientId: "k", issuerUrl: url, refreshToken: "r" });
  assert.deepEqual({ ...(await p.getCredentials({ forceRefresh: false })) }, { token: jwt({ exp: 4_102_444_800 }), expiresAt: new Date(4_102_444_800_000) });
});

test("oidc: discovery is a GET for JSON at the issuer (one trailing slash dropped); the refresh a form POST with the client id, and the secret only when set", async () => {
  const url = issuerAt("exchange", tokens("new-id"));
  seen.length = 0;
  await refresh(new OidcProvider({ clientId: "kube", issuerUrl: `${url}/`, refreshToken: "r/1+" }));
  assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), ["GET /exchange/.well-known/openid-configuration", "POST /exchange/token"]);
  assert.equal(seen[0]!.headers.accept, "application/json");
  assert.equal(seen[0]!.headers["content-type"], undefined, "a GET carries no form");
  assert.equal(seen[0]!.body, "");
  assert.equal(seen[1]!.headers["content-type"], "application/x-www-form-urlencoded");
  assert.equal(seen[1]!.headers.accept, "application/json");
  assert.deepEqual(Object.fromEntries(new URLSearchParams(seen[1]!.body)), { grant_type: "refresh_token", refresh_token: "r/1+", client_id: "kube" });
  seen.length = 0;
  await refresh(new OidcProvider({ clientId: "kube", clientSecret: "shh", issuerUrl: url, refreshToken: "r" }));
  assert.equal(new URLSearchParams(seen[1]!.body).get("client_secret"), "shh");
  seen.length = 0;
  await refresh(new OidcProvider({ clientId: "kube", clientSecret: "", issuerUrl: url, refreshToken: "r" }));
  assert.equal(new URLSearchParams(seen[1]!.body).has("client_secret"), false, "an empty secret is not sent");
});

test("oidc: a rotated refresh token replaces the old one; an issuer that returns none, or an empty one, keeps it", async () => {
  const refreshTokens: (string | null)[] = [];
  let next: unknown = "rotated";
  const url = issuerAt("rotation", (s) => {
    refreshTokens.push(new URLSearchParams(s.body).get("refresh_token"));
    return tokens("id", next)();
  });
  const p = new OidcProvider({ clientId: "k", issuerUrl: url, refreshToken: "first" });
  await refresh(p);
  next = undefined;
  await refresh(p);
  next = "";
  await refresh(p);
  next = 42;
  await refresh(p);
  await refresh(p);
  assert.deepEqual(refreshTokens, ["first", "rotated", "rotated", "rotated", "rotated"]);
});

test("oidc: each way the issuer fails is named, and nothing it returned is quoted", async () => {
  const failing = async (name: string, discovery: Answer | undefined, token: Answer) => {
    if (discovery) answers[`/${name}/.well-known/openid-configuration`] = () => discovery;
    else issuerAt(name, () => token);
    answers[`/${name}/token`] = () => token;
    const message = await refusal(refresh(new OidcProvider({ clientId: "k", issuerUrl: `${base}/${name}`, refreshToken: "refresh-secret" })));
    assert.ok(!/leaked|refresh-secret/.test(message), message);
    return message.replace(`oidc auth-provider: refresh at ${base}/${name} failed: `, "");
  };
  const good: Answer = { body: JSON.stringify({ id_token: "id" }) };
  assert.equal(await failing("d500", { status: 500, body: "leaked" }, good), "discovery answered HTTP 500");
  assert.equal(await failing("d201", { status: 201, body: JSON.stringify({ token_endpoint: `${base}/d201/token` }) }, good), "discovery answered HTTP 201");
  assert.equal(await failing("dtext", { body: "leaked" }, good), "discovery answered with something that is not JSON");
  assert.equal(await failing("dnull", { body: "null" }, good), "discovery answered with something that is not a JSON object");
  assert.equal(await failing("dnumber", { body: "7" }, good), "discovery answered with something that is not a JSON object");
  assert.equal(await failing("dnone", { body: JSON.stringify({ issuer: "leaked" }) }, good), "discovery has no token_endpoint");
  assert.equal(await failing("dwrong", { body: JSON.stringify({ token_endpoint: 42 }) }, good), "discovery has no token_endpoint");
  assert.equal(await failing("t401", undefined, { status: 401, body: "leaked" }), "token endpoint answered HTTP 401");
  assert.equal(await failing("ttext", undefined, { body: "leaked" }), "token endpoint answered with something that is not JSON");
  assert.equal(await failing("tnull", undefined, { body: "null" }), "token endpoint answered with something that is not a JSON object");
  assert.equal(await failing("tnone", undefined, { body: JSON.stringify({ access_token: "leaked" }) }), "the token endpoint returned no id_token");
  assert.equal(await failing("tempty", undefined, { body: JSON.stringify({ id_token: "" }) }), "the token endpoint returned no id_token");
  assert.equal(await failing("tnumber", undefined, { body: JSON.stringify({ id_token: 5 }) }), "the token endpoint returned no id_token");
  assert.equal(await failing("tcontrol", undefined, { body: JSON.stringify({ id_token: "a\nleaked" }) }), "the id_token holds a control character, which no HTTP header may carry");
  answers["/unreachable/.well-known/openid-configuration"] = () => ({ body: JSON.stringify({ token_endpoint: "http://127.0.0.1:1/token" }) });
  assert.match(await refusal(refresh(new OidcProvider({ clientId: "k", issuerUrl: `${base}/unreachable`, refreshToken: "r" }))), /failed: token endpoint: connect ECONNREFUSED/);
});

test("oidc: after a failed refresh the next caller tries again", async () => {
  let calls = 0;
  const url = issuerAt("retry", () => (++calls === 1 ? { status: 503, body: "{}" } : tokens("second")()));
  const p = new OidcProvider({ clientId: "k", issuerUrl: url, idToken: jwt({ exp: 1 }), refreshToken: "r" });
  assert.match(await refusal(p.getCredentials({ forceRefresh: false })), /token endpoint answered HTTP 503$/);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "second");
  assert.equal(calls, 2);
});

test("oidc: a caller whose request times out is told which issuer it was waiting for", async () => {
  answers["/slow/.well-known/openid-configuration"] = () => ({ body: "{}" });
  const p = new OidcProvider({ clientId: "k", issuerUrl: `${base}/slow`, refreshToken: "r" });
  const signal = AbortSignal.timeout(1);
  await new Promise((r) => setTimeout(r, 20));
  await assert.rejects(p.getCredentials({ forceRefresh: true, signal }),
    (e: Error) => e instanceof KubexTimeoutError && e.message === `oidc auth-provider ${base}/slow: the request timed out while waiting for credentials`);
});

after(() => {
  answers = {};
});

test("oidc: an https issuer is trusted through its own CA (idp-certificate-authority), and refused without it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kubex-oidc-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=issuer", "-addext", "subjectAltName=IP:127.0.0.1"], { cwd: dir, stdio: "pipe" });
  const ca = readFileSync(join(dir, "cert.pem"), "utf8");
  const secure = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: ca }, (req, res) => {
    const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
    req.resume();
    req.on("end", () => res.end(JSON.stringify(req.url === "/.well-known/openid-configuration" ? { token_endpoint: `${url}/token` } : { id_token: "over-tls" })));
  });
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  try {
    const issuerUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
    assert.equal((await refresh(new OidcProvider({ clientId: "k", issuerUrl, issuerCa: ca, refreshToken: "r" }))).token, "over-tls");
    assert.match(await refusal(refresh(new OidcProvider({ clientId: "k", issuerUrl, refreshToken: "r" }))), /failed: discovery: self-signed certificate(;|$)/);
  } finally {
    secure.closeAllConnections();
    secure.close();
  }
});

test("oidc: an issuer's answer of exactly 1 MiB is read; one byte more is refused as too large", async () => {
  const discovery = (name: string, size: number) => {
    answers[`/${name}/.well-known/openid-configuration`] = () => ({ body: JSON.stringify({ token_endpoint: `${base}/${name}/token` }).padEnd(size, " ") });
    answers[`/${name}/token`] = tokens("sized");
    return new OidcProvider({ clientId: "k", issuerUrl: `${base}/${name}`, refreshToken: "r" });
  };
  assert.equal((await refresh(discovery("mib", 1024 * 1024))).token, "sized");
  assert.equal(await refusal(refresh(discovery("mib-plus", 1024 * 1024 + 1))), `oidc auth-provider: refresh at ${base}/mib-plus failed: discovery: answer too large (more than 1048576 bytes)`);
});
