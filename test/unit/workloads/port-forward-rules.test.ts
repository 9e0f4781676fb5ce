// Port-forward to a Service or workload against a client that answers from memory: which objects
// are read (paths, namespace, selector, signal, timeout), how asked ports map to pod ports, the
// refusals, and how the listener and the session report ports by the ports asked for.
import assert from "node:assert/strict";
import { connect as connectTcp, createServer as createTcpServer, type AddressInfo } from "node:net";
import { describe, it } from "node:test";
import {
  BaseClient, KubexArgumentError, KubexNoReadyPodError,
  type ClientConfiguration, type KubeRequest, type KubeResponse, type WebSocketConnection, type WebSocketRequest,
} from "../../../runtime/index.js";
import { forwardTo, listenTo, resolveForwardTarget } from "../../../runtime/workloads/port-forward.js";
import { fakeConnection } from "../stream/support/fake-connection.js";

const readyStatus = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
const pod = (name: string) => ({
  metadata: { name, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { containers: [{ name: "app", ports: [{ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090 }, { name: "web8", containerPort: 7001 }, { name: "8web", containerPort: 7002 }] }] },
  status: readyStatus,
});
const selector = { matchLabels: { app: "web" } };

/** The objects of namespace `ns` (and `from-config`), by API path. */
const objects = (ns: string): Record<string, unknown> => ({
  [`/api/v1/namespaces/${ns}/pods/web-0`]: pod("web-0"),
  [`/api/v1/namespaces/${ns}/pods`]: { metadata: {}, items: [pod("web-1"), pod("web-0")] },
  [`/api/v1/namespaces/${ns}/services/web`]: {
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }, { port: 81, targetPort: 8080 }, { port: 90, targetPort: 9090 }] },
  },
  [`/api/v1/namespaces/${ns}/services/headless`]: { metadata: { name: "headless" }, spec: {} },
  [`/apis/apps/v1/namespaces/${ns}/deployments/web`]: { metadata: { name: "web" }, spec: { selector } },
  [`/apis/apps/v1/namespaces/${ns}/replicasets/web`]: { metadata: { name: "web" }, spec: { selector } },
  [`/apis/apps/v1/namespaces/${ns}/statefulsets/web`]: { metadata: { name: "web" }, spec: { selector } },
});

/** A client that answers reads from `objects` and opens scripted port-forward connections. */
class Cluster extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://kube.test", namespace: "from-config", tls: {} };
  readonly sent: KubeRequest[] = [];
  readonly opened: WebSocketRequest[] = [];
  readonly objects = { ...objects("ns"), ...objects("from-config") };

  async request(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    const body = this.objects[r.path];
    if (body === undefined) throw new Error(`nothing at ${r.path}`);
    const text = JSON.stringify(body);
    return {
      status: 200,
      headers: { get: () => null, getAll: () => [] },
      text: async () => text,
      json: async <T>() => JSON.parse(text) as T,
      body: () => ({ async *[Symbol.asyncIterator]() { yield new TextEncoder().encode(text); } }),
      cancel: async () => undefined,
    };
  }
  stream(r: KubeRequest): Promise<KubeResponse> {
    return this.request(r);
  }
  async connectWebSocket(r: WebSocketRequest): Promise<WebSocketConnection> {
    this.opened.push(r);
    const connection = fakeConnection("v4.channel.k8s.io");
    (r.query ?? []).forEach(([, port], i) => {
      const prefix = Uint8Array.of(Number(port) & 0xff, Number(port) >> 8);
      connection.push(2 * i, prefix);
      connection.push(2 * i + 1, prefix);
    });
    return connection;
  }
  async close(): Promise<void> {}
}

const paths = (c: Cluster) => c.sent.map((r) => `${r.path}${r.query && [...r.query].length ? `?${new URLSearchParams(r.query as [string, string][])}` : ""}`);
const refusal = (type: Function, argument: string, message: string) => (e: unknown) =>
  e instanceof type && (e as KubexArgumentError).argument === argument && (e as Error).message === message;

