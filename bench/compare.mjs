// Before/after of kubex builds in the client-cost mode, printed and written nowhere:
//   BENCH_BUILDS=before=/path/to/dist/esm,after=dist/esm node bench/compare.mjs [scenario,...] [rounds]
// Contenders alternate per round (the floors, each build on both backends unless BENCH_BACKENDS says
// otherwise); the figure is CPU per call (median, min–max), then wall time per call.
// BENCH_FLOORS=floor,floor-dispatch,floor-fetch adds the fetch floor (bench/contenders/floor-fetch.mjs);
// BENCH_RUNTIME="bun" or "deno run -A" runs every contender under that runtime instead of this Node.
// BENCH_H2=1 serves h2 and http/1.1 by ALPN; BENCH_BACKENDS may then name "undici-h2" (http2: true).
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runClientCost } from "./lib/client-cost.mjs";
import { pythonKubex } from "./lib/contenders.mjs";
import * as S from "./lib/scenarios.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [scenarios = "get-pod", rounds = "10"] = process.argv.slice(2);
const builds = (process.env.BENCH_BUILDS ?? `current=${root}/dist/esm`).split(",").map((b) => b.split("="));
const backends = (process.env.BENCH_BACKENDS ?? "undici").split(",");
const runtime = process.env.BENCH_RUNTIME ? process.env.BENCH_RUNTIME.split(" ") : [process.execPath];
// BENCH_FLOORS: the floors measured beside the builds (the first is the one ratios are to).
const floors = (process.env.BENCH_FLOORS ?? "floor,floor-dispatch").split(",");
const chosen = floors.map((name) => ({ name, cmd: [...runtime, `bench/contenders/${name}.mjs`] }));
for (const [name, dist] of builds) {
  for (const backend of backends) {
    const h2 = backend === "undici-h2";
    chosen.push({ name: `${name}-${backend}`, cmd: [...runtime, "bench/contenders/kubex.mjs"], backend: h2 ? "undici" : backend, env: { KUBEX_DIST: resolve(dist), ...(h2 ? { BENCH_KUBEX_HTTP2: "1" } : {}) } });
  }
}
// BENCH_PYTHON=1: the Python kubex too (its venv as bench/run.mjs sets it up).
if (process.env.BENCH_PYTHON === "1") {
  const py = pythonKubex([]);
  if (py) chosen.push({ name: "python-kubex", cmd: [py, "bench/contenders/python_kubex.py"] });
}
process.env.BENCH_SCENARIOS = scenarios;
const { rows, load, protocols } = await runClientCost({ chosen, reps: Number(rounds), root, log: () => {} });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(3));
console.log(`load ${load.start.toFixed(1)} -> ${load.end.toFixed(1)} (1-minute average, ${cpus().length} cores); ${rounds} alternating rounds; connections by ALPN: ${JSON.stringify(protocols)}`);
for (const scenario of scenarios.split(",")) {
  const calls = S.CC_SCENARIOS[scenario].calls;
  const mine = rows.filter((r) => r.scenario === scenario);
  const floor = mine.find((r) => r.contender === floors[0]);
  const floorCpu = floor && !floor.error ? median(floor.reps.map((q) => q.cpuMs / calls)) : NaN;
  console.log(`\n${scenario} (per ${S.CC_SCENARIOS[scenario].unit})`);
  console.log("| contender | CPU ms (min–max) | CPU / floor | wall ms (min–max) |\n|---|---:|---:|---:|");
  for (const r of mine) {
    if (r.error) { console.log(`| ${r.contender} | ${r.error} | | |`); continue; }
    const cpu = r.reps.map((q) => q.cpuMs / calls);
    const wall = r.reps.map((q) => q.wallMs / calls);
    console.log(`| ${r.contender} | ${fmt(median(cpu))} (${fmt(Math.min(...cpu))}–${fmt(Math.max(...cpu))}) | ${(median(cpu) / floorCpu).toFixed(2)}x | ${fmt(median(wall))} (${fmt(Math.min(...wall))}–${fmt(Math.max(...wall))}) |`);
  }
}
