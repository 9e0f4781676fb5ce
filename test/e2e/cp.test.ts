// cp against the real API server: kwok runs a pod's exec commands on this machine, so `tar` in the
// "container" reads and writes this machine's files, and both directions go through the API server.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Api, copyFromPod, copyToPod, KubexCopyError, type HttpClient } from "../../runtime/index.js";
import { Pod } from "../../generated/k8s/v1_35/core/v1/index.js";
import { e2eCluster, printLogsOnFailure, withNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor, eventually } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

for (const backend of backends) {
  test(`cp: a directory into a pod and back, binary-safe, links left out (${backend})`, { timeout: 120_000 }, async (t) => {
    if (skip) return skipOrFail(t, skip);
    if (!cluster.local) return skipOrFail(t, "kwok runs exec commands on this machine; a real container has no shared file system to check");
    await using client: HttpClient = await clientFor(cluster, backend);
    const ns = await withNamespace(t, cluster, `e2e-cp-${backend}`);
    const pods = new Api(Pod, { client, namespace: ns });
    await pods.create({ metadata: { name: "box" }, spec: { containers: [{ name: "app", image: "busybox" }], ...(cluster.node ? { nodeName: cluster.node } : {}) } });
    await eventually("box running", async () => ((await pods.get("box")).status?.phase === "Running" ? true : undefined));

    const work = mkdtempSync(join(tmpdir(), "kubex-cp-e2e-"));
    t.after(() => rmSync(work, { recursive: true, force: true }));
    const binary = randomBytes(300_000);
    mkdirSync(join(work, "local/sub"), { recursive: true });
    writeFileSync(join(work, "local/sub/data.bin"), binary);
    writeFileSync(join(work, "local/readme.txt"), "hello\n");
    symlinkSync("/etc/passwd", join(work, "local/link"));
    mkdirSync(join(work, "remote"));

    const up = await copyToPod(client, "box", join(work, "local"), join(work, "remote/copied"), { namespace: ns });
    assert.deepEqual(up.skipped, [{ name: "copied/link", reason: "a symbolic link" }]);
    assert.deepEqual(readFileSync(join(work, "remote/copied/sub/data.bin")), binary);

    const down = await pods.cp.fromPod("box", join(work, "remote/copied"), join(work, "back"));
    assert.deepEqual(down.skipped, []);
    assert.deepEqual(readFileSync(join(work, "back/sub/data.bin")), binary);
    assert.equal(readFileSync(join(work, "back/readme.txt"), "utf8"), "hello\n");

    await assert.rejects(copyFromPod(client, "box", join(work, "no/such/path"), join(work, "x"), { namespace: ns }), (e: unknown) => e instanceof KubexCopyError && /tar exited with/.test(e.message));
  });
}
