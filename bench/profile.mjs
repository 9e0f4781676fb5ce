// CPU profile of one contender on one client-cost scenario, summarized by frame:
//   node bench/profile.mjs <contender> <scenario> [reps]     e.g. kubex-undici get-pod 10
// Runs the contender under `node --cpu-prof` against bench/lib/fake-apiserver.mjs and prints the
// top frames by self time (percentage of the non-idle samples), the share per package, and the
// inclusive time of kubex's own functions.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { contenders } from "./lib/contenders.mjs";
import { startFakeApiServer } from "./lib/fake-apiserver.mjs";
import * as S from "./lib/scenarios.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [who = "kubex-undici", scenario = "get-pod", reps = "10"] = process.argv.slice(2);
const contender = contenders(undefined).find((c) => c.name === who);
if (!contender) throw new Error(`unknown contender ${who}`);

function where(url) {
  if (!url) return "";
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (m) return `${m[1]}/${basename(m[2])}`;
  if (url.startsWith("node:")) return url;
  const d = url.match(/dist\/esm\/(.*)$/);
  return d ? `kubex/${d[1]}` : basename(url);
}

const group = (url, fn) => {
  if (!url) return fn.startsWith("(") ? fn : "native (V8 builtins, JSON.parse, TextDecoder...)";
  if (url.includes("node_modules/undici")) return "undici";
  if (url.includes("dist/esm")) return "kubex";
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/bench/")) return "bench driver";
  return basename(url);
};

/** Summarizes a .cpuprofile: { total, self: [[frame, ms]], groups: [[group, ms]], kubexInclusive: [[frame, ms]] }. */
export function summarizeProfile(profile, fromUs = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const groups = new Map();
  const inclusive = new Map();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs) return;
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") return;
    total += dt;
    const frame = `${functionName || "(anonymous)"} ${where(url)}${url ? `:${lineNumber + 1}` : ""}`;
    self.set(frame, (self.get(frame) ?? 0) + dt);
    const g = group(url, functionName || "(anonymous)");
    groups.set(g, (groups.get(g) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const cf = byId.get(at).callFrame;
      if (!cf.url.includes("dist/esm")) continue;
      const f = `${cf.functionName || "(anonymous)"} ${where(cf.url)}:${cf.lineNumber + 1}`;
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + dt);
    }
  });
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { total, self: sorted(self), groups: sorted(groups), kubexInclusive: sorted(inclusive) };
}

const server = await startFakeApiServer();
const dir = mkdtempSync(join(tmpdir(), "kubex-prof-"));
try {
  const env = {
    ...process.env, KUBECONFIG: server.kubeconfig, BENCH_SCENARIO: scenario, BENCH_MODE: "client-cost", BENCH_REPS: reps,
    BENCH_WARMUP: "1", BENCH_MARK: "1", BENCH_BACKEND: contender.backend ?? "", BENCH_CONSTANTS: JSON.stringify(S),
  };
  // The server runs in this process: spawn asynchronously so it keeps answering.
  const { spawn } = await import("node:child_process");
  const child = spawn(contender.cmd[0], ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "200", ...contender.cmd.slice(1)], { env, cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`${who} exited ${code}`);
  const result = JSON.parse(out.split("\n").find((l) => l.startsWith("BENCH_RESULT ")).slice(13));
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const mark = Number(out.split("\n").find((l) => l.startsWith("BENCH_MARK "))?.slice(11) ?? 0);
  const s = summarizeProfile(JSON.parse(readFileSync(join(dir, file), "utf8")), mark);
  const pct = (ms) => `${((ms / s.total) * 100).toFixed(1)} %`;
  console.log(`${who} ${scenario}: ${reps} reps, CPU ${result.cpuMs.toFixed(1)} ms per rep (under the profiler); ${s.total.toFixed(0)} ms of non-idle samples (timed repetitions only, start-up and warm-up excluded)`);
  console.log("\nby package (self time):");
  for (const [g, ms] of s.groups.slice(0, 10)) console.log(`  ${pct(ms).padStart(7)}  ${g}`);
  console.log("\ntop frames (self time):");
  for (const [f, ms] of s.self.slice(0, 25)) console.log(`  ${pct(ms).padStart(7)}  ${f}`);
  const kubexSelf = s.self.filter(([f]) => f.includes(" kubex/"));
  if (kubexSelf.length) {
    // Async layers have little inclusive time (it stops at their first await): their own time is here.
    console.log("\nkubex functions (self time):");
    for (const [f, ms] of kubexSelf.slice(0, 30)) console.log(`  ${pct(ms).padStart(7)}  ${f}`);
  }
  if (s.kubexInclusive.length) {
    console.log("\nkubex functions (inclusive time):");
    for (const [f, ms] of s.kubexInclusive.slice(0, 20)) console.log(`  ${pct(ms).padStart(7)}  ${f}`);
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
