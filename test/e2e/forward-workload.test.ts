// Port-forward to a Service and to a Deployment on the real API server, as `kubectl port-forward svc/...` does.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { connect, createServer, type AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { pipeline } from "node:stream";
import { Api, KubexNoReadyPodError, listenTo, portStreamDuplex, type HttpClient } from "../../runtime/index.js";
import { Pod, Service } from "../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import { e2eCluster, printLogsOnFailure, withNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor, eventually } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

/** Sends `text` to a local port and resolves with what comes back (kwok's targets echo). */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let got = "";
    socket.on("data", (d) => {
      got += d;
      if (got.length >= text.length) {
        socket.end();
        resolve(got);
      }
    });
    socket.on("error", reject);
  });
}

const labels = { app: "web" };
const containers = [{ name: "app", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }];

for (const backend of backends) {
  test(`forward to a Service (named targetPort) and to a Deployment, through their portforward accessors (${backend})`, { timeout: 120_000 }, async (t) => {
    if (skip) return skipOrFail(t, skip);
    if (!cluster.local) return skipOrFail(t, "kwok echoing port-forward targets are local-cluster only");
    await using client: HttpClient = await clientFor(cluster, backend);
    const ns = await withNamespace(t, cluster, `e2e-fwd-${backend}`);
    const node = cluster.node ? { nodeName: cluster.node } : {};
    await new Api(Pod, { client, namespace: ns }).create({ metadata: { name: "web-0", labels }, spec: { containers, ...node } });
    await new Api(Service, { client, namespace: ns }).create({ metadata: { name: "web" }, spec: { selector: labels, ports: [{ port: 80, targetPort: "http" }] } });
    await eventually("web-0 ready", async () => {
      const p = await new Api(Pod, { client, namespace: ns }).get("web-0");
      return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? true : undefined;
    });

    await using listener = await new Api(Service, { client, namespace: ns }).portforward.listen("web", { portMap: { 80: 0 } });
    assert.equal(listener.target.pod, "web-0");
    assert.equal(listener.target.ports.get(80), 8080);
    assert.equal(await roundTrip(listener.ports[80]!, "ping via service"), "ping via service");

    await new Api(Deployment, { client, namespace: ns }).create({
      metadata: { name: "api" },
      spec: { replicas: 1, selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers, ...node } } },
    });
    const session = await eventually("a ready pod behind deployment api", async () =>
      new Api(Deployment, { client, namespace: ns }).portforward.forward("api", { ports: [8080] }).catch((e: unknown) => {
        if (e instanceof KubexNoReadyPodError) return undefined;
        throw e;
      }),
    );
    try {
      assert.match(session.target.pod, /^api-/);
      const stream = session.ports.get(8080)!;
      await stream.write(new TextEncoder().encode("ping via deployment"));
      for await (const chunk of stream.data) {
        assert.equal(new TextDecoder().decode(chunk), "ping via deployment");
        break;
      }
    } finally {
      await session.close();
    }

    await new Api(Service, { client, namespace: ns }).create({ metadata: { name: "nobody" }, spec: { selector: { app: "nobody" }, ports: [{ port: 80 }] } });
    await assert.rejects(listenTo(client, { kind: "Service", name: "nobody", namespace: ns }, { portMap: { 80: 0 } }), (e: unknown) => e instanceof KubexNoReadyPodError && /Service nobody/.test(e.message));
  });
}

test("a forwarded port as a Duplex behind the user's own net.Server, 4 MiB intact (undici)", { timeout: 120_000 }, async (t) => {
  if (skip) return skipOrFail(t, skip);
  if (!cluster.local) return skipOrFail(t, "kwok echoing port-forward targets are local-cluster only");
  await using client: HttpClient = await clientFor(cluster, "undici");
  const ns = await withNamespace(t, cluster, "e2e-fwd-duplex");
  const pods = new Api(Pod, { client, namespace: ns });
  await pods.create({ metadata: { name: "box" }, spec: { containers, ...(cluster.node ? { nodeName: cluster.node } : {}) } });
  await eventually("box running", async () => ((await pods.get("box")).status?.phase === "Running" ? true : undefined));

  // The user's side: five lines.
  const server = createServer(async (socket) => {
    const session = await pods.portforward.forward("box", { ports: [8080] });
    socket.on("close", () => void session.close());
    pipeline(socket, portStreamDuplex(session.ports.get(8080)!), socket, () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const payload = randomBytes(4 * 1024 * 1024);
  const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
  const received: Buffer[] = [];
  let length = 0;
  const done = new Promise<void>((resolve, reject) => {
    socket.on("data", (d: Buffer) => {
      received.push(d);
      length += d.length;
      if (length >= payload.length) resolve();
    });
    socket.on("error", reject);
  });
  socket.write(payload);
  await done;
  socket.destroy();
  assert.ok(Buffer.concat(received).equals(payload), "4 MiB echoed intact through the Duplex");
});
