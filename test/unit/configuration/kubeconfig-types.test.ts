// kubeconfig fields get exactly the types kubectl's decoder gives them: YAML 1.1
// booleans, no number where a string belongs, lists and maps of the right shape.
// The expected results were taken from kubectl (`kubectl config view --raw -o json`);
// test/e2e/configuration.test.ts compares against kubectl itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { KubexConfigurationError, loadKubeconfig, type ClientConfiguration } from "../../../runtime/index.js";

const d = mkdtempSync(join(tmpdir(), "kubex-kct-"));
let n = 0;

/** A kubeconfig with one cluster "c", user "u" and context "x"; each part is YAML lines indented under its entry. */
function kubeconfig(parts: { cluster?: string; user?: string; context?: string; top?: string }): string {
  const path = join(d, `config-${n++}`);
  const indent = (text = "") => text.split("\n").map((l) => `    ${l}`).join("\n");
  writeFileSync(path, `${parts.top ?? "current-context: x"}
clusters:
- name: c
  cluster:
    server: https://api:6443
${indent(parts.cluster)}
users:
- name: u
  user:
${indent(parts.user ?? "username: someone")}
contexts:
- name: x
  context:
    cluster: c
    user: u
${indent(parts.context)}
`);
  return path;
}

function refusal(path: string, entry: string, field: string): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof KubexConfigurationError, String(e));
    assert.ok(e.message.startsWith(`kubeconfig ${path}: ${entry}: \`${field}\` `), e.message);
    return true;
  };
}

// YAML 1.1 as kubectl reads it: these unquoted words are booleans.
const trueWords = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const falseWords = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

test("insecure-skip-tls-verify: the unquoted YAML 1.1 booleans as kubectl reads them; null is unset", () => {
  for (const word of trueWords) assert.equal(loadKubeconfig({ path: kubeconfig({ cluster: `insecure-skip-tls-verify: ${word}` }) }).tls.insecureSkipVerify, true, word);
  for (const word of [...falseWords, "~", "null", ""]) {
    assert.equal(loadKubeconfig({ path: kubeconfig({ cluster: `insecure-skip-tls-verify: ${word}` }) }).tls.insecureSkipVerify, undefined, word);
  }
});

test("insecure-skip-tls-verify quoted (\"false\", 'no', \"\"), a number or a list is refused naming the file, the cluster and the field; verification is never turned off", () => {
  for (const spelling of ['"false"', '"true"', "'no'", "'off'", '"n"', '""', "0", "1", "[true]", "{a: b}", "!!str true", "tRue"]) {
    const path = kubeconfig({ cluster: `insecure-skip-tls-verify: ${spelling}` });
    assert.throws(() => loadKubeconfig({ path }), refusal(path, 'cluster "c"', "insecure-skip-tls-verify"), spelling);
  }
  const path = kubeconfig({ cluster: `insecure-skip-tls-verify: "false"` });
  assert.throws(() => loadKubeconfig({ path }), /must be true or false, not a string \(a quoted value is a string\)/);
});

test("every boolean field is strict: exec provideClusterInfo and disable-compression", () => {
  const exec = (value: string) => `exec: { apiVersion: client.authentication.k8s.io/v1, command: plugin, provideClusterInfo: ${value} }`;
  let path = kubeconfig({ user: exec('"false"') });
  assert.throws(() => loadKubeconfig({ path }), refusal(path, 'user "u"', "exec.provideClusterInfo"));
  path = kubeconfig({ cluster: "disable-compression: 'yes'" });
  assert.throws(() => loadKubeconfig({ path }), refusal(path, 'cluster "c"', "disable-compression"));
});

test("a number, boolean, list or mapping where a string belongs is refused, never turned into text", () => {
  const cases: [part: "cluster" | "user" | "context", yaml: string, entry: string, field: string][] = [
    ["user", "token: 123", 'user "u"', "token"],
    ["user", "token: 0x1F", 'user "u"', "token"],
    ["user", "password: yes", 'user "u"', "password"],
    ["user", "username: [a]", 'user "u"', "username"],
    ["user", "as: 1e3", 'user "u"', "as"],
    ["user", "as-uid: 7", 'user "u"', "as-uid"],
    ["user", "tokenFile: {a: b}", 'user "u"', "tokenFile"],
    ["cluster", "tls-server-name: 1_000", 'cluster "c"', "tls-server-name"],
    ["cluster", "proxy-url: on", 'cluster "c"', "proxy-url"],
    ["cluster", "certificate-authority: .5", 'cluster "c"', "certificate-authority"],
    ["context", "namespace: off", 'context "x"', "namespace"],
    ["context", "namespace: 0777", 'context "x"', "namespace"],
    ["context", "namespace: .inf", 'context "x"', "namespace"],
  ];
  for (const [part, yaml, entry, field] of cases) {
    const path = kubeconfig({ [part]: yaml });
    assert.throws(() => loadKubeconfig({ path }), refusal(path, entry, field), yaml);
  }
  const top = kubeconfig({ top: "current-context: 1" });
  assert.throws(() => loadKubeconfig({ path: top }), (e: Error) => e instanceof KubexConfigurationError && e.message === `kubeconfig ${top}: \`current-context\` must be a string, not a number`);
});

