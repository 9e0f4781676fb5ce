// The Store's documented rules, one at a time: keys, reads, indexes across Apply, Delete and re-lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KubexArgumentError, objectKey, Store, type ReadonlyDeep } from "../../../runtime/index.js";
import { resourceVersionOf } from "../../../runtime/watcher/events.js";

type Obj = { metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> } };
const o = (namespace: string | undefined, name: string, rv = "1", labels?: Record<string, string>): Obj => ({
  metadata: { name, ...(namespace !== undefined ? { namespace } : {}), resourceVersion: rv, ...(labels ? { labels } : {}) },
});
const keysOf = (objects: readonly ReadonlyDeep<Obj>[]) => objects.map((x) => objectKey(x)).sort();
const byTier = { tier: (x: ReadonlyDeep<Obj>) => (x.metadata?.labels ? Object.values(x.metadata.labels) : []) };

test("objectKey: namespace/name, name alone without a namespace (or an empty one), empty without metadata", () => {
  assert.equal(objectKey(o("ns", "a")), "ns/a");
  assert.equal(objectKey(o(undefined, "node-1")), "node-1");
  assert.equal(objectKey(o("", "node-1")), "node-1");
  assert.equal(objectKey({ metadata: { namespace: "ns" } }), "ns/");
  assert.equal(objectKey({}), "");
});

test("resourceVersionOf: the object's metadata.resourceVersion, undefined without one", () => {
  assert.equal(resourceVersionOf(o("n", "a", "42")), "42");
  assert.equal(resourceVersionOf({}), undefined);
  assert.equal(resourceVersionOf(undefined), undefined);
});

test("get, getByKey, keys, entries and size read the current state", () => {
  const store = new Store<Obj>();
  const a = o("ns", "a");
  const node = o(undefined, "n1");
  store.apply({ type: "Apply", object: a });
  store.apply({ type: "Apply", object: node });
  assert.equal(store.get("a", "ns"), a);
  assert.equal(store.get("a"), undefined, "a namespaced object is not found by name alone");
  assert.equal(store.get("n1"), node);
  assert.equal(store.get("n1", ""), node, "an empty namespace is no namespace");
  assert.equal(store.getByKey("ns/a"), a);
  assert.equal(store.getByKey("a"), undefined);
  assert.deepEqual(store.keys().sort(), ["n1", "ns/a"]);
  assert.deepEqual([...store.entries()].map(([k, v]) => [k, v]).sort(), [["n1", node], ["ns/a", a]]);
  assert.equal(store.size, 2);
  assert.deepEqual(keysOf(store.list()), ["n1", "ns/a"]);
});

test("Apply replaces the object under its key and moves it between index values", () => {
  const store = new Store<Obj>({ indexes: byTier });
  store.apply({ type: "Apply", object: o("ns", "a", "1", { t: "web" }) });
  store.apply({ type: "Apply", object: o("ns", "b", "1", { t: "web" }) });
  const a2 = o("ns", "a", "2", { t: "db" });
  store.apply({ type: "Apply", object: a2 });
  assert.equal(store.size, 2);
  assert.equal(store.get("a", "ns"), a2);
  assert.deepEqual(keysOf(store.byIndex("tier", "web")), ["ns/b"], "the old value keeps its other objects");
  assert.deepEqual(keysOf(store.byIndex("tier", "db")), ["ns/a"]);
  assert.deepEqual(store.byIndex("tier", "nothing"), []);
});

test("an index function may file one object under several values, or none", () => {
  const store = new Store<Obj>({ indexes: byTier });
  store.apply({ type: "Apply", object: o("ns", "a", "1", { x: "web", y: "db" }) });
  store.apply({ type: "Apply", object: o("ns", "b") });
  assert.deepEqual(keysOf(store.byIndex("tier", "web")), ["ns/a"]);
  assert.deepEqual(keysOf(store.byIndex("tier", "db")), ["ns/a"]);
  store.apply({ type: "Delete", object: o("ns", "a") });
  assert.deepEqual(store.byIndex("tier", "web"), []);
  assert.deepEqual(store.byIndex("tier", "db"), []);
  assert.deepEqual(keysOf(store.byIndex("namespace", "ns")), ["ns/b"]);
});

test("Delete removes by key (the deleted object's own content does not matter); deleting the unknown is a no-op", () => {
  const store = new Store<Obj>({ indexes: byTier });
  store.apply({ type: "Apply", object: o("ns", "a", "1", { t: "web" }) });
  store.apply({ type: "Apply", object: o("ns", "b", "1", { t: "web" }) });
  store.apply({ type: "Delete", object: o("ns", "a", "9", { t: "other" }) });
  assert.equal(store.get("a", "ns"), undefined);
  assert.deepEqual(keysOf(store.byIndex("tier", "web")), ["ns/b"], "unfiled under the stored object's values");
  store.apply({ type: "Delete", object: o("ns", "zzz") });
  assert.equal(store.size, 1);
  store.apply({ type: "Delete", object: o("ns", "b") });
  assert.equal(store.size, 0);
  assert.deepEqual(store.byIndex("tier", "web"), []);
  assert.deepEqual(store.byIndex("namespace", "ns"), []);
});

