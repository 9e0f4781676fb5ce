// Credential providers: exec plugins, token files, OIDC refresh, in-cluster.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { createClient, ExecCredentialProvider, isInCluster, KubexAuthenticationError, KubexClientError, KubexConfigurationError, KubexTimeoutError, loadConfiguration, loadInCluster, loadKubeconfig, OidcProvider, TokenFileProvider } from "../../../runtime/index.js";

const d = mkdtempSync(join(tmpdir(), "kubex-prov-"));

/** A plugin script that logs each run and prints the ExecCredential it is given in $OUT. */
function plugin(name: string, body: string): string {
  const path = join(d, name);
  writeFileSync(path, `#!/bin/sh\necho run >> "${path}.runs"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const runs = (path: string) => { try { return readFileSync(`${path}.runs`, "utf8").split("\n").filter(Boolean).length; } catch { return 0; } };

test("exec plugin (v1): env, args and KUBERNETES_EXEC_INFO reach it; the token is cached until it expires", async () => {
  const script = plugin("token.sh", `
case "$KUBERNETES_EXEC_INFO" in *'"interactive":false'*'"server":"https://api:6443"'*) ;; *) echo "bad exec info: $KUBERNETES_EXEC_INFO" >&2; exit 9;; esac
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"'"$PREFIX-$1"'","expirationTimestamp":"'"$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"'"}}'`);
  const p = new ExecCredentialProvider({ command: script, args: ["arg1"], env: [{ name: "PREFIX", value: "tok" }], provideClusterInfo: true }, d, { server: "https://api:6443" });
  const [a, b] = await Promise.all([p.getCredentials({ forceRefresh: false }), p.getCredentials({ forceRefresh: false })]);
  assert.equal(a.token, "tok-arg1");
  assert.equal(b.token, "tok-arg1");
  assert.equal(runs(script), 1, "concurrent callers share one run");
  await p.getCredentials({ forceRefresh: false });
  assert.equal(runs(script), 1, "cached while valid");
  await p.getCredentials({ forceRefresh: true });
  assert.equal(runs(script), 2, "re-run after a 401");
});

test("exec plugin: an expired credential is re-run; v1beta1 and client certificates work", async () => {
  const script = plugin("cert.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY","expirationTimestamp":"2000-01-01T00:00:00Z"}}'`);
  const p = new ExecCredentialProvider({ command: script, apiVersion: "client.authentication.k8s.io/v1beta1" }, d, undefined);
  const c = await p.getCredentials({ forceRefresh: false });
  assert.deepEqual(c.clientCertificate, { cert: "CERT", key: "KEY" });
  await p.getCredentials({ forceRefresh: false });
  assert.equal(runs(script), 2);
});

