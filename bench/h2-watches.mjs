// N concurrent idle watches on a real API server, through kubex over HTTP/1.1 (the default),
// kubex over HTTP/2 (`ClientOptions.http2`), and @kubernetes/client-node (its Watch): TCP
// connections of the watching process to the server (ESTABLISHED sockets from /proc/net/tcp
// matched by inode to /proc/self/fd), time to open them all, heap and RSS per idle watch after
// gc(), and whether one ConfigMap created afterwards reaches every watch.
//   KUBECONFIG=... node bench/h2-watches.mjs 1000 [kubex-h1,kubex-h2,client-node] [http2 options as JSON]
// Each mode runs in its own child process (node --expose-gc); kubex comes from dist/esm (npm run build).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const NS = "kubex-bench-h2";
const here = fileURLToPath(import.meta.url);

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
      if (parseInt(f[2].split(":")[1], 16) === port && f[3] === "01" && inodes.has(f[9])) n++;
    }
  }
  return n;
}

/** Loads the library and builds its client (before the heap baseline); `open(n, rv, onEvent)` then opens n watches. */
async function loadKubex(http2) {
  const { Api, createClient } = await import(new URL("../dist/esm/runtime/index.js", import.meta.url).href);
  const { ConfigMap } = await import(new URL("../dist/esm/generated/k8s/v1_35/core/v1/index.js", import.meta.url).href);
  const client = await createClient({ options: http2 ? { http2 } : {} });
  return { open: (n, rv, onEvent) => openKubex(client, Api, ConfigMap, n, rv, onEvent) };
}

async function openKubex(client, Api, ConfigMap, n, rv, onEvent) {
  const api = new Api(ConfigMap, { client, namespace: NS });
  const ac = new AbortController();
  const iterators = [];
  for (let i = 0; i < n; i++) iterators.push(api.watch({ resourceVersion: rv, timeoutSeconds: 900, signal: ac.signal })[Symbol.asyncIterator]());
  // The first next() opens a watch; the event loop below keeps reading.
  const firsts = iterators.map((it) => it.next());
  // A watch is open once its request is answered: kubex opens it at the first next(), so wait for the server to have them all (see ready()).
  const loops = iterators.map(async (it, i) => {
    try {
      for (let r = await firsts[i]; !r.done; r = await it.next()) onEvent(i, r.value);
    } catch { /* aborted at the end */ }
  });
  return { port: Number(new URL(client.configuration.server).port || 443), stop: async () => { ac.abort(); await client.close(); await Promise.all(loops); } };
}

async function loadClientNode() {
  const { KubeConfig, Watch } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  kc.loadFromFile(process.env.KUBECONFIG);
  const w = new Watch(kc);
  return { open: (n, rv, onEvent) => openClientNode(kc, w, n, rv, onEvent) };
}

async function openClientNode(kc, w, n, rv, onEvent) {
  const controllers = await Promise.all(Array.from({ length: n }, (_, i) => w.watch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: rv, timeoutSeconds: 900 }, (type, object) => onEvent(i, { type, object }), () => {})));
  return { port: Number(new URL(kc.getCurrentCluster().server).port || 443), stop: async () => controllers.forEach((c) => c.abort()) };
}

async function child(n, mode, target, rv, http2) {
  const lib = mode === "client-node" ? await loadClientNode() : await loadKubex(mode === "kubex-h2" ? (http2 ?? true) : undefined);
  globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const seen = new Uint8Array(n);
  let delivered = 0;
  let allDone;
  const done = new Promise((r) => (allDone = r));
  let opened = 0;
  const onEvent = (i, e) => {
    if (e.type === "ADDED" && e.object?.metadata?.name === target && !seen[i]) {
      seen[i] = 1;
      if (++delivered === n) allDone();
    }
  };
  const t0 = performance.now();
  const w = await lib.open(n, rv, onEvent);
  // Open = the server holds n watch streams: count our connections until they stop growing, then give the last requests time.
  let last = -1;
  for (let stable = 0; stable < 4; ) {
    await new Promise((r) => setTimeout(r, 250));
    const c = connectionsTo(w.port);
    stable = c === last && c > 0 ? stable + 1 : 0;
    last = c;
    if (performance.now() - t0 > 120_000) break;
  }
  opened = performance.now() - t0 - 1000;
  globalThis.gc();
  const mem = process.memoryUsage();
  const stats = { n, mode, ...(http2 ? { http2 } : {}), openMs: Math.round(opened), connections: connectionsTo(w.port), heapPerWatchKb: +((mem.heapUsed - heap0) / n / 1024).toFixed(1), rssPerWatchKb: +((mem.rss - rss0) / n / 1024).toFixed(1) };
  process.stdout.write(`READY ${JSON.stringify(stats)}\n`);
  for await (const line of createInterface({ input: process.stdin })) if (line === "created") break;
  await Promise.race([done, new Promise((r) => setTimeout(r, 90_000))]);
  stats.delivered = delivered;
  stats.connectionsAfter = connectionsTo(w.port);
  process.stdout.write(`RESULT ${JSON.stringify(stats)}\n`);
  await Promise.race([w.stop(), new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(0);
}

async function main() {
  const { Api, createClient, NotFound } = await import(new URL("../dist/esm/runtime/index.js", import.meta.url).href);
  const { ConfigMap, Namespace } = await import(new URL("../dist/esm/generated/k8s/v1_35/core/v1/index.js", import.meta.url).href);
  const control = await createClient();
  await new Api(Namespace, { client: control }).create({ metadata: { name: NS } }).catch(() => undefined);
  const cms = new Api(ConfigMap, { client: control, namespace: NS });
  const [ns = "1000", modes = "kubex-h1,kubex-h2,client-node", http2 = ""] = process.argv.slice(2);
  for (const n of ns.split(",").map(Number)) {
    for (const mode of modes.split(",")) {
      const target = `h2w-${mode}-${n}-${process.pid}`;
      const rv = (await cms.list({ limit: 1 })).metadata.resourceVersion;
      const proc = spawn(process.execPath, ["--expose-gc", "--max-old-space-size=2048", here, "--child", String(n), mode, target, rv, http2], { stdio: ["pipe", "pipe", "inherit"], env: process.env });
      const kill = setTimeout(() => proc.kill("SIGKILL"), 300_000);
      let result;
      for await (const line of createInterface({ input: proc.stdout })) {
        if (line.startsWith("READY ")) {
          await cms.create({ metadata: { name: target }, data: { k: "v" } });
          proc.stdin.write("created\n");
        } else if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7));
      }
      clearTimeout(kill);
      await cms.delete(target).catch((e) => { if (!(e instanceof NotFound)) throw e; });
      console.log(JSON.stringify(result ?? { n, mode, error: "no result (killed after 300 s or failed)" }));
    }
  }
  await control.close();
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]), process.argv[4], process.argv[5], process.argv[6], process.argv[7] ? JSON.parse(process.argv[7]) : undefined);
else await main();
