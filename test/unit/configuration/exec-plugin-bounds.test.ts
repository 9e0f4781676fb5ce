// An exec credential plugin that misbehaves: its output is bounded, any JSON it prints is a typed error,
// and its quoted error output never shows part of a secret argument cut at the quoting limit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecCredentialProvider, KubexAuthenticationError } from "../../../runtime/index.js";

const dir = mkdtempSync(join(tmpdir(), "kubex-exec-bounds-"));
const plugin = (name: string, body: string) => {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
  return join(dir, name);
};
const provider = (command: string, args: string[] = []) =>
  new ExecCredentialProvider({ apiVersion: "client.authentication.k8s.io/v1", command, args, interactiveMode: "Never" } as never, dir, undefined);

test("exec plugin: endless output fails with a KubexAuthenticationError well before the plugin timeout", async () => {
  const started = Date.now();
  await assert.rejects(provider(plugin("endless.sh", "yes")).getCredentials({ forceRefresh: true }),
    (e: Error) => e instanceof KubexAuthenticationError && /output exceeds/.test(e.message));
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

for (const output of ["null", "42", '"text"', "[]", '{"kind":{"a":1},"apiVersion":"client.authentication.k8s.io/v1"}']) {
  test(`exec plugin: printing ${output} is a KubexAuthenticationError, not a TypeError`, async () => {
    await assert.rejects(provider(plugin(`print-${output.length}.sh`, `echo '${output}'`)).getCredentials({ forceRefresh: true }),
      (e: Error) => e instanceof KubexAuthenticationError && /ExecCredential/.test(e.message) && !/\[object Object\]/.test(e.message));
  });
}

test("exec plugin: a huge kind is quoted capped", async () => {
  const path = plugin("huge-kind.sh", `printf '{"kind":"%s","apiVersion":"v"}' "$(head -c 100000 /dev/zero | tr '\\0' k)"`);
  await assert.rejects(provider(path).getCredentials({ forceRefresh: true }), (e: Error) => e instanceof KubexAuthenticationError && e.message.length < 2_000);
});

test("exec plugin: a secret argument echoed across the quoting limit shows no part of itself", async () => {
  const secret = "argsecret-ABCDEFGHIJKLMNOP";
  for (let pad = 480; pad < 500; pad++) {
    const path = plugin(`cut-${pad}.sh`, `printf '%s%s\\n' "$(head -c ${pad} /dev/zero | tr '\\0' a)" "$1" >&2\nexit 1`);
    await assert.rejects(provider(path, [secret]).getCredentials({ forceRefresh: true }), (e: Error) => {
      assert.ok(e instanceof KubexAuthenticationError);
      assert.ok(!e.message.includes(secret.slice(0, 8)), `padding ${pad}: ${e.message.slice(-60)}`);
      return true;
    });
  }
});
