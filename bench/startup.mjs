// Start-up and install size, as a user gets them: kubex packed (`npm pack`, from the built dist)
// and installed into an empty project, @kubernetes/client-node installed into another; then, in
// fresh processes (alternating, 7 rounds), the time from process start until the library and one
// version's core/v1 are imported, and the RSS then. Writes bench/results-startup.json.
//   node bench/startup.mjs        (needs dist/: npm run build)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const ROUNDS = 7;
const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

function du(dir) {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const d = du(p); bytes += d.bytes; files += d.files; } else if (e.isFile()) { bytes += statSync(p).size; files++; }
  }
  return { bytes, files };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const clientNodeVersion = JSON.parse(readFileSync(join(root, "node_modules/@kubernetes/client-node/package.json"), "utf8")).version;
const tmp = mkdtempSync(join(tmpdir(), "kubex-startup-"));
try {
  const tarball = join(tmp, npm(["pack", "--ignore-scripts", "--pack-destination", tmp], root).trim().split("\n").pop());
  const installs = {};
  for (const [name, spec] of [["kubex", tarball], ["client-node", `@kubernetes/client-node@${clientNodeVersion}`]]) {
    const dir = join(tmp, name);
    execFileSync("mkdir", ["-p", dir]);
    // As in this repository's package.json: client-node's undici 8 needs Node 22.19+, so it runs on undici 7.
    const overrides = name === "client-node" ? { overrides: { "@kubernetes/client-node": { undici: "^7.16.0" } } } : {};
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `probe-${name}`, private: true, type: "module", ...overrides }));
    npm(["install", "--ignore-scripts", "--prefer-offline", spec], dir);
    installs[name] = { dir, ...du(join(dir, "node_modules")) };
  }
  const probes = [
    { name: "node", what: "an empty ES module (the runtime alone)", dir: installs.kubex.dir, code: "" },
    { name: "kubex", what: "`import(\"kubex\")` + `kubex/k8s/v1_35/core/v1`", dir: installs.kubex.dir, code: "await import('kubex'); await import('kubex/k8s/v1_35/core/v1');", install: installs.kubex },
    { name: "client-node", what: "`import(\"@kubernetes/client-node\")`", dir: installs["client-node"].dir, code: "await import('@kubernetes/client-node');", install: installs["client-node"] },
  ];
  const runs = new Map(probes.map((p) => [p.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of probes) {
      const file = join(p.dir, "probe.mjs");
      writeFileSync(file, `${p.code}\nprocess.stdout.write(JSON.stringify({ ms: performance.now(), rss: process.memoryUsage().rss }));\n`);
      runs.get(p.name).push(JSON.parse(execFileSync(process.execPath, [file], { cwd: p.dir, encoding: "utf8" })));
    }
  }
  const rows = probes.map((p) => {
    const ms = runs.get(p.name).map((x) => x.ms);
    return {
      name: p.name, what: p.what, wallMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms),
      rssMb: median(runs.get(p.name).map((x) => x.rss / 2 ** 20)),
      ...(p.install ? { installMb: p.install.bytes / 1e6, installFiles: p.install.files } : {}),
    };
  });
  const header = [
    `Date: ${new Date().toISOString()}; Node ${process.version}; ${ROUNDS} alternating rounds of fresh processes; load average ${(await import("node:os")).loadavg()[0].toFixed(1)} at the end`,
    "Time: from process start (performance.now() in the probe) until the imports resolved; RSS then. Install size: node_modules of an empty project after `npm install` of the packed kubex tarball (`npm pack` of dist/) or of @kubernetes/client-node " + clientNodeVersion + " (on undici 7, as this repository's `overrides` runs it), dependencies included.",
  ];
  writeFileSync(join(benchDir, "results-startup.json"), JSON.stringify({ header, rows }, null, 1) + "\n");
  for (const r of rows) console.log(`${r.name.padEnd(12)} ${r.wallMs.toFixed(0)} ms (${r.minMs.toFixed(0)}–${r.maxMs.toFixed(0)}), RSS ${r.rssMb.toFixed(0)} MB${r.installMb ? `, install ${r.installMb.toFixed(1)} MB in ${r.installFiles} files` : ""}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
