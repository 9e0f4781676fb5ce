// What watcher(api) adds per event to a raw api.watch(), with no network: the client-cost mode's
// ADDED pod events (a streaming list ended by its initial-events-end bookmark), served from memory
// in 64 KiB chunks by a client whose stream() needs no server. Without the socket and TLS reads
// the raw watch is cheaper than on a real connection, so the ratio here is an upper bound.
//   BENCH_BUILDS=before=<dist/esm>,after=<dist/esm> node bench/watcher-cost.mjs [events] [rounds]
// Each build runs in its own process; rounds alternate (raw, watcher) per build, CPU per event.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [events = "20000", rounds = "8"] = process.argv.slice(2);

if (process.env.WATCHER_COST_DIST) {
  const dist = pathToFileURL(`${process.env.WATCHER_COST_DIST}/`).href;
  const { Api, BaseClient, watcher } = await import(`${dist}runtime/index.js`);
  const { Pod } = await import(new URL("../cjs/generated/k8s/v1_35/core/v1/index.js", dist).href);
  const { pod } = await import("./lib/fixtures.mjs");
  const n = Number(events);
  const end = { type: "BOOKMARK", object: { apiVersion: "v1", kind: "Pod", metadata: { resourceVersion: String(1000 + n), annotations: { "k8s.io/initial-events-end": "true" } } } };
  const body = Buffer.from(Array.from({ length: n }, (_, i) => JSON.stringify({ type: "ADDED", object: pod("ns", i) }) + "\n").join("") + JSON.stringify(end) + "\n");
  const chunk = 64 * 1024;
  class MemoryClient extends BaseClient {
    configuration = { server: "https://memory", namespace: "ns", tls: {} };
    async request() { throw new Error("no request in this bench"); }
    async stream() {
      return {
        status: 200, headers: { get: () => null, getAll: () => [] },
        text: async () => body.toString(), json: async () => JSON.parse(body.toString()),
        body: () => ({ async *[Symbol.asyncIterator]() { for (let at = 0; at < body.length; at += chunk) yield body.subarray(at, at + chunk); } }),
        cancel: async () => {},
      };
    }
    async connectWebSocket() { throw new Error("no websocket in this bench"); }
    async close() {}
  }
  const pods = new Api(Pod, { client: new MemoryClient(), namespace: "ns" });
  const raw = async () => {
    let seen = 0;
    for await (const event of pods.watch({ sendInitialEvents: true, allowWatchBookmarks: true })) {
      if (event.type === "BOOKMARK") break;
      if (event.object.metadata.name) seen++;
    }
    return seen;
  };
  const watched = async () => {
    let seen = 0;
    for await (const event of watcher(pods)) {
      if (event.type === "InitDone") break;
      if (event.type === "InitApply" && event.object.metadata.name) seen++;
    }
    return seen;
  };
  const cpu = async (run) => {
    const t = process.cpuUsage();
    const seen = await run();
    if (seen !== n) throw new Error(`saw ${seen} of ${n} events`);
    const used = process.cpuUsage(t);
    return ((used.user + used.system) / n);
  };
  await cpu(raw);
  await cpu(watched);
  const out = { raw: [], watcher: [] };
  for (let r = 0; r < Number(rounds); r++) {
    out.raw.push(await cpu(raw));
    out.watcher.push(await cpu(watched));
  }
  console.log(JSON.stringify(out));
} else {
  const builds = (process.env.BENCH_BUILDS ?? `current=${root}/dist/esm`).split(",").map((b) => b.split("="));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const load = loadavg()[0];
  console.log(`${events} events, ${rounds} alternating rounds; load ${load.toFixed(1)} (1-minute average, ${cpus().length} cores)`);
  console.log("| build | raw watch() µs per event (min–max) | watcher µs per event (min–max) | watcher / raw (median of per-round ratios) |\n|---|---:|---:|---:|");
  for (const [name, dist] of builds) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), events, rounds], { env: { ...process.env, WATCHER_COST_DIST: resolve(dist) }, encoding: "utf8", cwd: root });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    const { raw, watcher } = JSON.parse(r.stdout.trim().split("\n").pop());
    const f = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
    console.log(`| ${name} | ${f(raw)} | ${f(watcher)} | ${median(watcher.map((w, i) => w / raw[i])).toFixed(2)}x |`);
  }
  console.log(`load at end ${loadavg()[0].toFixed(1)}`);
}
