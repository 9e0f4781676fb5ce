// The fetch floor: the least a client on the runtime's fetch can do — fetch() and res.json(), no SDK.
// TLS as kubex's fetch backend sets it up: on Node undici's fetch with an Agent (no body or headers
// timeout), on Bun the `tls` init field, on Deno a Deno.createHttpClient.
import { drive } from "../lib/driver.mjs";
import { countEvents, countLines, lines } from "../lib/floor-streams.mjs";
import { rawConnection } from "../lib/raw.mjs";

const conn = rawConnection(process.env.KUBECONFIG, 128, { bodyTimeout: 0, headersTimeout: 0 });
let fetch = globalThis.fetch;
let init = {};
if (globalThis.Bun) init = { tls: { ca: conn.connect.ca }, timeout: false };
else if (globalThis.Deno) init = { client: globalThis.Deno.createHttpClient({ caCerts: [conn.connect.ca.toString()] }) };
else ({ fetch } = await import("undici")), (init = { dispatcher: conn.dispatcher });

async function json(method, path, body) {
  const headers = body === undefined ? conn.headers : { ...conn.headers, "content-type": "application/json" };
  const res = await fetch(conn.server + path, { ...init, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** The lines of a fetch response's body, decoded as they arrive. */
function bodyLines(res) {
  const decoder = new TextDecoder();
  return lines(res.body, (chunk) => decoder.decode(chunk, { stream: true }));
}

const watch = (path, want) => countEvents(async (signal) => bodyLines(await fetch(`${conn.server}${path}?watch=true`, { ...init, headers: conn.headers, signal })), want);

await drive({
  getPod: (ns, name) => json("GET", `/api/v1/namespaces/${ns}/pods/${name}`),
  async createDelete(ns, name) {
    await json("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
    await json("DELETE", `/api/v1/namespaces/${ns}/configmaps/${name}`);
  },
  listPods: async (ns) => (await json("GET", `/api/v1/namespaces/${ns}/pods`)).items.length,
  watchPods: (ns, want) => watch(`/api/v1/namespaces/${ns}/pods`, want),
  logLines: async (ns, pod) => countLines(bodyLines(await fetch(`${conn.server}/api/v1/namespaces/${ns}/pods/${pod}/log`, { ...init, headers: { ...conn.headers, accept: "text/plain, */*" } }))),
  close: () => (init.client ? init.client.close() : conn.dispatcher.close()),
});
