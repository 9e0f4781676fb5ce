// Single requests under real faults on the local control plane: a continue token expired
// by an etcd compaction mid-list, APF turning requests away with 429, and connections reset
// mid-response by a loopback proxy. Each test is
// bounded; the API server and its flow control are left as up.sh started them.
import { test, before, after, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Api, Gone, KubexClientError, loadKubeconfig, createClient, TooManyRequests, type ClientOptions, type HttpClient, type RetryNotice } from "../../runtime/index.js";
import { ConfigMap, Namespace } from "../../generated/k8s/v1_35/core/v1/index.js";
import { FlowSchema, PriorityLevelConfiguration } from "../../generated/k8s/v1_35/flowcontrol/v1/index.js";
import { Role, RoleBinding } from "../../generated/k8s/v1_35/rbac/v1/index.js";
import { e2eCluster, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { clientFor, eventually } from "./support/clients.js";
import { fault, faultsAllowed, ResettingProxy, restoreControlPlane } from "./faults-support.js";

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

test("APF: 200 concurrent lists through a one-share priority level all succeed by 429 retries honouring Retry-After; with retry: false some fail as TooManyRequests", { timeout: 240_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const admin = await clientFor(cluster, "undici");
  t.after(() => admin.close());
  const ns = await namespaceFor(t, admin, "faults-apf");
  // APF exempts system:masters (the admin): the requests go as another user, by impersonation,
  // which APF classifies (impersonation is resolved before flow control).
  const user = `kubex-apf-${ns}`;
  await new Api(Role, { client: admin, namespace: ns }).create({ metadata: { name: "read" }, rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] }] });
  await new Api(RoleBinding, { client: admin, namespace: ns }).create({
    metadata: { name: "read" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "read" }, subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: user }],
  });
  const levels = new Api(PriorityLevelConfiguration, { client: admin });
  const schemas = new Api(FlowSchema, { client: admin });
  // Its nominal share of the server's seats is 1 of ~246 shares: a handful of seats, no borrowing, no queue.
  const level = await levels.create({
    metadata: { name: user },
    spec: { type: "Limited", limited: { nominalConcurrencyShares: 1, lendablePercent: 0, borrowingLimitPercent: 0, limitResponse: { type: "Reject" } } },
  });
  t.after(() => levels.delete(user).catch(() => {}));
  await schemas.create({
    metadata: { name: user },
    spec: {
      priorityLevelConfiguration: { name: user }, matchingPrecedence: 500, distinguisherMethod: { type: "ByUser" },
      rules: [{ subjects: [{ kind: "User", user: { name: user } }], resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true }] }],
    },
  });
  t.after(() => schemas.delete(user).catch(() => {}));
  const data = { blob: "x".repeat(20_000) };
  await Promise.all(Array.from({ length: 40 }, (_, i) => new Api(ConfigMap, { client: admin, namespace: ns }).create({ metadata: { name: `cm-${i}` }, data })));

  const impersonating = (options: ClientOptions) =>
    createClient({ configuration: { ...loadKubeconfig({ path: cluster.kubeconfig }), impersonate: { user } }, options: { warningHandler: () => {}, ...options } });
  const notices: RetryNotice[] = [];
  // client-go's count of attempts: APF raises its Retry-After (1 s, then 2, 4, ...) while the burst lasts.
  const retrying = await impersonating({ retry: { attempts: 10, onRetry: (n: RetryNotice) => notices.push(n) } });
  const single = await impersonating({ retry: false });
  t.after(() => Promise.all([retrying.close(), single.close()]));
  // The flow schema is in force once the user's requests are classified into the new level.
  await eventually("the flow schema to classify the user's requests", async () => {
    const response = await single.request({ method: "GET", path: `/api/v1/namespaces/${ns}/configmaps`, query: [["limit", "1"]] }).catch(() => undefined);
    await response?.cancel();
    return response?.headers.get("x-kubernetes-pf-prioritylevel-uid") === level.metadata!.uid ? true : undefined;
  }, 30_000);

  const burst = async (client: HttpClient) => {
    const api = new Api(ConfigMap, { client, namespace: ns });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => api.list()));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Error);
    return { ok: results.length - rejected.length, rejected };
  };
  const started = Date.now();
  const plain = await burst(single);
  const tooMany = plain.rejected.filter((e) => e instanceof TooManyRequests);
  t.diagnostic(`retry: false: ${plain.ok} ok, ${tooMany.length} TooManyRequests (Retry-After ${[...new Set(tooMany.map((e) => (e as TooManyRequests).retryAfterSeconds))].join(", ")} s), ${plain.rejected.length - tooMany.length} other failures, ${Date.now() - started} ms`);
  assert.equal(plain.rejected.length, tooMany.length, `only 429s: ${plain.rejected.find((e) => !(e instanceof TooManyRequests))?.message}`);
  assert.ok(tooMany.length > 0, "some of the 200 were turned away");

  const again = Date.now();
  const retried = await burst(retrying);
  const by429 = notices.filter((n) => n.error instanceof TooManyRequests);
  t.diagnostic(`default retries: ${retried.ok} ok, ${retried.rejected.length} failed, ${notices.length} retries (${by429.length} after a 429; attempts up to ${Math.max(0, ...notices.map((n) => n.attempt)) + 1}), ${Date.now() - again} ms`);
  assert.deepEqual(retried.rejected.map((e) => e.message), [], "all 200 succeed");
  assert.ok(by429.length > 0, "429s were retried");
  for (const n of by429) {
    const asked = (n.error as TooManyRequests).retryAfterSeconds;
    if (asked !== undefined) assert.ok(n.delay >= Math.min(asked, 30), `waited ${n.delay} s for a Retry-After of ${asked} s`);
  }
});

