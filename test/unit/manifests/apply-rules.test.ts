// applyManifests and deleteManifests against an in-memory cluster: the order objects go in, where
// each is sent, what each result says, how a failure is reported, and the wait for a CRD.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import {
  applyManifests, BaseClient, defineResource, deleteManifests, discoveryFor, KubexArgumentError, KubexManifestApplyError, KubexTimeoutError, NotFound,
  type ClientConfiguration, type KubeRequest, type KubeResponse, type ManifestObject, type WebSocketConnection,
} from "../../../runtime/index.js";
import { apiErrorFromResponse } from "../../../runtime/errors.js";

const crdApi = "/apis/apiextensions.k8s.io/v1";
const resourceLists: Record<string, unknown> = {
  "/api/v1": {
    groupVersion: "v1",
    resources: [
      { name: "namespaces", kind: "Namespace", namespaced: false, verbs: ["get", "patch", "delete"] },
      { name: "configmaps", kind: "ConfigMap", namespaced: true, verbs: ["get", "patch", "delete"] },
    ],
  },
  [crdApi]: { groupVersion: "apiextensions.k8s.io/v1", resources: [{ name: "customresourcedefinitions", kind: "CustomResourceDefinition", namespaced: false, verbs: ["get", "patch", "delete"] }] },
};
const widgetList = { groupVersion: "example.com/v1", resources: [{ name: "widgets", kind: "Widget", namespaced: true, verbs: ["get", "patch", "delete"] }] };

const notFound = () => apiErrorFromResponse(404, JSON.stringify({ kind: "Status", code: 404, reason: "NotFound", message: "not found" }));

/**
 * A cluster in memory: discovery answers from a table, objects by path; an apply stores the body
 * with the next resourceVersion (a dry run stores nothing), a CRD applied is Established at once.
 */
class Cluster extends BaseClient {
  readonly configuration: ClientConfiguration = { server: "https://x", namespace: "from-config", tls: {} };
  readonly sent: KubeRequest[] = [];
  readonly objects = new Map<string, Record<string, unknown>>();
  readonly lists: Record<string, unknown> = { ...resourceLists };
  /** Called for every request first: a thrown error is the answer. */
  intercept: (r: KubeRequest) => void = () => {};
  /** What an apply answers, instead of the body it was sent. */
  applyAnswer: ManifestObject | undefined;
  /** The status a CRD read back has (none when undefined). */
  crdStatus: { conditions?: { type: string; status: string }[] } | undefined = { conditions: [{ type: "Established", status: "True" }] };
  #version = 0;

  async request(r: KubeRequest): Promise<KubeResponse> {
    this.sent.push(r);
    this.intercept(r);
    if (r.path in this.lists) return reply(this.lists[r.path]);
    const stored = this.objects.get(r.path);
    if (r.method === "GET") {
      if (!stored) throw notFound();
      return reply(r.path.startsWith(`${crdApi}/`) && this.crdStatus !== undefined ? { ...stored, status: this.crdStatus } : stored);
    }
    if (r.method === "DELETE") {
      if (!stored) throw notFound();
      this.objects.delete(r.path);
      return reply({ kind: "Status", status: "Success" });
    }
    if (r.method === "PATCH") {
      if (this.applyAnswer) return reply(this.applyAnswer);
      const body = JSON.parse(String(r.body)) as ManifestObject;
      if ((r.query ?? []).some(([k, v]) => k === "dryRun" && v === "All")) return reply(body);
      const object = { ...body, metadata: { ...body.metadata, resourceVersion: String(++this.#version) } };
      this.objects.set(r.path, object);
      return reply(object);
    }
    throw new Error(`unexpected ${r.method} ${r.path}`);
  }
  stream(r: KubeRequest): Promise<KubeResponse> {
    return this.request(r);
  }
  connectWebSocket(): Promise<WebSocketConnection> {
    throw new Error("not in this test");
  }
  async close() {}

  /** The object requests (not discovery), as "METHOD path". */
  calls(): string[] {
    return this.sent.filter((r) => !(r.path in this.lists) && r.path !== "/apis").map((r) => `${r.method} ${r.path}`);
  }
}

function reply(value: unknown): KubeResponse {
  const body = JSON.stringify(value);
  return { status: 200, headers: { get: () => null, getAll: () => [] }, text: async () => body, json: async <T>() => JSON.parse(body) as T, body: () => (async function* () {})(), cancel: async () => {} };
}

const configMap = (name: string, namespace?: string, data: object = { a: "1" }): ManifestObject =>
  ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, data });
const namespace = (name: string): ManifestObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const crd = (name = "widgets.example.com", apiVersion = "apiextensions.k8s.io/v1"): ManifestObject => ({ apiVersion, kind: "CustomResourceDefinition", metadata: { name } });
const widget = (name: string): ManifestObject => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name, namespace: "ns" } });
const query = (r: KubeRequest) => new URLSearchParams(r.query as [string, string][]).toString();
const patches = (c: Cluster) => c.sent.filter((r) => r.method === "PATCH");

