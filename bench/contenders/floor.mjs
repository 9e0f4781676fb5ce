// The floor: the least a Node client can do — undici requests and JSON.parse, no SDK.
import { request } from "undici";
import { drive } from "../lib/driver.mjs";
import { countPaged, undiciStreams } from "../lib/floor-streams.mjs";
import { rawConnection, rawJson } from "../lib/raw.mjs";

const conn = rawConnection(process.env.KUBECONFIG);
const { watch, logLines } = undiciStreams(conn);

await drive({
  get: (ns, name) => rawJson(conn, "GET", `/api/v1/namespaces/${ns}/configmaps/${name}`),
  getPod: (ns, name) => rawJson(conn, "GET", `/api/v1/namespaces/${ns}/pods/${name}`),
  async createDelete(ns, name) {
    await rawJson(conn, "POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
    await rawJson(conn, "DELETE", `/api/v1/namespaces/${ns}/configmaps/${name}`);
  },
  async listPods(ns) {
    return (await rawJson(conn, "GET", `/api/v1/namespaces/${ns}/pods`)).items.length;
  },
  listPaged: (ns, limit) => countPaged((path) => rawJson(conn, "GET", path), ns, limit),
  watch: (ns, want) => watch(`/api/v1/namespaces/${ns}/configmaps`, want),
  watchPods: (ns, want) => watch(`/api/v1/namespaces/${ns}/pods`, want),
  logLines,
  async logLinesWhole(ns, pod) {
    const res = await request(`${conn.server}/api/v1/namespaces/${ns}/pods/${pod}/log`, { dispatcher: conn.dispatcher, headers: { ...conn.headers, accept: "text/plain, */*" } });
    const lines = (await res.body.text()).split("\n");
    return lines.at(-1) === "" ? lines.length - 1 : lines.length;
  },
  close: () => conn.dispatcher.close(),
});
