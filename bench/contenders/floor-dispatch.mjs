// The lower floor: undici's Dispatcher.dispatch with a handler that keeps the chunks and decodes
// once, then JSON.parse; no Readable per response. Streams (watch, logs) are the floor's.
import { drive } from "../lib/driver.mjs";
import { countPaged, undiciStreams } from "../lib/floor-streams.mjs";
import { rawConnection } from "../lib/raw.mjs";

const conn = rawConnection(process.env.KUBECONFIG);
const { watch, logLines } = undiciStreams(conn);
const { origin } = new URL(conn.server);
const base = new URL(conn.server).pathname.replace(/\/$/, "");
const jsonHeaders = { ...conn.headers, "content-type": "application/json" };

/** A request through dispatch, its body decoded once; throws with the status and the server's message on a non-2xx answer. */
function dispatchText(method, path, body, headers = body === undefined ? conn.headers : jsonHeaders) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let status = 0;
    conn.dispatcher.dispatch(
      { origin, path: base + path, method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      {
        onRequestStart() {},
        onResponseStart(_controller, statusCode) { status = statusCode; },
        onResponseData(_controller, chunk) { chunks.push(chunk); },
        onResponseEnd() {
          const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString("utf8");
          if (status >= 300) reject(new Error(`${method} ${path}: HTTP ${status}: ${text.slice(0, 200)}`));
          else resolve(text);
        },
        onResponseError(_controller, error) { reject(error); },
      },
    );
  });
}

const dispatchJson = async (method, path, body) => JSON.parse(await dispatchText(method, path, body));
const textHeaders = { ...conn.headers, accept: "text/plain, */*" };

await drive({
  get: (ns, name) => dispatchJson("GET", `/api/v1/namespaces/${ns}/configmaps/${name}`),
  getPod: (ns, name) => dispatchJson("GET", `/api/v1/namespaces/${ns}/pods/${name}`),
  async createDelete(ns, name) {
    await dispatchJson("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
    await dispatchJson("DELETE", `/api/v1/namespaces/${ns}/configmaps/${name}`);
  },
  async listPods(ns) {
    return (await dispatchJson("GET", `/api/v1/namespaces/${ns}/pods`)).items.length;
  },
  listPaged: (ns, limit) => countPaged((path) => dispatchJson("GET", path), ns, limit),
  watch: (ns, want) => watch(`/api/v1/namespaces/${ns}/configmaps`, want),
  watchPods: (ns, want) => watch(`/api/v1/namespaces/${ns}/pods`, want),
  logLines,
  async logLinesWhole(ns, pod) {
    const lines = (await dispatchText("GET", `/api/v1/namespaces/${ns}/pods/${pod}/log`, undefined, textHeaders)).split("\n");
    return lines.at(-1) === "" ? lines.length - 1 : lines.length;
  },
  close: () => conn.dispatcher.close(),
});