test("plain scalars that are strings to kubectl stay the same text: dates, sexagesimal, dotted versions, quoted numbers", () => {
  for (const [yaml, namespace] of [["2001-12-14", "2001-12-14"], ["1:20", "1:20"], ["1.2.3", "1.2.3"], ["'123'", "123"], ['"off"', "off"], ["tRue", "tRue"], ["_1", "_1"], ["0x", "0x"], ["1e", "1e"]]) {
    assert.equal(loadKubeconfig({ path: kubeconfig({ context: `namespace: ${yaml}` }) }).namespace, namespace, yaml);
  }
});

test("lists and maps: args, env, as-groups, as-user-extra and auth-provider config refuse items of the wrong type", () => {
  const exec = (extra: string) => `exec: { apiVersion: client.authentication.k8s.io/v1, command: plugin, ${extra} }`;
  const cases: [yaml: string, field: string][] = [
    [exec("args: --flag"), "exec.args"],
    [exec("args: [--a, 1]"), "exec.args[1]"],
    [exec("args: [--a, [b]]"), "exec.args[1]"],
    [exec("env: {K: V}"), "exec.env"],
    [exec("env: [K=V]"), "exec.env[0]"],
    [exec("env: [{name: K, value: 1}]"), "exec.env[0].value"],
    [exec("env: [{name: no, value: v}]"), "exec.env[0].name"],
    ["exec: { apiVersion: client.authentication.k8s.io/v1, command: 7 }", "exec.command"],
    [exec("interactiveMode: [Never]"), "exec.interactiveMode"],
    ["as-groups: dev", "as-groups"],
    ["as-groups: [dev, 1]", "as-groups[1]"],
    ["as-user-extra: [a]", "as-user-extra"],
    ["as-user-extra: { scopes: view }", "as-user-extra.scopes"],
    ["as-user-extra: { scopes: [view, true] }", "as-user-extra.scopes[1]"],
    ["auth-provider: { name: oidc, config: { client-id: 123 } }", "auth-provider.config.client-id"],
    ["auth-provider: { name: oidc, config: [client-id] }", "auth-provider.config"],
    ["auth-provider: { name: true }", "auth-provider.name"],
    ["auth-provider: oidc", "auth-provider"],
    ["exec: plugin", "exec"],
  ];
  for (const [yaml, field] of cases) {
    const path = kubeconfig({ user: yaml });
    assert.throws(() => loadKubeconfig({ path }), refusal(path, 'user "u"', field), yaml);
  }
});

test("*-data fields are standard padded base64 (line breaks allowed), as kubectl decodes []byte", () => {
  const pem = Buffer.from("CERT").toString("base64");
  const c = loadKubeconfig({ path: kubeconfig({ cluster: `certificate-authority-data: |\n  ${pem.slice(0, 4)}\n  ${pem.slice(4)}` }) });
  assert.equal(c.tls.ca, "CERT");
  for (const [part, yaml, entry, field] of [
    ["cluster", "certificate-authority-data: Q0VSVA", 'cluster "c"', "certificate-authority-data"],
    ["cluster", "certificate-authority-data: 'Q0VS VA=='", 'cluster "c"', "certificate-authority-data"],
    ["cluster", "certificate-authority-data: Q0VSVA-_", 'cluster "c"', "certificate-authority-data"],
    ["cluster", "certificate-authority-data: 12345678", 'cluster "c"', "certificate-authority-data"],
    ["user", "client-certificate-data: 'Q0VSVA=='\nclient-key-data: 'S0VZ=secret'", 'user "u"', "client-key-data"],
  ] as const) {
    const path = kubeconfig({ [part]: yaml });
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => refusal(path, entry, field)(e) && !e.message.includes("secret"), yaml);
  }
});

