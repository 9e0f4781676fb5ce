/**
 * The fetch backend under a given runtime (Node, Bun, Deno), end to end on the
 * e2e cluster: authentication, CRUD, list, watch, logs, exec and port-forward.
 * Prints one line per check and exits non-zero on the first failure.
 *   KUBECONFIG=... <runtime> test/runtimes/fetch-backend.ts
 */
import { Api, createClient, loadKubeconfig } from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod } from "../../generated/k8s/v1_35/core/v1/index.js";

const runtime = (globalThis as { Bun?: unknown }).Bun ? "bun" : (globalThis as { Deno?: unknown }).Deno ? "deno" : `node ${process.versions.node}`;
const node = process.env.KUBEX_E2E_NODE ?? "kwok-node-0";
function check(condition: unknown, what: string): void {
  if (!condition) throw new Error(`${runtime}: ${what}`);
  console.log(`ok ${runtime}: ${what}`);
}

for (const kubeconfig of (process.env.KUBEX_RUNTIME_KUBECONFIGS ?? process.env.KUBECONFIG ?? "").split(",")) {
  const client = await createClient({ configuration: loadKubeconfig({ path: kubeconfig }), backend: "fetch", options: { warningHandler: () => {} } });
  const auth = kubeconfig.includes("token") ? "bearer token" : "client certificate";
  const ns = `rt-${runtime.split(" ")[0]}-${Date.now().toString(36)}`;
  const namespaces = new Api(Namespace, { client });
  await namespaces.create({ metadata: { name: ns } });
  try {
    check((await namespaces.get(ns)).metadata?.name === ns, `${auth}: create and get`);
    const cms = new Api(ConfigMap, { client, namespace: ns });
    const events: string[] = [];
    const rv = (await cms.list()).metadata.resourceVersion;
    const watching = (async () => {
      for await (const e of cms.watch({ resourceVersion: rv, labelSelector: "rt=1" })) {
        events.push(e.type);
        if (e.type === "DELETED") return;
      }
    })();
    await cms.create({ metadata: { name: "c", labels: { rt: "1" } }, data: { a: "1" } });
    await cms.patch("c", { data: { a: "2" } });
    await cms.delete("c");
    await watching;
    check(events.join() === "ADDED,MODIFIED,DELETED", `${auth}: watch ${events.join()}`);
    const pods = new Api(Pod, { client, namespace: ns });
    await pods.create({ metadata: { name: "p" }, spec: { nodeName: node, containers: [{ name: "c", image: "x" }] } });
    for (let i = 0; i < 100 && (await pods.get("p")).status?.phase !== "Running"; i++) await new Promise((r) => setTimeout(r, 200));
    check((await pods.logs.get("p", { tailLines: 1 })) === "line 20\n", `${auth}: logs`);
    const r = await pods.exec.run("p", { command: ["sh", "-c", "echo hi; exit 4"] });
    check(r.stdout === "hi\n" && r.exitCode === 4, `${auth}: exec over WebSocket (exit ${r.exitCode})`);
    const session = await pods.portforward.forward("p", { ports: [80] });
    const port = session.ports.get(80)!;
    await port.write(new TextEncoder().encode("ping"));
    let echoed = "";
    for await (const chunk of port.data) {
      echoed += new TextDecoder().decode(chunk);
      if (echoed.length >= 4) break;
    }
    await session.close();
    check(echoed === "ping", `${auth}: port-forward`);
  } finally {
    await namespaces.delete(ns);
    await client.close();
  }
}
