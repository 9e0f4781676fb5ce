// The exec credential plugin's documented rules, one at a time: the refusals of a bad section or a bad
// ExecCredential (exact messages), what the plugin is told, how its command is found, the output bound,
// the 10 s expiry margin at its edge, and the process group a timeout ends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { ExecCredentialProvider, KubexAuthenticationError, KubexClientError, KubexConfigurationError } from "../../../runtime/index.js";

const dir = mkdtempSync(join(tmpdir(), "kubex-exec-rules-"));
const v1 = "client.authentication.k8s.io/v1";

/** A plugin script in the test directory; each run is logged to `<path>.runs`. */
function plugin(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho run >> "${path}.runs"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const runs = (path: string) => (existsSync(`${path}.runs`) ? readFileSync(`${path}.runs`, "utf8").split("\n").filter(Boolean).length : 0);

/** A plugin that prints `document` (a JSON value) as its ExecCredential. */
function printing(name: string, document: unknown): string {
  writeFileSync(join(dir, `${name}.json`), typeof document === "string" ? document : JSON.stringify(document));
  return plugin(name, `cat "${join(dir, `${name}.json`)}"`);
}
const credential = (status: Record<string, unknown>, apiVersion = v1) => ({ apiVersion, kind: "ExecCredential", status });
const provider = (command: string, extra: Record<string, unknown> = {}, cluster?: { server: string }, timeoutMs?: number) =>
  new ExecCredentialProvider({ apiVersion: v1, command, interactiveMode: "Never", ...extra } as never, dir, cluster, timeoutMs);
const get = (p: ExecCredentialProvider, forceRefresh = false) => p.getCredentials({ forceRefresh });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KubexAuthenticationError, `not a KubexAuthenticationError: ${String(error)}`);
    return error.message;
  }
  return assert.fail("expected a rejection");
}

test("exec plugin section: no command, or an interactiveMode other than Never, IfAvailable or Always, is refused when the provider is built", () => {
  assert.throws(() => new ExecCredentialProvider({ command: "" } as never, dir, undefined), (e: Error) => e instanceof KubexConfigurationError && e.message === "exec plugin: `command` is required");
  assert.throws(() => new ExecCredentialProvider({ command: "login", interactiveMode: "Sometimes" } as never, dir, undefined),
    (e: Error) => e instanceof KubexConfigurationError && e.message === 'exec plugin login: interactiveMode must be Never, IfAvailable or Always, not "Sometimes"');
  assert.throws(() => new ExecCredentialProvider({ command: "login", interactiveMode: "" } as never, dir, undefined), /not ""$/);
  for (const interactiveMode of ["Never", "IfAvailable", "Always", undefined]) {
    assert.doesNotThrow(() => new ExecCredentialProvider({ command: "login", interactiveMode } as never, dir, undefined), String(interactiveMode));
  }
});

test("exec plugin: the provider prints as its command and apiVersion only, v1 when none is set", () => {
  const secretive = new ExecCredentialProvider({ command: "login", args: ["arg-secret"], env: [{ name: "K", value: "env-secret" }] } as never, dir, undefined);
  const expected = { provider: "ExecCredentialProvider", command: "login", apiVersion: v1 };
  assert.deepEqual(JSON.parse(JSON.stringify(secretive)), expected);
  assert.equal(inspect(secretive), inspect(expected));
  assert.deepEqual(JSON.parse(JSON.stringify(provider("login", { apiVersion: "client.authentication.k8s.io/v1beta1" }))).apiVersion, "client.authentication.k8s.io/v1beta1");
});

test("exec plugin: KUBERNETES_EXEC_INFO is exactly the ExecCredential request; the cluster only with provideClusterInfo and a cluster", async () => {
  const echoInfo = plugin("info.sh", `printf '%s' "$KUBERNETES_EXEC_INFO" > "$0.info"\necho '${JSON.stringify(credential({ token: "t" }))}'`);
  const info = () => JSON.parse(readFileSync(`${echoInfo}.info`, "utf8")) as unknown;
  const cluster = { server: "https://api:6443" };
  await get(provider(echoInfo, { provideClusterInfo: true }, cluster));
  assert.deepEqual(info(), { apiVersion: v1, kind: "ExecCredential", spec: { interactive: false, cluster } });
  await get(provider(echoInfo, {}, cluster));
  assert.deepEqual(info(), { apiVersion: v1, kind: "ExecCredential", spec: { interactive: false } }, "no provideClusterInfo: no cluster");
  await get(provider(echoInfo, { provideClusterInfo: true }));
  assert.deepEqual(info(), { apiVersion: v1, kind: "ExecCredential", spec: { interactive: false } }, "no cluster known: none sent");
});

