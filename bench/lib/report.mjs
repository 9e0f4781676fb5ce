// Writes bench/results.csv, bench/ratios.svg and bench/report.md from the collected figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIOS } from "./scenarios.mjs";

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

/** Horizontal bars: each contender's median wall time over the floor's, per scenario (log scale). */
export function writeSvg(dir, rows, contenders) {
  const scenarios = Object.keys(SCENARIOS);
  const shown = contenders.filter((c) => c !== "floor");
  const barH = 12, groupH = shown.length * barH + 14, left = 170, width = 560, top = 40;
  const max = Math.max(2, ...rows.map((r) => ratio(rows, r.scenario, r.contender, "floor") ?? 0));
  const x = (v) => left + (Math.log10(Math.max(v, 0.5)) - Math.log10(0.5)) / (Math.log10(max * 1.1) - Math.log10(0.5)) * width;
  const parts = [`<text x="10" y="20" font-size="14">Median wall time relative to the floor (log scale; 1 = floor, lower is better)</text>`];
  scenarios.forEach((s, i) => {
    const y0 = top + i * groupH;
    parts.push(`<text x="10" y="${y0 + groupH / 2}" font-size="11">${s}</text>`);
    shown.forEach((c, j) => {
      const v = ratio(rows, s, c, "floor");
      if (v === undefined) return;
      const y = y0 + j * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v) - left)}" height="${barH - 2}" fill="${COLORS[c] ?? "#999"}"/>`);
      parts.push(`<text x="${x(v) + 4}" y="${y + barH - 3}" font-size="9">${v.toFixed(2)}</text>`);
    });
  });
  const h = top + scenarios.length * groupH + 30;
  for (const t of [1, 1.15, 3, 10, 30].filter((t) => t <= max * 1.1)) {
    parts.push(`<line x1="${x(t)}" y1="${top - 5}" x2="${x(t)}" y2="${h - 30}" stroke="#000" stroke-dasharray="${t === 1 ? "" : "2,3"}" stroke-width="0.5"/><text x="${x(t) - 8}" y="${h - 18}" font-size="9">${t}x</text>`);
  }
  shown.forEach((c, j) => parts.push(`<rect x="${left + j * 120}" y="${h - 12}" width="10" height="10" fill="${COLORS[c] ?? "#999"}"/><text x="${left + j * 120 + 14}" y="${h - 3}" font-size="10">${c}</text>`));
  writeFileSync(join(dir, "ratios.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 60}" height="${h + 6}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>\n`);
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

export function writeReport(dir, rows, header, notes) {
  for (const r of rows) r.heap = r.result?.peakHeapMb ?? undefined;
  const contenders = [...new Set(rows.map((r) => r.contender))];
  writeCsv(dir, rows);
  writeSvg(dir, rows, contenders);
  const md = [
    "# kubex benchmarks", "",
    "Generated by `npm run bench` (bench/run.mjs). Every contender runs in its own process, against the same local kube-apiserver, on objects seeded before timing.", "",
    ...header.map((h) => `- ${h}`), "",
    "Wall time: median over the timed repetitions of a scenario (after one untimed warm-up), with min–max. CPU: user+system per repetition. Peak RSS: the process's maximum resident set (includes the runtime itself). Peak heap: highest V8 `heapUsed` sampled every 5 ms (not measured for Python). Ratios are median wall time over the floor's and over `@kubernetes/client-node`'s (lower is better).", "",
    "![ratios to the floor](ratios.svg)", "",
  ];
  for (const [s, what] of Object.entries(SCENARIOS)) {
    md.push(`## ${s}`, "", what, "", "| contender | objects | wall median ms | min–max ms | p50 / p99 ms per call | CPU ms | peak RSS MB | peak heap MB | / floor | / client-node |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows.filter((x) => x.scenario === s)) {
      if (!r.result) { md.push(`| ${r.contender} | failed: ${String(r.error).replace(/\|/g, "/").slice(0, 160)} | | | | | | | | |`); continue; }
      const lat = r.result.p50Ms !== undefined ? `${fmt(r.result.p50Ms, 2)} / ${fmt(r.result.p99Ms, 2)}` : "";
      md.push(`| ${r.contender} | ${r.result.count} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${lat} | ${fmt(r.result.cpuMs)} | ${fmt(r.result.peakRssMb)} | ${fmt(r.result.peakHeapMb)} | ${fmt(ratio(rows, s, r.contender, "floor"), 2)} | ${fmt(ratio(rows, s, r.contender, "client-node"), 2)} |`);
    }
    md.push("");
  }
  md.push("## Targets", "", "| kubex | scenario | target | figure | |", "|---|---|---|---:|---|", ...targets(rows), "");
  const analysis = join(dir, "analysis.md");
  if (existsSync(analysis)) md.push(readFileSync(analysis, "utf8"));
  for (const n of notes) md.push(`- ${n}`);
  writeFileSync(join(dir, "report.md"), md.join("\n") + "\n");
}