test("a Delete during a re-list also drops the object from the list being built", () => {
  const store = new Store<Obj>();
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: o("ns", "a") });
  store.apply({ type: "InitApply", object: o("ns", "b") });
  store.apply({ type: "Delete", object: o("ns", "a") });
  store.apply({ type: "InitDone" });
  assert.deepEqual(store.keys(), ["ns/b"]);
});

test("InitApply without Init starts a list; InitDone without one swaps in an empty state", () => {
  const store = new Store<Obj>();
  store.apply({ type: "Apply", object: o("ns", "old") });
  store.apply({ type: "InitApply", object: o("ns", "a") });
  assert.deepEqual(store.keys(), ["ns/old"], "built aside");
  store.apply({ type: "InitDone" });
  assert.deepEqual(store.keys(), ["ns/a"]);
  store.apply({ type: "InitDone" });
  assert.equal(store.size, 0, "nothing listed: nothing left");
  assert.deepEqual(store.byIndex("namespace", "ns"), []);
});

test("Init drops a list half built before it: only what follows the last Init is swapped in", () => {
  const store = new Store<Obj>();
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: o("ns", "stale") });
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: o("ns", "fresh") });
  store.apply({ type: "InitDone" });
  assert.deepEqual(store.keys(), ["ns/fresh"]);
});

test("after a swap, Apply and Delete work on the new state and its indexes", () => {
  const store = new Store<Obj>({ indexes: byTier });
  store.apply({ type: "Init" });
  store.apply({ type: "InitApply", object: o("ns", "a", "1", { t: "web" }) });
  store.apply({ type: "InitDone" });
  store.apply({ type: "Init" });
  store.apply({ type: "InitDone" });
  assert.deepEqual(store.byIndex("tier", "web"), [], "the old indexes are gone with the old state");
  store.apply({ type: "Apply", object: o("ns", "b", "1", { t: "web" }) });
  assert.deepEqual(keysOf(store.byIndex("tier", "web")), ["ns/b"]);
  assert.equal(store.hasSynced, true);
});

test("byIndex refuses an unknown index, naming the known ones", () => {
  const store = new Store<Obj>({ indexes: byTier });
  assert.throws(() => store.byIndex("nope", "x"), (e: unknown) => e instanceof KubexArgumentError && e.message.includes('no index "nope" (known: namespace, tier)'));
});

test("index options: namespace is built in, a non-function is refused, each under its own name", () => {
  assert.throws(() => new Store<Obj>({ indexes: { namespace: () => [] } }), (e: unknown) => e instanceof KubexArgumentError && /options\.indexes\.namespace/.test(e.message) && /is built in/.test(e.message));
  assert.throws(() => new Store<Obj>({ indexes: { x: 5 as never } }), (e: unknown) => e instanceof KubexArgumentError && /options\.indexes\.x/.test(e.message) && /accepts a function/.test(e.message));
  assert.deepEqual(new Store<Obj>({}).byIndex("namespace", ""), []);
  assert.deepEqual(new Store<Obj>().byIndex("namespace", ""), []);
});

test("synced resolves once, at the first InitDone; later lists do not reset it", async () => {
  const store = new Store<Obj>();
  let count = 0;
  void store.synced.then(() => count++);
  store.apply({ type: "Apply", object: o("ns", "a") });
  await new Promise((r) => setImmediate(r));
  assert.equal(count, 0, "an Apply is not a complete list");
  assert.equal(store.hasSynced, false);
  store.apply({ type: "InitDone" });
  store.apply({ type: "Init" });
  assert.equal(store.hasSynced, true);
  store.apply({ type: "InitDone" });
  await store.synced;
  assert.equal(count, 1);
});

test("an index function that names one value twice: filed once, unfiled cleanly", () => {
  const store = new Store<Obj>({ indexes: byTier });
  store.apply({ type: "Apply", object: o("ns", "a", "1", { x: "web", y: "web" }) });
  assert.deepEqual(keysOf(store.byIndex("tier", "web")), ["ns/a"]);
  store.apply({ type: "Apply", object: o("ns", "a", "2", { x: "db" }) });
  assert.deepEqual(store.byIndex("tier", "web"), []);
  store.apply({ type: "Apply", object: o("ns", "a", "3", { x: "db", y: "db" }) });
  store.apply({ type: "Delete", object: o("ns", "a") });
  assert.deepEqual(store.byIndex("tier", "db"), []);
});

test("an object without metadata is kept under the empty key and the empty namespace", () => {
  const store = new Store<Obj>();
  store.apply({ type: "Apply", object: {} });
  assert.equal(store.getByKey("")!.metadata, undefined);
  assert.equal(store.byIndex("namespace", "").length, 1);
  store.apply({ type: "Delete", object: {} });
  assert.equal(store.size, 0);
});

test("byIndex's refusal names the argument", () => {
  assert.throws(() => new Store<Obj>().byIndex("nope", "x"), (e: unknown) => e instanceof KubexArgumentError && e.argument === "name" && e.message.startsWith("name: "));
});
