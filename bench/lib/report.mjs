// Writes bench/results.csv, bench/ratios.svg and bench/report.md from the collected figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CC_SCENARIOS, SCENARIOS } from "./scenarios.mjs";

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x, d = 1) => (x === undefined || x === null ? "–" : Number(x).toFixed(d));

/** rows: { scenario, contender, result | error } */
export function summarize(rows) {
  return rows.map((r) => {
    if (!r.result) return { ...r };
    const w = r.result.wallMs;
    return { ...r, median: median(w), min: Math.min(...w), max: Math.max(...w) };
  });
}

function ratio(rows, scenario, contender, base, key = "median") {
  const a = rows.find((r) => r.scenario === scenario && r.contender === contender);
  const b = rows.find((r) => r.scenario === scenario && r.contender === base);
  return a?.[key] !== undefined && b?.[key] ? a[key] / b[key] : undefined;
}

export function writeCsv(dir, rows) {
  const head = "scenario,contender,count,wall_median_ms,wall_min_ms,wall_max_ms,reps,p50_ms,p99_ms,cpu_ms,peak_rss_mb,peak_heap_mb,ratio_floor,ratio_client_node,error";
  const lines = rows.map((r) => [
    r.scenario, r.contender, r.result?.count ?? "", fmt(r.median, 2), fmt(r.min, 2), fmt(r.max, 2), r.result?.wallMs.length ?? "",
    fmt(r.result?.p50Ms, 3), fmt(r.result?.p99Ms, 3), fmt(r.result?.cpuMs, 1), fmt(r.result?.peakRssMb, 1), fmt(r.result?.peakHeapMb, 1),
    fmt(ratio(rows, r.scenario, r.contender, "floor"), 3), fmt(ratio(rows, r.scenario, r.contender, "client-node"), 3), JSON.stringify(r.error ?? ""),
  ].join(","));
  writeFileSync(join(dir, "results.csv"), [head, ...lines].join("\n") + "\n");
}

const COLORS = { "kubex-undici": "#1f77b4", "kubex-fetch": "#6baed6", "client-node": "#d62728", "python-kubex": "#2ca02c", floor: "#7f7f7f" };

/**
 * One panel of horizontal bars: `value(scenario, contender)` (a ratio to the floor) per scenario,
 * on a log scale; returns { parts, height } to place at `dx`.
 */
function panel({ title, scenarios, shown, value, dx }) {
  const barH = 12, groupH = shown.length * barH + 14, left = dx + 150, width = 380, top = 40;
  const values = scenarios.flatMap((s) => shown.map((c) => value(s, c) ?? 0));
  const max = Math.max(2, ...values);
  const x = (v) => left + (Math.log10(Math.max(v, 0.5)) - Math.log10(0.5)) / (Math.log10(max * 1.1) - Math.log10(0.5)) * width;
  const parts = [`<text x="${dx + 10}" y="20" font-size="13">${title}</text>`];
  scenarios.forEach((s, i) => {
    const y0 = top + i * groupH;
    parts.push(`<text x="${dx + 10}" y="${y0 + groupH / 2}" font-size="11">${s}</text>`);
    shown.forEach((c, j) => {
      const v = value(s, c);
      if (v === undefined) return;
      const y = y0 + j * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v) - left)}" height="${barH - 2}" fill="${COLORS[c] ?? "#999"}"/>`);
      parts.push(`<text x="${x(v) + 4}" y="${y + barH - 3}" font-size="9">${v.toFixed(2)}</text>`);
    });
  });
  const h = top + scenarios.length * groupH;
  for (const t of [1, 1.05, 3, 10, 30].filter((t) => t <= max * 1.1)) {
    parts.push(`<line x1="${x(t)}" y1="${top - 5}" x2="${x(t)}" y2="${h}" stroke="#000" stroke-dasharray="${t === 1 ? "" : "2,3"}" stroke-width="0.5"/><text x="${x(t) - 8}" y="${h + 12}" font-size="9">${t}x</text>`);
  }
  return { parts, height: h + 16 };
}

