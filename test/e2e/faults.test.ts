// The watcher and the informer under real faults on the local control plane: the API
// server SIGKILLed and restarted, frozen with SIGSTOP, and etcd compacted under a
// disconnected watcher. Each test is bounded; the API server is left as up.sh started it.
import { test, before, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import {
  Api, createClient, Informer, KubexTimeoutError, loadKubeconfig, Store, watcher, type HttpClient, type PartialObjectMetadata, type WatcherRetry,
} from "../../runtime/index.js";
import { ConfigMap, Namespace, Pod, ServiceAccount } from "../../generated/k8s/v1_35/core/v1/index.js";
import { e2eCluster, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { clientFor, eventually } from "./support/clients.js";
import { CuttableProxy, fault, faultsAllowed, restoreControlPlane, seeded, writeLane, type Ledger, type LedgerTarget } from "./faults-support.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else {
    cluster = found;
    skip = faultsAllowed(found.local);
  }
});

// Whatever a test did to the API server, the next one (and the next file) gets up.sh's.
after(async () => {
  if (!skip) await restoreControlPlane(cluster);
});

/** Cleanups run last-registered first (an informer stops before its client closes). */
function cleanups(t: TestContext): (fn: () => unknown) => void {
  const fns: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return (fn) => void fns.push(fn);
}

const fastBackoff = { initial: 0.2, max: 2, factor: 2, jitter: 1 };
const rvNumber = (rv: string | null | undefined) => Number(rv ?? 0);

async function namespaceFor(defer: (fn: () => unknown) => void, client: HttpClient, prefix: string): Promise<string> {
  const ns = uniqueNamespace(prefix);
  const namespaces = new Api(Namespace, { client });
  await namespaces.create({ metadata: { name: ns } });
  defer(() => namespaces.delete(ns).catch(() => {}));
  return ns;
}

/** Counts what handlers heard, and checks as they arrive that nothing is added twice. */
class HandlerView {
  readonly alive = new Map<string, string>();
  readonly counts = { add: 0, update: 0, delete: 0, deleteFinalStateUnknown: 0, error: 0, gone: 0, watchdog: 0, addedTwice: 0 };
  add(name: string, rv: string): void {
    if (this.alive.has(name)) this.counts.addedTwice++;
    this.counts.add++;
    this.alive.set(name, rv);
  }
  update(name: string, rv: string): void {
    this.counts.update++;
    this.alive.set(name, rv);
  }
  delete(name: string, finalStateUnknown: boolean): void {
    this.counts.delete++;
    if (finalStateUnknown) this.counts.deleteFinalStateUnknown++;
    this.alive.delete(name);
  }
  error(error: Error): void {
    this.counts.error++;
    if (error.name === "Gone") this.counts.gone++;
    if (error instanceof KubexTimeoutError) this.counts.watchdog++;
  }
}

function informerView<T extends { metadata?: { name?: string; resourceVersion?: string } }>(informer: Informer<T>): HandlerView {
  const view = new HandlerView();
  informer
    .on("add", (o) => view.add(o.metadata!.name!, o.metadata!.resourceVersion!))
    .on("update", (_, o) => view.update(o.metadata!.name!, o.metadata!.resourceVersion!))
    .on("delete", (o, info) => view.delete(o.metadata!.name!, info.finalStateUnknown))
    .on("error", (e) => view.error(e));
  return view;
}

const asMap = (items: { metadata?: { name?: string; resourceVersion?: string } }[]) =>
  new Map(items.map((o) => [o.metadata!.name!, o.metadata!.resourceVersion!]));
const sorted = (m: ReadonlyMap<string, string>) => [...m].sort(([a], [b]) => a.localeCompare(b));

/** Every final state the writer produced is what the view holds now (deleted ones absent). */
function assertLedgerSeen(ledger: Ledger, view: ReadonlyMap<string, string>): void {
  for (const [name, rv] of ledger) {
    if (rv === null) assert.equal(view.has(name), false, `${name} was deleted last but is still seen`);
    else assert.equal(view.get(name), rv, `${name}: the writer's final resourceVersion ${rv} was not seen`);
  }
}