test("preferences.colors is a strict boolean and every extensions list holds named entries, as kubectl decodes them", () => {
  let path = kubeconfig({ top: "current-context: x\npreferences: { colors: \"true\" }" });
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => e instanceof KubexConfigurationError && e.message === `kubeconfig ${path}: \`preferences.colors\` must be true or false, not a string (a quoted value is a string)`);
  path = kubeconfig({ context: "extensions: foo" });
  assert.throws(() => loadKubeconfig({ path }), refusal(path, 'context "x"', "extensions"));
  path = kubeconfig({ user: "extensions: [{ name: 5 }]" });
  assert.throws(() => loadKubeconfig({ path }), refusal(path, 'user "u"', "extensions[0].name"));
  path = kubeconfig({ top: "current-context: x\nextensions: [x]" });
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => e instanceof KubexConfigurationError && e.message === `kubeconfig ${path}: \`extensions[0]\` must be a mapping, not a string`);
  path = kubeconfig({ top: "current-context: x\npreferences: { colors: yes, extensions: [{ name: e, extension: { any: [thing, 1] } }] }", cluster: "extensions: [{ name: e, extension: 5 }]" });
  assert.equal(loadKubeconfig({ path }).server, "https://api:6443");
});

test("anchors, aliases and merge keys are read as kubectl reads them", () => {
  const path = join(d, "anchors");
  writeFileSync(path, `current-context: x
clusters: [{ name: c, cluster: &base { server: "https://api:6443", insecure-skip-tls-verify: off } }]
users: [{ name: u, user: { as: &who jane, as-groups: [*who] } }]
contexts: [{ name: x, context: { <<: { cluster: c, namespace: merged }, user: u, namespace: own } }]
`);
  const c = loadKubeconfig({ path });
  assert.deepEqual(c.impersonate, { user: "jane", uid: undefined, groups: ["jane"], extra: undefined });
  assert.equal(c.namespace, "own", "a key of the mapping itself wins over the merged one");
  assert.equal(c.tls.insecureSkipVerify, undefined);
});

test("YAML that cannot end or would blow up is a typed refusal: an alias inside itself, deep nesting, an alias bomb in a passed-on extension", () => {
  const cases: [text: string, message: RegExp][] = [
    ["current-context: x\nclusters: &c [{ name: c, cluster: { server: https://a, extensions: *c } }]\n", /: an alias refers to the mapping or list that contains it \(line \d+, column \d+\)$/],
    [`current-context: x\nextensions: ${"[".repeat(300)}${"]".repeat(300)}\n`, /: nested more than 200 levels deep \(line 2, column 212\)$/],
    [`current-context: x\nextensions: ${"[".repeat(30000)}${"]".repeat(30000)}\n`, /: not valid YAML \(line 2, column \d+\)$/],
  ];
  let bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
  cases.push([`${bomb}current-context: x\nclusters: [{ name: c, cluster: { server: https://a, extensions: [{ name: client.authentication.k8s.io/exec, extension: *a11 }] } }]\n`, /: cluster "c": `extensions\[0\]\.extension` expands to more than 100000 values$/]);
  for (const [text, message] of cases) {
    const path = join(d, "blowup");
    writeFileSync(path, text);
    const started = Date.now();
    assert.throws(() => loadKubeconfig({ path }), (e: Error) => e instanceof KubexConfigurationError && e.message.startsWith(`kubeconfig ${path}: `) && message.test(e.message), message.source);
    // A bound against blow-up (an expanded bomb takes minutes), loose enough for a loaded machine.
    assert.ok(Date.now() - started < 15_000, "refused without expanding");
  }
});

test("map keys that are not strings become the strings kubectl makes of them, or a typed refusal where kubectl refuses", () => {
  const path = kubeconfig({ user: "as: j\nas-user-extra: { 0x10: [a], 017: [b], yes: [c], 1_0: [d], -1: [e], 9223372036854775807: [f] }" });
  assert.deepEqual(loadKubeconfig({ path }).impersonate?.extra, { 16: ["a"], 15: ["b"], true: ["c"], 10: ["d"], "-1": ["e"], "9223372036854775807": ["f"] });
  for (const [key, message] of [["~", "a mapping key is null"], ["18446744073709551615", "a mapping key is a number kubectl cannot use as a key (quote it)"], ["1e3", "a mapping key is a number kubectl cannot use as a key (quote it)"]] as const) {
    const bad = kubeconfig({ user: `as: j\nas-user-extra: { ${key}: [a] }` });
    assert.throws(() => loadKubeconfig({ path: bad }), (e: Error) => e instanceof KubexConfigurationError && new RegExp(`^kubeconfig ${bad}: ${message.replace(/[()]/g, "\\$&")} \\(line \\d+, column \\d+\\)$`).test(e.message), key);
  }
});