test("exec plugin failures name the command and the install hint, never the output's secrets", async () => {
  const failing = plugin("fail.sh", `echo "token expired for sso" >&2; exit 3`);
  await assert.rejects(new ExecCredentialProvider({ command: failing, installHint: "install it with brew" }, d, undefined).getCredentials({ forceRefresh: false }),
    (e: Error) => e instanceof KubexAuthenticationError && /fail\.sh/.test(e.message) && /install it with brew/.test(e.message) && /exited with code 3/.test(e.message));
  const wrong = plugin("wrong.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'`);
  await assert.rejects(new ExecCredentialProvider({ command: wrong }, d, undefined).getCredentials({ forceRefresh: false }), /neither a token nor a client certificate/);
  const garbage = plugin("garbage.sh", `echo "secret-token-123 not json"`);
  await assert.rejects(new ExecCredentialProvider({ command: garbage }, d, undefined).getCredentials({ forceRefresh: false }),
    (e: Error) => /not an ExecCredential JSON/.test(e.message) && !e.message.includes("secret-token-123"));
  await assert.rejects(new ExecCredentialProvider({ command: join(d, "nope") }, d, undefined).getCredentials({ forceRefresh: false }), /cannot run \(ENOENT\)/);
  const slow = plugin("slow.sh", "sleep 5");
  await assert.rejects(new ExecCredentialProvider({ command: slow }, d, undefined, 300).getCredentials({ forceRefresh: false }), /no credential within 0.3s/);
  await assert.rejects(new ExecCredentialProvider({ command: slow, interactiveMode: "Always" }, d, undefined).getCredentials({ forceRefresh: false }), /interactiveMode is Always but standard input is not a terminal/);
});

test("exec plugin from a kubeconfig resolves a relative command against the kubeconfig's directory", async () => {
  plugin("rel.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"rel-token"}}'`);
  const path = join(d, "kc");
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://a" } }]
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: ./rel.sh, interactiveMode: Never } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  const c = loadKubeconfig({ path });
  assert.equal((await c.credentialProvider!.getCredentials({ forceRefresh: false })).token, "rel-token");
});

test("a token file is re-read when it changes", async () => {
  const path = join(d, "token");
  writeFileSync(path, "one\n");
  const p = new TokenFileProvider(path, 0);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "one");
  writeFileSync(path, "two\n");
  utimesSync(path, new Date(), new Date(Date.now() + 5_000));
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "two");
  await assert.rejects(new TokenFileProvider(join(d, "none")).getCredentials({ forceRefresh: false }), /cannot read token file .*none: ENOENT/);
});

const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString("base64url")}.s`;
const issuerCalls: string[] = [];
const issuer = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    issuerCalls.push(`${req.url} ${body}`);
    const base = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    if (req.url === "/.well-known/openid-configuration") return res.end(JSON.stringify({ token_endpoint: `${base}/token` }));
    if (req.url === "/token" && body.includes("refresh_token=r1")) return res.end(JSON.stringify({ id_token: jwt(Date.now() / 1000 + 3600), refresh_token: "r2" }));
    res.writeHead(400).end("{}");
  });
});
await new Promise<void>((r) => issuer.listen(0, "127.0.0.1", r));
after(() => issuer.close());

test("OIDC: a valid id-token is used as is; an expired one is refreshed through discovery", async () => {
  const url = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  const valid = jwt(Date.now() / 1000 + 600);
  assert.equal((await new OidcProvider({ clientId: "k", issuerUrl: url, idToken: valid }).getCredentials({ forceRefresh: false })).token, valid);
  assert.equal(issuerCalls.length, 0);
  const p = new OidcProvider({ clientId: "k", clientSecret: "s", issuerUrl: url, idToken: jwt(1), refreshToken: "r1" });
  const fresh = await p.getCredentials({ forceRefresh: false });
  assert.notEqual(fresh.token, jwt(1));
  assert.ok(fresh.expiresAt && fresh.expiresAt.getTime() > Date.now());
  assert.deepEqual(issuerCalls.map((c) => c.split(" ")[0]), ["/.well-known/openid-configuration", "/token"]);
  assert.match(issuerCalls[1]!, /grant_type=refresh_token&refresh_token=r1&client_id=k&client_secret=s/);
  await assert.rejects(p.getCredentials({ forceRefresh: true }), /token endpoint answered HTTP 400/, "r2 is not accepted by the test issuer");
  await assert.rejects(new OidcProvider({ clientId: "k", issuerUrl: url, idToken: jwt(1) }).getCredentials({ forceRefresh: false }), /no refresh-token/);
});

test("in-cluster: token, CA, namespace and the service host (IPv6 in brackets)", async () => {
  const sa = mkdtempSync(join(tmpdir(), "kubex-sa-"));
  writeFileSync(join(sa, "token"), "sa-token");
  writeFileSync(join(sa, "ca.crt"), "SA-CA");
  writeFileSync(join(sa, "namespace"), "apps\n");
  const env = { KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" };
  assert.equal(isInCluster({ dir: sa, env }), true);
  assert.equal(isInCluster({ dir: sa, env: {} }), false);
  const c = loadInCluster({ dir: sa, env });
  assert.equal(c.server, "https://[fd00::1]:443");
  assert.equal(c.namespace, "apps");
  assert.equal(c.tls.ca, "SA-CA");
  assert.equal((await c.credentialProvider!.getCredentials({ forceRefresh: false })).token, "sa-token");
  assert.throws(() => loadInCluster({ dir: sa, env: {} }), /KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set/);
});

test("exec plugin: IfAvailable without a terminal runs non-interactive; v1beta1 gets its own apiVersion in KUBERNETES_EXEC_INFO", async () => {
  const script = plugin("beta.sh", `