function configMapTarget(api: Api<typeof ConfigMap>): LedgerTarget {
  return {
    create: (name, step) => api.create({ metadata: { name }, data: { step: String(step) } }),
    update: (name, step) => api.patch(name, { data: { step: String(step) } }),
    remove: (name) => api.delete(name),
    read: (name) => api.get(name).then((o) => o.metadata!.resourceVersion!, (e: Error) => (e.name === "NotFound" ? null : Promise.reject(e))),
  };
}

/** Runs `lanes` writers of `ops` changes each; `onProgress` sees the total done so far. */
async function runWriters(target: LedgerTarget, prefix: string, lanes: number, ops: number, faults: { at: number; run: () => Promise<string> }[], t: TestContext) {
  const ledger: Ledger = new Map();
  const progress = { done: 0, unknown: 0 };
  const writers = Array.from({ length: lanes }, (_, lane) =>
    writeLane(target, Array.from({ length: 15 }, (_, i) => `${prefix}-${lane}-${i}`), ops, ledger, progress, seeded(lane + 1)),
  );
  const timings: string[] = [];
  const injector = (async () => {
    for (const f of faults) {
      while (progress.done < f.at) await new Promise((r) => setTimeout(r, 20));
      const started = Date.now();
      const out = await f.run();
      timings.push(`${out} (at change ${f.at}, fault command ${Date.now() - started} ms)`);
    }
  })();
  await Promise.all([...writers, injector]);
  for (const line of timings) t.diagnostic(line);
  t.diagnostic(`writer: ${progress.done} changes, ${progress.unknown} with an outcome unknown at first (read back)`);
  return ledger;
}

test("informer: 1,000 ConfigMap changes with the API server SIGKILLed and restarted twice; the store equals a fresh list", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const defer = cleanups(t);
  const client = await clientFor(cluster, "undici");
  const writerClient = await clientFor(cluster, "undici");
  defer(() => Promise.all([client.close(), writerClient.close()]));
  const ns = await namespaceFor(defer, writerClient, "faults-informer");
  const informer = new Informer(new Api(ConfigMap, { client, namespace: ns }), { backoff: fastBackoff });
  const view = informerView(informer);
  defer(() => informer.stop());
  await informer.start();

  const started = Date.now();
  const ledger = await runWriters(configMapTarget(new Api(ConfigMap, { client: writerClient, namespace: ns })), "cm", 4, 250, [
    { at: 300, run: () => fault("restart", "kube-apiserver") },
    { at: 650, run: () => fault("restart", "kube-apiserver") },
  ], t);
  const fresh = await eventually("the informer to catch up with a fresh list", async () => {
    const list = asMap((await new Api(ConfigMap, { client: writerClient, namespace: ns }).list()).items);
    const store = asMap(informer.store.list() as never);
    return JSON.stringify(sorted(store)) === JSON.stringify(sorted(list)) ? list : undefined;
  }, 60_000);
  t.diagnostic(`handlers: ${JSON.stringify(view.counts)}; ${fresh.size} objects at the end; ${Date.now() - started} ms from the first change`);
  assert.deepEqual(sorted(asMap(informer.store.list() as never)), sorted(fresh), "store = fresh list (names and resourceVersions)");
  assert.deepEqual(sorted(view.alive), sorted(fresh), "what handlers were told = fresh list");
  assertLedgerSeen(ledger, view.alive);
  assert.equal(view.counts.addedTwice, 0, "no object added twice");
  assert.ok(view.counts.error >= 2, "both restarts were seen as failures and recovered from");
});

