// The client-cost mode: every contender against bench/lib/fake-apiserver.mjs, in alternating
// rounds (A B C A B C ...). Per scenario, each contender is one long-lived process that warms up
// once, then runs one repetition per "run" line (bench/lib/driver.mjs loop()), so that a slow
// spell of the shared machine hits every contender alike instead of one contender's whole series.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import * as S from "./scenarios.mjs";
import { startFakeApiServer } from "./fake-apiserver.mjs";

/** A contender process speaking the BENCH_LOOP protocol. */
function startContender(contender, scenario, kubeconfig, root) {
  const env = {
    ...process.env, KUBECONFIG: kubeconfig, BENCH_SCENARIO: scenario, BENCH_MODE: "client-cost", BENCH_LOOP: "1",
    BENCH_WARMUP: "1", BENCH_BACKEND: contender.backend ?? "", BENCH_CONSTANTS: JSON.stringify(S), ...contender.env,
  };
  const child = spawn(contender.cmd[0], contender.cmd.slice(1), { env, cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let buffered = "";
  let err = "";
  const lines = [];
  let waiter;
  child.stdout.on("data", (d) => {
    buffered += d;
    let i;
    while ((i = buffered.indexOf("\n")) >= 0) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    waiter?.();
  });
  child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
  let exited = false;
  child.on("close", () => { exited = true; waiter?.(); });
  /** The next line starting with `prefix`, or an Error after `ms` or when the process ends. */
  const next = (prefix, ms) => new Promise((resolve) => {
    const timer = setTimeout(() => { waiter = undefined; resolve(new Error(`no ${prefix.trim()} within ${ms / 1000} s`)); }, ms);
    waiter = () => {
      const at = lines.findIndex((l) => l.startsWith(prefix));
      if (at >= 0) {
        const [line] = lines.splice(0, at + 1).slice(-1);
        clearTimeout(timer); waiter = undefined; resolve(line.slice(prefix.length));
      } else if (exited) {
        clearTimeout(timer); waiter = undefined;
        resolve(new Error(`exited: ${err.trim().split("\n").slice(-3).join(" / ").slice(0, 400) || "no output"}`));
      }
    };
    waiter();
  });
  return {
    ready: () => next("BENCH_READY", 300_000),
    async run() {
      child.stdin.write("run\n");
      const line = await next("BENCH_RESULT ", 300_000);
      return line instanceof Error ? line : JSON.parse(line);
    },
    stop() { child.stdin.end("exit\n"); setTimeout(() => child.kill("SIGKILL"), 10_000).unref(); },
  };
}

/**
 * Runs the client-cost scenarios; resolves to { rows, load, server } where rows are
 * { scenario, contender, reps: [result], error? } and load the 1-minute load average at start and end.
 */
export async function runClientCost({ chosen, reps, root, log = console.log }) {
  const load = { start: loadavg()[0] };
  const server = await startFakeApiServer({ h2: process.env.BENCH_H2 === "1" });
  const rows = [];
  let failed = false;
  try {
    const wanted = process.env.BENCH_SCENARIOS?.split(",");
    for (const scenario of Object.keys(S.CC_SCENARIOS).filter((s) => !wanted || wanted.includes(s))) {
      const t = Date.now();
      const live = [];
      for (const c of chosen) {
        const p = startContender(c, scenario, server.kubeconfig, root);
        const ok = await p.ready();
        const row = { scenario, contender: c.name, reps: [] };
        rows.push(row);
        if (ok instanceof Error) { row.error = `warm-up: ${ok.message}`; failed = true; p.stop(); } else live.push({ p, row });
      }
      for (let r = 0; r < reps; r++) {
        for (const { p, row } of live) {
          if (row.error) continue;
          const result = await p.run();
          if (result instanceof Error) { row.error = result.message; failed = true; p.stop(); } else row.reps.push(result);
        }
      }
      for (const { p, row } of live) if (!row.error) p.stop();
      const counts = new Set(rows.filter((x) => x.scenario === scenario && !x.error).flatMap((x) => x.reps.map((q) => q.count)));
      if (counts.size > 1) { failed = true; log(`${scenario}: contenders returned different counts: ${[...counts].join(", ")}`); }
      for (const row of rows.filter((x) => x.scenario === scenario)) {
        const cpu = row.reps.map((q) => q.cpuMs.toFixed(1)).join("/");
        log(`${scenario.padEnd(18)} ${row.contender.padEnd(13)} ${row.error ?? `count=${row.reps[0]?.count} cpu=${cpu} ms`}`);
      }
      log(`${scenario}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await server.close();
  }
  load.end = loadavg()[0];
  const protocols = {};
  for (const p of server.protocols) protocols[p] = (protocols[p] ?? 0) + 1;
  return { rows, load, failed, protocols };
}
