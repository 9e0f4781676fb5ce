// Runs one scenario of one contender: a warm-up, then `reps` timed repetitions; prints one JSON
// line with the object count, per-repetition wall times, CPU per repetition, peak RSS and heap.
import { performance } from "node:perf_hooks";
import * as S from "./scenarios.mjs";

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One repetition: resolves to { count, latencies? } */
async function once(impl, scenario) {
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

/** Entry point of a contender process: scenario and repetitions come from the environment. */
export async function drive(impl) {
  const scenario = process.env.BENCH_SCENARIO;
  const reps = Number(process.env.BENCH_REPS ?? "5");
  const warmup = process.env.BENCH_WARMUP !== "0";
  let peakHeap = 0;
  const sample = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };
  const sampler = setInterval(sample, 5);
  try {
    if (warmup) await once(impl, scenario);
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
