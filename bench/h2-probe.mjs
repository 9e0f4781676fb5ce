// HTTP/2 probe (plain undici, no kubex): N concurrent idle watches on the real API server over
// HTTP/1.1 and over HTTP/2 (`allowH2`), counting this process's TCP connections to the server
// (from /proc/net/tcp, matched by socket inode to /proc/self/fd), the heap per idle watch, and
// whether one change reaches every watch.
//   node bench/h2-probe.mjs 100,1000 [h1,h2-default,h2,h2-shards]   (each mode for each N; one JSON line each)
// The watches run in a child process (node --expose-gc) so the counts hold its sockets only; the
// parent creates and deletes the ConfigMap every watch must see.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { setMaxListeners } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Client, request } from "undici";
import { rawConnection, rawJson } from "./lib/raw.mjs";

const NS = "kubex-bench-h2";

function kubeconfig() {
  const dir = process.env.KUBEX_CLUSTER_DIR;
  if (dir) {
    const env = readFileSync(`${dir}/env`, "utf8").match(/^KUBEX_E2E_KUBECONFIG=(.*)$/m);
    if (env) return env[1];
  }
  if (process.env.KUBEX_E2E_KUBECONFIG) return process.env.KUBEX_E2E_KUBECONFIG;
  throw new Error("set KUBEX_CLUSTER_DIR or KUBEX_E2E_KUBECONFIG");
}

/** ESTABLISHED TCP connections of this process to `port`. */
function connectionsTo(port) {
  const inodes = new Set();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const m = readlinkSync(`/proc/self/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]);
    } catch { /* closed meanwhile */ }
  }
  let n = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remotePort = parseInt(f[2].split(":")[1], 16);
      if (remotePort === port && f[3] === "01" && inodes.has(f[9])) n++;
    }
  }
  return n;
}

async function child(n, mode) {
  // HTTP/1.1 needs a connection per watch; HTTP/2 gets no limit, to see how many undici opens.
  // h1: a connection per watch. h2-default: `allowH2` alone (undici's `pipelining` stays 1, so a
  // session counts as busy after one stream and the pool opens another connection). h2: with
  // `pipelining` at the API server's SETTINGS_MAX_CONCURRENT_STREAMS (100 on this server).
  const h2 = mode !== "h1";
  const connections = mode === "h1" ? n + 8 : null;
  const conn = rawConnection(kubeconfig(), connections, { allowH2: h2, ...(mode === "h2" ? { pipelining: 100 } : {}) });
  const agent = conn.dispatcher;
  const port = Number(new URL(conn.server).port || 443);
  const rv = (await rawJson(conn, "GET", `/api/v1/namespaces/${NS}/configmaps`)).metadata.resourceVersion;
  globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const target = process.argv[5];
  let delivered = 0;
  let allDone;
  const done = new Promise((r) => (allDone = r));
  const ac = new AbortController();
  setMaxListeners(0, ac.signal);
  const t0 = performance.now();
  // h2-shards: ceil(n / 100) undici Clients (one HTTP/2 session each), watches dealt round-robin.
  const shards = mode === "h2-shards" ? Array.from({ length: Math.ceil(n / 100) }, () => new Client(conn.server, { connect: conn.connect, allowH2: true, pipelining: 100 })) : [];
  let dealt = 0;
  const open = async () => {
    const dispatcher = shards.length ? shards[dealt++ % shards.length] : agent;
    const res = await request(`${conn.server}/api/v1/namespaces/${NS}/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=600`, { dispatcher, headers: conn.headers, signal: ac.signal });
    if (res.statusCode !== 200) throw new Error(`watch: HTTP ${res.statusCode}`);
    return res;
  };
  // h2: in waves of 100 streams, the first of each alone, so the pool has a connected session
  // with room before the rest arrive. A burst that finds no session with room opens a connection
  // per request while the new session's handshake runs (901 connections for 1,000 watches), and
  // capping the pool (`connections`) instead left queued requests undispatched in this undici.
  let opened = [];
  if (mode === "h2-shards") {
    opened = await Promise.all(shards.map(() => open()));
    opened = opened.concat(await Promise.all(Array.from({ length: n - shards.length }, open)));
  } else if (mode === "h2") {
    for (let at = 0; at < n; at += 100) {
      const first = await open();
      opened = opened.concat([first], await Promise.all(Array.from({ length: Math.min(100, n - at) - 1 }, open)));
    }
  } else {
    opened = await Promise.all(Array.from({ length: n }, open));
  }
  const openMs = performance.now() - t0;
  for (const res of opened) {
    (async () => {
      let rest = "";
      let seen = false;
      try {
        for await (const chunk of res.body) {
          const parts = (rest + chunk).split("\n");
          rest = parts.pop();
          for (const line of parts) {
            const e = JSON.parse(line);
            if (!seen && e.type === "ADDED" && e.object.metadata.name === target) {
              seen = true;
              if (++delivered === n) allDone();
            }
          }
        }
      } catch { /* aborted at the end */ }
    })();
  }
  await new Promise((r) => setTimeout(r, 500));
  globalThis.gc();
  const mem = process.memoryUsage();
  const stats = { n, mode, openMs, connections: connectionsTo(port), heapPerWatchKb: (mem.heapUsed - heap0) / n / 1024, rssPerWatchKb: (mem.rss - rss0) / n / 1024, heapMb: mem.heapUsed / 2 ** 20, rssMb: mem.rss / 2 ** 20 };
  process.stdout.write(`READY ${JSON.stringify(stats)}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "creating") break;
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  stats.delivered = delivered;
  stats.connectionsAfter = connectionsTo(port);
  process.stdout.write(`RESULT ${JSON.stringify(stats)}\n`);
  ac.abort();
  await Promise.all([agent, ...shards].map((d) => d.destroy().catch(() => {})));
  process.exit(0);
}

async function probe(control, n, mode) {
  const target = `h2-probe-${mode}-${n}-${process.pid}`;
  const proc = spawn(process.execPath, ["--expose-gc", "--max-old-space-size=2048", fileURLToPath(import.meta.url), "--child", String(n), mode, target], { stdio: ["pipe", "pipe", "inherit"], env: process.env });
  const out = createInterface({ input: proc.stdout });
  const kill = setTimeout(() => proc.kill("SIGKILL"), 180_000);
  let result;
  for await (const line of out) {
    if (line.startsWith("READY ")) {
      proc.stdin.write("creating\n");
      await rawJson(control, "POST", `/api/v1/namespaces/${NS}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: target }, data: { k: "v" } });
    } else if (line.startsWith("RESULT ")) {
      result = JSON.parse(line.slice(7));
    }
  }
  clearTimeout(kill);
  await rawJson(control, "DELETE", `/api/v1/namespaces/${NS}/configmaps/${target}`).catch(() => {});
  return result ?? { n, mode, error: "no result (killed after 180 s or failed)" };
}

if (process.argv[2] === "--child") {
  await child(Number(process.argv[3]), process.argv[4]);
} else {
  const control = rawConnection(kubeconfig(), 2);
  try {
    await rawJson(control, "GET", `/api/v1/namespaces/${NS}`);
  } catch {
    await rawJson(control, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  }
  for (const n of (process.argv[2] ?? "100").split(",").map(Number)) {
    for (const mode of (process.argv[3] ?? "h1,h2-default,h2,h2-shards").split(",")) console.log(JSON.stringify(await probe(control, n, mode)));
  }
  await control.dispatcher.close();
}
