// A kubeconfig, or a file it names, that never ends (a device) or is far too large is refused with a
// KubexConfigurationError instead of being read into memory without limit; /dev/null still reads as empty.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubexConfigurationError, loadKubeconfig } from "../../../runtime/index.js";

const dir = mkdtempSync(join(tmpdir(), "kubex-kubeconfig-bounds-"));

test("a kubeconfig that never ends (/dev/zero) is a KubexConfigurationError, promptly", () => {
  const started = Date.now();
  assert.throws(() => loadKubeconfig({ path: "/dev/zero" }), (e: Error) => e instanceof KubexConfigurationError && /too large/.test(e.message));
  assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
});

test("a certificate file named by a kubeconfig that never ends is a KubexConfigurationError naming the field's file", () => {
  const path = join(dir, "ca-zero");
  writeFileSync(path, `current-context: x\nclusters: [{name: c, cluster: {server: "https://a", certificate-authority: /dev/zero}}]\ncontexts: [{name: x, context: {cluster: c}}]\n`);
  assert.throws(() => loadKubeconfig({ path }), (e: Error) => e instanceof KubexConfigurationError && /\/dev\/zero/.test(e.message) && /too large/.test(e.message));
});

test("/dev/null as a kubeconfig reads as an empty file, as kubectl reads it", () => {
  assert.throws(() => loadKubeconfig({ path: "/dev/null" }), (e: Error) => e instanceof KubexConfigurationError && !/too large/.test(e.message));
});
