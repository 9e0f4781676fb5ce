// Seeds the objects the scenarios read (idempotent: only missing objects are created).
import { rawJson } from "./lib/raw.mjs";
import { GET_NAME, LOG_POD, NS, WATCH_EVENTS } from "./lib/scenarios.mjs";

async function pool(items, width, job) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await job(items[next++]);
  }));
}

async function ensureNamespace(conn, name) {
  try {
    await rawJson(conn, "GET", `/api/v1/namespaces/${name}`);
  } catch {
    await rawJson(conn, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
}

const pod = (name, node) => ({
  apiVersion: "v1", kind: "Pod",
  metadata: { name, labels: { app: "kubex-bench" } },
  spec: {
    nodeName: node,
    containers: [{ name: "main", image: "registry.k8s.io/pause:3.10", env: [{ name: "ROLE", value: "bench" }] }],
    tolerations: [{ key: "kwok.x-k8s.io/node", operator: "Exists", effect: "NoSchedule" }],
  },
});
const configMap = (name) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { app: "kubex-bench" } }, data: { key: name, payload: "x".repeat(200) } });

async function fill(conn, ns, plural, count, make) {
  const have = new Set((await rawJson(conn, "GET", `/api/v1/namespaces/${ns}/${plural}`)).items.map((o) => o.metadata.name));
  const missing = Array.from({ length: count }, (_, i) => `${plural.slice(0, 3)}-${String(i).padStart(5, "0")}`).filter((n) => !have.has(n));
  await pool(missing, 24, (name) => rawJson(conn, "POST", `/api/v1/namespaces/${ns}/${plural}`, make(name)));
  return missing.length;
}

/** Seeds the cluster; `node` is the kwok node pods are bound to. */
export async function seed(conn, node, log = console.log) {
  for (const ns of Object.values(NS)) await ensureNamespace(conn, ns);
  const created = {
    target: await fill(conn, NS.get, "configmaps", 0, configMap),
    pods100: await fill(conn, NS.pods100, "pods", 100, (n) => pod(n, node)),
    pods500: await fill(conn, NS.pods500, "pods", 500, (n) => pod(n, node)),
    cm5000: await fill(conn, NS.cm5000, "configmaps", 5000, configMap),
    watch: await fill(conn, NS.watch, "configmaps", WATCH_EVENTS, configMap),
  };
  for (const [path, body] of [
    [`/api/v1/namespaces/${NS.get}/configmaps/${GET_NAME}`, { ...configMap(GET_NAME) }],
    [`/api/v1/namespaces/${NS.get}/pods/${LOG_POD}`, pod(LOG_POD, node)],
  ]) {
    try {
      await rawJson(conn, "GET", path);
    } catch {
      await rawJson(conn, "POST", path.slice(0, path.lastIndexOf("/")), body);
    }
  }
  // kwok serves logs once the pod runs.
  for (let i = 0; ; i++) {
    const p = await rawJson(conn, "GET", `/api/v1/namespaces/${NS.get}/pods/${LOG_POD}`);
    if (p.status?.phase === "Running") break;
    if (i > 100) throw new Error(`pod ${LOG_POD} is not Running after 20 s (phase ${p.status?.phase})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`seeded: ${JSON.stringify(created)} objects created`);
}
