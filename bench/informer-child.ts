// One scenario of bench/informer.mjs, in a process of its own (started with --expose-gc).
// Prints one JSON line: { ms, peak, retained } for caches, { events, cpuMicros, ms } for streams.
import { Api, createClient, Informer, watcher } from "../runtime/index.js";
import { Namespace, Pod } from "../generated/k8s/v1_35/core/v1/index.js";
import { KubeConfig, CoreV1Api, makeInformer, type V1Pod } from "@kubernetes/client-node";

const [scenario, ns, count] = process.argv.slice(2) as [string, string, string];
const pods = Number(count);
const gc = (globalThis as { gc?: () => void }).gc!;
const client = await createClient({ options: { warningHandler: () => {} } });
const api = new Api(Pod, { client, namespace: ns });

/** Heap in use after a full collection. */
function settled(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `work` while sampling the heap; the figures are relative to the heap before it. */
async function measureHeap(work: () => Promise<unknown>): Promise<{ ms: number; peak: number; retained: number }> {
  const base = settled();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - base)), 20);
  const started = performance.now();
  const held = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const retained = settled() - base;
  peak = Math.max(peak, retained);
  // `held` stays reachable until here, so what it holds counts as retained.
  void (held as unknown);
  return { ms, peak, retained };
}

async function cpuPerEvents(consume: () => Promise<number>): Promise<{ events: number; cpuMicros: number; ms: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const events = await consume();
  const used = process.cpuUsage(cpu);
  return { events, cpuMicros: used.user + used.system, ms: performance.now() - started };
}

async function seed(): Promise<void> {
  const namespaces = new Api(Namespace, { client });
  await namespaces.create({ metadata: { name: ns } }).catch(() => {});
  const have = new Set<string>();
  for await (const p of api.listAll()) have.add(p.metadata!.name!);
  const missing = Array.from({ length: pods }, (_, i) => `pod-${String(i).padStart(5, "0")}`).filter((n) => !have.has(n));
  let next = 0;
  // Gated pods are never scheduled: no scheduler, kubelet or kwok writes to them while measuring.
  const spec = { schedulingGates: [{ name: "kubex.bench/hold" }], containers: [{ name: "main", image: "registry.k8s.io/pause:3.10", env: [{ name: "ROLE", value: "bench" }] }] };
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < missing.length) {
      const name = missing[next++]!;
      await api.create({ metadata: { name, labels: { app: "kubex-bench-informer" } }, spec });
    }
  }));
}

let result: unknown;
switch (scenario) {
  case "seed":
    await seed();
    result = { seeded: pods };
    break;
  case "clean":
    await new Api(Namespace, { client }).delete(ns);
    result = { deleted: ns };
    break;
  case "parsed-list":
    result = await measureHeap(async () => (await api.list()).items);
    break;
  case "kubex": {
    const informer = new Informer(api);
    result = await measureHeap(async () => {
      await informer.start();
      return informer;
    });
    informer.stop();
    break;
  }
  case "client-node": {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1Pod>(kc, `/api/v1/namespaces/${ns}/pods`, () => core.listNamespacedPod({ namespace: ns }));
    result = await measureHeap(async () => {
      const synced = new Promise<void>((resolve) => {
        let adds = 0;
        informer.on("add", () => {
          if (++adds === pods) resolve();
        });
      });
      await informer.start();
      await synced;
      return informer;
    });
    await informer.stop();
    break;
  }
  case "raw-watch":
    result = await cpuPerEvents(async () => {
      let n = 0;
      for await (const event of api.watch({ sendInitialEvents: true, resourceVersion: "" })) {
        if (event.type === "BOOKMARK") break;
        n++;
      }
      return n;
    });
    break;
  case "watcher":
    result = await cpuPerEvents(async () => {
      let n = 0;
      for await (const event of watcher(api, { streamingList: "on" })) {
        if (event.type === "InitDone") break;
        if (event.type === "InitApply") n++;
      }
      return n;
    });
    break;
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
await client.close();
console.log(JSON.stringify(result));
process.exit(0);
