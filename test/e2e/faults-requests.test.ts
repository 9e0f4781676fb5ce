// Single requests under real faults on the local control plane: a continue token expired
// by an etcd compaction mid-list. Each test is bounded; the API server is left as up.sh started it.
import { test, before, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Api, Gone, type HttpClient } from "../../runtime/index.js";
import { ConfigMap, Namespace } from "../../generated/k8s/v1_35/core/v1/index.js";
import { e2eCluster, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { clientFor } from "./support/clients.js";
import { fault, faultsAllowed, restoreControlPlane } from "./faults-support.js";

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

after(async () => {
  if (!skip) await restoreControlPlane(cluster);
});

async function namespaceFor(t: TestContext, client: HttpClient, prefix: string): Promise<string> {
  const ns = uniqueNamespace(prefix);
  const namespaces = new Api(Namespace, { client });
  await namespaces.create({ metadata: { name: ns } });
  t.after(() => namespaces.delete(ns).catch(() => {}));
  return ns;
}

test("listAll: a continue token expired by an etcd compaction mid-list goes on with the server's fresh token; no object twice, the later pages at the latest state", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  // With the watch cache on, continue tokens are served from its snapshots and do not expire.
  t.diagnostic(await fault("restart", "kube-apiserver", "--watch-cache-sizes=configmaps#0"));
  const client = await clientFor(cluster, "undici");
  t.after(() => client.close());
  const ns = await namespaceFor(t, client, "faults-continue");
  const api = new Api(ConfigMap, { client, namespace: ns });
  const labels = { "kubex.test/faults": "continue" };
  const labelSelector = "kubex.test/faults=continue";
  const names = Array.from({ length: 20 }, (_, i) => `cm-${String(i).padStart(2, "0")}`);
  for (const name of names) await api.create({ metadata: { name, labels }, data: { v: "0" } });

  // The fault itself, seen through a plain list: the old token is refused, a fresh one offered.
  const first = await api.list({ labelSelector, limit: 5 });
  await api.patch("cm-00", { data: { v: "1" } });
  t.diagnostic(await fault("compact"));
  const refused = await api.list({ labelSelector, limit: 5, continue: first.metadata.continue! }).then(() => undefined, (e: unknown) => e);
  assert.ok(refused instanceof Gone, `the expired token was refused with 410, got ${String(refused)}`);
  t.diagnostic(`410 ${refused.reason}: ${refused.message.slice(0, 120)}…; fresh token offered: ${Boolean(refused.body.metadata?.continue)}`);
  assert.ok(refused.body.metadata?.continue, "the Status carries a fresh continue token");

  // listAll across the same fault: the first page read, then a change and a compaction.
  const listing = api.listAll({ labelSelector, limit: 5 })[Symbol.asyncIterator]();
  const yielded: { name: string; v: string | undefined }[] = [];
  const take = async () => {
    const next = await listing.next();
    if (!next.done) yielded.push({ name: next.value.metadata!.name!, v: next.value.data?.v });
    return !next.done;
  };
  for (let i = 0; i < 5; i++) assert.ok(await take());
  await api.patch("cm-19", { data: { v: "2" } });
  await api.create({ metadata: { name: "cm-99", labels } });
  t.diagnostic(await fault("compact"));
  while (await take());
  const counts = new Map<string, number>();
  for (const { name } of yielded) counts.set(name, (counts.get(name) ?? 0) + 1);
  assert.deepEqual([...counts].filter(([, n]) => n > 1), [], "no object twice");
  assert.deepEqual([...counts.keys()].sort(), [...names, "cm-99"].sort(), "every object, and the one created after the first page");
  assert.equal(yielded.find((o) => o.name === "cm-19")?.v, "2", "a later page shows the latest state");
});
