// kubex from the built dist (no transpiler in the measured process); backend from BENCH_BACKEND.
// KUBEX_DIST (a dist/esm directory) measures another build, e.g. a branch's, beside this one.
import { pathToFileURL } from "node:url";
import { drive } from "../lib/driver.mjs";

const dist = process.env.KUBEX_DIST ? pathToFileURL(`${process.env.KUBEX_DIST}/`).href : new URL("../../dist/esm/", import.meta.url).href;
const { Api, createClient } = await import(`${dist}runtime/index.js`);
// The generated modules ship once, as CommonJS, beside dist/esm.
const { ConfigMap, Pod } = await import(new URL("../cjs/generated/k8s/v1_35/core/v1/index.js", dist).href);

// BENCH_KUBEX_HTTP2=1: ClientOptions.http2 on (the undici backend; the h2 mode of the bench server).
const client = await createClient({ backend: process.env.BENCH_BACKEND ?? "undici", options: process.env.BENCH_KUBEX_HTTP2 === "1" ? { http2: true } : {} });
const apis = new Map();
const api = (kind, namespace) => {
  const key = `${kind.kind}/${namespace}`;
  if (!apis.has(key)) apis.set(key, new Api(kind, { client, namespace }));
  return apis.get(key);
};

async function watch(resource, want) {
  let n = 0;
  for await (const event of resource.watch()) {
    if (event.object.metadata?.name) n++;
    if (n === want) break;
  }
  return n;
}

await drive({
  get: (ns, name) => api(ConfigMap, ns).get(name),
  getPod: (ns, name) => api(Pod, ns).get(name),
  async createDelete(ns, name) {
    await api(ConfigMap, ns).create({ metadata: { name }, data: { k: "v" } });
    await api(ConfigMap, ns).delete(name);
  },
  async listPods(ns) {
    return (await api(Pod, ns).list()).items.length;
  },
  async listPaged(ns, limit) {
    let n = 0;
    for await (const _ of api(ConfigMap, ns).listAll({ limit })) n++;
    return n;
  },
  watch: (ns, want) => watch(api(ConfigMap, ns), want),
  watchPods: (ns, want) => watch(api(Pod, ns), want),
  async logLines(ns, pod) {
    let n = 0;
    for await (const _ of api(Pod, ns).logs.stream(pod)) n++;
    return n;
  },
  async logLinesWhole(ns, pod) {
    const lines = (await api(Pod, ns).logs.get(pod)).split("\n");
    return lines.at(-1) === "" ? lines.length - 1 : lines.length;
  },
  close: () => client.close(),
});
