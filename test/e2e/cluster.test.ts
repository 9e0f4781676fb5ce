// The local control plane itself: a real API server, controller manager,
// scheduler and kwok node, checked with plain HTTPS calls and kubectl before
// the SDK's own layers are built on them. What kwok serves is documented in docs/cluster.md.
import { request } from "node:https";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:net";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { test, before, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { e2eCluster, kubectl, printLogsOnFailure, uniqueNamespace, withNamespace, type E2ECluster } from "./support/cluster.js";
import { skipOrFail } from "./support/skip.js";
import { eventually } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority"?: string } }[];
  users: { user: { "client-certificate"?: string; "client-key"?: string; token?: string } }[];
}

interface Reply {
  status: number;
  json: unknown;
  warnings: string[];
}

/** One HTTPS call with the credentials of a kubeconfig (client certificate or bearer token). */
function httpsCall(method: string, path: string, body?: unknown, kubeconfig = cluster.kubeconfig): Promise<Reply> {
  const config = parse(readFileSync(kubeconfig, "utf8")) as Kubeconfig;
  const server = new URL(config.clusters[0]!.cluster.server);
  const user = config.users[0]!.user;
  const ca = config.clusters[0]!.cluster["certificate-authority"];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: server.hostname, port: server.port, method, path,
        ca: ca ? readFileSync(ca) : undefined,
        cert: user["client-certificate"] ? readFileSync(user["client-certificate"]) : undefined,
        key: user["client-key"] ? readFileSync(user["client-key"]) : undefined,
        headers: {
          "content-type": "application/json", accept: "application/json",
          ...(user.token ? { authorization: `Bearer ${user.token}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          const warning = res.headers.warning;
          const warnings = warning === undefined ? [] : Array.isArray(warning) ? warning : [warning];
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), warnings });
        });
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A pod on the kwok node, Running. */
async function runningPod(ns: string, name: string, nodeName?: string): Promise<{ spec: { nodeName?: string }; status: { phase?: string; hostIP?: string; podIP?: string } }> {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName, containers: [{ name: "main", image: "busybox" }] } };
  const created = await httpsCall("POST", `/api/v1/namespaces/${ns}/pods`, pod);
  assert.equal(created.status, 201);
  return eventually(`pod ${name} Running`, async () => {
    const { json } = await httpsCall("GET", `/api/v1/namespaces/${ns}/pods/${name}`);
    const p = json as Awaited<ReturnType<typeof runningPod>>;
    return p.status.phase === "Running" ? p : undefined;
  });
}

/** Starts a long-running kubectl (attach, port-forward, logs -f), killed when the test ends. */
function kubectlProcess(t: TestContext, args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(cluster.kubectlPath, ["--kubeconfig", cluster.kubeconfig, ...args]);
  t.after(() => child.kill());
  return child;
}

/** Resolves when the output of `child` matches `pattern`, with the match. */
function outputMatching(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const m = pattern.exec(text);
      if (m) resolve(m);
    });
    child.on("exit", (code) => reject(new Error(`kubectl exited ${code} before printing ${pattern}; got ${JSON.stringify(text)}`)));
  });
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

test("the API server answers /version with v1.35", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const { status, json } = await httpsCall("GET", "/version");
  assert.equal(status, 200);
  assert.match((json as { gitVersion: string }).gitVersion, /^v1\.35\./);
});

test("a namespace is created, then deleted and finalized by the controller manager", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const name = uniqueNamespace("e2e-ns");
  const created = await httpsCall("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  assert.equal(created.status, 201);
  // A config map inside makes the namespace controller do real work before the namespace is gone.
  await httpsCall("POST", `/api/v1/namespaces/${name}/configmaps`, { metadata: { name: "x" }, data: { a: "b" } });
  const deleted = await httpsCall("DELETE", `/api/v1/namespaces/${name}`);
  assert.equal(deleted.status, 200);
  assert.equal((deleted.json as { status: { phase: string } }).status.phase, "Terminating");
  await eventually("namespace finalization", async () => ((await httpsCall("GET", `/api/v1/namespaces/${name}`)).status === 404 ? true : undefined));
});

test("the token kubeconfig is an admin; the viewer token is authenticated but has no rights", async (t) => {
  if (skip) return skipOrFail(t, skip);
  if (!cluster.tokenKubeconfig || !cluster.viewerKubeconfig) return skipOrFail(t, "the cluster provides no token kubeconfigs");
  assert.equal((await httpsCall("GET", "/api/v1/namespaces/default/pods", undefined, cluster.tokenKubeconfig)).status, 200);
  const denied = await httpsCall("GET", "/api/v1/namespaces/default/pods", undefined, cluster.viewerKubeconfig);
  assert.equal(denied.status, 403);
  assert.equal((denied.json as { reason: string }).reason, "Forbidden");
});

test("Warning headers: an unknown field, a deprecated API", async (t) => {
  if (skip) return skipOrFail(t, skip);
  const ns = await withNamespace(t, cluster, "e2e-warn");
  const created = await httpsCall("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Warn`, { metadata: { name: "w" }, bogus: 1 });
  assert.equal(created.status, 201);
  assert.deepEqual(created.warnings, ['299 - "unknown field \\"bogus\\""']);
  const deprecated = await httpsCall("GET", "/api/v1/componentstatuses");
  assert.deepEqual(deprecated.warnings, ['299 - "v1 ComponentStatus is deprecated in v1.19+"']);
});

test("a pod scheduled by the scheduler onto the kwok node reaches Running, with loopback addresses only", async (t) => {
  if (skip) return skipOrFail(t, skip);
  if (!cluster.local) return skipOrFail(t, "kwok-specific behaviour: local cluster only");
  const ns = await withNamespace(t, cluster, "e2e-pod");
  const pod = await runningPod(ns, "web");
  assert.equal(pod.spec.nodeName, cluster.node, "the scheduler placed the pod on the kwok node");
  assert.equal(pod.status.hostIP, "127.0.0.1");
  assert.match(pod.status.podIP ?? "", /^127\.1\.\d+\.\d+$/, "pod IPs come from the loopback pod CIDR");
});

test("kubectl logs, exec, attach and port-forward return what kwok is configured to produce", async (t) => {
  if (skip) return skipOrFail(t, skip);
  if (!cluster.local) return skipOrFail(t, "kwok-specific behaviour: local cluster only");
  const ns = await withNamespace(t, cluster, "e2e-stream");
  await runningPod(ns, "box", cluster.node);

  // Logs: 20 fixed lines, with their CRI timestamps on request; follow keeps the stream open.
  const logs = await kubectl(cluster, ["logs", "-n", ns, "box"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.deepEqual(logs.stdout.trimEnd().split("\n"), Array.from({ length: 20 }, (_, i) => `line ${i + 1}`));
  const tail = await kubectl(cluster, ["logs", "-n", ns, "box", "--tail=2", "--timestamps"]);
  assert.equal(tail.stdout, "2026-01-01T00:00:19.000000000Z line 19\n2026-01-01T00:00:20.000000000Z line 20\n");
  const follow = kubectlProcess(t, ["logs", "-f", "-n", ns, "box"]);
  await outputMatching(follow, /line 20\n/);
  assert.equal(follow.exitCode, null, "a followed log stays open");

  // Exec runs on this machine: stdout, stderr, stdin and exit codes come through.
  const ok = await kubectl(cluster, ["exec", "-n", ns, "box", "--", "sh", "-c", "echo out; echo err >&2"]);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, "out\n", "err\n"]);
  const failed = await kubectl(cluster, ["exec", "-n", ns, "box", "--", "sh", "-c", "exit 3"]);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Internal error occurred: .*exit status 3/);
  const stdin = await kubectl(cluster, ["exec", "-i", "-n", ns, "box", "--", "sh", "-c", "read l; echo got:$l"], { input: "hello\n" });
  assert.equal(stdin.stdout, "got:hello\n");

  // Attach follows kwok's attach file: lines appended after attaching arrive.
  const attach = kubectlProcess(t, ["attach", "-n", ns, "box"]);
  await new Promise((r) => setTimeout(r, 1500));
  const marker = `attached-${Date.now()}`;
  appendFileSync(join(cluster.kwokDir!, "attach.log"), `2026-01-01T00:00:00.000000000Z stdout F ${marker}\n`);
  await outputMatching(attach, new RegExp(`${marker}\n`));

  // Port-forward (any port but 7007) reaches the loopback echo server: 10 MiB go there and back intact.
  const forward = kubectlProcess(t, ["port-forward", "-n", ns, "pod/box", ":8080"]);
  const localPort = Number((await outputMatching(forward, /127\.0\.0\.1:(\d+)/))[1]);
  const payload = randomBytes(10 * 1024 * 1024);
  const echoed = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = connect(localPort, "127.0.0.1", () => socket.write(payload));
    // The echo never sees our end of input (kwok does not half-close), so count the bytes.
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= payload.length) { socket.destroy(); resolve(Buffer.concat(chunks)); }
    });
    socket.on("error", reject);
  });
  assert.equal(sha(echoed), sha(payload));

  // Port 7007 reaches `cat`: it echoes, and ends its side once ours is ended.
  const catForward = kubectlProcess(t, ["port-forward", "-n", ns, "pod/box", ":7007"]);
  const catPort = Number((await outputMatching(catForward, /127\.0\.0\.1:(\d+)/))[1]);
  const answered = await new Promise<string>((resolve, reject) => {
    let got = "";
    const socket = connect(catPort, "127.0.0.1", () => socket.end("half-close\n"));
    socket.on("data", (d: Buffer) => (got += d.toString()));
    socket.on("end", () => resolve(got));
    socket.on("error", reject);
  });
  assert.equal(answered, "half-close\n");
});
