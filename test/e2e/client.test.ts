// The client against the real API server, with both backends: every way to authenticate,
// proxies, timeouts and the server's Warning headers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { Api, createClient, Forbidden, KubexConfigurationError, KubexTimeoutError, loadKubeconfig, Unauthorized } from "../../runtime/index.js";
import { ConfigMap, Namespace } from "../../generated/k8s/v1_35/core/v1/index.js";
import { SelfSubjectReview } from "../../generated/k8s/v1_35/authentication/v1/index.js";
import { e2eCluster, printLogsOnFailure, uniqueNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { backends, clientFor } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
let namespace: string;
printLogsOnFailure();

// A CONNECT proxy on loopback that counts the tunnels it opened.
let tunnels = 0;
const proxy: Server = createServer((_, res) => res.writeHead(405).end());
proxy.on("connect", (req, client, head) => {
  const [host, port] = req.url!.split(":");
  if (host !== "127.0.0.1" && host !== "localhost") return client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  tunnels++;
  const upstream = connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
});

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) return void (skip = found.skip);
  cluster = found;
  namespace = uniqueNamespace("e2e-client");
  await using c = await clientFor(cluster, "undici");
  await new Api(Namespace, { client: c }).create({ metadata: { name: namespace } });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
});
after(async () => {
  proxy.close();
  if (skip) return;
  await using c = await clientFor(cluster, "undici");
  await new Api(Namespace, { client: c }).delete(namespace);
});

for (const backend of backends) {
  test(`${backend}: client certificate, bearer token, and a token with no rights`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    for (const kubeconfig of [cluster.kubeconfig, cluster.tokenKubeconfig!]) {
      await using client = await clientFor(cluster, backend, {}, kubeconfig);
      const ns = await new Api(Namespace, { client }).get(namespace);
      assert.equal(ns.metadata?.name, namespace);
    }
    await using viewer = await clientFor(cluster, backend, {}, cluster.viewerKubeconfig!);
    await assert.rejects(new Api(Namespace, { client: viewer }).get(namespace), Forbidden);
    const bogus = { ...loadKubeconfig({ path: cluster.viewerKubeconfig! }), token: "not-a-token" };
    await using stranger = await createClient({ configuration: bogus, backend });
    await assert.rejects(new Api(Namespace, { client: stranger }).get(namespace), (e: Error) => e instanceof Unauthorized && !e.message.includes("not-a-token"));
  });

  test(`${backend}: an exec credential plugin supplies the token`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    const token = (parse(readFileSync(cluster.tokenKubeconfig!, "utf8")) as { users: { user: { token: string } }[] }).users[0]!.user.token;
    const dir = mkdtempSync(join(tmpdir(), "kubex-e2e-exec-"));
    writeFileSync(join(dir, "token"), token);
    const script = join(dir, "plugin.sh");
    writeFileSync(script, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"'"$(cat ${dir}/token)"'"}}'\n`);
    chmodSync(script, 0o755);
    const admin = parse(readFileSync(cluster.kubeconfig, "utf8")) as { clusters: unknown[] };
    const kubeconfig = join(dir, "config");
    writeFileSync(kubeconfig, JSON.stringify({
      apiVersion: "v1", kind: "Config", "current-context": "x", clusters: admin.clusters,
      users: [{ name: "plugin", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: "./plugin.sh", interactiveMode: "Never" } } }],
      contexts: [{ name: "x", context: { cluster: (admin.clusters[0] as { name: string }).name, user: "plugin" } }],
    }));
    await using client = await clientFor(cluster, backend, {}, kubeconfig);
    assert.equal((await new Api(Namespace, { client }).get(namespace)).metadata?.name, namespace);
  });

  for (const how of ["proxy", "trustEnv"] as const) {
    test(`${backend}: requests go through a CONNECT proxy set by ${how}`, async (t) => {
      if (skip) return skipOrFail(t, skip);
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const saved = process.env.HTTPS_PROXY;
      if (how === "trustEnv") process.env.HTTPS_PROXY = url;
      try {
        const before = tunnels;
        await using client = await clientFor(cluster, backend, how === "proxy" ? { proxy: url } : { trustEnv: true });
        await new Api(Namespace, { client }).get(namespace);
        assert.ok(tunnels > before, "the request went through the proxy");
        if (how === "trustEnv") {
          process.env.NO_PROXY = "127.0.0.1";
          const excluded = tunnels;
          await using direct = await clientFor(cluster, backend, { trustEnv: true });
          await new Api(Namespace, { client: direct }).get(namespace);
          assert.equal(tunnels, excluded, "NO_PROXY bypasses the proxy");
        }
      } finally {
        if (saved === undefined) delete process.env.HTTPS_PROXY;
        else process.env.HTTPS_PROXY = saved;
        delete process.env.NO_PROXY;
      }
    });
  }

  test(`${backend}: a request timeout fires on a watch that stays silent`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    await using client = await clientFor(cluster, backend);
    const cms = new Api(ConfigMap, { client, namespace });
    const started = Date.now();
    await assert.rejects(async () => {
      for await (const e of cms.watch({ resourceVersion: "0", requestTimeout: 1.5, labelSelector: "never=matches" })) void e;
    }, KubexTimeoutError);
    assert.ok(Date.now() - started < 10_000);
    await assert.rejects(async () => {
      for await (const e of cms.watch({ inactivityTimeout: 1, labelSelector: "never=matches" })) void e;
    }, (e: Error) => e instanceof KubexTimeoutError && /read timeout/.test(e.message));
  });

  test(`${backend}: the server's Warning header reaches the handler`, async (t) => {
    if (skip) return skipOrFail(t, skip);
    const warnings: string[] = [];
    await using client = await clientFor(cluster, backend, { warningHandler: (text) => warnings.push(text) });
    const cms = new Api(ConfigMap, { client, namespace });
    await cms.create({ metadata: { name: `warn-${backend}` }, data: { a: "b" }, bogusField: 1 } as never, { fieldValidation: "Warn" });
    assert.deepEqual(warnings, ['unknown field "bogusField"']);
    const silent: string[] = [];
    await using quiet = await clientFor(cluster, backend, { logApiWarnings: false, warningHandler: (text) => silent.push(text) });
    await new Api(ConfigMap, { client: quiet, namespace }).create({ metadata: { name: `quiet-${backend}` }, bogusField: 1 } as never, { fieldValidation: "Warn" });
    assert.deepEqual(silent, []);
  });
}

test("impersonating two groups: undici sends two headers the server reads as two groups; fetch refuses rather than merge them", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const impersonate = { user: "jane", groups: ["dev", "ops"], extra: { team: ["blue", "green"] } };
  const configuration = { ...loadKubeconfig({ path: cluster.kubeconfig }), impersonate };
  await using client = await createClient({ configuration, backend: "undici" });
  const review = await new Api(SelfSubjectReview, { client }).create({});
  assert.equal(review.status?.userInfo?.username, "jane");
  assert.deepEqual([...(review.status?.userInfo?.groups ?? [])].sort(), ["dev", "ops", "system:authenticated"]);
  assert.deepEqual(review.status?.userInfo?.extra, { team: ["blue", "green"] });
  await assert.rejects(createClient({ configuration, backend: "fetch" }), KubexConfigurationError);
});