test("exec plugin: IfAvailable on a terminal and Always pass the terminal through (interactive: true); Never does not", async () => {
  const echoInfo = plugin("tty-info.sh", `printf '%s' "$KUBERNETES_EXEC_INFO" > "$0.info"\necho '${JSON.stringify(credential({ token: "t" }))}'`);
  const interactive = () => (JSON.parse(readFileSync(`${echoInfo}.info`, "utf8")) as { spec: { interactive: boolean } }).spec.interactive;
  const wasTTY = process.stdin.isTTY;
  process.stdin.isTTY = true;
  try {
    await get(provider(echoInfo, { interactiveMode: "IfAvailable" }));
    assert.equal(interactive(), true, "IfAvailable on a terminal");
    await get(provider(echoInfo, { interactiveMode: undefined }));
    assert.equal(interactive(), true, "unset means IfAvailable");
    await get(provider(echoInfo, { interactiveMode: "Always" }));
    assert.equal(interactive(), true, "Always on a terminal");
    await get(provider(echoInfo, { interactiveMode: "Never" }));
    assert.equal(interactive(), false, "Never, even on a terminal");
  } finally {
    process.stdin.isTTY = wasTTY;
  }
  await get(provider(echoInfo, { interactiveMode: "IfAvailable" }));
  assert.equal(interactive(), false, "IfAvailable without a terminal");
  assert.equal(await refusal(get(provider(echoInfo, { interactiveMode: "Always" }))),
    `exec plugin ${JSON.stringify(echoInfo)}: interactiveMode is Always but standard input is not a terminal`);
});

test("exec plugin: the process environment is passed on, with the section's env added over it", async () => {
  process.env.KUBEX_EXEC_RULES_INHERITED = "from-parent";
  process.env.KUBEX_EXEC_RULES_OVERRIDDEN = "parent-value";
  try {
    const script = plugin("env.sh", `echo '{"apiVersion":"${v1}","kind":"ExecCredential","status":{"token":"'"$KUBEX_EXEC_RULES_INHERITED-$KUBEX_EXEC_RULES_OVERRIDDEN-$ADDED"'"}}'`);
    const p = provider(script, { env: [{ name: "KUBEX_EXEC_RULES_OVERRIDDEN", value: "section-value" }, { name: "ADDED", value: "added" }] });
    assert.equal((await get(p)).token, "from-parent-section-value-added");
  } finally {
    delete process.env.KUBEX_EXEC_RULES_INHERITED;
    delete process.env.KUBEX_EXEC_RULES_OVERRIDDEN;
  }
});

test("exec plugin: a command without a slash is looked up on PATH, a relative one with a slash against the kubeconfig's directory", async () => {
  const token = JSON.stringify(credential({ token: "from-path" }));
  assert.equal((await get(provider("sh", { args: ["-c", `echo '${token}'`] }))).token, "from-path");
  printing("relative.sh", credential({ token: "relative" }));
  assert.equal((await get(provider("./relative.sh"))).token, "relative");
  const elsewhere = new ExecCredentialProvider({ apiVersion: v1, command: "./relative.sh", interactiveMode: "Never" }, join(dir, "nowhere"), undefined);
  assert.match(await refusal(get(elsewhere)), /^exec plugin "\.\/relative\.sh": cannot run \(ENOENT\)$/);
});

test("exec plugin: output of exactly 1 MiB is read; one character more is refused", async () => {
  const document = JSON.stringify(credential({ token: "big" }));
  const exactly = printing("exactly.sh", document.padEnd(1024 * 1024, " "));
  assert.equal((await get(provider(exactly))).token, "big");
  const over = printing("over.sh", document.padEnd(1024 * 1024 + 1, " "));
  assert.equal(await refusal(get(provider(over))), `exec plugin ${JSON.stringify(over)}: output exceeds 1048576 characters, which no ExecCredential needs`);
});

test("exec plugin: a timeout kills the plugin's whole process group (SIGKILL: a plugin ignoring SIGTERM ends too), and names the limit in seconds", async () => {
  const script = plugin("group.sh", `trap '' TERM\nsleep 30 &\necho $! > "$0.child"\nwait`);
  const p = provider(script, {}, undefined, 500);
  assert.equal(await refusal(get(p)), `exec plugin ${JSON.stringify(script)}: no credential within 0.5s`);
  const child = Number(readFileSync(`${script}.child`, "utf8"));
  const alive = () => {
    try {
      process.kill(child, 0);
    } catch {
      return false;
    }
    // A killed child whose parent is gone may linger unreaped: it is not running.
    const stat = existsSync(`/proc/${child}/stat`) ? readFileSync(`/proc/${child}/stat`, "utf8") : "";
    return !/^\d+ \([^)]*\) Z/.test(stat);
  };
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(), false, "the plugin's background child was killed with it");
});