test("entries that are not mappings, unnamed entries and a key given twice are refused", () => {
  const path = join(d, "dup");
  writeFileSync(path, "current-context: x\nclusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: false\n    insecure-skip-tls-verify: true\n");
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => e instanceof KubexConfigurationError && e.message === `kubeconfig ${path}: a mapping key appears twice (line 6, column 5)`);
  const list = join(d, "entry-list");
  writeFileSync(list, "clusters:\n- name: c\n  cluster: [a]\n");
  assert.throws(() => loadKubeconfig({ path: list }), refusal(list, 'cluster "c"', "cluster"));
  const unnamed = join(d, "unnamed");
  writeFileSync(unnamed, "users:\n- user: {token: t}\n");
  assert.throws(() => loadKubeconfig({ path: unnamed }), (e: Error) => e.message === `kubeconfig ${unnamed}: \`users[0].name\` is missing`);
  const numbered = join(d, "numbered");
  writeFileSync(numbered, "users:\n- name: 5\n");
  assert.throws(() => loadKubeconfig({ path: numbered }), (e: Error) => e.message === `kubeconfig ${numbered}: \`users[0].name\` must be a string, not a number`);
});

/** A scalar as it may be written in YAML, and what kubectl makes of it where the text is decisive. */
const plainText = fc.stringMatching(/^[0-9A-Za-z+.~_][0-9A-Za-z+._~-]{0,11}$/);
const scalar = fc.oneof(
  plainText.map((text) => ({ yaml: text, text, quoted: false })),
  fc.constantFrom(...trueWords, ...falseWords, "0", "-1", "+7", "0x1F", "0o17", "017", "1_000", "1e3", ".5", ".inf", "~", "null").map((text) => ({ yaml: text, text, quoted: false })),
  fc.string({ maxLength: 16 }).map((text) => ({ yaml: JSON.stringify(text), text, quoted: true })),
  fc.string({ maxLength: 16 }).map((text) => ({ yaml: `'${text.replaceAll("'", "''")}'`, text, quoted: true })),
);

function load(path: string): ClientConfiguration | KubexConfigurationError {
  try {
    return loadKubeconfig({ path });
  } catch (e) {
    if (e instanceof KubexConfigurationError) return e;
    throw e;
  }
}

test("property: any scalar in a boolean field is the YAML 1.1 boolean kubectl reads, unset, or a typed refusal; never a string taken for true", () => {
  fc.assert(
    fc.property(scalar, ({ yaml, text, quoted }) => {
      const path = kubeconfig({ cluster: `insecure-skip-tls-verify: ${yaml}` });
      const result = load(path);
      if (!quoted && trueWords.includes(text)) return assert.equal((result as ClientConfiguration).tls?.insecureSkipVerify, true);
      if (!quoted && [...falseWords, "~", "null"].includes(text)) return assert.equal((result as ClientConfiguration).tls?.insecureSkipVerify, undefined);
      assert.ok(result instanceof KubexConfigurationError, `${yaml} was accepted`);
      assert.ok(result.message.startsWith(`kubeconfig ${path}: cluster "c": \`insecure-skip-tls-verify\` must be true or false`), result.message);
    }),
    { numRuns: 300 },
  );
});

test("property: any scalar in a string field is that exact text, or a typed refusal that does not quote it; never a number or boolean turned into text", () => {
  const isNumberLike = (text: string) => /^[+-]?(?:[0-9][0-9_]*|0x[0-9a-fA-F]+|0o[0-7]+)$/.test(text) || /^[+-]?[0-9]*\.[0-9]+(?:e[+-]?[0-9]+)?$/.test(text);
  fc.assert(
    fc.property(scalar, fc.constantFrom("token", "as"), ({ yaml, text, quoted }, field) => {
      const path = kubeconfig({ user: `${field}: ${yaml}` });
      const result = load(path);
      const key = field === "as" ? "impersonate" : field;
      if (quoted || !(trueWords.includes(text) || falseWords.includes(text) || isNumberLike(text) || ["~", "null", ".inf"].includes(text))) {
        if (result instanceof KubexConfigurationError) {
          // Only a plain scalar that YAML 1.1 reads as a number may be refused here.
          assert.ok(!quoted, `quoted ${yaml} refused: ${result.message}`);
          assert.match(result.message, /must be a string, not a number$/);
          return;
        }
        const value = key === "impersonate" ? result.impersonate?.user : (result as unknown as Record<string, string | undefined>)[key];
        // kubectl treats an empty string like an absent one.
        return assert.equal(value ?? "", text);
      }
      if (["~", "null"].includes(text)) return assert.ok(!(result instanceof KubexConfigurationError));
      assert.ok(result instanceof KubexConfigurationError, `${yaml} was accepted as ${field}`);
      assert.ok(result.message.startsWith(`kubeconfig ${path}: user "u": \`${field}\` must be a string, not a `), result.message);
      assert.ok(!result.message.slice(path.length).includes(`${text} `), "the value is not quoted");
    }),
    { numRuns: 300 },
  );
});
