// `npm run bench` (full: warm-up + timed repetitions, writes report.md, results.csv, ratios.svg)
// and `npm run bench:quick` (each scenario once; checks every contender completes with the same
// object count; writes nothing). Exit code 2 means there is no cluster to run against.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as S from "./lib/scenarios.mjs";
import { contenders, pythonKubex } from "./lib/contenders.mjs";
import { rawConnection, rawJson } from "./lib/raw.mjs";
import { runClientCost } from "./lib/client-cost.mjs";
import { renderReport } from "./lib/report.mjs";
import { seed } from "./seed.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const quick = process.argv.includes("--quick");
const reps = Number(process.env.BENCH_REPS ?? (quick ? 1 : 5));
const notes = [];

function clusterKubeconfig() {
  const envFile = join(root, ".cluster/env");
  if (existsSync(envFile)) {
    const env = Object.fromEntries(readFileSync(envFile, "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    if (env.KUBEX_E2E_KUBECONFIG && existsSync(env.KUBEX_E2E_KUBECONFIG)) return { kubeconfig: env.KUBEX_E2E_KUBECONFIG, node: env.KUBEX_E2E_NODE };
  }
  if (process.env.KUBEX_E2E_KUBECONFIG) return { kubeconfig: process.env.KUBEX_E2E_KUBECONFIG, node: process.env.KUBEX_E2E_NODE };
  return undefined;
}

function runContender(contender, scenario, kubeconfig) {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: kubeconfig, BENCH_SCENARIO: scenario, BENCH_REPS: String(reps), BENCH_WARMUP: quick ? "0" : "1", BENCH_BACKEND: contender.backend ?? "", BENCH_CONSTANTS: JSON.stringify(S) };
    const child = spawn(contender.cmd[0], contender.cmd.slice(1), { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), quick ? 60_000 : 300_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (code === 0 && line) resolve({ result: JSON.parse(line.slice(13)) });
      else resolve({ error: `exit ${code}: ${(err.trim().split("\n").slice(-3).join(" / ") || "no result line").slice(0, 400)}` });
    });
  });
}

// --render: re-render report.md from bench/results.json (e.g. after editing bench/analysis.md).
if (process.argv.includes("--render")) {
  renderReport(benchDir);
  console.log("re-rendered bench/report.md, bench/results.csv, bench/results-client-cost.csv, bench/ratios.svg");
  process.exit(0);
}

// --client-cost: the clients against a trivial local TLS server (bench/lib/client-cost.mjs).
if (process.argv.includes("--client-cost")) {
  if (!existsSync(join(root, "dist/esm/runtime/index.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  const ccReps = Number(process.env.BENCH_REPS ?? (quick ? 1 : 10));
  const py = pythonKubex(notes);
  const { rows, load, failed } = await runClientCost({ chosen: contenders(py), reps: ccReps, root });
  if (quick) {
    console.log(failed ? "bench:client-cost quick FAILED" : "bench:client-cost quick ok");
    process.exit(failed ? 1 : 0);
  }
  const header = [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${type()} ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; 1-minute load average ${load.start.toFixed(1)} at start, ${load.end.toFixed(1)} at end`,
    "Server: bench/lib/fake-apiserver.mjs (HTTPS on 127.0.0.1, prepared responses, bearer token)",
    `Node ${process.version}; contenders as in the real-cluster mode`,
    `Repetitions: ${ccReps} alternating rounds per scenario (A B C A B C ...), after 1 warm-up per contender`,
  ];
  writeFileSync(join(benchDir, "results-client-cost.json"), JSON.stringify({ header, notes, rows }, null, 1) + "\n");
  renderReport(benchDir);
  console.log(`wrote bench/results-client-cost.json, bench/report.md${failed ? " (with failures)" : ""}`);
  process.exit(failed ? 1 : 0);
}

const cluster = clusterKubeconfig();
if (!cluster) {
  console.error("bench: no cluster: start one with scripts/cluster/up.sh (writes .cluster/env) or set KUBEX_E2E_KUBECONFIG");
  process.exit(2);
}
if (!existsSync(join(root, "dist/esm/runtime/index.js"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });

const conn = rawConnection(cluster.kubeconfig);
const started = Date.now();
await seed(conn, cluster.node ?? "kwok-node-0");
const server = await rawJson(conn, "GET", "/version");
await conn.dispatcher.close();
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const py = pythonKubex(notes);
const chosen = contenders(py);

const rows = [];
let failed = false;
for (const scenario of Object.keys(S.SCENARIOS).filter((s) => !process.env.BENCH_SCENARIOS || process.env.BENCH_SCENARIOS.split(",").includes(s))) {
  const counts = new Set();
  for (const c of chosen) {
    const t = Date.now();
    const r = await runContender(c, scenario, cluster.kubeconfig);
    rows.push({ scenario, contender: c.name, ...r });
    if (r.error) failed = true;
    else counts.add(r.result.count);
    const figure = r.result ? `count=${r.result.count} wall=${r.result.wallMs.map((w) => w.toFixed(1)).join("/")} ms cpu=${r.result.cpuMs.toFixed(1)} ms` : r.error;
    console.log(`${scenario.padEnd(20)} ${c.name.padEnd(13)} ${figure} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  if (counts.size > 1) {
    failed = true;
    console.error(`${scenario}: contenders returned different counts: ${[...counts].join(", ")}`);
  }
}

if (quick) {
  console.log(failed ? "bench:quick FAILED" : `bench:quick ok: ${chosen.length} contenders x ${rows.length / chosen.length} scenarios agree`);
  for (const n of notes) console.log(n);
  process.exit(failed ? 1 : 0);
}

const version = (cmd) => { try { return execFileSync(cmd[0], cmd.slice(1), { encoding: "utf8" }).trim(); } catch { return "n/a"; } };
const pkg = (p) => JSON.parse(readFileSync(join(root, p), "utf8")).version;
const header = [
  `Date: ${new Date().toISOString()}`,
  `Machine: ${type()} ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (shared with other work while this ran: see the spread)`,
  `Server: kube-apiserver ${server.gitVersion} (local control plane, kwok node), client certificate auth over TLS`,
  `Node ${process.version}; kubex ${pkg("package.json")} from dist/esm (built by npm run build); @kubernetes/client-node ${pkg("node_modules/@kubernetes/client-node/package.json")}; undici ${pkg("node_modules/undici/package.json")}`,
  py ? `Python: ${version([py, "--version"])}; ${version([py, "-c", "import importlib.metadata as m; print('kubex', m.version('kubex'), 'aiohttp', m.version('aiohttp'), 'pydantic', m.version('pydantic'))"])}` : "Python kubex: not run",
  `Repetitions: ${reps} timed per scenario and contender, after 1 warm-up`,
];
writeFileSync(join(benchDir, "results.json"), JSON.stringify({ header, notes, rows }, null, 1) + "\n");
renderReport(benchDir);
console.log(`wrote bench/report.md, bench/results.csv, bench/ratios.svg${failed ? " (with failures)" : ""}`);
process.exit(failed ? 1 : 0);
