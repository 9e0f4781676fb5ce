// Runs one scenario of one contender: a warm-up, then `reps` timed repetitions; prints one JSON
// line with the object count, per-repetition wall times, CPU per repetition, peak RSS and heap.
import { performance } from "node:perf_hooks";
import * as S from "./scenarios.mjs";

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One repetition: resolves to { count, latencies? } */
async function onceCluster(impl, scenario) {
  switch (scenario) {
    case "get": {
      const latencies = [];
      for (let i = 0; i < S.GET_CALLS; i++) {
        const t = performance.now();
        const obj = await impl.get(S.NS.get, S.GET_NAME);
        latencies.push(performance.now() - t);
        if (obj.metadata.name !== S.GET_NAME) throw new Error("get returned the wrong object");
      }
      return { count: latencies.length, latencies };
    }
    case "create-delete": {
      for (let i = 0; i < S.CREATE_DELETE; i++) await impl.createDelete(S.NS.write, `cd-${process.pid}-${i}`);
      return { count: S.CREATE_DELETE };
    }
    case "list-100-pods":
      return { count: await impl.listPods(S.NS.pods100) };
    case "list-500-pods":
      return { count: await impl.listPods(S.NS.pods500) };
    case "list-5000-cm-paged":
      return { count: await impl.listPaged(S.NS.cm5000, S.PAGE_LIMIT) };
    case "watch-1000":
      return { count: await impl.watch(S.NS.watch, S.WATCH_EVENTS) };
    case "concurrent-100-get": {
      const all = await Promise.all(Array.from({ length: S.CONCURRENT }, () => impl.get(S.NS.get, S.GET_NAME)));
      return { count: all.filter((o) => o.metadata.name === S.GET_NAME).length };
    }
    case "logs-10000-lines": {
      let lines = 0;
      for (let i = 0; i < S.LOG_READS; i++) lines += await impl.logLines(S.NS.get, S.LOG_POD);
      return { count: lines };
    }
    default:
      throw new Error(`unknown scenario ${JSON.stringify(scenario)}`);
  }
}

/** One repetition of a client-cost scenario (against bench/lib/fake-apiserver.mjs). */
async function onceClientCost(impl, scenario) {
  const { NS } = S.CC;
  switch (scenario) {
    case "get-pod": {
      const latencies = [];
      for (let i = 0; i < S.CC.GET_CALLS; i++) {
        const t = performance.now();
        const obj = await impl.getPod(NS.get, S.CC.GET_NAME);
        latencies.push(performance.now() - t);
        if (obj.metadata.name !== S.CC.GET_NAME) throw new Error("get returned the wrong object");
      }
      return { count: latencies.length, latencies };
    }
    case "create-delete":
      for (let i = 0; i < S.CC.CREATE_DELETE; i++) await impl.createDelete(NS.write, `cd-${i}`);
      return { count: S.CC.CREATE_DELETE };
    case "concurrent-100-get-pod": {
      const all = await Promise.all(Array.from({ length: S.CC.CONCURRENT }, () => impl.getPod(NS.get, S.CC.GET_NAME)));
      return { count: all.filter((o) => o.metadata.name === S.CC.GET_NAME).length };
    }
    case "list-500-pods":
      return { count: await impl.listPods(NS.pods500) };
    case "list-5000-pods":
      return { count: await impl.listPods(NS.pods5000) };
    case "watch-2000":
      return { count: await impl.watchPods(NS.watch2000, 2000) };
    case "watch-20000":
      return { count: await impl.watchPods(NS.watch20000, 20000) };
    case "logs-10000-lines":
      return { count: await impl.logLines(NS.get, S.CC.LOG_POD) };
    case "logs-10000-lines-whole":
      return { count: await impl.logLinesWhole(NS.get, S.CC.LOG_POD) };
    default:
      throw new Error(`unknown client-cost scenario ${JSON.stringify(scenario)}`);
  }
}

/**
 * The alternating-rounds protocol (BENCH_LOOP=1): after the warm-up the contender prints
 * BENCH_READY, then runs one repetition per "run" line on stdin and prints its BENCH_RESULT, so
 * the runner can interleave contenders (A B C A B C ...) without paying a process start per round.
 */
async function loop(impl, scenario) {
  const run = process.env.BENCH_MODE === "client-cost" ? onceClientCost : onceCluster;
  let peakHeap = 0;
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 5);
  try {
    if (process.env.BENCH_WARMUP !== "0") await run(impl, scenario);
    process.stdout.write("BENCH_READY\n");
    const { createInterface } = await import("node:readline");
    for await (const line of createInterface({ input: process.stdin })) {
      if (line !== "run") break;
      peakHeap = process.memoryUsage().heapUsed;
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      const result = await run(impl, scenario);
      const wallMs = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      const lat = (result.latencies ?? []).sort((a, b) => a - b);
      const out = {
        count: result.count, wallMs, cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeap / 2 ** 20,
      };
      if (lat.length) Object.assign(out, { p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99) });
      process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
    }
  } finally {
    clearInterval(sampler);
    await impl.close?.();
  }
}

/** Entry point of a contender process: scenario and repetitions come from the environment. */
export async function drive(impl) {
  const scenario = process.env.BENCH_SCENARIO;
  if (process.env.BENCH_LOOP === "1") return loop(impl, scenario);
  const reps = Number(process.env.BENCH_REPS ?? "5");
  const warmup = process.env.BENCH_WARMUP !== "0";
  let peakHeap = 0;
  const sample = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };
  const sampler = setInterval(sample, 5);
  try {
    const once = process.env.BENCH_MODE === "client-cost" ? onceClientCost : onceCluster;
    if (warmup) await once(impl, scenario);
    // bench/profile.mjs keeps only the profile samples after this mark (V8's clock is hrtime's).
    if (process.env.BENCH_MARK === "1") process.stdout.write(`BENCH_MARK ${process.hrtime.bigint() / 1000n}\n`);
    const wall = [];
    let count = -1;
    let latencies = [];
    const cpu0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      const result = await once(impl, scenario);
      wall.push(performance.now() - t);
      sample();
      if (count !== -1 && result.count !== count) throw new Error(`count changed between repetitions: ${count} then ${result.count}`);
      count = result.count;
      if (result.latencies) latencies = latencies.concat(result.latencies);
    }
    const cpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    const out = {
      count, wallMs: wall, cpuMs: (cpu.user + cpu.system) / 1000 / reps,
      peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeap / 2 ** 20,
    };
    if (latencies.length) Object.assign(out, { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) });
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
  } finally {
    clearInterval(sampler);
    await impl.close?.();
  }
}
