// kubeconfig loading: merging as kubectl merges, relative paths, every field, and errors that name the problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { KubexConfigurationError, loadKubeconfig, TokenFileProvider } from "../../../runtime/index.js";

function dir(): string {
  return mkdtempSync(join(tmpdir(), "kubex-kc-"));
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

function write(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

test("KUBECONFIG files merge: the first file wins for each name and for current-context", () => {
  const d = dir();
  const first = write(join(d, "a.yaml"), `
current-context: one
clusters: [{ name: c1, cluster: { server: "https://first:6443" } }]
users: [{ name: u1, user: { token: first-token } }]
contexts: [{ name: one, context: { cluster: c1, user: u1, namespace: team-a } }]
`);
  const second = write(join(d, "b.yaml"), `
current-context: two
clusters: [{ name: c1, cluster: { server: "https://second:6443" } }, { name: c2, cluster: { server: "https://c2:6443" } }]
users: [{ name: u1, user: { token: second-token } }, { name: u2, user: { username: bob, password: pw } }]
contexts: [{ name: two, context: { cluster: c2, user: u2 } }]
`);
  const env = { KUBECONFIG: [join(d, "missing.yaml"), first, second].join(":") };
  const one = loadKubeconfig({ env });
  assert.equal(one.server, "https://first:6443");
  assert.equal(one.token, "first-token");
  assert.equal(one.namespace, "team-a");
  const two = loadKubeconfig({ env, context: "two" });
  assert.equal(two.server, "https://c2:6443");
  assert.equal(two.namespace, "default");
  assert.equal(two.username, "bob");
  assert.equal(two.password, "pw");
});

test("data fields, file fields relative to the kubeconfig, tls-server-name, proxy-url, impersonation", () => {
  const d = dir();
  mkdirSync(join(d, "certs"));
  write(join(d, "certs/ca.crt"), "CA-PEM");
  write(join(d, "certs/token"), "file-token\n");
  const path = write(join(d, "config"), `
current-context: ctx
clusters:
- name: c
  cluster:
    server: https://api:6443
    certificate-authority: certs/ca.crt
    tls-server-name: api.internal
    proxy-url: http://proxy:3128
users:
- name: u
  user:
    client-certificate-data: ${b64("CERT-PEM")}
    client-key-data: ${b64("KEY-PEM")}
    tokenFile: certs/token
    as: jane
    as-uid: "7"
    as-groups: [dev, ops]
    as-user-extra: { scopes: [view] }
contexts: [{ name: ctx, context: { cluster: c, user: u, namespace: ns } }]
`);
  const c = loadKubeconfig({ path });
  assert.deepEqual(c.tls, { ca: "CA-PEM", cert: "CERT-PEM", key: "KEY-PEM", serverName: "api.internal" });
  assert.equal(c.proxyUrl, "http://proxy:3128");
  assert.deepEqual(c.impersonate, { user: "jane", uid: "7", groups: ["dev", "ops"], extra: { scopes: ["view"] } });
  assert.ok(c.credentialProvider instanceof TokenFileProvider);
  assert.equal((c.credentialProvider as TokenFileProvider).path, join(d, "certs/token"));
});

test("broken kubeconfigs get a KubexConfigurationError with the exact message: the file, the entry, the problem, never the secret", () => {
  const d = dir();
  const kc = (user: string) => `current-context: x\nclusters: [{name: c, cluster: {server: 'https://a'}}]\nusers: [{name: u, user: ${user}}]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\n`;
  const cases: [string, string][] = [
    ["clusters: [unclosed\n  token: hunter2", "not valid YAML (line 1, column 12)"],
    ["- just\n- a list", "expected a mapping at the top level, not a list"],
    ["clusters: {}\n", "`clusters` must be a list, not a mapping"],
    ["contexts: [{ name: x, context: { cluster: c } }]\n", "no current-context and no context chosen"],
    ["current-context: nope\ncontexts: []\n", 'context "nope" not found'],
    ["current-context: x\ncontexts: [{ name: x, context: { cluster: gone } }]\n", 'context "x" names cluster "gone", which is not defined'],
    ["current-context: x\nclusters: [{name: c, cluster: {server: 'https://a'}}]\ncontexts: [{ name: x, context: { cluster: c, user: ghost } }]\n", 'context "x" names user "ghost", which is not defined'],
    ["current-context: x\nclusters: [{name: c, cluster: {server: 'https://a', certificate-authority-data: 'not base64!'}}]\ncontexts: [{ name: x, context: { cluster: c } }]\n", 'cluster "c": `certificate-authority-data` is not valid base64'],
    ["current-context: x\nclusters: [{name: c, cluster: {server: 'https://a', certificate-authority: missing.crt}}]\ncontexts: [{ name: x, context: { cluster: c } }]\n", `cannot read certificate-authority ${join(d, "missing.crt")} (ENOENT)`],
    ["current-context: x\nclusters: [{name: c, cluster: {}}]\ncontexts: [{ name: x, context: { cluster: c } }]\n", 'cluster "c" has no server'],
    [kc("{client-certificate-data: Q0VSVA==}"), 'user "u" needs both a client certificate and a client key'],
    [kc("{exec: {command: get-token}}"), 'user "u": exec plugin "get-token": apiVersion must be one of client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1, not ""'],
    [kc("{exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token, args: --flag}}"), 'user "u": `exec.args` must be a list of strings, not a string'],
    [kc("{exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token, interactiveMode: Never, env: [{value: V}]}}"), 'user "u": exec plugin "get-token": every `env` entry needs a name'],
    [kc("{exec: {apiVersion: client.authentication.k8s.io/v1}}"), 'user "u": exec plugin: `command` is required'],
    [kc("{exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token}}"), 'user "u": exec plugin "get-token": interactiveMode is required with client.authentication.k8s.io/v1 (Never, IfAvailable or Always)'],
    [kc("{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: get-token, interactiveMode: Sometimes}}"), 'user "u": exec plugin "get-token": interactiveMode must be Never, IfAvailable or Always, not "Sometimes"'],
    ["current-context: x\nclusters: [{name: c, cluster: {server: 'https://a', insecure-skip-tls-verify: true, certificate-authority-data: Q0VSVA==}}]\ncontexts: [{ name: x, context: { cluster: c } }]\n", 'cluster "c": `insecure-skip-tls-verify` cannot be combined with a certificate authority (kubectl refuses it too)'],
    [kc("{auth-provider: {name: gcp}}"), 'user "u": auth-provider "gcp" is not supported (only oidc; use an exec plugin)'],
    [kc("{auth-provider: {name: oidc, config: {idp-certificate-authority-data: 'a b'}}}"), 'user "u": `auth-provider.config.idp-certificate-authority-data` is not valid base64'],
  ];
  cases.forEach(([text, message], i) => {
    const path = write(join(d, `bad-${i}.yaml`), text);
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
      assert.ok(e instanceof KubexConfigurationError, e.message);
      assert.equal(e.message, `kubeconfig ${path}: ${message}`);
      assert.ok(!inspect(e).includes("hunter2"));
      return true;
    });
  });
  const absent = join(d, "absent");
  assert.throws(() => loadKubeconfig({ path: absent }), (e: Error) => e instanceof KubexConfigurationError && e.message === `kubeconfig ${absent}: cannot read (ENOENT)`);
  assert.throws(() => loadKubeconfig({ env: { KUBECONFIG: absent } }), (e: Error) => e instanceof KubexConfigurationError && e.message === `no kubeconfig found (looked in ${absent})`);
});

test("printing a configuration never shows the token, password, key or proxy password", () => {
  const d = dir();
  const path = write(join(d, "config"), `
current-context: x
clusters: [{ name: c, cluster: { server: "https://a", proxy-url: "http://user:proxy-pass@proxy:1" } }]
users: [{ name: u, user: { token: tok-secret, username: u, password: pw-secret, client-certificate-data: ${b64("CERT")}, client-key-data: ${b64("KEY-secret")} } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
`);
  const c = loadKubeconfig({ path });
  assert.equal(c.token, "tok-secret", "the value itself stays usable");
  for (const printed of [inspect(c, { depth: 10 }), JSON.stringify(c)]) {
    for (const secret of ["tok-secret", "pw-secret", "KEY-secret", "proxy-pass"]) assert.ok(!printed.includes(secret), `${secret} in ${printed}`);
    assert.match(printed, /redacted/);
  }
});

test("insecure-skip-tls-verify without a certificate authority is honoured", () => {
  const d = dir();
  const path = write(join(d, "config"), `current-context: x\nclusters: [{name: c, cluster: {server: 'https://a', insecure-skip-tls-verify: true}}]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  assert.deepEqual(loadKubeconfig({ path }).tls, { insecureSkipVerify: true });
});
