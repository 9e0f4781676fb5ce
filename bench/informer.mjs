// Informer and watcher costs over a large collection on a real API server (reported, not asserted):
//   node bench/informer.mjs [--pods N] [--keep]
// Seeds N pods (10,000 by default) in a namespace of their own, gated so that no scheduler
// or kwok ever touches them, then measures, each in a fresh process started with --expose-gc:
//   parsed-list   one LIST of every pod, parsed and held (the floor an informer's cache is judged by)
//   kubex         new Informer(...).start(): time to synced, peak and retained heap
//   client-node   @kubernetes/client-node's makeInformer: the same
//   raw-watch     api.watch() with sendInitialEvents: CPU per event of the initial events
//   watcher       watcher(api) over the same streaming list: CPU per event
// KUBECONFIG names the cluster; the namespace is deleted at the end unless --keep.
// Runs the TypeScript sources through tsx: heap figures are deltas from a baseline taken after
// the modules are loaded, so the loader's own memory does not count.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const pods = Number(flag("--pods", "10000"));
const ns = flag("--namespace", "kubex-bench-informer");
const here = fileURLToPath(new URL(".", import.meta.url));
const scenarios = ["parsed-list", "kubex", "client-node", "raw-watch", "watcher"];

function child(scenario) {
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", `${here}informer-child.ts`, scenario, ns, String(pods)], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${scenario}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

child("seed");
const results = {};
for (const s of scenarios) {
  results[s] = child(s);
  console.error(`${s}: ${JSON.stringify(results[s])}`);
}
if (!args.includes("--keep")) child("clean");

const mb = (b) => (b / 2 ** 20).toFixed(1);
const floor = results["parsed-list"].retained;
const lines = [
  `### Informer over ${pods.toLocaleString("en")} pods`,
  "",
  "| | time to synced | peak heap | retained heap | retained / parsed list |",
  "|---|---:|---:|---:|---:|",
  ...["parsed-list", "kubex", "client-node"].map((s) => {
    const r = results[s];
    return `| ${s} | ${(r.ms / 1000).toFixed(2)} s | ${mb(r.peak)} MB | ${mb(r.retained)} MB | ${(r.retained / floor).toFixed(2)}x |`;
  }),
  "",
  `kubex / client-node retained heap: ${(results.kubex.retained / results["client-node"].retained).toFixed(2)}x (target at most 0.5x); kubex / parsed list: ${(results.kubex.retained / floor).toFixed(2)}x (target at most 1.5x).`,
  "",
  "| | events | CPU µs per event | wall ms |",
  "|---|---:|---:|---:|",
  ...["raw-watch", "watcher"].map((s) => `| ${s} | ${results[s].events} | ${(results[s].cpuMicros / results[s].events).toFixed(1)} | ${results[s].ms.toFixed(0)} |`),
  "",
  `watcher / raw watch() CPU per event: ${((results.watcher.cpuMicros / results.watcher.events) / (results["raw-watch"].cpuMicros / results["raw-watch"].events)).toFixed(2)}x (target at most 1.1x).`,
];
console.log(lines.join("\n"));
