// The Store is data in, data out: watcher events applied, reads checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, Store, type ReadonlyDeep, type WatcherEvent } from "../../../runtime/index.js";
import type { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";

const cm = (namespace: string, name: string, rv: string, app?: string): ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, resourceVersion: rv, ...(app ? { labels: { app } } : {}) },
});
const names = (objects: readonly ReadonlyDeep<ConfigMap>[]) => objects.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();

const byApp = { app: (o: ReadonlyDeep<ConfigMap>) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) };

test("get, list, the namespace index and user indexes follow Apply and Delete", () => {
  const store = new Store<ConfigMap>({ indexes: byApp });
  const a = cm("ns1", "a", "1", "web");
  for (const e of [{ type: "Init" }, { type: "InitApply", object: a }, { type: "InitDone" }] as WatcherEvent<ConfigMap>[]) store.apply(e);
  assert.equal(store.get("a", "ns1"), a, "the parsed object itself, no copy");
  store.apply({ type: "Apply", object: cm("ns2", "b", "2", "web") });
  store.apply({ type: "Apply", object: cm("ns1", "a", "3", "db") });
  assert.deepEqual(names(store.list()), ["ns1/a@3", "ns2/b@2"]);
  assert.deepEqual(names(store.byIndex("namespace", "ns1")), ["ns1/a@3"]);
  assert.deepEqual(names(store.byIndex("app", "web")), ["ns2/b@2"], "a's old index value is gone");
  assert.deepEqual(names(store.byIndex("app", "db")), ["ns1/a@3"]);
  store.apply({ type: "Delete", object: cm("ns1", "a", "4", "db") });
  assert.equal(store.get("a", "ns1"), undefined);
  assert.deepEqual(store.byIndex("app", "db"), []);
  assert.deepEqual(names(store.byIndex("namespace", "ns2")), ["ns2/b@2"]);
  assert.equal(store.size, 1);
  assert.throws(() => store.byIndex("nope", "x"), KubexArgumentError);
});

test("a re-list is built aside: readers keep the old state until InitDone, then see the new one whole (deletions implied)", () => {
  const store = new Store<ConfigMap>({ indexes: byApp });
  for (const e of [{ type: "Init" }, { type: "InitApply", object: cm("n", "a", "1", "web") }, { type: "InitApply", object: cm("n", "b", "2", "web") }, { type: "InitDone" }] as WatcherEvent<ConfigMap>[]) store.apply(e);
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: cm("n", "b", "5", "db") });
  store.apply({ type: "InitApply", object: cm("n", "c", "6", "web") });
  assert.deepEqual(names(store.list()), ["n/a@1", "n/b@2"], "old state while re-listing");
  assert.deepEqual(names(store.byIndex("app", "web")), ["n/a@1", "n/b@2"]);
  store.apply({ type: "InitDone" });
  assert.deepEqual(names(store.list()), ["n/b@5", "n/c@6"]);
  assert.deepEqual(names(store.byIndex("app", "web")), ["n/c@6"]);
  assert.deepEqual(names(store.byIndex("namespace", "n")), ["n/b@5", "n/c@6"]);
});

test("synced resolves at the first InitDone, not before", async () => {
  const store = new Store<ConfigMap>();
  let synced = false;
  void store.synced.then(() => (synced = true));
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: cm("n", "a", "1") });
  await new Promise((r) => setImmediate(r));
  assert.equal(synced, false);
  assert.equal(store.hasSynced, false);
  store.apply({ type: "InitDone" });
  await store.synced;
  assert.equal(store.hasSynced, true);
});

test("cluster-scoped objects are keyed by name alone", () => {
  const store = new Store<{ metadata: { name: string; resourceVersion: string } }>();
  store.apply({ type: "Apply", object: { metadata: { name: "node-1", resourceVersion: "1" } } });
  assert.equal(store.get("node-1")?.metadata.name, "node-1");
  assert.deepEqual(store.keys(), ["node-1"]);
  assert.equal(store.byIndex("namespace", "").length, 1);
});

test("index options are checked", () => {
  assert.throws(() => new Store<ConfigMap>({ indexes: { namespace: () => [] } }), KubexArgumentError);
  assert.throws(() => new Store<ConfigMap>({ indexes: { x: "nope" as never } }), KubexArgumentError);
});

test("read-only types: stored objects cannot be changed through the store", () => {
  const store = new Store<ConfigMap>();
  store.apply({ type: "Apply", object: cm("n", "a", "1") });
  const got = store.get("a", "n")!;
  const change = () => {
    // @ts-expect-error read-only
    got.metadata = {};
    // @ts-expect-error read-only, deep
    got.metadata!.name = "b";
  };
  assert.equal(typeof change, "function");
});