/** Both modes side by side: real cluster (median wall time / floor), client cost (median CPU per call / floor). */
export function writeSvg(dir, rows, ccRows) {
  const order = ["kubex-undici", "kubex-fetch", "client-node", "python-kubex"];
  const present = (rs) => order.filter((c) => rs.some((r) => r.contender === c));
  const panels = [];
  if (rows.length) panels.push(panel({ title: "Real API server: median wall time / floor", scenarios: Object.keys(SCENARIOS), shown: present(rows), value: (s, c) => ratio(rows, s, c, "floor"), dx: 0 }));
  if (ccRows.length) panels.push(panel({ title: "Client cost (trivial TLS server): median CPU per call / floor", scenarios: Object.keys(CC_SCENARIOS), shown: present(ccRows), value: (s, c) => ratio(ccRows, s, c, "floor", "cpu"), dx: panels.length * 590 }));
  const h = Math.max(...panels.map((p) => p.height)) + 20;
  const legend = order.map((c, j) => `<rect x="${150 + j * 120}" y="${h - 12}" width="10" height="10" fill="${COLORS[c]}"/><text x="${150 + j * 120 + 14}" y="${h - 3}" font-size="10">${c}</text>`).join("");
  const body = panels.flatMap((p) => p.parts).join("") + legend + `<text x="10" y="${h - 3}" font-size="10">log scale; 1 = floor; lower is better</text>`;
  writeFileSync(join(dir, "ratios.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="${panels.length * 590 + 20}" height="${h + 6}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>\n`);
}

const LISTS_AND_WATCH = ["list-100-pods", "list-500-pods", "list-5000-cm-paged", "watch-1000"];

function targets(rows) {
  const out = [];
  for (const k of ["kubex-undici", "kubex-fetch"]) {
    for (const s of Object.keys(SCENARIOS)) {
      const f = ratio(rows, s, k, "floor");
      if (f !== undefined) out.push(`| ${k} | ${s} | within 1.15x of floor | ${f.toFixed(2)}x | ${f <= 1.15 ? "met" : "**missed**"} |`);
    }
    for (const s of LISTS_AND_WATCH) {
      const c = ratio(rows, s, "client-node", k);
      const heap = ratio(rows, s, k, "client-node", "heap");
      if (c !== undefined) out.push(`| ${k} | ${s} | >= 3x faster than client-node | ${c.toFixed(2)}x | ${c >= 3 ? "met" : "**missed**"} |`);
      if (heap !== undefined) out.push(`| ${k} | ${s} | lower peak heap than client-node | ${heap.toFixed(2)}x of its heap | ${heap < 1 ? "met" : "**missed**"} |`);
    }
  }
  return out;
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); const at = (s.length - 1) * q; const lo = Math.floor(at); return s[lo] + (s[Math.ceil(at)] - s[lo]) * (at - lo); };

/** Client-cost rows ({ scenario, contender, reps: [result] }) with per-call medians and spreads. */
export function summarizeClientCost(rows) {
  return rows.map((r) => {
    if (r.error || !r.reps.length) return { ...r };
    const calls = CC_SCENARIOS[r.scenario].calls;
    const cpu = r.reps.map((q) => q.cpuMs / calls);
    const wall = r.reps.map((q) => q.wallMs / calls);
    const heaps = r.reps.map((q) => q.peakHeapMb).filter((h) => h !== null && h !== undefined);
    return {
      ...r, count: r.reps[0].count, n: r.reps.length,
      cpu: median(cpu), cpuQ1: quantile(cpu, 0.25), cpuQ3: quantile(cpu, 0.75),
      median: median(wall), min: Math.min(...wall), max: Math.max(...wall),
      heap: heaps.length ? Math.max(...heaps) : undefined, rss: Math.max(...r.reps.map((q) => q.peakRssMb)),
      p50: r.reps[0].p50Ms !== undefined ? median(r.reps.map((q) => q.p50Ms)) : undefined,
    };
  });
}

function writeClientCostCsv(dir, rows) {
  const head = "scenario,contender,count,reps,cpu_per_call_median_ms,cpu_q1_ms,cpu_q3_ms,wall_per_call_median_ms,wall_min_ms,wall_max_ms,peak_heap_mb,peak_rss_mb,cpu_ratio_floor,cpu_ratio_client_node,wall_ratio_floor,wall_ratio_client_node,error";
  const lines = rows.map((r) => [
    r.scenario, r.contender, r.count ?? "", r.n ?? "", fmt(r.cpu, 3), fmt(r.cpuQ1, 3), fmt(r.cpuQ3, 3), fmt(r.median, 3), fmt(r.min, 3), fmt(r.max, 3),
    fmt(r.heap, 1), fmt(r.rss, 1), fmt(ratio(rows, r.scenario, r.contender, "floor", "cpu"), 3), fmt(ratio(rows, r.scenario, r.contender, "client-node", "cpu"), 3),
    fmt(ratio(rows, r.scenario, r.contender, "floor"), 3), fmt(ratio(rows, r.scenario, r.contender, "client-node"), 3), JSON.stringify(r.error ?? ""),
  ].join(","));
  writeFileSync(join(dir, "results-client-cost.csv"), [head, ...lines].join("\n") + "\n");
}

/** "floor" or "floor-dispatch", whichever has the lower `key` on scenario `s`. */
function lowestFloor(rows, s, key) {
  const floors = ["floor", "floor-dispatch"].map((c) => rows.find((r) => r.scenario === s && r.contender === c)).filter((r) => r?.[key] !== undefined);
  return floors.sort((a, b) => a[key] - b[key])[0]?.contender;
}

function clientCostTargets(rows) {
  const out = [];
  const line = (who, s, target, v, ok) => out.push(`| ${who} | ${s} | ${target} | ${v} | ${ok ? "met" : "**missed**"} |`);
  for (const s of Object.keys(CC_SCENARIOS)) {
    for (const key of ["cpu", "median"]) {
      // Against the lower of the two floors: undici.request, or the dispatch read (no stream per response).
      const floor = lowestFloor(rows, s, key);
      const f = floor && ratio(rows, s, "kubex-undici", floor, key);
      if (f !== undefined) line("kubex-undici", s, `within 1.05x of the floor (${key === "cpu" ? "CPU" : "wall"}; ${floor})`, `${f.toFixed(2)}x`, f <= 1.05);
    }
    const fu = ratio(rows, s, "kubex-fetch", "kubex-undici", "cpu");
    if (fu !== undefined) line("kubex-fetch", s, "within 1.3x of kubex-undici (CPU)", `${fu.toFixed(2)}x`, fu <= 1.3);
    for (const peer of ["client-node", "python-kubex"]) {
      for (const key of ["cpu", "median"]) {
        const v = ratio(rows, s, "kubex-undici", peer, key);
        if (v !== undefined) line("kubex-undici", s, `ahead of ${peer} (${key === "cpu" ? "CPU" : "wall"})`, `${v.toFixed(2)}x of it`, v < 1);
      }
    }
    const h = ratio(rows, s, "kubex-undici", "client-node", "heap");
    if (h !== undefined) line("kubex-undici", s, "lower peak heap than client-node", `${h.toFixed(2)}x of it`, h < 1);
  }
  return out;
}

function clientCostSection(saved) {
  const rows = summarizeClientCost(saved.rows);
  const contenders = [...new Set(rows.map((r) => r.contender))];
  const others = (base) => contenders.filter((c) => c !== base);
  const md = [
    "## Client cost: a trivial local TLS server", "",
    "`npm run bench:client-cost`: every contender against bench/lib/fake-apiserver.mjs, an HTTPS server on 127.0.0.1 that answers with prepared, deterministic API-server responses (pods synthesized from a kwok pod as the API server returns it, managed fields included), so the figures are the client's own cost. Rounds alternate between contenders (A B C A B C ...): each contender is one process per scenario that warms up once, then runs one repetition per round.", "",
    ...saved.header.map((h) => `- ${h}`), "",
    "**CPU per call** (user+system of the contender process, `process.cpuUsage()` / `time.process_time()`, divided by the calls in a repetition: 200 GETs, 50 create+delete pairs, one list, one stream, one log read) is the first figure: it suffers least from the machine's load. Median over the rounds with the interquartile range; wall time per call second (median, min–max); peak heap is the highest V8 `heapUsed` in any round (not measured for Python).", "",
    "### Ratio to the floor and to client-node (median CPU per call; in brackets median wall time)", "",
    `| scenario | ${others("floor").map((c) => `${c} / floor`).join(" | ")} | ${others("client-node").map((c) => `${c} / client-node`).join(" | ")} |`,
    `|---|${others("floor").map(() => "---:").join("|")}|${others("client-node").map(() => "---:").join("|")}|`,
  ];
  const cell = (s, c, base) => { const a = ratio(rows, s, c, base, "cpu"); const b = ratio(rows, s, c, base); return a === undefined ? "–" : `${a.toFixed(2)} (${fmt(b, 2)})`; };
  for (const s of Object.keys(CC_SCENARIOS)) {
    if (!rows.some((r) => r.scenario === s)) continue;
    md.push(`| ${s} | ${others("floor").map((c) => cell(s, c, "floor")).join(" | ")} | ${others("client-node").map((c) => cell(s, c, "client-node")).join(" | ")} |`);
  }
  md.push("", "### CPU ms per call (median)", "", `| scenario | unit | ${contenders.join(" | ")} |`, `|---|---|${contenders.map(() => "---:").join("|")}|`);
  for (const [s, d] of Object.entries(CC_SCENARIOS)) {
    if (!rows.some((r) => r.scenario === s)) continue;
    md.push(`| ${s} | ${d.unit} | ${contenders.map((c) => { const r = rows.find((x) => x.scenario === s && x.contender === c); return r?.cpu === undefined ? "–" : fmt(r.cpu, r.cpu < 10 ? 3 : 1); }).join(" | ")} |`);
  }
  md.push("");
  for (const [s, d] of Object.entries(CC_SCENARIOS)) {
    const these = rows.filter((x) => x.scenario === s);
    if (!these.length) continue;
    md.push(`### client cost: ${s}`, "", `${d.what}; per call = per ${d.unit}.`, "", "| contender | objects | rounds | CPU ms per call (IQR) | wall ms per call (min–max) | GET p50 ms | peak heap MB | peak RSS MB | CPU / floor | CPU / client-node | wall / floor | wall / client-node |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of these) {
      if (r.cpu === undefined) { md.push(`| ${r.contender} | failed: ${String(r.error).replace(/\|/g, "/").slice(0, 160)} | | | | | | | | | | |`); continue; }
      const d3 = r.cpu < 10 ? 3 : 1;
      md.push(`| ${r.contender} | ${r.count} | ${r.n} | ${fmt(r.cpu, d3)} (${fmt(r.cpuQ1, d3)}–${fmt(r.cpuQ3, d3)}) | ${fmt(r.median, d3)} (${fmt(r.min, d3)}–${fmt(r.max, d3)}) | ${fmt(r.p50, 3)} | ${fmt(r.heap)} | ${fmt(r.rss)} | ${fmt(ratio(rows, s, r.contender, "floor", "cpu"), 2)} | ${fmt(ratio(rows, s, r.contender, "client-node", "cpu"), 2)} | ${fmt(ratio(rows, s, r.contender, "floor"), 2)} | ${fmt(ratio(rows, s, r.contender, "client-node"), 2)} |`);
    }
    md.push("");
  }
  md.push("### Client-cost targets", "", "| who | scenario | target | figure | |", "|---|---|---|---:|---|", ...clientCostTargets(rows), "");
  for (const n of saved.notes) md.push(`- ${n}`);
  return { md, rows };
}

