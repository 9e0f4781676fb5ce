// Configuration loading against the real API server: each way a kubeconfig (or a
// pod) names an identity yields credentials the server accepts as that identity.
// Requests go through node:https directly, so this proves the configuration, not a backend.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import {
  Api, createClient, KubexClientError, KubexConfigurationError, loadConfiguration, loadInCluster, loadKubeconfig, Unauthorized,
  type ClientConfiguration, type CredentialProvider,
} from "../../runtime/index.js";
import { SelfSubjectReview } from "../../generated/k8s/v1_35/authentication/v1/index.js";
import { e2eCluster, kubectl, printLogsOnFailure, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  "current-context"?: string;
}

let admin: KubeconfigDoc;
let token: string;
let server: string;
let caPath: string;

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) return void (skip = found.skip);
  cluster = found;
  admin = parse(readFileSync(cluster.kubeconfig, "utf8")) as KubeconfigDoc;
  const tokenDoc = parse(readFileSync(cluster.tokenKubeconfig!, "utf8")) as KubeconfigDoc;
  token = tokenDoc.users[0]!.user.token as string;
  server = admin.clusters[0]!.cluster.server as string;
  caPath = admin.clusters[0]!.cluster["certificate-authority"] as string;
});

/** Who the API server says the caller is (a SelfSubjectReview), using a configuration's credentials. */
async function whoAmI(config: ClientConfiguration, forceRefresh = false): Promise<{ status: number; user?: string; groups?: string[] }> {
  const dynamic = config.credentialProvider ? await config.credentialProvider.getCredentials({ forceRefresh }) : {};
  const bearer = dynamic.token ?? config.token;
  const cert = dynamic.clientCertificate?.cert ?? config.tls.cert;
  const key = dynamic.clientCertificate?.key ?? config.tls.key;
  const body = JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
  return new Promise((resolve, reject) => {
    const req = request(
      new URL("/apis/authentication.k8s.io/v1/selfsubjectreviews", config.server),
      {
        method: "POST",
        ca: config.tls.ca,
        ...(cert && key ? { cert, key } : {}),
        ...(config.tls.serverName ? { servername: config.tls.serverName } : {}),
        rejectUnauthorized: !config.tls.insecureSkipVerify,
        headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        timeout: 10_000,
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          const review = res.statusCode === 201 ? (JSON.parse(text) as SelfSubjectReview) : undefined;
          const info = review?.status?.userInfo;
          resolve({ status: res.statusCode ?? 0, ...(info?.username ? { user: info.username } : {}), ...(info?.groups ? { groups: info.groups } : {}) });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

function writeKubeconfig(path: string, user: Record<string, unknown>, cluster: Record<string, unknown> = { server, "certificate-authority": caPath }, namespace?: string): string {
  writeFileSync(path, stringify({
    apiVersion: "v1", kind: "Config", "current-context": "ctx",
    clusters: [{ name: "c", cluster }],
    users: [{ name: "u", user }],
    contexts: [{ name: "ctx", context: { cluster: "c", user: "u", ...(namespace ? { namespace } : {}) } }],
  }));
  return path;
}

test("the admin (client certificate) and token kubeconfigs of the cluster authenticate", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const certUser = await whoAmI(loadKubeconfig({ path: cluster.kubeconfig }));
  assert.equal(certUser.status, 201);
  assert.ok(certUser.user, "the certificate maps to a user");
  const tokenUser = await whoAmI(loadKubeconfig({ path: cluster.tokenKubeconfig! }));
  assert.equal(tokenUser.status, 201);
  assert.ok(tokenUser.user);
  const { stdout } = await kubectl(cluster, ["--kubeconfig", cluster.tokenKubeconfig!, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"]);
  assert.equal(tokenUser.user, stdout.trim(), "kubectl sees the same user");
});

test("a KUBECONFIG list merges as kubectl merges it, with relative and -data credentials", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-kc-"));
  mkdirSync(join(dir, "pki"));
  copyFileSync(caPath, join(dir, "pki/ca.crt"));
  copyFileSync(admin.users[0]!.user["client-certificate"] as string, join(dir, "pki/admin.crt"));
  // The first file: relative CA path, the key inline as -data, a bogus token user named like the second's.
  const first = join(dir, "first.yaml");
  writeFileSync(first, stringify({
    "current-context": "cert",
    clusters: [{ name: "local", cluster: { server, "certificate-authority": "pki/ca.crt" } }],
    users: [
      { name: "cert-user", user: { "client-certificate": "pki/admin.crt", "client-key-data": readFileSync(admin.users[0]!.user["client-key"] as string).toString("base64") } },
      { name: "token-user", user: { token } },
    ],
    contexts: [{ name: "cert", context: { cluster: "local", user: "cert-user", namespace: "team-a" } }],
  }));
  const second = join(dir, "second.yaml");
  writeFileSync(second, stringify({
    "current-context": "token",
    clusters: [{ name: "local", cluster: { server: "https://127.0.0.1:1" } }],
    users: [{ name: "token-user", user: { token: "shadowed-by-the-first-file" } }],
    contexts: [{ name: "token", context: { cluster: "local", user: "token-user" } }],
  }));
  const env = { KUBECONFIG: [join(dir, "absent.yaml"), first, second].join(":") };
  const current = loadKubeconfig({ env });
  const tokenContext = loadKubeconfig({ env, context: "token" });
  for (const [context, config] of [["cert", current], ["token", tokenContext]] as const) {
    const oracle = JSON.parse(await kubectlWithEnv(env.KUBECONFIG, ["config", "view", "--minify", "--raw", "-o", "json", "--context", context])) as KubeconfigDoc;
    assert.equal(config.server, oracle.clusters[0]!.cluster.server, `${context}: server as kubectl merges it`);
    assert.equal(config.namespace, (oracle.contexts[0]!.context.namespace as string | undefined) ?? "default", `${context}: namespace`);
  }
  assert.equal(current.namespace, "team-a");
  assert.equal((await whoAmI(current)).status, 201);
  assert.equal(tokenContext.token, token, "the first file's token-user wins");
  assert.equal((await whoAmI(tokenContext)).status, 201);
});

/** kubectl with a given KUBECONFIG list (the support helper sets no environment). */
function kubectlWithEnv(list: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cluster.kubectlPath, args, { env: { ...process.env, KUBECONFIG: list }, timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`kubectl ${args.join(" ")}: ${stderr}`)) : resolve(stdout)));
}

test("a tokenFile rotated behind the client's back is re-read by the client's own 401 retry, and the retry authenticates", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-tf-"));
  const tokenPath = join(dir, "token");
  writeFileSync(tokenPath, "stale-token\n");
  const loaded = loadKubeconfig({ path: writeKubeconfig(join(dir, "config"), { tokenFile: "token" }) });
  // Records what the client asks of the provider; nothing here forces a refresh.
  const asked: boolean[] = [];
  const credentialProvider: CredentialProvider = {
    getCredentials: (options) => (asked.push(options.forceRefresh), loaded.credentialProvider!.getCredentials(options)),
  };
  await using client = await createClient({ configuration: { ...loaded, credentialProvider }, options: { warningHandler: () => {} } });
  await assert.rejects(client.request({ method: "GET", path: "/api" }), Unauthorized);
  assert.deepEqual(asked, [false, true], "the 401 made the client ask once more, with forceRefresh");
  // The new token goes in with the old modification time: the provider's own change check cannot see it.
  const { atime, mtime } = statSync(tokenPath);
  writeFileSync(tokenPath, `${token}\n`);
  utimesSync(tokenPath, atime, mtime);
  asked.length = 0;
  const response = await client.request({ method: "GET", path: "/api" });
  assert.equal(response.status, 200);
  assert.deepEqual(asked, [false, true], "the cached stale token got a 401 from the server; the forced re-read found the new one");
});

/** kubectl on one kubeconfig file; never throws. */
function kubectlOn(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cluster.kubectlPath, ["--kubeconfig", kubeconfig, ...args], { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })));
}

