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