test("exec plugin: a failure quotes the trimmed error output after the exit code, blanked and cut at 500 characters, and the install hint on its own line", async () => {
  const failing = plugin("fails.sh", `echo "  denied for $1 and $SECRET_ENV  " >&2\nexit 7`);
  const p = provider(failing, { args: ["arg-secret"], env: [{ name: "SECRET_ENV", value: "env-secret" }], installHint: "brew install login" });
  assert.equal(await refusal(get(p)), `exec plugin ${JSON.stringify(failing)}\nbrew install login: exited with code 7: denied for [redacted] and [redacted]`);
  const blank = plugin("blank.sh", `echo "   " >&2\nexit 1`);
  assert.equal(await refusal(get(provider(blank))), `exec plugin ${JSON.stringify(blank)}: exited with code 1`);
  const long = plugin("long.sh", `head -c 2000 /dev/zero | tr '\\0' e >&2\nexit 1`);
  const message = await refusal(get(provider(long)));
  assert.ok(message.startsWith(`exec plugin ${JSON.stringify(long)}: exited with code 1: eeee`), message);
  assert.ok(message.length < 600 && message.length > 500, `${message.length} characters`);
});

test("exec plugin: output that is not an ExecCredential object is refused with its own message", async () => {
  const document = (name: string, text: string) => refusal(get(provider(printing(name, text))));
  for (const [name, text] of [["null.sh", "null"], ["number.sh", "42"], ["array.sh", "[]"], ["string.sh", '"text"']] as const) {
    assert.match(await document(name, text), /: output is not an ExecCredential JSON object$/, text);
  }
  assert.match(await document("broken.sh", "{"), /: output is not an ExecCredential JSON document$/);
});

test("exec plugin: a wrong kind or apiVersion is named, capped at 64 characters, with the plugin's arguments blanked", async () => {
  const wrong = (name: string, doc: unknown, extra: Record<string, unknown> = {}) => refusal(get(provider(printing(name, doc), extra)));
  assert.match(await wrong("no-kind.sh", { status: { token: "t" } }), /: expected an ExecCredential of client\.authentication\.k8s\.io\/v1, got no kind of no apiVersion$/);
  assert.match(await wrong("other-kind.sh", { kind: "Secret", apiVersion: v1, status: { token: "t" } }), /, got Secret of client\.authentication\.k8s\.io\/v1$/);
  assert.match(await wrong("other-version.sh", { kind: "ExecCredential", apiVersion: "client.authentication.k8s.io/v1beta1" }), /, got ExecCredential of client\.authentication\.k8s\.io\/v1beta1$/);
  assert.match(await wrong("object-kind.sh", { kind: { a: 1 }, apiVersion: 7 }), /, got \{"a":1\} of 7$/);
  assert.match(await wrong("secret-kind.sh", { kind: "has-arg-secret-inside" }, { args: ["arg-secret"] }), /, got has-\[redacted\]-inside of no apiVersion$/);
  const long = await wrong("long-kind.sh", { kind: "k".repeat(200), apiVersion: v1 });
  assert.ok(long.includes(`got ${"k".repeat(60)}`) && !long.includes("k".repeat(65)), long);
});

test("exec plugin: each status field must be a string; a certificate needs its key; a token may not hold a control character", async () => {
  const status = (name: string, s: Record<string, unknown>) => refusal(get(provider(printing(name, credential(s)))));
  for (const field of ["token", "clientCertificateData", "clientKeyData", "expirationTimestamp"]) {
    assert.match(await status(`${field}-number.sh`, { token: "t", [field]: 1 }), new RegExp(`: status\\.${field} is not a string$`));
  }
  assert.match(await status("cert-only.sh", { clientCertificateData: "CERT" }), /: status needs both clientCertificateData and clientKeyData$/);
  assert.match(await status("key-only.sh", { clientKeyData: "KEY", token: "t" }), /: status needs both clientCertificateData and clientKeyData$/);
  assert.match(await status("empty-key.sh", { clientCertificateData: "CERT", clientKeyData: "" }), /: status needs both clientCertificateData and clientKeyData$/);
  assert.match(await status("newline.sh", { token: "a\nb" }), /: status\.token holds a control character, which no HTTP header may carry$/);
  assert.match(await status("empty.sh", { token: "" }), /: status holds neither a token nor a client certificate$/);
  assert.match(await status("no-status.sh", {}), /: status holds neither a token nor a client certificate$/);
  assert.match(await refusal(get(provider(printing("status-missing.sh", { apiVersion: v1, kind: "ExecCredential" })))), /: status holds neither a token nor a client certificate$/);
  assert.match(await status("bad-date.sh", { token: "t", expirationTimestamp: "tomorrow" }), /: expirationTimestamp is not a date$/);
});

