// kubeconfig loading, rule by rule: which files are read, how a KUBECONFIG list merges (checked
// against `kubectl config view --raw`), the defaults, and the exact refusals naming file and entry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { inspect } from "node:util";
import { KubexConfigurationError, kubeconfigPaths, loadKubeconfig } from "../../../runtime/index.js";

const root = mkdtempSync(join(tmpdir(), "kubex-kc-rules-"));
let n = 0;

function write(text: string, name = `config-${n++}`): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

/** Asserts a KubexConfigurationError with exactly this message. */
function refused(run: () => unknown, message: string): void {
  assert.throws(run, (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

test("kubeconfigPaths: path alone; else KUBECONFIG's non-empty entries in order; else HOME/.kube/config; else the home directory's", () => {
  assert.deepEqual(kubeconfigPaths({ path: "/x/config", env: { KUBECONFIG: "/a" } }), ["/x/config"]);
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: `${delimiter}/a${delimiter}${delimiter}/b${delimiter}`, HOME: "/h" } }), ["/a", "/b"]);
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: delimiter, HOME: "/h" } }), [join("/h", ".kube", "config")]);
  assert.deepEqual(kubeconfigPaths({ env: { KUBECONFIG: "", HOME: "/h" } }), [join("/h", ".kube", "config")]);
  assert.deepEqual(kubeconfigPaths({ path: "", env: { HOME: "/h" } }), [join("/h", ".kube", "config")]);
  assert.deepEqual(kubeconfigPaths({ env: {} }), [join(homedir(), ".kube", "config")]);
});

test("no file of the list exists: the message lists every path looked at", () => {
  const a = join(root, "absent-a");
  const b = join(root, "absent-b");
  refused(() => loadKubeconfig({ env: { KUBECONFIG: [a, b].join(delimiter) } }), `no kubeconfig found (looked in ${a}, ${b})`);
  refused(() => loadKubeconfig({ env: { HOME: root } }), `no kubeconfig found (looked in ${join(root, ".kube", "config")})`);
});

test("merge as kubectl: an empty current-context is skipped for the next file's; the first file's cluster wins", () => {
  const a = write(`current-context: ""\nclusters: [{ name: c, cluster: { server: "https://a" } }]\n`);
  const b = write(`current-context: two\ncontexts: [{ name: two, context: { cluster: c } }]\nclusters: [{ name: c, cluster: { server: "https://b" } }]\n`);
  const c = loadKubeconfig({ env: { KUBECONFIG: [a, b].join(delimiter) } });
  assert.equal(c.server, "https://a");
  assert.equal(c.namespace, "default");
  // The second file's current-context does not replace the first's.
  const first = write(`current-context: one\ncontexts: [{ name: one, context: { cluster: c, namespace: first } }, { name: two, context: { cluster: c, namespace: shadowed } }]\n`);
  const both = loadKubeconfig({ env: { KUBECONFIG: [first, b, a].join(delimiter) } });
  assert.equal(both.namespace, "first");
  assert.equal(both.server, "https://b");
  assert.equal(loadKubeconfig({ env: { KUBECONFIG: [first, b].join(delimiter) }, context: "two" }).namespace, "shadowed", "the first file's context of that name wins");
});