const trueWords = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const falseWords = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];
const spellings = [...trueWords, ...falseWords, '"false"', '"true"', "'no'", '""', "~", "null", "0", "1", "tRue", "0x1F", "0o17", "017", "1_000", "1e3", ".5", ".inf", "2001-12-14", "1:20", "+1", "_1", "1.2.3"];
const scalar = fc.oneof(
  fc.constantFrom(...spellings),
  fc.stringMatching(/^[0-9A-Za-z+.~_][0-9A-Za-z+._~-]{0,9}$/),
  fc.string({ maxLength: 10 }).map((text) => JSON.stringify(text)),
);

/** kubex and kubectl on the same file: both refuse it, or both read the same insecure flag and namespace. */
async function sameAsKubectl(yaml: { insecure?: string; namespace?: string }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-oracle-"));
  const path = join(dir, "config");
  const insecure = yaml.insecure !== undefined ? `    insecure-skip-tls-verify: ${yaml.insecure}\n` : "";
  const namespace = yaml.namespace !== undefined ? `    namespace: ${yaml.namespace}\n` : "";
  writeFileSync(path, `current-context: x\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n${insecure}contexts:\n- name: x\n  context:\n    cluster: c\n${namespace}`);
  const oracle = await kubectlOn(path, ["config", "view", "--raw", "-o", "json"]);
  let ours: ClientConfiguration | Error;
  try {
    ours = loadKubeconfig({ path });
  } catch (error) {
    ours = error as Error;
  }
  const shown = JSON.stringify(yaml);
  if (oracle.code !== 0) {
    assert.ok(ours instanceof KubexConfigurationError, `kubectl refuses ${shown} (${oracle.stderr.trim()}), kubex accepted it`);
    return;
  }
  assert.ok(!(ours instanceof Error), `kubectl accepts ${shown}, kubex refused it: ${(ours as Error).message}`);
  const view = JSON.parse(oracle.stdout) as KubeconfigDoc;
  assert.equal(ours.tls.insecureSkipVerify ?? false, view.clusters[0]!.cluster["insecure-skip-tls-verify"] ?? false, `insecure-skip-tls-verify for ${shown}`);
  assert.equal(ours.namespace, (view.contexts[0]!.context.namespace as string | undefined) || "default", `namespace for ${shown}`);
}

