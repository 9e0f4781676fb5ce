// The fetch backend's GET in one process, beside the fetch floor, in alternating batches of 200 against
// the same client-cost server (which also runs in this process: CPU includes its share, the same for
// every variant). Resolves differences that separate processes on a loaded machine do not:
//   node bench/fetch-ab.mjs before=.cache/base-dist/esm,after=dist/esm [rounds]
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { startFakeApiServer } from "./lib/fake-apiserver.mjs";
import { rawConnection } from "./lib/raw.mjs";
import { fetch, request } from "undici";
const s = await startFakeApiServer();
process.env.KUBECONFIG = s.kubeconfig;
const conn = rawConnection(s.kubeconfig, 128, { bodyTimeout: 0, headersTimeout: 0 });
const url = conn.server + "/api/v1/namespaces/cc-get/pods/pod-00000";
const [builds = "current=dist/esm", rounds = "15"] = process.argv.slice(2);
const kubex = async (dist, backend) => {
  const base = pathToFileURL(`${resolve(dist)}/`).href;
  const { Api, createClient } = await import(`${base}runtime/index.js`);
  const { Pod } = await import(new URL("../cjs/generated/k8s/v1_35/core/v1/index.js", base).href);
  const client = await createClient({ backend });
  const api = new Api(Pod, { client, namespace: "cc-get" });
  return () => api.get("pod-00000");
};
/** What kubex's fetch backend asks of fetch, without kubex: a signal, its headers, manual redirects, a reader loop. */
async function fetchAsKubex() {
  const res = await fetch(url, { dispatcher: conn.dispatcher, headers: [["accept", "application/json"], ["user-agent", "kubex-ts"], ["authorization", conn.headers.authorization]], redirect: "manual", signal: new AbortController().signal });
  const reader = res.body.getReader();
  const parts = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return JSON.parse(new TextDecoder().decode(parts.length === 1 ? parts[0] : Buffer.concat(parts)));
}
const variants = {
  "floor-undici": async () => JSON.parse(await (await request(url, { dispatcher: conn.dispatcher, headers: conn.headers })).body.text()),
  "floor-fetch": async () => (await fetch(url, { dispatcher: conn.dispatcher, headers: conn.headers })).json(),
  "floor-fetch+signal": async () => (await fetch(url, { dispatcher: conn.dispatcher, headers: conn.headers, signal: new AbortController().signal })).json(),
  "fetch-as-kubex": fetchAsKubex,
};
for (const [name, dist] of builds.split(",").map((b) => b.split("="))) {
  variants[`${name}-fetch`] = await kubex(dist, "fetch");
  variants[`${name}-undici`] = await kubex(dist, "undici");
}
const res = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const f of Object.values(variants)) for (let i = 0; i < 200; i++) await f();
for (let round = 0; round < Number(rounds); round++) {
  for (const [k, f] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 200; i++) await f();
    const c = process.cpuUsage(c0);
    res[k].push((c.user + c.system) / 1000 / 200);
  }
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const [k, xs] of Object.entries(res)) console.log(k.padEnd(20), med(xs).toFixed(3), `(${xs[0].toFixed(3)}–${xs[xs.length - 1].toFixed(3)}) ms CPU per GET, client + server`);
process.exit(0);
