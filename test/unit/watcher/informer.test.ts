// The Informer against the in-process API server: what handlers hear, across re-lists and failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, createClient, Informer, KubexArgumentError, type WatcherRetry } from "../../../runtime/index.js";
import { ConfigMap } from "../../../generated/k8s/v1_35/core/v1/index.js";
import { FakeApiServer } from "./fake-api-server.js";

const fast = { initial: 0.01, max: 0.05, factor: 2, jitter: 0 };

async function setup(t: { after(fn: () => unknown): void }) {
  const server = await FakeApiServer.start();
  const client = await createClient({ configuration: server.configuration, options: { warningHandler: () => {} } });
  const api = new Api(ConfigMap, { client, namespace: "default" });
  const log: string[] = [];
  const informer = new Informer(api, { backoff: fast })
    .on("add", (o) => void log.push(`add ${o.metadata?.name}@${o.metadata?.resourceVersion}`))
    .on("update", (old, o) => void log.push(`update ${o.metadata?.name}@${old.metadata?.resourceVersion}->${o.metadata?.resourceVersion}`))
    .on("delete", (o, info) => void log.push(`delete ${o.metadata?.name}@${o.metadata?.resourceVersion}${info.finalStateUnknown ? " (final state unknown)" : ""}`))
    .on("synced", () => void log.push("synced"));
  t.after(async () => {
    await informer.stop();
    await client.close();
    await server.close();
  });
  return { server, client, api, informer, log };
}

const waitFor = async (what: string, fn: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test("start() resolves after the initial adds and synced; then add, update (old and new) and delete follow the watch", async (t) => {
  const { server, informer, log } = await setup(t);
  server.put("a"); // rv 101
  server.put("b"); // 102
  await informer.start();
  assert.deepEqual(log, ["add a@101", "add b@102", "synced"]);
  assert.equal(informer.store.get("a", "default")?.metadata?.resourceVersion, "101");
  server.put("a", { x: "1" }); // 103
  server.put("c"); // 104
  server.remove("b"); // 105
  await waitFor("three events", () => log.length === 6);
  assert.deepEqual(log.slice(3), ["update a@101->103", "add c@104", "delete b@105"]);
  assert.deepEqual(informer.store.keys().sort(), ["default/a", "default/c"]);
});

test("after a re-list: vanished objects are deleted with finalStateUnknown, unchanged ones are silent, nothing is added twice", async (t) => {
  const { server, informer, log } = await setup(t);
  server.put("keep"); // 101
  server.put("change"); // 102
  server.put("vanish"); // 103
  await informer.start();
  log.length = 0;
  server.dropWatches();
  server.silent = true; // the informer misses what follows
  server.put("change", { v: "2" }); // 104
  server.remove("vanish"); // 105
  server.put("new"); // 106
  server.compact();
  server.silent = false;
  await waitFor("the re-list", () => log.length === 3);
  assert.deepEqual(log.sort(), ["add new@106", "delete vanish@103 (final state unknown)", "update change@102->104"]);
  assert.deepEqual(informer.store.keys().sort(), ["default/change", "default/keep", "default/new"]);
});

test("a handler that throws reaches `error` and the informer goes on", async (t) => {
  const { server, informer, log } = await setup(t);
  const errors: Error[] = [];
  informer.on("add", (o) => {
    if (o.metadata?.name === "bad") throw new Error("handler failed");
  });
  informer.on("error", (e) => void errors.push(e));
  await informer.start();
  server.put("bad");
  server.put("good");
  await waitFor("both adds", () => log.length === 3);
  assert.deepEqual(log, ["synced", "add bad@101", "add good@102"]);
  assert.deepEqual(errors.map((e) => e.message), ["handler failed"]);
});

test("failures the watcher recovers from reach `error` with what happens next", async (t) => {
  const { server, informer } = await setup(t);
  const retries: [string, WatcherRetry | undefined][] = [];
  informer.on("error", (e, retry) => void retries.push([e.name, retry]));
  await informer.start();
  server.fail(500, { on: "watch" });
  server.dropWatches();
  await waitFor("two errors", () => retries.length === 2);
  assert.equal(retries[0]![1]?.action, "resume");
  assert.deepEqual(retries[1], ["InternalError", { action: "resume", delay: 0.02, attempt: 2 }]);
});

test("resyncPeriod re-delivers the store as updates with the same object as old and new", async (t) => {
  const server = await FakeApiServer.start();
  const client = await createClient({ configuration: server.configuration });
  const informer = new Informer(new Api(ConfigMap, { client, namespace: "default" }), { resyncPeriod: 0.1 });
  const same: boolean[] = [];
  informer.on("update", (old, o) => void same.push(old === o));
  t.after(async () => {
    await informer.stop();
    await client.close();
    await server.close();
  });
  server.put("a");
  await informer.start();
  await waitFor("two resyncs", () => same.length >= 2);
  assert.ok(same.every(Boolean));
  assert.throws(() => new Informer(new Api(ConfigMap, { client }), { resyncPeriod: 0 }), KubexArgumentError);
});

test("stop() ends the watch; metadataOnly informers hold PartialObjectMetadata", async (t) => {
  const server = await FakeApiServer.start();
  const client = await createClient({ configuration: server.configuration });
  t.after(async () => {
    await client.close();
    await server.close();
  });
  server.put("a", { big: "x" });
  const informer = new Informer(new Api(ConfigMap, { client, namespace: "default" }), { metadataOnly: true });
  await informer.start();
  const a = informer.store.get("a", "default")!;
  assert.equal(a.kind, "PartialObjectMetadata");
  assert.equal("data" in a, false);
  assert.equal(server.openWatches, 1);
  await informer.stop();
  await waitFor("the watch to close", () => server.openWatches === 0);
});

test("start() rejects when the watcher cannot go on (a closed client)", async (t) => {
  const server = await FakeApiServer.start();
  const client = await createClient({ configuration: server.configuration });
  t.after(() => server.close());
  await client.close();
  const informer = new Informer(new Api(ConfigMap, { client, namespace: "default" }));
  const errors: Error[] = [];
  informer.on("error", (e) => void errors.push(e));
  await assert.rejects(informer.start(), /closed/);
  assert.equal(errors.length, 1);
});