test("applyManifests: Namespaces (of v1) first, then CRDs of any version, then the rest in input order", async () => {
  const cluster = new Cluster();
  cluster.lists["/apis/apiextensions.k8s.io/v1beta1"] = { groupVersion: "apiextensions.k8s.io/v1beta1", resources: [{ name: "customresourcedefinitions", kind: "CustomResourceDefinition", namespaced: false, verbs: ["get", "patch"] }] };
  cluster.lists["/apis/example.com/v1"] = { groupVersion: "example.com/v1", resources: [{ name: "namespaces", kind: "Namespace", namespaced: false, verbs: ["get", "patch"] }] };
  const objects = [configMap("b", "ns"), { apiVersion: "example.com/v1", kind: "Namespace", metadata: { name: "lookalike" } }, crd("old.example.com", "apiextensions.k8s.io/v1beta1"), namespace("ns"), configMap("a", "ns"), namespace("other")];
  const results = await applyManifests(cluster, objects, { fieldManager: "m" });
  assert.deepEqual(results.map((r) => `${r.kind}/${r.name}`), ["Namespace/ns", "Namespace/other", "CustomResourceDefinition/old.example.com", "ConfigMap/b", "Namespace/lookalike", "ConfigMap/a"]);
  assert.equal(cluster.sent.some((r) => r.path === crdApi), false, "a CRD of another apiVersion is not waited for");
});

test("deleteManifests: the apply order reversed; objects already gone are absent", async () => {
  const cluster = new Cluster();
  const objects = [configMap("a", "ns"), namespace("ns"), crd(), configMap("b", "ns")];
  await applyManifests(cluster, objects, { fieldManager: "m" });
  cluster.objects.delete("/api/v1/namespaces/ns/configmaps/a");
  const results = await deleteManifests(cluster, objects);
  assert.deepEqual(results.map((r) => `${r.kind}/${r.name} ${r.action}`), ["ConfigMap/b deleted", "ConfigMap/a absent", "CustomResourceDefinition/widgets.example.com deleted", "Namespace/ns deleted"]);
  assert.deepEqual(results.map((r) => r.namespace), ["ns", "ns", undefined, undefined]);
  assert.equal("namespace" in results[2]!, false, "a cluster-scoped object's result has no namespace");
  assert.equal("object" in results[0]!, false, "a delete's result carries no object");
});

test("applyManifests: created, unchanged, configured; each result with its identity and the object the server returned", async () => {
  const cluster = new Cluster();
  const [created] = await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m" });
  assert.deepEqual(created, { apiVersion: "v1", kind: "ConfigMap", name: "a", namespace: "ns", action: "created", object: { ...configMap("a", "ns"), metadata: { name: "a", namespace: "ns", resourceVersion: "1" } } });
  const [again] = await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m" });
  assert.equal(again!.action, "unchanged", "the same content under a new resourceVersion");
  const [changed] = await applyManifests(cluster, configMap("a", "ns", { a: "2" }), { fieldManager: "m" });
  assert.equal(changed!.action, "configured");
  assert.deepEqual(cluster.calls(), ["GET /api/v1/namespaces/ns/configmaps/a", "PATCH /api/v1/namespaces/ns/configmaps/a", "GET /api/v1/namespaces/ns/configmaps/a", "PATCH /api/v1/namespaces/ns/configmaps/a", "GET /api/v1/namespaces/ns/configmaps/a", "PATCH /api/v1/namespaces/ns/configmaps/a"]);
});

/** Answers the read before the apply with `before` and the apply with `after`, whatever was sent. */
async function actionOf(before: ManifestObject, after: ManifestObject, dryRun = false): Promise<string> {
  const cluster = new Cluster();
  cluster.objects.set("/api/v1/namespaces/ns/configmaps/a", before);
  cluster.applyAnswer = after;
  const [result] = await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m", dryRun });
  return result!.action;
}