function realClusterSection(saved) {
  const rows = summarize(saved.rows);
  for (const r of rows) r.heap = r.result?.peakHeapMb ?? undefined;
  const md = [
    "## Real API server", "",
    "`npm run bench`: every contender against the local kube-apiserver, on objects seeded before timing. Wall time: median over the timed repetitions of a scenario (after one untimed warm-up), with min–max. CPU: user+system per repetition. Peak RSS: the process's maximum resident set (includes the runtime itself). Peak heap: highest V8 `heapUsed` sampled every 5 ms (not measured for Python). Ratios are median wall time over the floor's and over `@kubernetes/client-node`'s (lower is better).", "",
    ...saved.header.map((h) => `- ${h}`), "",
  ];
  for (const [s, what] of Object.entries(SCENARIOS)) {
    md.push(`### ${s}`, "", what, "", "| contender | objects | wall median ms | min–max ms | p50 / p99 ms per call | CPU ms | peak RSS MB | peak heap MB | / floor | / client-node |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows.filter((x) => x.scenario === s)) {
      if (!r.result) { md.push(`| ${r.contender} | failed: ${String(r.error).replace(/\|/g, "/").slice(0, 160)} | | | | | | | | |`); continue; }
      const lat = r.result.p50Ms !== undefined ? `${fmt(r.result.p50Ms, 2)} / ${fmt(r.result.p99Ms, 2)}` : "";
      md.push(`| ${r.contender} | ${r.result.count} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${lat} | ${fmt(r.result.cpuMs)} | ${fmt(r.result.peakRssMb)} | ${fmt(r.result.peakHeapMb)} | ${fmt(ratio(rows, s, r.contender, "floor"), 2)} | ${fmt(ratio(rows, s, r.contender, "client-node"), 2)} |`);
    }
    md.push("");
  }
  md.push("### Real-API-server targets", "", "| kubex | scenario | target | figure | |", "|---|---|---|---:|---|", ...targets(rows), "");
  for (const n of saved.notes) md.push(`- ${n}`);
  return { md, rows };
}

