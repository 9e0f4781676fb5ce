// ClientOptions.http2 against the real API server: many open watches share a few TCP connections.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect } from "node:http2";
import { Api, loadKubeconfig, type WatchEvent } from "../../runtime/index.js";
import { ConfigMap } from "../../generated/k8s/v1_35/core/v1/index.js";
import { e2eCluster, printLogsOnFailure, withNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { clientFor } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) return void (skip = found.skip);
  cluster = found;
});

/** ESTABLISHED TCP connections of this process to `port` (sockets in /proc/self/fd matched in /proc/net/tcp*). */
function connectionsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const m = readlinkSync(`/proc/self/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  let n = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 10 && parseInt(f[2]!.split(":")[1]!, 16) === port && f[3] === "01" && inodes.has(f[9]!)) n++;
    }
  }
  return n;
}

/** The SETTINGS_MAX_CONCURRENT_STREAMS the API server advertises. */
async function advertisedStreams(): Promise<number> {
  const c = loadKubeconfig({ path: cluster.kubeconfig });
  const tls = c.tls;
  const session = connect(c.server, { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}) });
  try {
    const settings = await new Promise<{ maxConcurrentStreams?: number }>((resolve, reject) => {
      session.once("remoteSettings", resolve);
      session.once("error", reject);
    });
    return settings.maxConcurrentStreams ?? 100;
  } finally {
    await new Promise<void>((resolve) => session.close(resolve));
  }
}

test("http2: 150 open watches run over ceil(150 / the server's stream limit) connections, and each sees the new ConfigMap", { skip: process.platform !== "linux" && "counts sockets through /proc" }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  const namespace = await withNamespace(t, cluster, "e2e-http2");
  const watches = 150;
  const streams = await advertisedStreams();
  await using client = await clientFor(cluster, "undici", { http2: true });
  const port = Number(new URL(client.configuration.server).port || 443);
  const configMaps = new Api(ConfigMap, { client, namespace });
  const before = connectionsTo(port);
  const resourceVersion = (await configMaps.list()).metadata.resourceVersion;
  const ac = new AbortController();
  const seen = new Set<number>();
  const reading = Array.from({ length: watches }, async (_, i) => {
    try {
      for await (const event of configMaps.watch({ resourceVersion, signal: ac.signal }) as AsyncIterable<WatchEvent<ConfigMap>>) {
        if (event.type === "ADDED" && event.object.metadata?.name === "shared") {
          seen.add(i);
          return;
        }
      }
    } catch (error) {
      if (!ac.signal.aborted) throw error;
    }
  });
  try {
    // Every watch is open once the server holds its stream; a write then reaches them all.
    await new Promise((r) => setTimeout(r, 2_000));
    await configMaps.create({ metadata: { name: "shared" }, data: { k: "v" } });
    await Promise.race([Promise.all(reading), new Promise((r) => setTimeout(r, 60_000))]);
    assert.equal(seen.size, watches, `${seen.size} of ${watches} watches saw the ConfigMap`);
    const opened = connectionsTo(port) - before;
    assert.ok(opened <= Math.ceil(watches / streams), `${opened} connections for ${watches} watches (server allows ${streams} streams each)`);
    assert.ok(opened >= 1);
  } finally {
    ac.abort();
    await Promise.allSettled(reading);
  }
});
