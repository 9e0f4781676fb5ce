// The floor's transport and the seeder's: plain undici requests with the TLS material of the
// kubeconfig's current context (file paths or inline *-data), no SDK around them.
import { readFileSync } from "node:fs";
import { Agent, request } from "undici";
import { parse } from "yaml";

function material(entry, key) {
  if (entry?.[`${key}-data`]) return Buffer.from(entry[`${key}-data`], "base64");
  if (entry?.[key]) return readFileSync(entry[key]);
  return undefined;
}

/** { server, dispatcher, headers, connect (TLS options) } for the kubeconfig at `path`; `agent` adds undici Agent options. */
export function rawConnection(path, connections = 128, agent = {}) {
  const doc = parse(readFileSync(path, "utf8"));
  const context = doc.contexts.find((c) => c.name === doc["current-context"]).context;
  const cluster = doc.clusters.find((c) => c.name === context.cluster).cluster;
  const user = doc.users.find((u) => u.name === context.user).user;
  const connect = { ca: material(cluster, "certificate-authority"), cert: material(user, "client-certificate"), key: material(user, "client-key") };
  const dispatcher = new Agent({ connections, connect, ...agent });
  const headers = { accept: "application/json" };
  if (user.token) headers.authorization = `Bearer ${user.token}`;
  return { server: cluster.server, dispatcher, headers, connect };
}

/** JSON request; throws with the status and the server's message on a non-2xx answer. */
export async function rawJson(conn, method, path, body) {
  const res = await request(conn.server + path, {
    method,
    dispatcher: conn.dispatcher,
    headers: body === undefined ? conn.headers : { ...conn.headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}