case "$KUBERNETES_EXEC_INFO" in *'"apiVersion":"client.authentication.k8s.io/v1beta1"'*'"interactive":false'*) ;; *) echo "bad exec info" >&2; exit 9;; esac
echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"beta"}}'`);
  const p = new ExecCredentialProvider({ command: script, apiVersion: "client.authentication.k8s.io/v1beta1", interactiveMode: "IfAvailable" }, d, undefined);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "beta");
  const mismatch = plugin("mismatch.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'`);
  await assert.rejects(new ExecCredentialProvider({ command: mismatch }, d, undefined).getCredentials({ forceRefresh: false }), /expected an ExecCredential of client.authentication.k8s.io\/v1, got ExecCredential of client.authentication.k8s.io\/v1beta1/);
  assert.throws(() => new ExecCredentialProvider({ command: script, interactiveMode: "Sometimes" as "Never" }, d, undefined), /interactiveMode must be Never, IfAvailable or Always/);
});

test("a token file is checked at most once per interval, and at once on forceRefresh (what the client asks after a 401)", async () => {
  const path = join(d, "slow-token");
  writeFileSync(path, "old\n");
  const p = new TokenFileProvider(path, 60_000);
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "old");
  writeFileSync(path, "new\n");
  utimesSync(path, new Date(), new Date(Date.now() + 5_000));
  assert.equal((await p.getCredentials({ forceRefresh: false })).token, "old", "within the interval the file is not touched");
  assert.equal((await p.getCredentials({ forceRefresh: true })).token, "new");
});

test("OIDC: an issuer that answers garbage gets a typed error that quotes nothing it returned", async () => {
  const bad = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") return res.end(`{"token_endpoint":"http://127.0.0.1:${(bad.address() as AddressInfo).port}/token"}`);
    res.end("leaked-id-token garbage");
  });
  await new Promise<void>((r) => bad.listen(0, "127.0.0.1", r));
  try {
    const p = new OidcProvider({ clientId: "k", issuerUrl: `http://127.0.0.1:${(bad.address() as AddressInfo).port}`, idToken: jwt(1), refreshToken: "r-secret" });
    await assert.rejects(p.getCredentials({ forceRefresh: false }), (e: Error) =>
      e instanceof KubexAuthenticationError && /token endpoint answered with something that is not JSON/.test(e.message) && !/leaked|r-secret/.test(e.message));
  } finally {
    bad.close();
  }
  const closed = new OidcProvider({ clientId: "k", issuerUrl: "http://127.0.0.1:1", idToken: jwt(1), refreshToken: "r" });
  await assert.rejects(closed.getCredentials({ forceRefresh: false }), /refresh at http:\/\/127.0.0.1:1 failed: discovery: .*ECONNREFUSED/);
});

test("OIDC from a kubeconfig: the auth-provider config, idp-certificate-authority-data decoded", async () => {
  const url = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  const path = join(d, "oidc-kc");
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://a" } }]
users:
- name: u
  user:
    auth-provider:
      name: oidc
      config: { client-id: k, client-secret: s, idp-issuer-url: "${url}", id-token: "${jwt(1)}", refresh-token: r1, idp-certificate-authority-data: ${Buffer.from("IDP-CA").toString("base64")} }
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  const c = loadKubeconfig({ path });
  assert.ok(c.credentialProvider instanceof OidcProvider);
  const before = issuerCalls.length;
  const token = (await c.credentialProvider.getCredentials({ forceRefresh: false })).token!;
  assert.equal(issuerCalls.length, before + 2);
  assert.ok(token.startsWith("h."));
});