test("watcher: metadata-only pods through 1,000 changes and two API-server SIGKILLs; the view equals a fresh list", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const defer = cleanups(t);
  const client = await clientFor(cluster, "undici");
  const writerClient = await clientFor(cluster, "undici");
  defer(() => Promise.all([client.close(), writerClient.close()]));
  const ns = await namespaceFor(defer, writerClient, "faults-watcher");
  const pods = new Api(Pod, { client: writerClient, namespace: ns });
  // Pods need the namespace's default service account, which the controller manager makes
  // (later than usual right after the previous test's restarts).
  const accounts = new Api(ServiceAccount, { client: writerClient, namespace: ns });
  await eventually("the default service account", () => accounts.get("default").then(() => true, () => undefined));
  // Gated pods are never scheduled, so only the writer changes them.
  const spec = { schedulingGates: [{ name: "kubex.test/hold" }], containers: [{ name: "app", image: "nginx" }] };
  const target: LedgerTarget = {
    create: (name, step) => pods.create({ metadata: { name, labels: { step: String(step) } }, spec }),
    update: (name, step) => pods.patch(name, { metadata: { labels: { step: String(step) } } }),
    remove: (name) => pods.delete(name, { gracePeriodSeconds: 0 }),
    read: (name) => pods.metadata.get(name).then((o) => o.metadata.resourceVersion!, (e: Error) => (e.name === "NotFound" ? null : Promise.reject(e))),
  };
  const controller = new AbortController();
  const store = new Store<PartialObjectMetadata>();
  const seen = new Map<string, Set<string>>();
  const retries: [string, WatcherRetry][] = [];
  let relists = 0;
  const loop = (async () => {
    for await (const event of watcher(new Api(Pod, { client, namespace: ns }), { metadataOnly: true, signal: controller.signal, backoff: fastBackoff, onError: (e, r) => void retries.push([e.name, r]) })) {
      store.apply(event);
      if (event.type === "Init") relists++;
      if ("object" in event) {
        assert.equal(event.object.kind, "PartialObjectMetadata");
        const name = event.object.metadata.name!;
        if (!seen.has(name)) seen.set(name, new Set());
        seen.get(name)!.add(event.object.metadata.resourceVersion!);
      }
    }
  })();
  defer(() => {
    controller.abort();
    return loop;
  });
  await store.synced;

  const ledger = await runWriters(target, "pod", 4, 250, [
    { at: 300, run: () => fault("restart", "kube-apiserver") },
    { at: 650, run: () => fault("restart", "kube-apiserver") },
  ], t);
  const fresh = await eventually("the watcher to catch up with a fresh list", async () => {
    const list = asMap((await pods.metadata.list()).items);
    return JSON.stringify(sorted(asMap(store.list() as never))) === JSON.stringify(sorted(list)) ? list : undefined;
  }, 60_000);
  const events = [...seen.values()].reduce((n, s) => n + s.size, 0);
  t.diagnostic(`watcher: ${relists} lists (1 initial), ${retries.length} recovered failures (${[...new Set(retries.map(([n, r]) => `${n}/${r.action}`))].join(", ")}), ${events} distinct states seen, ${fresh.size} pods at the end`);
  assert.deepEqual(sorted(asMap(store.list() as never)), sorted(fresh));
  assertLedgerSeen(ledger, asMap(store.list() as never));
  for (const [name, rv] of ledger) if (rv !== null) assert.ok(seen.get(name)?.has(rv), `${name}@${rv} was never delivered`);
});