test("messages about the whole merge name every file read, in order; messages about an entry name the file it came from", () => {
  const a = write(`clusters: [{ name: c, cluster: { server: "https://a" } }]\n`);
  const b = write(`contexts: [{ name: x, context: { cluster: c, user: ghost } }, { name: cy, context: { cluster: gone } }, { name: cz, context: { user: u } }]\n`);
  const env = { KUBECONFIG: [a, join(root, "absent"), b].join(delimiter) };
  refused(() => loadKubeconfig({ env }), `kubeconfig ${a}, ${b}: no current-context and no context chosen`);
  refused(() => loadKubeconfig({ env, context: "nope" }), `kubeconfig ${a}, ${b}: context "nope" not found`);
  refused(() => loadKubeconfig({ env, context: "x" }), `kubeconfig ${b}: context "x" names user "ghost", which is not defined`);
  refused(() => loadKubeconfig({ env, context: "cy" }), `kubeconfig ${b}: context "cy" names cluster "gone", which is not defined`);
  refused(() => loadKubeconfig({ env, context: "cz" }), `kubeconfig ${b}: context "cz" names cluster "", which is not defined`);
  const unnamed = write(`current-context: x\nclusters: [{ name: c }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  refused(() => loadKubeconfig({ path: unnamed }), `kubeconfig ${unnamed}: cluster "c" has no server`);
  const bare = write(`current-context: x\nclusters: [{ name: c, cluster: { server: "https://a" } }]\ncontexts: [{ name: x }]\n`);
  refused(() => loadKubeconfig({ path: bare }), `kubeconfig ${bare}: context "x" names cluster "", which is not defined`);
});

test("the chosen context overrides current-context; a user entry without a body is an empty user", () => {
  const path = write(`current-context: x
clusters: [{ name: c, cluster: { server: "https://a" } }, { name: d, cluster: { server: "https://d" } }]
users: [{ name: u }]
contexts: [{ name: x, context: { cluster: c } }, { name: cy, context: { cluster: d, user: u, namespace: "" } }]
`);
  const c = loadKubeconfig({ path, context: "cy" });
  assert.equal(c.server, "https://d");
  assert.equal(c.namespace, "default", "an empty namespace is the default one");
  assert.deepEqual(Object.keys(c).sort(), ["namespace", "server", "tls"]);
  assert.deepEqual(c.tls, {});
});

test("server and proxy-url must be URLs; proxy-url must use http, https or socks5 (as kubectl refuses ftp); neither value is quoted", () => {
  const kc = (cluster: string) => write(`current-context: x\nclusters: [{ name: c, cluster: { ${cluster} } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  let path = kc(`server: "no scheme secret"`);
  refused(() => loadKubeconfig({ path }), `kubeconfig ${path}: cluster "c" server is not a URL`);
  path = kc(`server: "https://a", proxy-url: "http://u:pw-secret@ bad"`);
  refused(() => loadKubeconfig({ path }), `kubeconfig ${path}: cluster "c": \`proxy-url\` is not a URL`);
  path = kc(`server: "https://a", proxy-url: "ftp://u:pw-secret@p"`);
  refused(() => loadKubeconfig({ path }), `kubeconfig ${path}: cluster "c": \`proxy-url\` must use http, https or socks5`);
  for (const proxy of ["http://p:1", "https://p:1", "socks5://p:1"]) assert.equal(loadKubeconfig({ path: kc(`server: "https://a", proxy-url: "${proxy}"`) }).proxyUrl, proxy);
  assert.equal(loadKubeconfig({ path: kc(`server: "https://a", proxy-url: ""`) }).proxyUrl, undefined);
  const tls = loadKubeconfig({ path: kc(`server: "https://a", tls-server-name: "", insecure-skip-tls-verify: false`) }).tls;
  assert.deepEqual(tls, {});
});

test("a certificate authority from a file with insecure-skip-tls-verify is refused too", () => {
  writeFileSync(join(root, "ca.pem"), "CA");
  const path = write(`current-context: x\nclusters: [{ name: c, cluster: { server: "https://a", certificate-authority: ca.pem, insecure-skip-tls-verify: true } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  refused(() => loadKubeconfig({ path }), `kubeconfig ${path}: cluster "c": \`insecure-skip-tls-verify\` cannot be combined with a certificate authority (kubectl refuses it too)`);
});

test("a user's relative files resolve against the user's own file; certificate files become a rotating provider, with a token file combined", () => {
  const userDir = join(root, "user-dir");
  mkdirSync(userDir);
  writeFileSync(join(userDir, "c.crt"), "CERT");
  writeFileSync(join(userDir, "c.key"), "KEY-secret");
  writeFileSync(join(userDir, "token"), "tok");
  const users = join(userDir, "users.yaml");
  writeFileSync(users, `users: [{ name: u, user: { client-certificate: c.crt, client-key: c.key } }, { name: t, user: { client-certificate: c.crt, client-key: c.key, tokenFile: token } }, { name: k, user: { client-key: c.key } }]\n`);
  const main = write(`current-context: x\nclusters: [{ name: c, cluster: { server: "https://a" } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }, { name: cy, context: { cluster: c, user: t } }, { name: cz, context: { cluster: c, user: k } }]\n`);
  const env = { KUBECONFIG: [main, users].join(delimiter) };
  const c = loadKubeconfig({ env });
  assert.equal(c.tls.cert, "CERT");
  assert.equal(c.tls.key, "KEY-secret");
  assert.deepEqual(JSON.parse(JSON.stringify(c.credentialProvider)), { provider: "CertificateFilesProvider", certPath: join(userDir, "c.crt"), keyPath: join(userDir, "c.key") });
  const t = loadKubeconfig({ env, context: "cy" });
  const printed = JSON.parse(JSON.stringify(t.credentialProvider));
  assert.equal(printed.provider, "CombinedProvider");
  assert.deepEqual(printed.providers.map((p: { provider: string }) => p.provider), ["CertificateFilesProvider", "TokenFileProvider"]);
  refused(() => loadKubeconfig({ env, context: "cz" }), `kubeconfig ${users}: user "k" needs both a client certificate and a client key`);
  assert.ok(!inspect(t, { depth: 10 }).includes("KEY-secret"));
});

test("inline certificate data is not a rotating provider; data wins over the file variant", () => {
  writeFileSync(join(root, "other.crt"), "FILE-CERT");
  const path = write(`current-context: x
clusters: [{ name: c, cluster: { server: "https://a", certificate-authority-data: ${b64("DATA-CA")}, certificate-authority: absent.pem } }]
users: [{ name: u, user: { client-certificate-data: ${b64("DATA-CERT")}, client-certificate: other.crt, client-key-data: ${b64("DATA-KEY")} } }, { name: v, user: { client-certificate: other.crt, client-key-data: ${b64("DATA-KEY")} } }]
contexts: [{ name: x, context: { cluster: c, user: u } }, { name: cy, context: { cluster: c, user: v } }]
`);
  const c = loadKubeconfig({ path });
  assert.deepEqual(c.tls, { ca: "DATA-CA", cert: "DATA-CERT", key: "DATA-KEY" });
  assert.equal(c.credentialProvider, undefined);
  const v = loadKubeconfig({ path, context: "cy" });
  assert.deepEqual(v.tls, { ca: "DATA-CA", cert: "FILE-CERT", key: "DATA-KEY" });
  assert.equal(v.credentialProvider, undefined, "half inline: nothing to watch as a pair");
});

test("token wins over tokenFile; username without password has an empty password; impersonation from any one of its fields", () => {
  const path = write(`current-context: x
clusters: [{ name: c, cluster: { server: "https://a" } }]
users: [{ name: a, user: { token: t, tokenFile: nowhere } }, { name: b, user: { username: bob } }, { name: c, user: { as-uid: "7" } }, { name: d, user: { as-groups: [g] } }, { name: e, user: { as-user-extra: { k: [v] } } }, { name: f, user: { as: "", token: "" } }]
contexts: [{ name: x, context: { cluster: c, user: a } }, { name: b, context: { cluster: c, user: b } }, { name: c, context: { cluster: c, user: c } }, { name: d, context: { cluster: c, user: d } }, { name: e, context: { cluster: c, user: e } }, { name: f, context: { cluster: c, user: f } }]
`);
  const a = loadKubeconfig({ path });
  assert.equal(a.token, "t");
  assert.equal(a.credentialProvider, undefined);
  const b = loadKubeconfig({ path, context: "b" });
  assert.equal(b.username, "bob");
  assert.equal(b.password, "");
  assert.deepEqual(loadKubeconfig({ path, context: "c" }).impersonate, { user: undefined, uid: "7", groups: undefined, extra: undefined });
  assert.deepEqual(loadKubeconfig({ path, context: "d" }).impersonate, { user: undefined, uid: undefined, groups: ["g"], extra: undefined });
  assert.deepEqual(loadKubeconfig({ path, context: "e" }).impersonate, { user: undefined, uid: undefined, groups: undefined, extra: { k: ["v"] } });
  const f = loadKubeconfig({ path, context: "f" });
  assert.equal(f.impersonate, undefined);
  assert.equal(f.token, undefined);
  assert.deepEqual(Object.keys(f).sort(), ["namespace", "server", "tls"]);
});

test("a kubeconfig or a file it names that cannot be read: the error code, and a cause without the path", () => {
  const dirPath = join(root, "a-directory");
  mkdirSync(dirPath);
  assert.throws(() => loadKubeconfig({ path: dirPath }), (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError);
    assert.equal(e.message, `kubeconfig ${dirPath}: cannot read (EISDIR)`);
    assert.ok(e.cause instanceof Error);
    assert.equal((e.cause as NodeJS.ErrnoException).code, "EISDIR");
    assert.ok(!inspect(e.cause).includes(dirPath));
    return true;
  });
  const path = write(`current-context: x\nclusters: [{ name: c, cluster: { server: "https://a", certificate-authority: a-directory } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n`);
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => {
    assert.equal(e.message, `kubeconfig ${path}: cannot read certificate-authority ${dirPath} (EISDIR)`);
    assert.equal((e.cause as NodeJS.ErrnoException).code, "EISDIR");
    return true;
  });
  const big = write("#".repeat(16 * 1024 * 1024 + 1));
  assert.throws(() => loadKubeconfig({ path: big }), (e: Error) => e.message === `kubeconfig ${big}: cannot read (too large: more than 16777216 bytes)` && e.cause === undefined);
  const exact = write(`current-context: x\nclusters: [{ name: c, cluster: { server: "https://a" } }]\ncontexts: [{ name: x, context: { cluster: c } }]\n#`.padEnd(16 * 1024 * 1024, "#"));
  assert.equal(loadKubeconfig({ path: exact }).server, "https://a", "exactly 16 MiB is read");
});

test("an exec plugin gets the cluster's settings in KUBERNETES_EXEC_INFO exactly as set, false and empty ones left out; a relative command resolves against the user's file", async () => {
  const pluginDir = join(root, "plugin-dir");
  mkdirSync(pluginDir);
  // The plugin hands back what it was given, as its token (base64: a token is one header value).
  writeFileSync(join(pluginDir, "plugin"), `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$(printf %s "$KUBERNETES_EXEC_INFO" | base64 | tr -d '\\n')"\n`, { mode: 0o755 });
  const users = join(pluginDir, "users.yaml");
  writeFileSync(users, `users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ./plugin, provideClusterInfo: true } } }]\n`);
  const main = write(`current-context: x
clusters:
- { name: c, cluster: { server: "https://a", tls-server-name: "", insecure-skip-tls-verify: false, disable-compression: false, proxy-url: "", extensions: [{ name: other, extension: 1 }] } }
- { name: d, cluster: { server: "https://d", tls-server-name: api, insecure-skip-tls-verify: true, disable-compression: true, extensions: [{ name: client.authentication.k8s.io/exec, extension: { a: 1 } }] } }
contexts: [{ name: x, context: { cluster: c, user: u } }, { name: cy, context: { cluster: d, user: u } }]
`);
  const env = { KUBECONFIG: [main, users].join(delimiter) };
  const info = async (context?: string) => {
    const c = loadKubeconfig({ env, ...(context ? { context } : {}) });
    const { token } = await c.credentialProvider!.getCredentials({ forceRefresh: false });
    return JSON.parse(Buffer.from(token!, "base64").toString("utf8")).spec.cluster;
  };
  assert.deepEqual(await info(), { server: "https://a" });
  assert.deepEqual(await info("cy"), { server: "https://d", "insecure-skip-tls-verify": true, "tls-server-name": "api", "disable-compression": true, config: { a: 1 } });
});

test("a YAML refusal carries its position when it has one, and nothing of the source line", () => {
  const alias = write("current-context: *nope\n");
  refused(() => loadKubeconfig({ path: alias }), `kubeconfig ${alias}: an alias names no anchor`);
  const tagged = write("current-context: x\nusers: [{ name: u, user: { token: !!binary c2VjcmV0 } }]\n");
  refused(() => loadKubeconfig({ path: tagged }), `kubeconfig ${tagged}: explicit YAML tags other than !!str are not supported (line 2, column 44)`);
});