describe("resolveForwardTarget: which objects are read", () => {
  it("a Pod is read by name; ports by number, numeric text or container port name", async () => {
    const client = new Cluster();
    const resolved = await resolveForwardTarget(client, { kind: "Pod", name: "web-0", namespace: "ns" }, [8080, "9090", "metrics"]);
    assert.deepEqual(paths(client), ["/api/v1/namespaces/ns/pods/web-0"]);
    assert.equal(resolved.namespace, "ns");
    assert.equal(resolved.pod, "web-0");
    assert.deepEqual([...resolved.ports], [[8080, 8080], [9090, 9090]]);
  });
  it("a named pod port is keyed by the pod's port number", async () => {
    const resolved = await resolveForwardTarget(new Cluster(), { kind: "Pod", name: "web-0", namespace: "ns" }, ["http"]);
    assert.deepEqual([...resolved.ports], [[8080, 8080]]);
  });
  it("a port name that starts or ends with digits is a name, not a number", async () => {
    const resolved = await resolveForwardTarget(new Cluster(), { kind: "Pod", name: "web-0", namespace: "ns" }, ["web8", "8web"]);
    assert.deepEqual([...resolved.ports], [[7001, 7001], [7002, 7002]]);
  });
  it("without a namespace, the configuration's namespace is used", async () => {
    const client = new Cluster();
    const resolved = await resolveForwardTarget(client, { kind: "Deployment", name: "web" }, [8080]);
    assert.equal(resolved.namespace, "from-config");
    assert.deepEqual(paths(client), ["/apis/apps/v1/namespaces/from-config/deployments/web", "/api/v1/namespaces/from-config/pods?labelSelector=app%3Dweb"]);
  });
  it("a Service is read, then its pods by its selector; each Service port maps to its target port", async () => {
    const client = new Cluster();
    const resolved = await resolveForwardTarget(client, { kind: "Service", name: "web", namespace: "ns" }, [80, "81", 90]);
    assert.deepEqual(paths(client), ["/api/v1/namespaces/ns/services/web", "/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb"]);
    assert.equal(resolved.pod, "web-0", "the first ready pod by name among pods of the same age");
    assert.deepEqual([...resolved.ports], [[80, 8080], [81, 8080], [90, 9090]]);
  });
  for (const [kind, plural] of [["Deployment", "deployments"], ["ReplicaSet", "replicasets"], ["StatefulSet", "statefulsets"]] as const) {
    it(`a ${kind} is read from apps/v1 ${plural}, then its pods by its selector; ports are pod ports`, async () => {
      const client = new Cluster();
      const resolved = await resolveForwardTarget(client, { kind, name: "web", namespace: "ns" }, [8080, "metrics"]);
      assert.deepEqual(paths(client), [`/apis/apps/v1/namespaces/ns/${plural}/web`, "/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb"]);
      assert.equal(resolved.pod, "web-0");
      assert.deepEqual([...resolved.ports], [[8080, 8080], [9090, 9090]]);
    });
  }
  it("signal and requestTimeout reach every lookup; without them, none is set", async () => {
    const client = new Cluster();
    const signal = new AbortController().signal;
    await resolveForwardTarget(client, { kind: "Service", name: "web", namespace: "ns" }, [80], { signal, requestTimeout: 3 });
    assert.equal(client.sent.length, 2);
    for (const r of client.sent) {
      assert.equal(r.signal, signal);
      assert.equal(r.timeout, 3);
    }
    const plain = new Cluster();
    await resolveForwardTarget(plain, { kind: "Pod", name: "web-0", namespace: "ns" }, [80], {});
    await resolveForwardTarget(plain, { kind: "StatefulSet", name: "web", namespace: "ns" }, [80]);
    for (const r of plain.sent) {
      assert.equal(r.signal, undefined);
      assert.equal(r.timeout, undefined);
    }
  });
});