test("printing providers and configurations that hold them shows no token, refresh token, client secret or exec env", async () => {
  const script = plugin("print.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-secret","clientCertificateData":"C","clientKeyData":"exec-key-secret"}}'`);
  const exec = new ExecCredentialProvider({ command: script, env: [{ name: "API_KEY", value: "env-secret" }] }, d, undefined);
  await exec.getCredentials({ forceRefresh: false });
  const tokenPath = join(d, "print-token");
  writeFileSync(tokenPath, "file-secret");
  const file = new TokenFileProvider(tokenPath);
  await file.getCredentials({ forceRefresh: false });
  const oidc = new OidcProvider({ clientId: "k", clientSecret: "client-secret-x", issuerUrl: "https://idp", idToken: "id-secret", refreshToken: "refresh-secret" });
  const sa = mkdtempSync(join(tmpdir(), "kubex-sa-"));
  writeFileSync(join(sa, "token"), "sa-secret");
  writeFileSync(join(sa, "ca.crt"), "CA");
  const inCluster = loadInCluster({ dir: sa, env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" } });
  await inCluster.credentialProvider!.getCredentials({ forceRefresh: false });
  const secrets = ["exec-secret", "exec-key-secret", "env-secret", "file-secret", "client-secret-x", "id-secret", "refresh-secret", "sa-secret"];
  for (const value of [exec, file, oidc, inCluster, { nested: { exec, oidc } }]) {
    for (const printed of [inspect(value, { depth: 20, showHidden: false }), JSON.stringify(value)]) {
      for (const secret of secrets) assert.ok(!printed.includes(secret), `${secret} in ${printed}`);
    }
  }
  assert.match(inspect(exec), /ExecCredentialProvider.*print\.sh/s);
  assert.match(JSON.stringify(inCluster), /"provider":"TokenFileProvider","path":".*token"/);
});

test("loadConfiguration: a kubeconfig when one exists, in-cluster in a pod without one, else a clear error", () => {
  const sa = mkdtempSync(join(tmpdir(), "kubex-sa-"));
  writeFileSync(join(sa, "token"), "t");
  writeFileSync(join(sa, "ca.crt"), "CA");
  const home = mkdtempSync(join(tmpdir(), "kubex-home-"));
  const pod = { HOME: home, KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" };
  assert.equal(loadConfiguration({ env: pod, serviceAccountDir: sa }).server, "https://10.0.0.1:443");
  const kc = join(d, "load-kc");
  writeFileSync(kc, `current-context: x\nclusters: [{ name: c, cluster: { server: "https://from-kubeconfig" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  assert.equal(loadConfiguration({ env: { ...pod, KUBECONFIG: kc }, serviceAccountDir: sa }).server, "https://from-kubeconfig");
  assert.throws(() => loadConfiguration({ env: { HOME: home }, serviceAccountDir: sa }), (e: Error) => e instanceof KubexConfigurationError && e.message.includes(join(home, ".kube", "config")));
  assert.throws(() => loadConfiguration({ env: { HOME: home, KUBERNETES_SERVICE_HOST: "10.0.0.1" }, serviceAccountDir: sa }), /no kubeconfig found/, "no port: not a pod");
});

test("exec plugin: a caller whose request times out stops waiting with a typed error; the shared run still lands in the cache", async () => {
  const script = plugin("sleepy.sh", `sleep 0.4; echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"late"}}'`);
  const p = new ExecCredentialProvider({ command: script }, d, undefined);
  const patient = p.getCredentials({ forceRefresh: false });
  await assert.rejects(p.getCredentials({ forceRefresh: false, signal: AbortSignal.timeout(50) }),
    (e: Error) => e instanceof KubexTimeoutError && /sleepy\.sh.*timed out while waiting for credentials/.test(e.message));
  await assert.rejects(p.getCredentials({ forceRefresh: false, signal: AbortSignal.abort() }), (e: Error) => e instanceof KubexClientError && /aborted/.test(e.message));
  assert.equal((await patient).token, "late");
  assert.equal((await p.getCredentials({ forceRefresh: false, signal: AbortSignal.timeout(50) })).token, "late");
  assert.equal(runs(script), 1);
});

test("exec plugin from a kubeconfig with provideClusterInfo gets the CA file's contents as certificate-authority-data", async () => {
  writeFileSync(join(d, "cluster-ca.crt"), "FILE-CA-PEM");
  const expected = Buffer.from("FILE-CA-PEM").toString("base64");
  plugin("info.sh", `
case "$KUBERNETES_EXEC_INFO" in *'"certificate-authority-data":"${expected}"'*'"proxy-url":"http://proxy:3128"'*) ;; *) echo "bad exec info: $KUBERNETES_EXEC_INFO" >&2; exit 9;; esac
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"info-token"}}'`);
  const path = join(d, "info-kc");
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://a", certificate-authority: cluster-ca.crt, proxy-url: "http://proxy:3128" } }]
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: ./info.sh, interactiveMode: Never, provideClusterInfo: true } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  assert.equal((await loadKubeconfig({ path }).credentialProvider!.getCredentials({ forceRefresh: false })).token, "info-token");
});

