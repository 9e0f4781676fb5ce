// The typed kubeconfig decoder, field by field: the exact decoded shape (absent and null fields
// leave no key), what a missing item name or value becomes, and each refusal's exact message
// naming the file, the entry and the field, never the value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexConfigurationError } from "../../../runtime/index.js";
import { decodeKubeconfig, decodeStdBase64 } from "../../../runtime/configuration/kubeconfig-decode.js";
import { parseKubeconfigYaml } from "../../../runtime/configuration/kubeconfig-yaml.js";

const decode = (yaml: string) => decodeKubeconfig(parseKubeconfigYaml(yaml), "f.yaml");
const b64 = (s: string) => Buffer.from(s).toString("base64");

function refused(yaml: string, message: string): void {
  assert.throws(() => decode(yaml), (e: Error) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.equal(e.message, `kubeconfig f.yaml: ${message}`);
    return true;
  }, yaml);
}

test("decodeStdBase64: standard padded base64 only, line breaks (LF and CR) ignored", () => {
  for (const [text, plain] of [["", ""], ["QQ==", "A"], ["QUI=", "AB"], ["QUJD", "ABC"], ["QUJD\nRA==", "ABCD"], ["QU\r\nJD", "ABC"], ["Q\rU\rJ\rD", "ABC"], ["+/+/", "\u00fb\u00ff\u00bf"]] as const) {
    assert.equal(decodeStdBase64(text)?.toString("latin1"), plain, JSON.stringify(text));
  }
  for (const text of ["Q", "QQ", "QQ=", "QUJ", "Q===", "QQ==QQ==", "=QUJD", "!QUJD", "QUJD!", "QU JD", "QU\tJD", "-_-_", "QUJDQ", "QUJDRA=", "QUJDRA"]) {
    assert.equal(decodeStdBase64(text), undefined, JSON.stringify(text));
  }
});

test("a full kubeconfig decodes to exactly its fields; absent and null fields leave no key", () => {
  const doc = decode(`apiVersion: v1
kind: Config
current-context: x
preferences: { colors: true }
clusters:
- name: c
  cluster:
    server: https://a
    certificate-authority: ca.pem
    certificate-authority-data: ${b64("CA")}
    insecure-skip-tls-verify: false
    tls-server-name: api
    proxy-url: http://p
    disable-compression: true
    extensions: [{ name: e, extension: { k: [1, yes, ~] } }, { extension: 5 }, { name: only }]
    unknown-field: ignored
- name: empty
  cluster: ~
- name: bare
users:
- name: u
  user:
    token: t
    tokenFile: tf
    username: un
    password: pw
    client-certificate: cc
    client-certificate-data: ${b64("CERT")}
    client-key: ck
    client-key-data: ${b64("KEY")}
    as: jane
    as-uid: "7"
    as-groups: [g1, g2]
    as-user-extra: { scopes: [a, b], none: ~ }
    exec: { command: plug, args: [--x], env: [{ name: NA, value: V }, { name: MB }, { value: W }], apiVersion: client.authentication.k8s.io/v1, installHint: hint, provideClusterInfo: true, interactiveMode: Never }
    auth-provider: { name: oidc, config: { client-id: id, empty: ~ } }
- name: nulls
  user: { token: ~, exec: ~, auth-provider: ~, as-groups: ~, extensions: ~ }
- name: minimal
  user: { exec: {}, auth-provider: {} }
contexts:
- name: x
  context: { cluster: c, user: u, namespace: ns, extensions: [] }
- name: other
  context: ~
`);
  assert.deepEqual(doc, {
    apiVersion: "v1",
    kind: "Config",
    "current-context": "x",
    clusters: [
      {
        name: "c",
        cluster: {
          server: "https://a",
          "certificate-authority": "ca.pem",
          "certificate-authority-data": "CA",
          "insecure-skip-tls-verify": false,
          "tls-server-name": "api",
          "proxy-url": "http://p",
          "disable-compression": true,
          extensions: [{ name: "e", extension: { k: [1, true, null] } }, { name: "", extension: 5 }, { name: "only" }],
        },
      },
      { name: "empty", cluster: {} },
      { name: "bare", cluster: {} },
    ],
    users: [
      {
        name: "u",
        user: {
          token: "t",
          tokenFile: "tf",
          username: "un",
          password: "pw",
          "client-certificate": "cc",
          "client-certificate-data": "CERT",
          "client-key": "ck",
          "client-key-data": "KEY",
          as: "jane",
          "as-uid": "7",
          "as-groups": ["g1", "g2"],
          "as-user-extra": { scopes: ["a", "b"], none: [] },
          exec: {
            command: "plug",
            args: ["--x"],
            env: [{ name: "NA", value: "V" }, { name: "MB", value: "" }, { name: "", value: "W" }],
            apiVersion: "client.authentication.k8s.io/v1",
            installHint: "hint",
            provideClusterInfo: true,
            interactiveMode: "Never",
          },
          "auth-provider": { name: "oidc", config: { "client-id": "id", empty: "" } },
        },
      },
      { name: "nulls", user: {} },
      { name: "minimal", user: { exec: { command: "" }, "auth-provider": { name: "" } } },
    ],
    contexts: [
      { name: "x", context: { cluster: "c", user: "u", namespace: "ns" } },
      { name: "other", context: {} },
    ],
  });
});

