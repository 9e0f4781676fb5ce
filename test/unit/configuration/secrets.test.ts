// No secret from a kubeconfig or a credential provider shows in any error, any
// cause chain, or any printed object, however it is printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ExecCredentialProvider, KubexConfigurationError, loadKubeconfig, TokenFileProvider } from "../../../runtime/index.js";

const d = mkdtempSync(join(tmpdir(), "kubex-secrets-"));

/** Every way an error (and each error in its cause chain) can be printed. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(String(e), inspect(e, { depth: Infinity, showHidden: true }), inspect(e, { depth: Infinity, customInspect: false }), JSON.stringify(e) ?? "");
  }
  return out;
}

function assertClean(error: unknown, secrets: readonly string[]): void {
  for (const text of renderings(error)) for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} in ${text}`);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

test("a malformed proxy-url is refused naming the cluster and field; neither message nor cause holds the URL or its password", () => {
  for (const url of ["http://user:pr0xy-secret@[bad", "http://user:pr0xy-secret@proxy:99999", "ftp://user:pr0xy-secret@proxy:21"]) {
    const path = join(d, "proxy");
    writeFileSync(path, `current-context: x\nclusters: [{name: c, cluster: {server: "https://a", proxy-url: "${url}"}}]\ncontexts: [{name: x, context: {cluster: c}}]\n`);
    let error: unknown;
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => (error = e) instanceof KubexConfigurationError);
    assert.match((error as Error).message, new RegExp(`^kubeconfig ${path}: cluster "c": \`proxy-url\` (is not a URL|must use http, https or socks5)$`));
    assertClean(error, ["pr0xy-secret", "user:"]);
  }
});

test("an exec plugin that cannot be started: the cause keeps the errno code but not the plugin's arguments or environment", async () => {
  const provider = new ExecCredentialProvider({ command: join(d, "missing-plugin"), args: ["--token=arg-secret"], env: [{ name: "API_KEY", value: "env-secret" }] }, d, undefined);
  const error = await rejection(provider.getCredentials({ forceRefresh: false }));
  assert.match((error as Error).message, /missing-plugin.*cannot run \(ENOENT\)/);
  assert.equal(((error as Error).cause as NodeJS.ErrnoException).code, "ENOENT");
  assert.equal(((error as Error).cause as { spawnargs?: unknown }).spawnargs, undefined);
  assertClean(error, ["arg-secret", "env-secret"]);
});

test("an exec plugin's error output is quoted with its arguments and environment values blanked out", async () => {
  const path = join(d, "echo-secrets.sh");
  writeFileSync(path, `#!/bin/sh\necho "bad login with $1 and $API_KEY" >&2\nexit 2\n`);
  chmodSync(path, 0o755);
  const provider = new ExecCredentialProvider({ command: path, args: ["arg-secret"], env: [{ name: "API_KEY", value: "env-secret" }] }, d, undefined);
  const error = await rejection(provider.getCredentials({ forceRefresh: false }));
  assert.match((error as Error).message, /exited with code 2: bad login with \[redacted\] and \[redacted\]$/);
  assertClean(error, ["arg-secret", "env-secret"]);
});

test("an unreadable token file or kubeconfig: the cause keeps the errno code only", async () => {
  const error = await rejection(new TokenFileProvider(join(d, "no-token")).getCredentials({ forceRefresh: false }));
  assert.equal(((error as Error).cause as NodeJS.ErrnoException).code, "ENOENT");
  assert.equal(((error as Error).cause as { path?: unknown }).path, undefined);
  let kubeconfigError: unknown;
  assert.throws(() => loadKubeconfig({ path: join(d, "no-kubeconfig") }), (e) => (kubeconfigError = e) instanceof KubexConfigurationError);
  assert.equal(((kubeconfigError as Error).cause as NodeJS.ErrnoException).code, "ENOENT");
});

/** Every way an object a user can reach may be printed; `plain` adds the ways only private fields survive (for providers). */
function printed(value: unknown, plain: boolean): string[] {
  const out = [String(value), inspect(value, { depth: Infinity }), inspect(value, { depth: Infinity, showHidden: true }), JSON.stringify(value) ?? ""];
  if (plain) out.push(inspect(value, { depth: Infinity, customInspect: false, showHidden: true }), JSON.stringify({ ...(value as object) }), JSON.stringify(Object.entries(value as object)));
  return out;
}

test("configurations, their parts, providers and the credentials they hand out print redacted, at any depth and through JSON", async () => {
  const execPath = join(d, "creds.sh");
  writeFileSync(execPath, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token-secret","clientCertificateData":"CERT","clientKeyData":"exec-key-secret"}}'\n`);
  chmodSync(execPath, 0o755);
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const users = {
    basic: `{ token: bearer-secret, username: admin, password: basic-secret, client-certificate-data: ${b64("CERT")}, client-key-data: ${b64("pem-key-secret")}, as: jane, as-user-extra: { reason: [extra-secret] } }`,
    exec: `{ exec: { apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: ./creds.sh, args: [--password=arg-secret], env: [{ name: API_KEY, value: env-secret }] } }`,
    oidc: `{ auth-provider: { name: oidc, config: { client-id: k, client-secret: client-secret-x, idp-issuer-url: "https://idp", id-token: id-token-secret, refresh-token: refresh-secret } } }`,
  };
  const secrets = ["bearer-secret", "basic-secret", "pem-key-secret", "extra-secret", "exec-token-secret", "exec-key-secret", "arg-secret", "env-secret", "client-secret-x", "id-token-secret", "refresh-secret", "proxy-secret", "proxy-user"];
  for (const [name, user] of Object.entries(users)) {
    const path = join(d, `print-${name}`);
    writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://api:6443", proxy-url: "http://proxy-user:proxy-secret@proxy:3128" } }]
users: [{ name: u, user: ${user} }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
    const config = loadKubeconfig({ path });
    const reachable: [unknown, boolean][] = [[config, false], [config.tls, false], [config.impersonate, false], [config.impersonate?.extra, false], [config.credentialProvider, true], [{ nested: [config] }, false]];
    if (name === "exec") {
      const credentials = await config.credentialProvider!.getCredentials({ forceRefresh: false });
      assert.equal(credentials.token, "exec-token-secret", "the value itself stays usable");
      reachable.push([credentials, false], [credentials.clientCertificate, false]);
    }
    for (const [value, plain] of reachable) {
      if (value === undefined) continue;
      for (const text of printed(value, plain)) for (const secret of secrets) assert.ok(!text.includes(secret), `${name}: ${secret} in ${text}`);
    }
  }
});
