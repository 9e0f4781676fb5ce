// kubeconfig loading, the rules kubeconfig-rules.test.ts leaves open: the loader's options, the
// material handed to a certificate-files provider, what a user's unreadable files are called,
// the exec section's checks one by one, the oidc section's tokens and client secret reaching the
// provider, and no file descriptor left open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubexArgumentError, KubexConfigurationError, loadKubeconfig } from "../../../runtime/index.js";

const root = mkdtempSync(join(tmpdir(), "kubex-kc-load-rules-"));
let n = 0;
const b64 = (s: string) => Buffer.from(s).toString("base64");

function write(text: string): string {
  const path = join(root, `config-${n++}`);
  writeFileSync(path, text);
  return path;
}

const withUser = (user: string, cluster = `server: "https://a"`) =>
  write(`current-context: x\nclusters: [{ name: c, cluster: { ${cluster} } }]\nusers: [{ name: u, user: ${user} }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\n`);

function refused(path: string, message: string): void {
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.equal(e.message, `kubeconfig ${path}: ${message}`);
    return true;
  });
}

test("loadKubeconfig's options: an empty path and a context that is not a string are refused before anything is read", () => {
  for (const [options, message] of [[{ path: "" }, "options.path: must not be empty"], [{ context: 5 }, "options.context: must be a string"], [{ env: "x" }, "options.env: must be an object of environment variables"]] as const) {
    assert.throws(() => loadKubeconfig(options as never), (e: Error) => e instanceof KubexArgumentError && e.message === message, message);
  }
});

test("client certificate files: each unreadable one is named by its field; too large a file is refused without a cause", () => {
  writeFileSync(join(root, "ok.crt"), "CERT");
  writeFileSync(join(root, "ok.key"), "KEY");
  refused(withUser(`{ client-certificate: none.crt, client-key: ok.key }`), `cannot read client-certificate ${join(root, "none.crt")} (ENOENT)`);
  refused(withUser(`{ client-certificate: ok.crt, client-key: none.key }`), `cannot read client-key ${join(root, "none.key")} (ENOENT)`);
  const path = withUser(`{ token: t }`, `server: "https://a", certificate-authority: /dev/zero`);
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
    assert.equal(e.message, `kubeconfig ${path}: cannot read certificate-authority /dev/zero (too large: more than 16777216 bytes)`);
    assert.equal(e.cause, undefined);
    return true;
  });
});

test("certificate files: the provider hands out the pair read at load until the files change; inline data for either half gives no provider", async () => {
  writeFileSync(join(root, "pair.crt"), "PAIR-CERT");
  writeFileSync(join(root, "pair.key"), "PAIR-KEY");
  const c = loadKubeconfig({ path: withUser(`{ client-certificate: pair.crt, client-key: pair.key }`) });
  assert.deepEqual({ ...(await c.credentialProvider!.getCredentials({ forceRefresh: false })).clientCertificate }, { cert: "PAIR-CERT", key: "PAIR-KEY" });
  const half = loadKubeconfig({ path: withUser(`{ client-certificate-data: ${b64("DATA-CERT")}, client-key: pair.key }`) });
  assert.equal(half.credentialProvider, undefined);
  assert.deepEqual({ ...half.tls }, { cert: "DATA-CERT", key: "PAIR-KEY" });
});

test("exec section: an unknown apiVersion, an unnamed env entry among named ones are refused; every interactiveMode and named env entries are accepted", () => {
  const exec = (fields: string) => withUser(`{ exec: { command: get-token, ${fields} } }`);
  let path = exec(`apiVersion: client.authentication.k8s.io/v1alpha1`);
  refused(path, 'user "u": exec plugin "get-token": apiVersion must be one of client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1, not "client.authentication.k8s.io/v1alpha1"');
  path = exec(`apiVersion: client.authentication.k8s.io/v1beta1, env: [{ name: A, value: "1" }, { value: V }]`);
  refused(path, 'user "u": exec plugin "get-token": every `env` entry needs a name');
  for (const mode of ["Never", "IfAvailable", "Always"]) {
    assert.ok(loadKubeconfig({ path: exec(`apiVersion: client.authentication.k8s.io/v1, interactiveMode: ${mode}, env: [{ name: A, value: "1" }]`) }).credentialProvider, mode);
  }
});

test("oidc section: a valid id-token is used as is; an expired one is refreshed with the refresh-token and client-secret of the section", async () => {
  const forms: string[] = [];
  const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString("base64url")}.s`;
  const fresh = jwt(Math.floor(Date.now() / 1000) + 3600);
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === "/.well-known/openid-configuration") {
      res.end(JSON.stringify({ token_endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token` }));
      return;
    }
    forms.push(Buffer.concat(chunks).toString());
    res.end(JSON.stringify({ id_token: fresh }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const section = (idToken: string) => withUser(`{ auth-provider: { name: oidc, config: { client-id: k, client-secret: cs, idp-issuer-url: "${issuer}", id-token: "${idToken}", refresh-token: rt } } }`);
    const valid = jwt(Math.floor(Date.now() / 1000) + 600);
    assert.equal((await loadKubeconfig({ path: section(valid) }).credentialProvider!.getCredentials({ forceRefresh: false })).token, valid);
    assert.deepEqual(forms, [], "a valid id-token needs no refresh");
    assert.equal((await loadKubeconfig({ path: section(jwt(1)) }).credentialProvider!.getCredentials({ forceRefresh: false })).token, fresh);
    assert.deepEqual(forms.map((f) => Object.fromEntries(new URLSearchParams(f))), [{ grant_type: "refresh_token", refresh_token: "rt", client_id: "k", client_secret: "cs" }]);
  } finally {
    server.close();
  }
});

test("loading kubeconfigs, read or refused, leaves no file descriptor open", () => {
  writeFileSync(join(root, "fd.crt"), "CERT");
  const good = withUser(`{ token: t }`, `server: "https://a", certificate-authority: fd.crt`);
  const bad = write("a: [");
  const open = () => readdirSync("/proc/self/fd").length;
  const before = open();
  for (let i = 0; i < 20; i++) {
    loadKubeconfig({ path: good });
    assert.throws(() => loadKubeconfig({ path: bad }));
    assert.throws(() => loadKubeconfig({ path: root }));
  }
  assert.equal(open(), before);
});

test("an exec plugin with provideClusterInfo gets an inline certificate authority as certificate-authority-data, not the file variant", async () => {
  const pluginDir = join(root, "plugin-dir");
  mkdirSync(pluginDir);
  // The plugin hands back what it was given, as its token (base64: a token is one header value).
  writeFileSync(join(pluginDir, "plugin"), `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$(printf %s "$KUBERNETES_EXEC_INFO" | base64 | tr -d '\\n')"\n`, { mode: 0o755 });
  const path = join(pluginDir, "config");
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: { server: "https://a", certificate-authority-data: ${b64("INLINE-CA")}, certificate-authority: absent.pem } }]
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./plugin, provideClusterInfo: true } } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  const { token } = await loadKubeconfig({ path }).credentialProvider!.getCredentials({ forceRefresh: false });
  assert.deepEqual(JSON.parse(Buffer.from(token!, "base64").toString("utf8")).spec.cluster, { server: "https://a", "certificate-authority-data": b64("INLINE-CA") });
});
