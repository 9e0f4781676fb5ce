// The floor: the least a Node client can do — undici requests and JSON.parse, no SDK.
import { request } from "undici";
import { drive } from "../lib/driver.mjs";
import { rawConnection, rawJson } from "../lib/raw.mjs";

const conn = rawConnection(process.env.KUBECONFIG);

async function* lines(body) {
  let rest = "";
  body.setEncoding("utf8");
  for await (const chunk of body) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  if (rest) yield rest;
}

async function watch(path, want) {
  const ac = new AbortController();
  const res = await request(`${conn.server}${path}?watch=true`, { dispatcher: conn.dispatcher, headers: conn.headers, signal: ac.signal });
  let n = 0;
  try {
    for await (const line of lines(res.body)) {
      if (JSON.parse(line).object.metadata.name) n++;
      if (n === want) break;
    }
  } finally {
    ac.abort();
  }
  return n;
}

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
  async listPaged(ns, limit) {
    let n = 0;
    let token = "";
    do {
      const page = await rawJson(conn, "GET", `/api/v1/namespaces/${ns}/configmaps?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ""}`);
      n += page.items.length;
      token = page.metadata.continue ?? "";
    } while (token);
    return n;
  },
  watch: (ns, want) => watch(`/api/v1/namespaces/${ns}/configmaps`, want),
  watchPods: (ns, want) => watch(`/api/v1/namespaces/${ns}/pods`, want),
  async logLines(ns, pod) {
    const res = await request(`${conn.server}/api/v1/namespaces/${ns}/pods/${pod}/log`, { dispatcher: conn.dispatcher, headers: { ...conn.headers, accept: "text/plain, */*" } });
    let n = 0;
    for await (const _ of lines(res.body)) n++;
    return n;
  },
  async logLinesWhole(ns, pod) {
    const res = await request(`${conn.server}/api/v1/namespaces/${ns}/pods/${pod}/log`, { dispatcher: conn.dispatcher, headers: { ...conn.headers, accept: "text/plain, */*" } });
    const lines = (await res.body.text()).split("\n");
    return lines.at(-1) === "" ? lines.length - 1 : lines.length;
  },
  close: () => conn.dispatcher.close(),
});