function startupSection(saved) {
  const md = ["## Start-up and install size", "", ...saved.header.map((h) => `- ${h}`), "",
    "| library | what is loaded | wall ms median (min–max) | RSS MB median | install size MB (files) |", "|---|---|---:|---:|---:|"];
  for (const r of saved.rows) md.push(`| ${r.name} | ${r.what} | ${fmt(r.wallMs)} (${fmt(r.minMs)}–${fmt(r.maxMs)}) | ${fmt(r.rssMb)} | ${fmt(r.installMb, 1)} (${r.installFiles ?? "–"}) |`);
  md.push("");
  return md;
}

/** Writes report.md, results.csv, results-client-cost.csv and ratios.svg from the saved results of both modes. */
export function renderReport(dir) {
  const load = (name) => (existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), "utf8")) : undefined);
  const real = load("results.json");
  const cc = load("results-client-cost.json");
  const startup = load("results-startup.json");
  const realPart = real ? realClusterSection(real) : { md: [], rows: [] };
  const ccPart = cc ? clientCostSection(cc) : { md: [], rows: [] };
  if (real) writeCsv(dir, realPart.rows);
  if (cc) writeClientCostCsv(dir, ccPart.rows);
  writeSvg(dir, realPart.rows, ccPart.rows);
  const md = [
    "# kubex benchmarks", "",
    "Generated by bench/run.mjs in two modes: **client cost** (`npm run bench:client-cost`, a trivial local TLS server with prepared responses: the client's own cost) and **real API server** (`npm run bench`, the local kube-apiserver: what an application sees, server time included). Every contender runs in its own process, so only one library is loaded per measurement. `node bench/run.mjs --render` re-renders this file from the saved results.", "",
    "**The machine is shared**: 2 cores, on which other test suites may run (against the same local API server too); the load average of each run is in its mode's header. Wall times swing with that load; CPU time per call is the steadier figure and is given first in the client-cost mode.", "",
    "![ratios to the floor, both modes](ratios.svg)", "",
    ...ccPart.md, ...realPart.md, ...(startup ? startupSection(startup) : []),
  ];
  const analysis = join(dir, "analysis.md");
  if (existsSync(analysis)) md.push(readFileSync(analysis, "utf8"));
  writeFileSync(join(dir, "report.md"), md.join("\n") + "\n");
}