const stored = (rv: string, extra: { metadata?: object; [key: string]: unknown } = {}): ManifestObject =>
  ({ ...configMap("a", "ns"), ...extra, metadata: { name: "a", namespace: "ns", resourceVersion: rv, ...extra.metadata } });

test("applyManifests: what counts as unchanged (the same resourceVersion, or the same content but for what an apply never sets)", async () => {
  assert.equal(await actionOf(stored("5"), stored("5", { data: { a: "other" } })), "unchanged", "nothing was written: the same resourceVersion");
  assert.equal(await actionOf(stored("5"), stored("6", { metadata: { managedFields: [{ manager: "m" }] } })), "unchanged", "only managedFields changed");
  assert.equal(await actionOf(stored("5", { metadata: { generation: 1 } }), stored("6", { metadata: { generation: 2 } })), "unchanged", "only generation changed");
  assert.equal(await actionOf(stored("5", { status: { phase: "A" } }), stored("6", { status: { phase: "B" } })), "unchanged", "only status changed");
  assert.equal(await actionOf(stored("5"), stored("6", { metadata: { labels: { x: "y" } } })), "configured", "a label is content");
  assert.equal(await actionOf(stored("5"), stored("6", { data: { a: "2" } })), "configured");
});

test("applyManifests: a dry run is judged by content alone, since it never bumps the resourceVersion", async () => {
  assert.equal(await actionOf(stored("5"), stored("5", { data: { a: "2" } }), true), "configured");
  assert.equal(await actionOf(stored("5"), stored("5"), true), "unchanged");
});

test("applyManifests: the apply request carries the field manager, force and dryRun only when set, and the call options", async () => {
  const cluster = new Cluster();
  const signal = new AbortController().signal;
  await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "tool" });
  await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "tool", force: true, dryRun: true, signal, requestTimeout: 7 });
  await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "tool", force: false, dryRun: false });
  const [plain, flagged, off] = patches(cluster);
  assert.equal(query(plain!), "fieldManager=tool");
  assert.equal(query(flagged!), "dryRun=All&fieldManager=tool&force=true");
  assert.equal(query(off!), "fieldManager=tool");
  assert.equal(plain!.signal, undefined);
  assert.equal(plain!.timeout, undefined);
  assert.equal(flagged!.signal, signal);
  assert.equal(flagged!.timeout, 7);
  const reads = cluster.sent.filter((r) => r.method === "GET" && r.path.includes("/configmaps/"));
  assert.deepEqual(reads.map((r) => [r.signal === signal, r.timeout]), [[false, undefined], [true, 7], [false, undefined]], "the read before the apply has the same call options");
  assert.deepEqual(JSON.parse(String(plain!.body)), configMap("a", "ns"));
});

test("applyManifests and deleteManifests: a namespaced object goes to its own namespace, else the option's, else the configuration's", async () => {
  const cluster = new Cluster();
  await applyManifests(cluster, [configMap("a", "own"), configMap("b")], { fieldManager: "m", namespace: "given" });
  await applyManifests(cluster, configMap("c"), { fieldManager: "m" });
  await applyManifests(cluster, namespace("n"), { fieldManager: "m", namespace: "given" });
  assert.deepEqual(patches(cluster).map((r) => r.path), [
    "/api/v1/namespaces/own/configmaps/a", "/api/v1/namespaces/given/configmaps/b", "/api/v1/namespaces/from-config/configmaps/c", "/api/v1/namespaces/n",
  ]);
  const results = await deleteManifests(cluster, [configMap("a", "own"), configMap("b"), configMap("c")], { namespace: "given" });
  assert.deepEqual(results.map((r) => `${r.namespace}/${r.name} ${r.action}`), ["given/c absent", "given/b deleted", "own/a deleted"]);
});