test("an empty document decodes to nothing; a scalar or list at the top level is refused naming its kind", () => {
  assert.deepEqual(decode(""), {});
  assert.deepEqual(decode("~"), {});
  assert.deepEqual(decode("{}"), {});
  refused("hello", "expected a mapping at the top level, not a string");
  refused("5", "expected a mapping at the top level, not a number");
  refused("true", "expected a mapping at the top level, not a boolean");
  refused("[a]", "expected a mapping at the top level, not a list");
});

test("every kind is named in a refusal: null, a boolean, a string, a number, a list, a mapping", () => {
  refused("clusters: [~]", "`clusters[0]` must be a mapping with name and cluster, not null");
  refused("users: [yes]", "`users[0]` must be a mapping with name and user, not a boolean");
  refused("contexts: [x]", "`contexts[0]` must be a mapping with name and context, not a string");
  refused("clusters: [5]", "`clusters[0]` must be a mapping with name and cluster, not a number");
  refused("clusters: [[]]", "`clusters[0]` must be a mapping with name and cluster, not a list");
  refused("clusters: 5", "`clusters` must be a list, not a number");
  refused("clusters: [{ name: ~ }]", "`clusters[0].name` is missing");
  refused("clusters: [{ name: [a] }]", "`clusters[0].name` must be a string, not a list");
  refused("clusters: [{ name: c, cluster: 5 }]", 'cluster "c": `cluster` must be a mapping, not a number');
  refused("users: [{ name: u, user: [a] }]", 'user "u": `user` must be a mapping, not a list');
  refused("contexts: [{ name: x, context: yes }]", 'context "x": `context` must be a mapping, not a boolean');
  refused("users: [{ name: u, user: { exec: { command: p, args: [a, ~] } } }]", 'user "u": `exec.args[1]` must be a string, not null');
  refused("users: [{ name: u, user: { exec: { command: p, args: [a, { b: c }] } } }]", 'user "u": `exec.args[1]` must be a string, not a mapping');
  refused("users: [{ name: u, user: { exec: { command: p, env: [5] } } }]", 'user "u": `exec.env[0]` must be a mapping, not a number');
  refused("users: [{ name: u, user: { token: { a: b } } }]", 'user "u": `token` must be a string, not a mapping');
  refused("users: [{ name: u, user: { as-groups: { a: b } } }]", 'user "u": `as-groups` must be a list of strings, not a mapping');
  refused("users: [{ name: u, user: { as-user-extra: 5 } }]", 'user "u": `as-user-extra` must be a mapping, not a number');
  refused("clusters: [{ name: c, cluster: { insecure-skip-tls-verify: [true] } }]", 'cluster "c": `insecure-skip-tls-verify` must be true or false, not a list');
  refused("clusters: [{ name: c, cluster: { extensions: { a: b } } }]", 'cluster "c": `extensions` must be a list, not a mapping');
  refused("preferences: 5", "`preferences` must be a mapping, not a number");
  refused("preferences: { extensions: [5] }", "`preferences.extensions[0]` must be a mapping, not a number");
  refused("preferences: { colors: 1 }", "`preferences.colors` must be true or false, not a number");
  refused("extensions: [{ name: [x] }]", "`extensions[0].name` must be a string, not a list");
  refused("apiVersion: 1", "`apiVersion` must be a string, not a number");
  refused("kind: [Config]", "`kind` must be a string, not a list");
});

test("header values with a control character are refused by field, tab allowed; the value is never quoted", () => {
  const user = (fields: string) => `users: [{ name: u, user: { ${fields} } }]`;
  const message = "holds a control character, which no HTTP header may carry";
  refused(user('token: "sec\\u0001ret"'), `user "u": \`token\` ${message}`);
  refused(user('as: "a\\nb"'), `user "u": \`as\` ${message}`);
  refused(user('as-uid: "a\\rb"'), `user "u": \`as-uid\` ${message}`);
  refused(user('as-groups: [ok, "a\\u0000b"]'), `user "u": \`as-groups[1]\` ${message}`);
  refused(user('as-user-extra: { ok: [v], "k\\u0001": [v] }'), `user "u": \`as-user-extra\` ${message}`);
  refused(user('as-user-extra: { k: [v, "x\\u007f"] }'), `user "u": \`as-user-extra.k[1]\` ${message}`);
  assert.equal(decode(user('token: "a\\tb", as: "c\\td"')).users?.[0]?.user?.token, "a\tb");
  refused(user("client-key-data: 'S0VZ secret'"), 'user "u": `client-key-data` is not valid base64');
  refused(user("client-certificate-data: 'abc'"), 'user "u": `client-certificate-data` is not valid base64');
});