test("failures to get credentials at request time are KubexAuthenticationError naming the plugin or issuer, not KubexConfigurationError, through the client too", async () => {
  const isAuth = (pattern: RegExp, secrets: string[] = []) => (e: Error) =>
    e instanceof KubexAuthenticationError && !(e instanceof KubexConfigurationError) && e.code === "KUBEX_AUTHENTICATION" && pattern.test(e.message) && secrets.every((s) => !inspect(e, { depth: Infinity, showHidden: true }).includes(s));
  const failing = plugin("auth-fail.sh", `exit 4`);
  const missing = join(d, "auth-missing");
  const notJson = plugin("auth-garbage.sh", `echo nope`);
  for (const [provider, pattern] of [
    [new ExecCredentialProvider({ command: failing, args: ["arg-secret"] }, d, undefined), /^exec plugin ".*auth-fail\.sh": exited with code 4$/],
    [new ExecCredentialProvider({ command: missing }, d, undefined), /^exec plugin ".*auth-missing": cannot run \(ENOENT\)$/],
    [new ExecCredentialProvider({ command: notJson }, d, undefined), /auth-garbage\.sh": output is not an ExecCredential JSON document$/],
    [new ExecCredentialProvider({ command: plugin("auth-slow.sh", "sleep 5") }, d, undefined, 200), /auth-slow\.sh": no credential within 0.2s$/],
    [new ExecCredentialProvider({ command: plugin("auth-number.sh", `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":123}}'`) }, d, undefined), /auth-number\.sh": status.token is not a string$/],
    [new OidcProvider({ clientId: "k", issuerUrl: "http://127.0.0.1:1", idToken: jwt(1), refreshToken: "refresh-secret" }), /^oidc auth-provider: refresh at http:\/\/127\.0\.0\.1:1 failed: discovery: .*ECONNREFUSED/],
    [new OidcProvider({ clientId: "k", issuerUrl: "http://127.0.0.1:1", idToken: jwt(1) }), /^oidc auth-provider: the id-token expired and there is no refresh-token \(issuer http:\/\/127\.0\.0\.1:1\)$/],
    [new TokenFileProvider(join(d, "auth-no-token")), /^cannot read token file .*auth-no-token: ENOENT$/],
  ] as const) {
    await assert.rejects(provider.getCredentials({ forceRefresh: false }), isAuth(pattern, ["arg-secret", "refresh-secret"]), pattern.source);
  }
  // The client hands the provider's error on unchanged: no request is sent without credentials.
  let requests = 0;
  const api = createServer((_req, res) => void (requests++, res.end("{}")));
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  try {
    await using client = await createClient({ configuration: { server: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, namespace: "default", tls: {}, credentialProvider: new ExecCredentialProvider({ command: failing }, d, undefined) } });
    await assert.rejects(client.request({ method: "GET", path: "/version" }), isAuth(/auth-fail\.sh": exited with code 4$/));
    assert.equal(requests, 0);
  } finally {
    api.close();
  }
});

test("exec plugin: a credential expiring within 10 s is renewed before use; one valid for longer is reused", async () => {
  const credential = (seconds: number) => `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"'"$(date -u -d '+${seconds} seconds' +%Y-%m-%dT%H:%M:%SZ)"'"}}'`;
  const soon = plugin("expires-soon.sh", credential(5));
  const p = new ExecCredentialProvider({ command: soon }, d, undefined);
  await p.getCredentials({ forceRefresh: false });
  await p.getCredentials({ forceRefresh: false });
  assert.equal(runs(soon), 2, "5 s left is inside the 10 s margin: run again");
  const later = plugin("expires-later.sh", credential(30));
  const q = new ExecCredentialProvider({ command: later }, d, undefined);
  await q.getCredentials({ forceRefresh: false });
  await q.getCredentials({ forceRefresh: false });
  assert.equal(runs(later), 1, "30 s left is outside the margin: reuse");
});

test("OIDC: an id-token expiring within 10 s is refreshed before use; one valid for longer is used as is", async () => {
  const url = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  const tokenCalls = () => issuerCalls.filter((c) => c.startsWith("/token ")).length;
  const before = tokenCalls();
  const later = jwt(Math.floor(Date.now() / 1000) + 30);
  assert.equal((await new OidcProvider({ clientId: "k", issuerUrl: url, idToken: later, refreshToken: "r1" }).getCredentials({ forceRefresh: false })).token, later);
  assert.equal(tokenCalls(), before, "30 s left: no refresh");
  const soon = jwt(Math.floor(Date.now() / 1000) + 5);
  const fresh = await new OidcProvider({ clientId: "k", issuerUrl: url, idToken: soon, refreshToken: "r1" }).getCredentials({ forceRefresh: false });
  assert.notEqual(fresh.token, soon);
  assert.equal(tokenCalls(), before + 1, "5 s left is inside the 10 s margin: refreshed");
});

test("OIDC: concurrent callers with an expired id-token share exactly one refresh at the token endpoint", async () => {
  const url = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
  const tokenCalls = () => issuerCalls.filter((c) => c.startsWith("/token ")).length;
  const before = tokenCalls();
  const p = new OidcProvider({ clientId: "k", issuerUrl: url, idToken: jwt(1), refreshToken: "r1" });
  const results = await Promise.all(Array.from({ length: 8 }, () => p.getCredentials({ forceRefresh: false })));
  assert.equal(tokenCalls(), before + 1);
  assert.equal(new Set(results.map((r) => r.token)).size, 1, "every caller gets the one new token");
  await p.getCredentials({ forceRefresh: false });
  assert.equal(tokenCalls(), before + 1, "and it is kept");
});

test("exec plugin with provideClusterInfo gets the cluster's client.authentication.k8s.io/exec extension as spec.cluster.config", async () => {
  plugin("config.sh", `
case "$KUBERNETES_EXEC_INFO" in *'"config":{"audience":"kube","retries":3,"octal":15,"flags":[true,null]}'*) ;; *) echo "bad exec info: $KUBERNETES_EXEC_INFO" >&2; exit 9;; esac
echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"config-token"}}'`);
  const path = join(d, "config-kc");
  writeFileSync(path, `current-context: x
clusters:
- name: c
  cluster:
    server: https://a
    extensions:
    - name: other
      extension: { ignored: true }
    - name: client.authentication.k8s.io/exec
      extension: { audience: kube, retries: 3, octal: 017, flags: [yes, ~] }
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: ./config.sh, interactiveMode: Never, provideClusterInfo: true } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  assert.equal((await loadKubeconfig({ path }).credentialProvider!.getCredentials({ forceRefresh: false })).token, "config-token");
});