test("exec plugin: the credential holds exactly what the plugin gave (token, certificate, expiry) and prints redacted", async () => {
  const both = await get(provider(printing("both.sh", credential({ token: "tok-secret", clientCertificateData: "CERT", clientKeyData: "key-secret", expirationTimestamp: "2100-01-01T00:00:00Z" }))));
  assert.deepEqual({ ...both }, { token: "tok-secret", clientCertificate: { cert: "CERT", key: "key-secret" }, expiresAt: new Date("2100-01-01T00:00:00Z") });
  assert.ok(!inspect(both, { depth: Infinity }).includes("tok-secret") && !JSON.stringify(both).includes("key-secret"));
  assert.deepEqual({ ...(await get(provider(printing("token-only.sh", credential({ token: "only" }))))) }, { token: "only" });
  assert.deepEqual({ ...(await get(provider(printing("cert-pair.sh", credential({ clientCertificateData: "C", clientKeyData: "K" }))))) }, { clientCertificate: { cert: "C", key: "K" } });
});

test("exec plugin: a credential without expirationTimestamp is kept until forceRefresh", async () => {
  const script = printing("forever.sh", credential({ token: "forever" }));
  const p = provider(script);
  await get(p);
  await get(p);
  await get(p);
  assert.equal(runs(script), 1);
  await get(p, true);
  assert.equal(runs(script), 2);
});

test("exec plugin: the 10 s margin at its edge: exactly 10 s left is renewed, 10.001 s left is reused", async () => {
  const expiry = Date.parse("2100-01-01T00:00:00Z");
  const script = printing("edge.sh", credential({ token: "edge", expirationTimestamp: "2100-01-01T00:00:00Z" }));
  const realNow = Date.now;
  try {
    const p = provider(script);
    await get(p);
    Date.now = () => expiry - 10_001;
    await get(p);
    assert.equal(runs(script), 1, "10.001 s left: reused");
    Date.now = () => expiry - 10_000;
    await get(p);
    assert.equal(runs(script), 2, "10 s left: renewed");
  } finally {
    Date.now = realNow;
  }
});

test("exec plugin: a caller that aborts is told which plugin it was waiting for", async () => {
  const script = printing("aborted.sh", credential({ token: "t" }));
  await assert.rejects(provider(script).getCredentials({ forceRefresh: false, signal: AbortSignal.abort() }),
    (e: Error) => e instanceof KubexClientError && e.message === `exec plugin ${JSON.stringify(script)}: the request was aborted while waiting for credentials`);
});

test("exec plugin: a caller whose signal has already fired leaves no unhandled rejection when the run it started fails", async () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", record);
  try {
    const p = provider(join(dir, "missing-plugin"));
    await assert.rejects(p.getCredentials({ forceRefresh: false, signal: AbortSignal.abort() }), KubexClientError);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(unhandled.map(String), []);
  } finally {
    process.off("unhandledRejection", record);
  }
});

test("exec plugin: with no args section the plugin gets no arguments; without a terminal its standard input is closed", async () => {
  const script = plugin("argc.sh", `cat > /dev/null\necho '{"apiVersion":"${v1}","kind":"ExecCredential","status":{"token":"argc-'"$#"'"}}'`);
  assert.equal((await get(provider(script, {}, undefined, 5_000))).token, "argc-0", "cat sees end of input at once, and $# is 0");
});

test("exec plugin: an interactive plugin that times out is killed on its own (it shares the terminal's process group)", async () => {
  const script = plugin("interactive-slow.sh", `echo $$ > "$0.pid"\nexec sleep 30`);
  const wasTTY = process.stdin.isTTY;
  process.stdin.isTTY = true;
  try {
    assert.equal(await refusal(get(provider(script, { interactiveMode: "Always" }, undefined, 300))), `exec plugin ${JSON.stringify(script)}: no credential within 0.3s`);
  } finally {
    process.stdin.isTTY = wasTTY;
  }
  const pid = Number(readFileSync(`${script}.pid`, "utf8"));
  const running = () => existsSync(`/proc/${pid}/stat`) && !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  for (let i = 0; i < 50 && running(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(running(), false);
});

test("exec plugin: only the first 1 MiB of error output is kept: what follows it is never quoted", async () => {
  const script = plugin("late-stderr.sh", `head -c 1048576 /dev/zero | tr '\\0' ' ' >&2\necho "after the bound" >&2\nexit 1`);
  assert.equal(await refusal(get(provider(script))), `exec plugin ${JSON.stringify(script)}: exited with code 1`);
});