describe("resolveForwardTarget: refusals", () => {
  it("a Service is forwarded by port number only, naming the port asked for", async () => {
    await assert.rejects(
      resolveForwardTarget(new Cluster(), { kind: "Service", name: "web", namespace: "ns" }, ["http"]),
      refusal(KubexArgumentError, "portMap", 'portMap: a Service is forwarded by port number, got "http"'),
    );
  });
  it("a kind that cannot be forwarded to is refused before any request, naming it and the kinds that can", async () => {
    for (const kind of ["Job", "constructor", "toString"]) {
      const client = new Cluster();
      await assert.rejects(
        resolveForwardTarget(client, { kind: kind as "Pod", name: "web", namespace: "ns" }, [80]),
        refusal(KubexArgumentError, "target.kind", `target.kind: cannot forward to a ${kind}; use Pod, Service, Deployment, ReplicaSet or StatefulSet`),
      );
      assert.deepEqual(client.sent, [], kind);
    }
  });
  it("a target that is not an object, or a namespace that is null or not a name, is refused before any request", async () => {
    for (const target of [null, undefined, "pod/web", ["Pod", "web"]]) {
      const client = new Cluster();
      await assert.rejects(resolveForwardTarget(client, target as never, [80]), refusal(KubexArgumentError, "target", "target: must be an object { kind, name, namespace? }"));
      assert.deepEqual(client.sent, []);
    }
    // Only undefined takes the configuration's namespace.
    for (const namespace of [null, "", 5]) {
      const client = new Cluster();
      await assert.rejects(
        resolveForwardTarget(client, { kind: "Pod", name: "web", namespace: namespace as never }, [80]),
        refusal(KubexArgumentError, "target.namespace", `target.namespace: accepts a namespace name; got ${JSON.stringify(namespace)}`),
      );
      assert.deepEqual(client.sent, []);
    }
  });
  it("a Service without a selector has no pod behind it, and the error names the Service", async () => {
    await assert.rejects(
      resolveForwardTarget(new Cluster(), { kind: "Service", name: "headless", namespace: "ns" }, [80]),
      (e: unknown) => e instanceof KubexNoReadyPodError && (e as Error).message === "Service headless has no selector, so no pod is behind it",
    );
  });
  it("no ready pod behind a workload names the workload", async () => {
    const client = new Cluster();
    client.objects["/api/v1/namespaces/ns/pods"] = { metadata: {}, items: [] };
    await assert.rejects(
      resolveForwardTarget(client, { kind: "Deployment", name: "web", namespace: "ns" }, [80]),
      (e: unknown) => e instanceof KubexNoReadyPodError && (e as Error).message === "no running and ready pod behind Deployment web (no pods match its selector)",
    );
  });
});