test("kubeconfig scalars are read as kubectl reads them: every boolean spelling, and random scalars in a boolean and a string field (kubectl as the oracle)", async (t) => {
  if (skip) return skipOrFail(t, skip);
  for (const spelling of spellings) {
    await sameAsKubectl({ insecure: spelling });
    await sameAsKubectl({ namespace: spelling });
  }
  await fc.assert(fc.asyncProperty(scalar, scalar, async (insecure, namespace) => {
    await sameAsKubectl({ insecure });
    await sameAsKubectl({ namespace });
  }), { numRuns: 40 });
});

test("insecure-skip-tls-verify: a quoted \"false\" is refused as kubectl refuses it; unquoted false, no, off, n keep verification on, so a wrong CA is refused by the real server's handshake", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-insecure-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "wrong-ca.key", "-out", "wrong-ca.crt", "-days", "1", "-subj", "/CN=wrong-ca"], { cwd: dir, stdio: "pipe" });
  const write = (name: string, insecure: string) => {
    const path = join(dir, name);
    writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "${server}", certificate-authority: wrong-ca.crt, insecure-skip-tls-verify: ${insecure} } }]
users: [{ name: u, user: { token: "${token}" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
    return path;
  };
  const quoted = write("quoted", '"false"');
  assert.throws(() => loadKubeconfig({ path: quoted }), (e: Error) =>
    e instanceof KubexConfigurationError && e.message === `kubeconfig ${quoted}: cluster "c": \`insecure-skip-tls-verify\` must be true or false, not a string (a quoted value is a string)`);
  const byKubectl = await kubectlOn(quoted, ["get", "--raw", "/version"]);
  assert.notEqual(byKubectl.code, 0);
  assert.match(byKubectl.stderr, /cannot unmarshal string into Go struct field .*insecure-skip-tls-verify of type bool/);
  for (const word of ["false", "no", "off", "n"]) {
    const path = write(`plain-${word}`, word);
    const config = loadKubeconfig({ path });
    assert.equal(config.tls.insecureSkipVerify, undefined, word);
    await using client = await createClient({ configuration: config, options: { warningHandler: () => {} } });
    await assert.rejects(client.request({ method: "GET", path: "/version" }), (e: Error) => e instanceof KubexClientError && /certificate/i.test(`${e.message} ${String(e.cause)}`), word);
    const viaKubectl = await kubectlOn(path, ["get", "--raw", "/version"]);
    assert.notEqual(viaKubectl.code, 0, `kubectl with ${word} also verifies`);
    assert.match(viaKubectl.stderr, /certificate/);
  }
});

test("exec plugins: a v1 plugin printing the token and a v1beta1 plugin printing the client certificate", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-exec-"));
  writeFileSync(join(dir, "token"), token);
  writeFileSync(join(dir, "token.sh"), `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"'"$(cat "$TOKEN_FILE")"'"}}'\n`);
  const certUser = admin.users[0]!.user;
  const credential = {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    kind: "ExecCredential",
    status: {
      clientCertificateData: readFileSync(certUser["client-certificate"] as string, "utf8"),
      clientKeyData: readFileSync(certUser["client-key"] as string, "utf8"),
      expirationTimestamp: new Date(Date.now() + 3_600_000).toISOString(),
    },
  };
  writeFileSync(join(dir, "cert.json"), JSON.stringify(credential));
  writeFileSync(join(dir, "cert.sh"), `#!/bin/sh\ncat "$(dirname "$0")/cert.json"\n`);
  for (const script of ["token.sh", "cert.sh"]) chmodSync(join(dir, script), 0o755);

  const tokenConfig = loadKubeconfig({ path: writeKubeconfig(join(dir, "token.yaml"), {
    exec: { apiVersion: "client.authentication.k8s.io/v1", command: "./token.sh", env: [{ name: "TOKEN_FILE", value: join(dir, "token") }], interactiveMode: "Never" },
  }) });
  const certConfig = loadKubeconfig({ path: writeKubeconfig(join(dir, "cert.yaml"), {
    exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "./cert.sh", interactiveMode: "IfAvailable", provideClusterInfo: true },
  }) });
  const byToken = await whoAmI(tokenConfig);
  const byCert = await whoAmI(certConfig);
  assert.equal(byToken.status, 201);
  assert.equal(byCert.status, 201);
  assert.equal(byCert.user, (await whoAmI(loadKubeconfig({ path: cluster.kubeconfig }))).user, "the plugin's certificate is the admin's");
});

