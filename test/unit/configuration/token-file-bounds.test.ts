// A token file that is not a regular file of sensible size (a device, a huge file) fails with a typed error
// instead of reading without end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubexAuthenticationError, TokenFileProvider } from "../../../runtime/index.js";

const dir = mkdtempSync(join(tmpdir(), "kubex-token-bounds-"));

test("token file: a device that never ends (/dev/zero) is a KubexAuthenticationError, promptly", async () => {
  const started = Date.now();
  await assert.rejects(new TokenFileProvider("/dev/zero").getCredentials({ forceRefresh: false }),
    (e: Error) => e instanceof KubexAuthenticationError && /not a regular file/.test(e.message));
  assert.ok(Date.now() - started < 2_000);
});

test("token file: a file larger than any token is a KubexAuthenticationError that does not quote it", async () => {
  const path = join(dir, "huge");
  writeFileSync(path, "t".repeat(2 * 1024 * 1024));
  await assert.rejects(new TokenFileProvider(path).getCredentials({ forceRefresh: false }),
    (e: Error) => e instanceof KubexAuthenticationError && /too large/.test(e.message) && !e.message.includes("tttt"));
});

test("token file: an ordinary token still reads", async () => {
  const path = join(dir, "ok");
  writeFileSync(path, "abc\n");
  assert.equal((await new TokenFileProvider(path).getCredentials({ forceRefresh: false })).token, "abc");
});