test("connections reset mid-response by a loopback proxy: a list is sent again and succeeds; a create that reached the server is not, and its error says so", { timeout: 120_000 }, async (t) => {
  if (skip) return t.skip(skip);
  const admin = await clientFor(cluster, "undici");
  t.after(() => admin.close());
  const ns = await namespaceFor(t, admin, "faults-reset");
  const data = { blob: "x".repeat(100_000) };
  for (let i = 0; i < 10; i++) await new Api(ConfigMap, { client: admin, namespace: ns }).create({ metadata: { name: `cm-${i}` }, data });
  const port = Number(new URL(cluster.server).port);
  // About 1 MB of list and 100 kB of created object: a cut after 48 kB falls in the body.
  const proxy = await ResettingProxy.start(port, 48 * 1024);
  t.after(() => proxy.close());
  const notices: RetryNotice[] = [];
  const configuration = { ...loadKubeconfig({ path: cluster.kubeconfig }), server: cluster.server.replace(`:${port}`, `:${proxy.port}`) };
  const client = await createClient({ configuration, options: { warningHandler: () => {}, retry: { backoff: { initial: 0.1 }, onRetry: (n) => notices.push(n) } } });
  t.after(() => client.close());
  const api = new Api(ConfigMap, { client, namespace: ns });

  proxy.cuts = 2;
  const list = await api.list();
  t.diagnostic(`list: ${proxy.resets} connections reset, retries: ${notices.map((n) => n.error.message).join(" | ")}`);
  // The namespace's kube-root-ca.crt comes and goes with the controller manager: only the test's own.
  assert.equal(list.items.filter((o) => o.metadata!.name!.startsWith("cm-")).length, 10);
  assert.equal(proxy.resets, 2);
  assert.deepEqual(notices.map((n) => [n.method, n.attempt]), [["GET", 1], ["GET", 2]]);

  notices.length = 0;
  proxy.cuts = 1;
  const error = await api.create({ metadata: { name: "big" }, data }).then(() => undefined, (e: unknown) => e);
  t.diagnostic(`create: ${String(error)}`);
  assert.ok(error instanceof KubexClientError, `a client error, got ${String(error)}`);
  assert.match(error.message, /not retried: the connection broke \(\w+\) after a POST may have reached the server/);
  assert.equal(notices.length, 0, "not sent again");
  // It had reached the server: sending it again would have been a second create.
  assert.equal((await new Api(ConfigMap, { client: admin, namespace: ns }).get("big")).data?.blob?.length, 100_000);
});
