// Instructions per call (valgrind callgrind), a figure the machine's load does not move:
//   node bench/instructions.mjs <scenario> [contender=dist,...] [repsLow,repsHigh]
// e.g. node bench/instructions.mjs get-pod floor,before=.cache/base-dist/esm,after=dist/esm 2,6
// Each contender runs twice under callgrind against bench/lib/fake-apiserver.mjs (which runs
// outside valgrind, in this process), once with each repetition count; the difference of the two
// totals divided by the extra calls is the cost of a call, with start-up and warm-up cancelled out.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeApiServer } from "./lib/fake-apiserver.mjs";
import * as S from "./lib/scenarios.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [scenario = "get-pod", who = "floor,current=dist/esm", reps = "1,3"] = process.argv.slice(2);
const [low, high] = reps.split(",").map(Number);
const backend = process.env.BENCH_BACKEND ?? "undici";
const calls = S.CC_SCENARIOS[scenario].calls;

function contender(spec) {
  if (spec.startsWith("floor")) return { name: spec, cmd: [`bench/contenders/${spec}.mjs`], env: {} };
  const [name, dist] = spec.split("=");
  return { name: `${name}-${backend}`, cmd: ["bench/contenders/kubex.mjs"], env: { KUBEX_DIST: resolve(root, dist) } };
}

async function instructions(server, c, n) {
  const dir = mkdtempSync(join(tmpdir(), "kubex-cg-"));
  const out = join(dir, "callgrind.out");
  const env = {
    ...process.env, ...c.env, KUBECONFIG: server.kubeconfig, BENCH_SCENARIO: scenario, BENCH_MODE: "client-cost", BENCH_REPS: String(n),
    BENCH_WARMUP: "1", BENCH_BACKEND: backend, BENCH_CONSTANTS: JSON.stringify(S),
  };
  const args = ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${out}`, process.execPath, ...c.cmd];
  const child = spawn("valgrind", args, { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  child.stdout.resume();
  const code = await new Promise((r) => child.on("close", r));
  try {
    const total = readFileSync(out, "utf8").match(/^totals: (\d+)/m)?.[1];
    if (code !== 0 || !total) throw new Error(`${c.name}: exit ${code}: ${err.split("\n").slice(-5).join(" / ")}`);
    return Number(total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startFakeApiServer();
try {
  console.log(`${scenario}: instructions per ${S.CC_SCENARIOS[scenario].unit} = (Ir(${high} reps) - Ir(${low} reps)) / ${(high - low) * calls} calls; backend ${backend}`);
  for (const spec of who.split(",")) {
    const c = contender(spec);
    const a = await instructions(server, c, low);
    const b = await instructions(server, c, high);
    console.log(`${c.name.padEnd(20)} ${((b - a) / ((high - low) * calls) / 1e6).toFixed(3)} M instructions per call (totals ${(a / 1e9).toFixed(2)} / ${(b / 1e9).toFixed(2)} G)`);
  }
} finally {
  await server.close();
}