test("impersonation from the kubeconfig reaches the server through createClient", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-as-"));
  const certUser = admin.users[0]!.user;
  const path = writeKubeconfig(join(dir, "config"), {
    "client-certificate": certUser["client-certificate"], "client-key": certUser["client-key"],
    as: "jane", "as-groups": ["developers", "system:authenticated"], "as-user-extra": { team: ["blue"] },
  });
  await using client = await createClient({ configuration: loadKubeconfig({ path }), options: { warningHandler: () => {} } });
  const review = await new Api(SelfSubjectReview, { client }).create({});
  assert.equal(review.status?.userInfo?.username, "jane");
  assert.deepEqual([...(review.status?.userInfo?.groups ?? [])].sort(), ["developers", "system:authenticated"]);
  assert.deepEqual(review.status?.userInfo?.extra, { team: ["blue"] });
});

test("in-cluster: a service-account directory and KUBERNETES_SERVICE_* reach the server; loadConfiguration picks it in a pod", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const sa = mkdtempSync(join(tmpdir(), "kubex-e2e-sa-"));
  writeFileSync(join(sa, "token"), token);
  copyFileSync(caPath, join(sa, "ca.crt"));
  writeFileSync(join(sa, "namespace"), "kube-system");
  const url = new URL(server);
  const env = { HOME: sa, KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port };
  const config = loadInCluster({ dir: sa, env });
  assert.equal(config.namespace, "kube-system");
  assert.equal((await whoAmI(config)).status, 201);
  const chosen = loadConfiguration({ env, serviceAccountDir: sa });
  assert.equal(chosen.server, `https://${url.hostname}:${url.port}`);
  assert.equal((await whoAmI(chosen)).status, 201);
});

test("OIDC: an expired id-token is refreshed at an HTTPS issuer trusted through idp-certificate-authority, and the new token authenticates", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const pki = join(caPath, "..");
  const calls: string[] = [];
  // The issuer answers a refresh with the cluster's real bearer token as the new id_token.
  const issuer = createHttpsServer({ cert: readFileSync(join(pki, "apiserver.crt")), key: readFileSync(join(pki, "apiserver.key")) }, (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      calls.push(req.url ?? "");
      const base = `https://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
      if (req.url === "/.well-known/openid-configuration") return res.end(JSON.stringify({ issuer: base, token_endpoint: `${base}/token` }));
      if (req.url === "/token" && new URLSearchParams(body).get("refresh_token") === "refresh-1") return res.end(JSON.stringify({ id_token: token, refresh_token: "refresh-2" }));
      res.writeHead(400).end(JSON.stringify({ error: "invalid_grant" }));
    });
  });
  await new Promise<void>((r) => issuer.listen(0, "127.0.0.1", r));
  try {
    const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-oidc-"));
    copyFileSync(caPath, join(dir, "idp-ca.crt"));
    const expired = `e30.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 60 })).toString("base64url")}.sig`;
    const oidc = (extra: Record<string, string>) => ({
      "auth-provider": { name: "oidc", config: { "client-id": "kubex", "idp-issuer-url": `https://127.0.0.1:${(issuer.address() as AddressInfo).port}`, "id-token": expired, "refresh-token": "refresh-1", ...extra } },
    });
    const config = loadKubeconfig({ path: writeKubeconfig(join(dir, "config"), oidc({ "idp-certificate-authority": "idp-ca.crt" })) });
    const who = await whoAmI(config);
    assert.equal(who.status, 201, "the refreshed id-token authenticates");
    assert.deepEqual(calls, ["/.well-known/openid-configuration", "/token"]);
    assert.equal((await whoAmI(config)).status, 201);
    assert.equal(calls.length, 2, "the new token is kept and reused");
    const untrusted = loadKubeconfig({ path: writeKubeconfig(join(dir, "untrusted"), oidc({})) });
    await assert.rejects(whoAmI(untrusted), /oidc auth-provider: refresh at https:\/\/127.0.0.1:\d+ failed: discovery: .*certificate/);
  } finally {
    issuer.close();
  }
});
