/**
 * The fetch backend under a given runtime (Node, Bun, Deno), end to end on the
 * e2e cluster: authentication, CRUD, list, watch, logs, exec and port-forward,
 * then what the runtime does with each TLS and proxy setting on HTTP and on
 * WebSockets (server name, proxy, insecure mode), as the platform table says.
 * Prints one line per check and exits non-zero on the first failure.
 *   KUBECONFIG=... <runtime> test/runtimes/fetch-backend.ts
 */
import { createServer, connect, type Socket } from "node:net";
import { Api, createClient, Forbidden, KubexConfigurationError, KubexClientError, loadKubeconfig, type ClientConfiguration, type ClientOptions } from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod } from "../../generated/k8s/v1_35/core/v1/index.js";
import { fetchPlatform } from "../../runtime/client/platform/index.js";
import { detectRuntime } from "../../runtime/client/runtime-detect.js";
import { openWebWebSocket } from "../../runtime/client/websocket/web-adapter.js";

const runtime = (globalThis as { Bun?: unknown }).Bun ? "bun" : (globalThis as { Deno?: unknown }).Deno ? "deno" : `node ${process.versions.node}`;
const node = process.env.KUBEX_E2E_NODE ?? "kwok-node-0";
function check(condition: unknown, what: string): void {
  if (!condition) throw new Error(`${runtime}: ${what}`);
  console.log(`ok ${runtime}: ${what}`);
}

// KubexWarnings the runtime emits, for the rows a runtime only warns about.
const warnings: { code?: string; message: string }[] = [];
process.on("warning", (w: Error & { code?: string }) => warnings.push({ code: w.code, message: w.message }));
const tick = () => new Promise((r) => setTimeout(r, 10));

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
    if (auth === "client certificate") await transportSettings(loadKubeconfig({ path: kubeconfig }), ns);
  } finally {
    await namespaces.delete(ns);
    await client.close();
  }
}

/** An HTTP CONNECT proxy on loopback that counts its tunnels (node:net, so every runtime can run it). */
async function connectProxy(): Promise<{ url: string; tunnels: () => number; close: () => void }> {
  let tunnels = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const [host, port] = head.toString("latin1").split(" ")[1]!.split(":");
      tunnels++;
      const upstream = connect(Number(port), host!, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head.subarray(end + 4));
        upstream.pipe(client).pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, tunnels: () => tunnels, close: () => (sockets.forEach((s) => s.destroy()), server.close()) };
}

/** HTTP (a namespace get) and a WebSocket (exec) with one configuration: "ok", or the error. */
async function bothChannels(configuration: ClientConfiguration, ns: string, options: ClientOptions = {}, afterHttp = () => {}): Promise<[unknown, unknown]> {
  const client = await createClient({ configuration, backend: "fetch", options: { warningHandler: () => {}, ...options } });
  try {
    const http = await new Api(Namespace, { client }).get(ns).then(() => "ok", (e: unknown) => e);
    afterHttp();
    const ws = await new Api(Pod, { client, namespace: ns }).exec.run("p", { command: ["sh", "-c", "echo hi"] }).then((r) => (r.stdout === "hi\n" ? "ok" : r), (e: unknown) => e);
    return [http, ws];
  } finally {
    await client.close();
  }
}

async function transportSettings(base: ClientConfiguration, ns: string): Promise<void> {
  const isDeno = runtime === "deno";
  const failed = (e: unknown) => e instanceof KubexClientError && !(e instanceof KubexConfigurationError);

  // Server name: the API server's certificate names "kubernetes"; the URL's host is 127.0.0.1.
  warnings.length = 0;
  const named = await bothChannels({ ...base, tls: { ...base.tls, serverName: "kubernetes" } }, ns);
  await tick();
  check(named[0] === "ok" && named[1] === "ok", `tls.serverName "kubernetes": HTTP and WebSocket connect`);
  // A KubexWarning is emitted once per process and message, so the first use is where to look for it.
  const ignored = warnings.filter((w) => w.code === "KUBEX_SETTING_IGNORED_TLS_SERVER_NAME").map((w) => /for (HTTP|WebSocket)/.exec(w.message)?.[1]);
  const wrong = await bothChannels({ ...base, tls: { ...base.tls, serverName: "wrong.test" } }, ns);
  if (isDeno) {
    // Warned: ignored with a KubexWarning, verification still against the URL's host.
    check(wrong[0] === "ok" && wrong[1] === "ok" && ignored.join() === "HTTP,WebSocket", `tls.serverName is ignored with a KubexWarning on HTTP and WebSocket (${ignored.join()})`);
  } else {
    check(failed(wrong[0]) && failed(wrong[1]) && ignored.length === 0, `tls.serverName "wrong.test" is applied: HTTP and WebSocket fail verification`);
  }

  // Proxy: both channels go through the CONNECT proxy.
  const proxy = await connectProxy();
  try {
    let http = 0;
    const via = await bothChannels(base, ns, { proxy: proxy.url }, () => (http = proxy.tunnels()));
    const ws = proxy.tunnels() - http;
    check(via[0] === "ok" && via[1] === "ok" && http >= 1 && ws >= 1, `proxy: HTTP and WebSocket go through the proxy (${http} and ${ws} tunnels)`);
  } finally {
    proxy.close();
  }

  // A refused upgrade is the typed error of its status: the viewer may not exec.
  const viewerKubeconfig = process.env.KUBEX_RUNTIME_VIEWER_KUBECONFIG;
  if (viewerKubeconfig) {
    const viewer = await createClient({ configuration: loadKubeconfig({ path: viewerKubeconfig }), backend: "fetch" });
    const refused = await new Api(Pod, { client: viewer, namespace: ns }).exec.run("p", { command: ["true"] }).then(() => "ran", (e: unknown) => e);
    await viewer.close();
    const shown = refused instanceof Error ? `${refused.name}: ${refused.message}` : String(refused);
    if (isDeno) {
      // Deno's WebSocket reports no status for a refused upgrade (over HTTP/2 only a stream error): a KubexClientError saying so.
      check(refused instanceof KubexClientError && /\/exec: \S/.test(refused.message), `a refused WebSocket upgrade is a KubexClientError with Deno's reason (${shown})`);
    } else {
      check(refused instanceof Forbidden && refused.status === 403, `a refused WebSocket upgrade is Forbidden (${shown})`);
    }
  }

  // Insecure mode: no CA, verification off.
  const insecure: ClientConfiguration = { ...base, tls: { ...base.tls, ca: undefined, insecureSkipVerify: true } };
  if (isDeno) {
    const refused = (e: unknown) => e instanceof KubexConfigurationError && e.code === "KUBEX_UNSUPPORTED_SETTING" && /Deno cannot honour tls\.insecureSkipVerify/.test(e.message);
    const http = await createClient({ configuration: insecure, backend: "fetch" }).then(() => "created", (e: unknown) => e);
    const tls = { rejectUnauthorized: false };
    const ws = await openWebWebSocket({ url: base.server.replace(/^http/, "ws"), protocols: ["v5.channel.k8s.io"], headers: {}, tls, maxMessageSize: null }, fetchPlatform(detectRuntime()), {}).then(() => "opened", (e: unknown) => e);
    check(refused(http) && refused(ws), `tls.insecureSkipVerify is refused on HTTP and WebSocket with KubexConfigurationError`);
  } else {
    const open = await bothChannels(insecure, ns);
    check(open[0] === "ok" && open[1] === "ok", `tls.insecureSkipVerify: HTTP and WebSocket accept the server without a CA`);
  }
}