test("a watch resumed from a resourceVersion older than an etcd compaction gets 410 and re-lists; the store stays correct", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const defer = cleanups(t);
  // The watch cache would serve the resume from its own history: off for ConfigMaps here.
  t.diagnostic(await fault("restart", "kube-apiserver", "--watch-cache-sizes=configmaps#0"));
  const port = Number(new URL(cluster.server).port);
  const proxy = await CuttableProxy.start(port);
  const writerClient = await clientFor(cluster, "undici");
  // The informer reaches the API server only through the proxy, so the test can cut it off alone.
  const configuration = { ...loadKubeconfig({ path: cluster.kubeconfig }), server: cluster.server.replace(`:${port}`, `:${proxy.port}`) };
  const client = await createClient({ configuration, options: { warningHandler: () => {} } });
  defer(() => Promise.all([client.close(), writerClient.close(), proxy.close()]));
  const ns = await namespaceFor(defer, writerClient, "faults-compact");
  const api = new Api(ConfigMap, { client: writerClient, namespace: ns });
  // Only the test's objects: the namespace's kube-root-ca.crt comes and goes with the controller manager.
  const labels = { "kubex.test/faults": "compact" };
  const labelSelector = "kubex.test/faults=compact";
  for (let i = 0; i < 20; i++) await api.create({ metadata: { name: `cm-${i}`, labels }, data: { v: "0" } });
  const informer = new Informer(new Api(ConfigMap, { client: client, namespace: ns }), { backoff: fastBackoff, labelSelector });
  const view = informerView(informer);
  defer(() => informer.stop());
  await informer.start();
  assert.equal(view.counts.add, 20);

  proxy.cut();
  for (let i = 0; i < 5; i++) await api.patch(`cm-${i}`, { data: { v: "1" } });
  for (let i = 5; i < 10; i++) await api.delete(`cm-${i}`);
  for (let i = 20; i < 25; i++) await api.create({ metadata: { name: `cm-${i}`, labels } });
  t.diagnostic(await fault("compact"));
  proxy.restore();

  const fresh = asMap((await api.list({ labelSelector })).items);
  await eventually("the re-list", async () => (JSON.stringify(sorted(view.alive)) === JSON.stringify(sorted(fresh)) ? true : undefined), 60_000);
  t.diagnostic(`handlers: ${JSON.stringify(view.counts)}`);
  assert.ok(view.counts.gone >= 1, "the resumed watch got 410 Gone");
  assert.equal(view.counts.deleteFinalStateUnknown, 5, "the five deleted while cut off");
  assert.equal(view.counts.add, 25, "20 initial + 5 created while cut off, none twice");
  assert.equal(view.counts.update, 5);
  assert.deepEqual(sorted(asMap(informer.store.list() as never)), sorted(fresh));
});

test("a frozen API server (SIGSTOP longer than the watchdog bound): the stream is restarted after SIGCONT and nothing is lost", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const defer = cleanups(t);
  const client = await clientFor(cluster, "undici");
  const writerClient = await clientFor(cluster, "undici");
  defer(() => Promise.all([client.close(), writerClient.close()]));
  const ns = await namespaceFor(defer, writerClient, "faults-freeze");
  const api = new Api(ConfigMap, { client: writerClient, namespace: ns });
  const watchdog = 4;
  const informer = new Informer(new Api(ConfigMap, { client, namespace: ns }), { backoff: fastBackoff, watchdog });
  const view = informerView(informer);
  defer(() => informer.stop());
  await informer.start();
  for (let i = 0; i < 10; i++) await api.create({ metadata: { name: `before-${i}` } });
  // The namespace's kube-root-ca.crt may or may not have arrived yet: count only the test's own.
  await eventually("the creates", async () => ([...view.alive.keys()].filter((name) => name.startsWith("before-")).length === 10 ? true : undefined));

  const watchdogBefore = view.counts.watchdog;
  await fault("stop", "kube-apiserver");
  const stopped = Date.now();
  try {
    await new Promise((r) => setTimeout(r, (watchdog * 2 + 1) * 1000));
  } finally {
    await fault("cont", "kube-apiserver");
  }
  const frozenFor = Date.now() - stopped;
  assert.ok(view.counts.watchdog > watchdogBefore, "the watchdog gave up on the silent stream");
  const resumed = Date.now();
  for (let i = 0; i < 10; i++) await api.patch(`before-${i}`, { data: { after: "1" } });
  for (let i = 0; i < 10; i++) await api.create({ metadata: { name: `after-${i}` } });
  const fresh = asMap((await api.list()).items);
  await eventually("every change after SIGCONT", async () => (JSON.stringify(sorted(view.alive)) === JSON.stringify(sorted(fresh)) ? true : undefined), 60_000);
  t.diagnostic(`frozen ${frozenFor} ms with a ${watchdog}s watchdog; caught up ${Date.now() - resumed} ms after SIGCONT; handlers: ${JSON.stringify(view.counts)}`);
  assert.deepEqual(sorted(asMap(informer.store.list() as never)), sorted(fresh));
  assert.equal(view.counts.addedTwice, 0);
});
