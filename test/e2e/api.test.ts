// The typed Api against the real API server, with both backends, for every method and accessor.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  AlreadyExists, Api, Conflict, defineResource, jsonPointer, KubexArgumentError, NotFound, type HttpClient, type WatchEvent,
} from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod } from "../../generated/k8s/v1_35/core/v1/index.js";
import { Deployment } from "../../generated/k8s/v1_35/apps/v1/index.js";
import { CustomResourceDefinition } from "../../generated/k8s/v1_35/apiextensions/v1/index.js";
import { e2eCluster, kubectl, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
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

interface Widget {
  apiVersion?: "e2e.kubex.dev/v1";
  kind?: "Widget";
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { size: number };
  status?: { phase?: string };
}
const Widget = defineResource<Widget>()({ group: "e2e.kubex.dev", version: "v1", kind: "Widget", plural: "widgets", namespaced: true, subresources: ["status"] });

const podSpec = (node: string | undefined) => ({ containers: [{ name: "app", image: "nginx" }], ...(node ? { nodeName: node } : {}) });

for (const backend of backends) {
  let client: HttpClient;
  let ns: string;
  const setup = async () => {
    client = await clientFor(cluster, backend);
    ns = uniqueNamespace(`e2e-api-${backend}`);
    await new Api(Namespace, { client }).create({ metadata: { name: ns } });
  };
  const teardown = async () => {
    if (!client) return;
    await new Api(Namespace, { client }).delete(ns).catch(() => undefined);
    await client.close();
  };

  test(`${backend}: the typed Api on a real API server`, { timeout: 240_000 }, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await setup();
    t.after(teardown);

    await t.test("create, get, replace with a stale resourceVersion (409), delete; kubectl agrees", async () => {
      const cms = new Api(ConfigMap, { client, namespace: ns });
      const created = await cms.create({ metadata: { name: "settings", labels: { app: "kubex" } }, data: { mode: "fast" } });
      assert.equal(created.kind, "ConfigMap");
      await assert.rejects(cms.create({ metadata: { name: "settings" } }), AlreadyExists);
      const got = await cms.get("settings");
      const fromKubectl = JSON.parse((await kubectl(cluster, ["get", "configmap", "settings", "-n", ns, "-o", "json"])).stdout) as typeof got;
      assert.deepEqual({ uid: got.metadata?.uid, rv: got.metadata?.resourceVersion, data: got.data }, { uid: fromKubectl.metadata?.uid, rv: fromKubectl.metadata?.resourceVersion, data: fromKubectl.data });
      const replaced = await cms.replace("settings", { ...got, data: { mode: "slow" } });
      assert.equal(replaced.data?.mode, "slow");
      await assert.rejects(cms.replace("settings", { ...got, data: { mode: "stale" } }), Conflict);
      const dry = await cms.create({ metadata: { name: "dry" } }, { dryRun: true });
      assert.equal(dry.metadata?.name, "dry");
      await assert.rejects(cms.get("dry"), NotFound);
      await cms.delete("settings", { gracePeriodSeconds: 0 });
      await assert.rejects(cms.get("settings"), NotFound);
    });

    await t.test("dot-segment names and namespaces are refused before any request; nothing is deleted", async () => {
      const cms = new Api(ConfigMap, { client, namespace: ns });
      await cms.create({ metadata: { name: "survivor" } });
      const pods = new Api(Pod, { client, namespace: ns });
      let sent = 0;
      const counting = Object.assign(Object.create(client) as HttpClient, { request: (r: never) => { sent++; return client.request(r); } });
      const counted = new Api(ConfigMap, { client: counting, namespace: ns });
      const refused = (argument: string) => (e: unknown) => e instanceof KubexArgumentError && e.argument === argument;
      await assert.rejects(counted.delete("..", { namespace: ns }), refused("name"));
      await assert.rejects(counted.delete("."), refused("name"));
      await assert.rejects(counted.list({ namespace: ".." }), refused("options.namespace"));
      await assert.rejects(counted.deleteCollection({ namespace: "%2e%2e" }), refused("options.namespace"));
      await assert.rejects(pods.delete("..", { namespace: ns }), refused("name"));
      assert.equal(sent, 0, "no request was sent");
      assert.equal((await cms.get("survivor")).metadata?.name, "survivor");
      assert.equal((await new Api(Namespace, { client }).get(ns)).metadata?.name, ns);
      await cms.delete("survivor");
    });

    await t.test("list with selectors and paging over more than one page; listAll; metadata-only list; deleteCollection", async () => {
      const cms = new Api(ConfigMap, { client, namespace: ns });
      await Promise.all(Array.from({ length: 7 }, (_, i) => cms.create({ metadata: { name: `page-${i}`, labels: { set: "paging" } }, data: { i: String(i) } })));
      const first = await cms.list({ labelSelector: "set=paging", limit: 3 });
      assert.equal(first.items.length, 3);
      assert.ok(first.metadata.continue);
      const second = await cms.list({ labelSelector: "set=paging", limit: 3, continue: first.metadata.continue });
      assert.equal(second.items.length, 3);
      const all: string[] = [];
      for await (const cm of cms.listAll({ labelSelector: "set=paging", limit: 2 })) all.push(cm.metadata!.name!);
      assert.deepEqual(all.sort(), Array.from({ length: 7 }, (_, i) => `page-${i}`));
      const meta = await cms.metadata.list({ labelSelector: "set=paging" });
      assert.equal(meta.kind, "PartialObjectMetadataList");
      assert.equal(meta.items.length, 7);
      assert.equal((meta.items[0] as { data?: unknown }).data, undefined, "no data in metadata-only objects");
      assert.equal((await cms.metadata.get("page-0")).kind, "PartialObjectMetadata");
      assert.equal((await cms.metadata.get("page-0", { resourceVersion: "0" })).metadata.name, "page-0");
      assert.equal((await cms.get("page-0", { resourceVersion: "0" })).data?.i, "0");
      const labelled = await cms.metadata.patch("page-0", { metadata: { labels: { patched: "yes" } } });
      assert.deepEqual([labelled.kind, labelled.metadata.labels?.patched, (labelled as { data?: unknown }).data], ["PartialObjectMetadata", "yes", undefined]);
      const everywhere = await cms.list({ allNamespaces: true, labelSelector: "set=paging" });
      assert.equal(everywhere.items.length >= 7, true);
      await cms.deleteCollection({ labelSelector: "set=paging" });
      await eventually("collection deleted", async () => ((await cms.list({ labelSelector: "set=paging" })).items.length === 0 ? true : undefined));
    });

    await t.test("all four patch kinds, and an apply conflict resolved with force", async () => {
      const cms = new Api(ConfigMap, { client, namespace: ns });
      await cms.create({ metadata: { name: "p", annotations: { "example.com/key": "x" } }, data: { a: "1" } });
      assert.deepEqual((await cms.patch("p", { data: { b: "2" } })).data, { a: "1", b: "2" });
      assert.deepEqual((await cms.patch("p", { data: { a: null } }, { type: "strategic" })).data, { b: "2" });
      const jsonPatched = await cms.patch("p", [
        { op: "test", path: "/data/b", value: "2" },
        { op: "replace", path: jsonPointer("metadata", "annotations", "example.com/key"), value: "y" },
      ], { type: "json" });
      assert.equal(jsonPatched.metadata?.annotations?.["example.com/key"], "y");
      await cms.apply({ metadata: { name: "applied" }, data: { owner: "first" } }, { fieldManager: "first" });
      await assert.rejects(cms.apply({ metadata: { name: "applied" }, data: { owner: "second" } }, { fieldManager: "second" }),
        (e: Conflict) => e instanceof Conflict && (e.body.details?.causes ?? []).some((c) => /first/.test(c.message ?? "")));
      const forced = await cms.apply({ metadata: { name: "applied" }, data: { owner: "second" } }, { fieldManager: "second", force: true });
      assert.equal(forced.data?.owner, "second");
      const viaPatch = await cms.patch("applied", { metadata: { name: "applied" }, data: { extra: "x" } }, { type: "apply", fieldManager: "third" });
      assert.equal(viaPatch.data?.extra, "x");
    });

    await t.test("watch sees the initial-events-end BOOKMARK first, then ADDED, MODIFIED, DELETED; a streaming list ends its initial events with a bookmark", async () => {
      const cms = new Api(ConfigMap, { client, namespace: ns });
      const events: WatchEvent<unknown>["type"][] = [];
      let bookmarked!: () => void;
      const ready = new Promise<void>((resolve) => (bookmarked = resolve));
      // A streaming list ends its (here empty) initial events with a BOOKMARK: one is required, not merely allowed.
      const done = (async () => {
        for await (const e of cms.watch({ sendInitialEvents: true, labelSelector: "w=1", inactivityTimeout: 30 })) {
          if (e.type === "BOOKMARK") {
            if (events.length > 0) continue; // a later periodic bookmark
            assert.equal(e.object.metadata.annotations?.["k8s.io/initial-events-end"], "true");
            assert.match(e.object.metadata.resourceVersion, /^\d+$/);
            events.push(e.type);
            bookmarked();
            continue;
          }
          events.push(e.type);
          if (e.type === "DELETED") break;
        }
      })();
      await Promise.race([ready, done]);
      assert.deepEqual(events, ["BOOKMARK"], "the initial-events-end bookmark arrived before any change");
      await cms.create({ metadata: { name: "w", labels: { w: "1" } } });
      await cms.patch("w", { data: { x: "1" } });
      await cms.delete("w");
      await done;
      assert.deepEqual(events, ["BOOKMARK", "ADDED", "MODIFIED", "DELETED"]);

      const controller = new AbortController();
      const seen: string[] = [];
      for await (const e of cms.watch({ sendInitialEvents: true, signal: controller.signal, inactivityTimeout: 30 })) {
        seen.push(e.type);
        controller.abort();
      }
      assert.equal(seen.length, 1, "aborting the caller's signal ended the loop quietly");

      await cms.create({ metadata: { name: "w2", labels: { w: "2" } } });
      const initial: string[] = [];
      for await (const e of cms.watch({ sendInitialEvents: true, labelSelector: "w=2", inactivityTimeout: 30 })) {
        if (e.type === "BOOKMARK") {
          assert.equal((e.object as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations?.["k8s.io/initial-events-end"], "true");
          break;
        }
        initial.push(`${e.type}:${e.object.metadata?.name}`);
      }
      assert.deepEqual(initial, ["ADDED:w2"]);
    });

    await t.test("deployments: status and scale subresources", async () => {
      const deployments = new Api(Deployment, { client, namespace: ns });
      await deployments.create({
        metadata: { name: "web" },
        spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: podSpec(undefined) } },
      });
      const scale = await deployments.scale.get("web");
      assert.equal(scale.spec?.replicas, 1);
      await deployments.scale.patch("web", { spec: { replicas: 3 } });
      assert.equal((await deployments.get("web")).spec?.replicas, 3);
      // Read-modify-write races the deployment controller: retry on Conflict, as callers do.
      for (let attempt = 0; ; attempt++) {
        try {
          await deployments.scale.replace("web", { ...(await deployments.scale.get("web")), spec: { replicas: 2 } });
          break;
        } catch (e) {
          if (!(e instanceof Conflict) || attempt === 5) throw e;
        }
      }
      assert.equal((await deployments.get("web")).spec?.replicas, 2);
      const status = await deployments.status.get("web");
      assert.equal(status.metadata?.name, "web");
      const applied = await deployments.status.patch("web", { status: { conditions: [{ type: "E2EApplied", status: "True" }] } }, { type: "apply", fieldManager: "e2e-status", force: true });
      assert.ok(applied.status?.conditions?.some((c) => c.type === "E2EApplied"), "status apply of a Deployment carries apps/v1 Deployment");
      const pods = new Api(Pod, { client, namespace: ns });
      await eventually("the deployment's pods Running on the kwok node", async () => {
        const list = await pods.list({ labelSelector: "app=web" });
        return list.items.length === 2 && list.items.every((p) => p.status?.phase === "Running") ? true : undefined;
      });
    });

    await t.test("pods on the kwok node: logs (text and follow), eviction, ephemeral containers", async () => {
      const pods = new Api(Pod, { client, namespace: ns });
      await pods.create({ metadata: { name: "logger" }, spec: podSpec(cluster.node) });
      await eventually("pod Running", async () => ((await pods.get("logger")).status?.phase === "Running" ? true : undefined));
      const text = await pods.logs.get("logger");
      if (cluster.local) assert.deepEqual(text.trimEnd().split("\n"), Array.from({ length: 20 }, (_, i) => `line ${i + 1}`));
      const tail = await pods.logs.get("logger", { tailLines: 2, timestamps: true });
      if (cluster.local) assert.equal(tail, "2026-01-01T00:00:19.000000000Z line 19\n2026-01-01T00:00:20.000000000Z line 20\n");
      const followed: string[] = [];
      for await (const line of pods.logs.stream("logger", { follow: true, tailLines: 3 })) {
        followed.push(line);
        if (followed.length === 3) break;
      }
      if (cluster.local) assert.deepEqual(followed, ["line 18", "line 19", "line 20"]);
      const withDebug = await pods.ephemeralContainers.patch("logger", { spec: { ephemeralContainers: [{ name: "debug", image: "busybox" }] } }, { type: "strategic" });
      assert.equal(withDebug.spec?.ephemeralContainers?.[0]?.name, "debug");
      assert.equal((await pods.ephemeralContainers.get("logger")).spec?.ephemeralContainers?.length, 1);
      const evicted = await pods.eviction.create("logger");
      assert.equal(evicted.status, "Success");
      await eventually("the evicted pod to go", async () => pods.get("logger").then(() => undefined, (e: unknown) => (e instanceof NotFound ? true : undefined)));
    });

    await t.test("a custom resource through a hand-written descriptor, with its status subresource", async () => {
      const crds = new Api(CustomResourceDefinition, { client });
      const name = "widgets.e2e.kubex.dev";
      try {
        await crds.create({
          metadata: { name },
          spec: {
            group: "e2e.kubex.dev", scope: "Namespaced", names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
            versions: [{
              name: "v1", served: true, storage: true, subresources: { status: {} },
              schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } }, status: { type: "object", properties: { phase: { type: "string" } } } } } },
            }],
          },
        });
      } catch (e) {
        if (!(e instanceof AlreadyExists)) throw e;
      }
      await eventually("CRD Established", async () => ((await crds.get(name)).status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ? true : undefined));
      const widgets = new Api(Widget, { client, namespace: ns });
      const w = await eventually("widgets served", () => widgets.create({ metadata: { name: "w1" }, spec: { size: 3 } }).catch(() => undefined));
      assert.equal(w.spec?.size, 3);
      const withStatus = await widgets.status.patch("w1", { status: { phase: "Ready" } });
      assert.equal(withStatus.status?.phase, "Ready");
      const applied = await widgets.status.patch("w1", { metadata: { name: "w1" }, status: { phase: "Applied" } }, { type: "apply", fieldManager: "e2e-status", force: true });
      assert.equal(applied.status?.phase, "Applied", "status apply of a custom resource carries its apiVersion and kind");
      const noName = await widgets.status.patch("w1", { status: { phase: "AppliedAgain" } }, { type: "apply", fieldManager: "e2e-status", force: true });
      assert.equal(noName.status?.phase, "AppliedAgain");
      await assert.rejects(widgets.patch("w1", { spec: { size: 4 } }, { type: "strategic" } as never), KubexArgumentError);
      assert.equal((await widgets.list()).items.length, 1);
      await widgets.delete("w1");
    });
  });
}

after(() => undefined);