test("deleteManifests: Background propagation unless told otherwise; dryRun and the call options on each request", async () => {
  const cluster = new Cluster();
  const signal = new AbortController().signal;
  await deleteManifests(cluster, configMap("a", "ns"));
  await deleteManifests(cluster, configMap("a", "ns"), { propagationPolicy: "Foreground", dryRun: true, signal, requestTimeout: 3 });
  await deleteManifests(cluster, configMap("a", "ns"), { dryRun: false });
  const [plain, flagged, off] = cluster.sent.filter((r) => r.method === "DELETE");
  assert.deepEqual(JSON.parse(String(plain!.body)), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background" });
  assert.deepEqual(JSON.parse(String(flagged!.body)), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Foreground", dryRun: ["All"] });
  assert.deepEqual(JSON.parse(String(off!.body)), { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: "Background" });
  assert.deepEqual([plain!.signal, plain!.timeout, flagged!.signal === signal, flagged!.timeout], [undefined, undefined, true, 3]);
});

test("applyManifests and deleteManifests: a text is parsed; one object and a list of objects are taken as they are", async () => {
  const cluster = new Cluster();
  const fromText = await applyManifests(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t, namespace: ns}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n", { fieldManager: "m" });
  assert.deepEqual(fromText.map((r) => `${r.kind}/${r.name}`), ["Namespace/ns", "ConfigMap/t"]);
  assert.deepEqual((await deleteManifests(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t, namespace: ns}\n")).map((r) => r.action), ["deleted"]);
  assert.deepEqual((await applyManifests(cluster, [configMap("x", "ns"), configMap("y", "ns")], { fieldManager: "m" })).map((r) => r.name), ["x", "y"]);
});

test("applyManifests: a descriptor from the lookup is used without discovery; an unknown kind falls back to discovery, with the signal", async () => {
  const Widget = defineResource()({ group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true });
  const cluster = new Cluster();
  const asked: string[] = [];
  const signal = new AbortController().signal;
  const lookup = async (apiVersion: string, kind: string) => (asked.push(`${apiVersion} ${kind}`), kind === "Widget" ? Widget : undefined);
  await applyManifests(cluster, [widget("w"), configMap("a", "ns")], { fieldManager: "m", lookup, signal });
  assert.deepEqual(asked, ["example.com/v1 Widget", "v1 ConfigMap"]);
  const discovery = cluster.sent.filter((r) => r.path in cluster.lists);
  assert.deepEqual(discovery.map((r) => [r.path, r.signal === signal]), [["/api/v1", true]]);
});

test("applyManifests: a failure stops there, naming the object's index, kind and name; results hold what was done; cause is the typed error", async () => {
  const cluster = new Cluster();
  cluster.intercept = (r) => {
    if (r.method === "PATCH" && r.path.endsWith("/configmaps/bad")) throw apiErrorFromResponse(403, JSON.stringify({ kind: "Status", code: 403, reason: "Forbidden", message: "no" }));
  };
  const objects = [configMap("good", "ns"), configMap("bad", "ns"), configMap("never", "ns")];
  await assert.rejects(applyManifests(cluster, objects, { fieldManager: "m" }), (e: unknown) => {
    assert.ok(e instanceof KubexManifestApplyError, String(e));
    assert.equal(e.index, 1);
    assert.equal(e.code, "KUBEX_MANIFEST");
    assert.equal(e.message, `object 1 (ConfigMap bad): ${(e.cause as Error).message}`);
    assert.equal((e.cause as { status?: number }).status, 403);
    assert.deepEqual(e.results.map((r) => `${r.name} ${r.action}`), ["good created"]);
    return true;
  });
  assert.equal(cluster.sent.some((r) => r.path.endsWith("/never")), false);
});

test("applyManifests: a read that fails other than NotFound is the failure; a lookup that throws a non-Error is named by its text", async () => {
  const cluster = new Cluster();
  cluster.intercept = (r) => {
    if (r.method === "GET" && r.path.endsWith("/configmaps/a")) throw apiErrorFromResponse(500, JSON.stringify({ kind: "Status", code: 500, message: "broken" }));
  };
  await assert.rejects(applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m" }), (e: unknown) => e instanceof KubexManifestApplyError && (e.cause as { status?: number }).status === 500);
  assert.equal(patches(cluster).length, 0, "no apply after a failed read");
  const lookup = () => {
    throw "lookup down"; // eslint-disable-line @typescript-eslint/only-throw-error
  };
  await assert.rejects(applyManifests(new Cluster(), configMap("a", "ns"), { fieldManager: "m", lookup }), (e: unknown) =>
    e instanceof KubexManifestApplyError && e.message === "object 0 (ConfigMap a): lookup down" && e.cause === "lookup down");
});

test("deleteManifests: a failure other than NotFound stops there, with what was deleted before it", async () => {
  const cluster = new Cluster();
  await applyManifests(cluster, [configMap("a", "ns"), configMap("b", "ns")], { fieldManager: "m" });
  cluster.intercept = (r) => {
    if (r.method === "DELETE" && r.path.endsWith("/configmaps/a")) throw apiErrorFromResponse(409, JSON.stringify({ kind: "Status", code: 409, reason: "Conflict", message: "busy" }));
  };
  await assert.rejects(deleteManifests(cluster, [configMap("a", "ns"), configMap("b", "ns")]), (e: unknown) => {
    assert.ok(e instanceof KubexManifestApplyError, String(e));
    assert.equal(e.index, 0);
    assert.match(e.message, /^object 0 \(ConfigMap a\): /);
    assert.deepEqual(e.results.map((r) => `${r.name} ${r.action}`), ["b deleted"]);
    return true;
  });
});

for (const [label, metadata] of [["no metadata", undefined], ["no name", {}], ["an empty name", { name: "" }], ["a name that is a number", { name: 5 }]] as const) {
  test(`applyManifests and deleteManifests: an object with ${label} is refused naming its index, before any request for it`, async () => {
    const object = { apiVersion: "v1", kind: "ConfigMap", ...(metadata === undefined ? {} : { metadata }) } as ManifestObject;
    // Applied second, so deleted first.
    const runs = [[(c: Cluster) => applyManifests(c, [configMap("a", "ns"), object], { fieldManager: "m" }), 2], [(c: Cluster) => deleteManifests(c, [configMap("a", "ns"), object]), 0]] as const;
    for (const [run, calls] of runs) {
      const cluster = new Cluster();
      await assert.rejects(run(cluster), (e: unknown) => {
        assert.ok(e instanceof KubexManifestApplyError, String(e));
        assert.equal(e.index, 1);
        assert.equal(e.message, "object 1 (ConfigMap " + String(metadata?.name) + "): manifests[1].metadata.name: ConfigMap needs a non-empty name to be applied or deleted");
        const cause = e.cause;
        assert.ok(cause instanceof KubexArgumentError, String(cause));
        assert.equal(cause.argument, "manifests[1].metadata.name");
        assert.equal(cause.message, "manifests[1].metadata.name: ConfigMap needs a non-empty name to be applied or deleted");
        return true;
      });
      assert.equal(cluster.calls().length, calls, "no request for the object without a name");
    }
  });
}

test("applyManifests: the field manager is required, non-empty; flags given as undefined are absent", async () => {
  for (const options of [undefined, {}, { fieldManager: "" }, { fieldManager: 5 }]) {
    await assert.rejects(applyManifests(new Cluster(), configMap("a", "ns"), options as never), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === "options.fieldManager: server-side apply needs a non-empty field manager");
  }
  const cluster = new Cluster();
  await applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m", force: undefined, dryRun: undefined, establishTimeout: undefined });
  await assert.rejects(applyManifests(cluster, configMap("a", "ns"), { fieldManager: "m", force: 1 as never }), (e: unknown) =>
    e instanceof KubexArgumentError && e.message === "options.force: accepts true or false");
  await deleteManifests(cluster, configMap("a", "ns"), { dryRun: undefined });
  await assert.rejects(deleteManifests(cluster, configMap("a", "ns"), { dryRun: "yes" as never }), (e: unknown) =>
    e instanceof KubexArgumentError && e.message === "options.dryRun: accepts true or false");
});

test("applyManifests and deleteManifests: null is no option's default; the propagation policy and the namespace are checked before any request", async () => {
  const cluster = new Cluster();
  for (const propagationPolicy of [null, "Later", 5]) {
    await assert.rejects(deleteManifests(cluster, configMap("a", "ns"), { propagationPolicy: propagationPolicy as never }), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === `options.propagationPolicy: accepts "Background", "Foreground" or "Orphan"; got ${JSON.stringify(propagationPolicy)}`);
  }
  for (const namespace of [null, 5, ""]) {
    await assert.rejects(applyManifests(cluster, configMap("a"), { fieldManager: "m", namespace: namespace as never }), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === `options.namespace: accepts a namespace name; got ${JSON.stringify(namespace)}`);
    await assert.rejects(deleteManifests(cluster, configMap("a"), { namespace: namespace as never }), (e: unknown) =>
      e instanceof KubexArgumentError && e.message === `options.namespace: accepts a namespace name; got ${JSON.stringify(namespace)}`);
  }
  assert.equal(cluster.sent.length, 0);
});

test("applyManifests: an applied CRD is waited for until Established (that condition True, no other), then its kinds resolve", async () => {
  const cluster = new Cluster();
  // Read before the apply, then: no status yet, a status without conditions, Established False, Established True.
  const statuses = [undefined, undefined, {}, { conditions: [{ type: "NamesAccepted", status: "True" }, { type: "Established", status: "False" }] }];
  let reads = 0;
  cluster.intercept = (r) => {
    if (r.method !== "GET" || r.path !== `${crdApi}/customresourcedefinitions/widgets.example.com`) return;
    cluster.crdStatus = reads < statuses.length ? statuses[reads] : { conditions: [{ type: "NamesAccepted", status: "True" }, { type: "Established", status: "True" }] };
    reads++;
    if (reads === 5) cluster.lists["/apis/example.com/v1"] = widgetList;
  };
  // A wait that never ends fails within the bound.
  const results = await applyManifests(cluster, [widget("w"), crd()], { fieldManager: "m", establishTimeout: 10 });
  assert.deepEqual(results.map((r) => `${r.kind}/${r.name} ${r.action}`), ["CustomResourceDefinition/widgets.example.com created", "Widget/w created"]);
  assert.equal(reads, 5, "the read before the apply, then until Established");
});

test("applyManifests: once a CRD is Established, discovery forgets every group/version it had learnt", async () => {
  const cluster = new Cluster();
  cluster.lists["/apis/example.com/v1"] = { groupVersion: "example.com/v1", resources: [] };
  assert.deepEqual((await discoveryFor(cluster).resources("example.com/v1"))?.resources, []);
  cluster.lists["/apis/example.com/v1"] = widgetList;
  await applyManifests(cluster, crd(), { fieldManager: "m" });
  assert.deepEqual((await discoveryFor(cluster).resources("example.com/v1"))?.resources.map((r) => r.kind), ["Widget"]);
});

test("applyManifests: a dry-run CRD is not waited for", async () => {
  const cluster = new Cluster();
  cluster.crdStatus = { conditions: [] };
  const [result] = await applyManifests(cluster, crd(), { fieldManager: "m", dryRun: true });
  assert.equal(result!.action, "created");
  assert.deepEqual(cluster.calls(), [`GET ${crdApi}/customresourcedefinitions/widgets.example.com`, `PATCH ${crdApi}/customresourcedefinitions/widgets.example.com`]);
});

test("applyManifests: a CRD not Established in time is a KubexTimeoutError naming it and the bound; the wait uses the lookup and the call options", async (t: TestContext) => {
  const cluster = new Cluster();
  cluster.crdStatus = { conditions: [{ type: "Established", status: "False" }] };
  let now = 1_000_000;
  t.mock.method(Date, "now", () => now);
  const signal = new AbortController().signal;
  let reads = 0;
  cluster.intercept = (r) => {
    if (r.method === "GET" && r.path.startsWith(`${crdApi}/`) && ++reads > 1) now += 30_000;
  };
  const CRDs = defineResource()({ group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false });
  const lookup = (_: string, kind: string) => (kind === "CustomResourceDefinition" ? CRDs : undefined);
  await assert.rejects(applyManifests(cluster, crd(), { fieldManager: "m", lookup, signal, requestTimeout: 9 }), (e: unknown) => {
    assert.ok(e instanceof KubexManifestApplyError, String(e));
    assert.ok(e.cause instanceof KubexTimeoutError, String(e.cause));
    assert.equal(e.cause.message, "CustomResourceDefinition widgets.example.com was not Established within 60s");
    assert.equal(e.results.length, 1, "the CRD was applied");
    return true;
  });
  assert.equal(reads, 1 + 3, "read at 0, 30 and 60 s: 60 s is still within the bound, 90 s is not");
  assert.equal(cluster.sent.some((r) => r.path === crdApi), false, "the lookup's descriptor, no discovery");
  assert.ok(cluster.sent.filter((r) => r.method === "GET").every((r) => r.signal === signal && r.timeout === 9));

  reads = 0;
  await assert.rejects(applyManifests(cluster, crd(), { fieldManager: "m", establishTimeout: 30 }), (e: unknown) =>
    e instanceof KubexManifestApplyError && (e.cause as Error).message === "CustomResourceDefinition widgets.example.com was not Established within 30s");
  assert.equal(reads, 1 + 2);
});

test("applyManifests: NotFound from discovery for an unknown kind is the failure, naming the object", async () => {
  await assert.rejects(applyManifests(new Cluster(), widget("w"), { fieldManager: "m" }), (e: unknown) =>
    e instanceof KubexManifestApplyError && e.cause instanceof NotFound && /^object 0 \(Widget w\): /.test(e.message));
});