describe("listenTo and forwardTo", () => {
  it("listenTo binds a local port per asked port, reports it by the asked port, and forwards to the pod's port", async () => {
    const client = new Cluster();
    const listener = await listenTo(client, { kind: "Service", name: "web", namespace: "ns" }, { portMap: { 90: 0, 80: 0 } });
    try {
      assert.deepEqual(listener.target, { namespace: "ns", pod: "web-0", ports: new Map([[80, 8080], [90, 9090]]) });
      assert.deepEqual(Object.keys(listener.ports), ["80", "90"]);
      assert.ok(listener.ports[80]! > 0 && listener.ports[90]! > 0 && listener.ports[80] !== listener.ports[90]);
      // A connection to the local port for Service port 90 opens a session to pod port 9090.
      const socket = connectTcp(listener.ports[90]!, "127.0.0.1");
      await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
      while (client.opened.length === 0) await new Promise((r) => setTimeout(r, 5));
      socket.destroy();
      assert.equal(client.opened[0]!.path, "/api/v1/namespaces/ns/pods/web-0/portforward");
      assert.deepEqual([...client.opened[0]!.query!], [["ports", "9090"]]);
    } finally {
      await listener.close();
    }
    const port = listener.ports[80]!;
    await assert.rejects(new Promise((resolve, reject) => connectTcp(port, "127.0.0.1").once("connect", resolve).once("error", reject)), /ECONNREFUSED/);
  });
  it("listenTo: two asked ports that lead to one pod port each get their own local port, as kubectl binds both", async () => {
    const client = new Cluster();
    // Service ports 80 (targetPort "http") and 81 (targetPort 8080) both lead to pod port 8080.
    // Port 70 leads elsewhere (9090) and comes first, so 80 shares a listener with it and 81 cannot.
    client.objects["/api/v1/namespaces/ns/services/web"] = {
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ port: 70, targetPort: 9090 }, { port: 80, targetPort: "http" }, { port: 81, targetPort: 8080 }] },
    };
    const listener = await listenTo(client, { kind: "Service", name: "web", namespace: "ns" }, { portMap: { 70: 0, 80: 0, 81: 0 } });
    let ports: number[];
    try {
      assert.deepEqual(listener.target.ports, new Map([[70, 9090], [80, 8080], [81, 8080]]));
      ports = [listener.ports[80]!, listener.ports[81]!];
      assert.equal(new Set([...ports, listener.ports[70]]).size, 3, `local ports ${JSON.stringify(listener.ports)}`);
      assert.ok(ports[0]! > 0 && ports[1]! > 0, `local ports ${ports.join(", ")}`);
      for (const [i, port] of ports.entries()) {
        const socket = connectTcp(port, "127.0.0.1");
        await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
        while (client.opened.length === i) await new Promise((r) => setTimeout(r, 5));
        socket.destroy();
        assert.deepEqual([...client.opened[i]!.query!], [["ports", "8080"]]);
      }
    } finally {
      await listener.close();
    }
    for (const port of ports) {
      await assert.rejects(new Promise((resolve, reject) => connectTcp(port, "127.0.0.1").once("connect", resolve).once("error", reject)), /ECONNREFUSED/);
    }
  });
  it("listenTo: when a later listener cannot bind, the ones already bound are closed", async () => {
    const free = await new Promise<number>((resolve) => {
      const server = createTcpServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    // Both asked ports lead to pod port 8080, so they need two listeners, and both ask for one local port.
    await assert.rejects(listenTo(new Cluster(), { kind: "Service", name: "web", namespace: "ns" }, { portMap: { 80: free, 81: free } }), /EADDRINUSE/);
    await assert.rejects(new Promise((resolve, reject) => connectTcp(free, "127.0.0.1").once("connect", resolve).once("error", reject)), /ECONNREFUSED/);
  });
  it("listenTo's listener closes with await using", async () => {
    let port: number;
    {
      await using listener = await listenTo(new Cluster(), { kind: "Pod", name: "web-0", namespace: "ns" }, { portMap: { 8080: 0 } });
      port = listener.ports[8080]!;
      assert.ok(port > 0);
    }
    await assert.rejects(new Promise((resolve, reject) => connectTcp(port, "127.0.0.1").once("connect", resolve).once("error", reject)), /ECONNREFUSED/);
  });
  it("forwardTo opens one session to the pod's ports (each once), keyed by the asked ports, with the signal", async () => {
    const client = new Cluster();
    const signal = new AbortController().signal;
    const session = await forwardTo(client, { kind: "Service", name: "web", namespace: "ns" }, { ports: [81, 80, 90], signal });
    try {
      assert.equal(client.opened.length, 1);
      assert.equal(client.opened[0]!.path, "/api/v1/namespaces/ns/pods/web-0/portforward");
      assert.deepEqual([...client.opened[0]!.query!], [["ports", "8080"], ["ports", "9090"]]);
      assert.equal(client.opened[0]!.signal, signal);
      assert.deepEqual(session.target, { namespace: "ns", pod: "web-0", ports: new Map([[81, 8080], [80, 8080], [90, 9090]]) });
      assert.deepEqual([...session.ports.keys()], [81, 80, 90]);
      assert.deepEqual([...session.ports.values()].map((p) => p.port), [8080, 8080, 9090]);
      assert.equal(session.ports.get(81), session.ports.get(80));
    } finally {
      await session.close();
    }
    await session.closed;
  });
  it("forwardTo without a signal passes none; await using closes the session", async () => {
    const client = new Cluster();
    let closed: Promise<unknown>;
    {
      await using session = await forwardTo(client, { kind: "Pod", name: "web-0", namespace: "ns" }, { ports: [8080] });
      closed = session.closed;
      assert.equal(client.opened[0]!.signal, undefined);
    }
    await closed;
  });
});
