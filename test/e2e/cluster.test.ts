// The local control plane itself: a real API server, controller manager,
// scheduler and kwok node, checked with plain HTTPS calls and kubectl before
// the SDK's own layers are built on them.
import { request } from "node:https";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { spawn } from "node:child_process";
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { e2eCluster, kubectl, uniqueNamespace, printLogsOnFailure, type E2ECluster } from "./support/cluster.js";
import { eventually } from "./support/clients.js";

let cluster: E2ECluster;
let skip: string | undefined;
printLogsOnFailure();

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority"?: string; "certificate-authority-data"?: string } }[];
  users: { user: { "client-certificate"?: string; "client-key"?: string; token?: string } }[];
}

function httpsCall(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const config = parse(readFileSync(cluster.kubeconfig, "utf8")) as Kubeconfig;
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
        headers: { "content-type": "application/json", accept: "application/json" },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}


before(async () => {
  const found = await e2eCluster();
  if ("skip" in found) skip = found.skip;
  else cluster = found;
});

test("the API server answers /version with v1.35", { skip: false }, async (t) => {
  if (skip) return t.skip(skip);
  const { status, json } = await httpsCall("GET", "/version");
  assert.equal(status, 200);
  assert.match((json as { gitVersion: string }).gitVersion, /^v1\.35\./);
});

test("a namespace is created, then deleted and finalized by the controller manager", async (t) => {
  if (skip) return t.skip(skip);
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

test("a pod scheduled by the scheduler onto the kwok node reaches Running; logs, exec, port-forward work", async (t) => {
  if (skip) return t.skip(skip);
  if (!cluster.local) return t.skip("kwok-specific behaviour: local cluster only");
  const ns = uniqueNamespace("e2e-pod");
  await kubectl(cluster, ["create", "namespace", ns]);
  t.after(() => kubectl(cluster, ["delete", "namespace", ns, "--wait=false"]));
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { containers: [{ name: "web", image: "nginx" }] } };
  const created = await httpsCall("POST", `/api/v1/namespaces/${ns}/pods`, pod);
  assert.equal(created.status, 201);
  const running = await eventually("pod Running", async () => {
    const { json } = await httpsCall("GET", `/api/v1/namespaces/${ns}/pods/web`);
    const p = json as { spec: { nodeName?: string }; status: { phase?: string; hostIP?: string } };
    return p.status.phase === "Running" ? p : undefined;
  });
  assert.equal(running.spec.nodeName, cluster.node, "the scheduler placed the pod on the kwok node");
  assert.equal(running.status.hostIP, "127.0.0.1", "the node has no routable address");

  const logs = await kubectl(cluster, ["logs", "-n", ns, "web"]);
  assert.equal(logs.code, 0, logs.stderr);
  assert.deepEqual(logs.stdout.trimEnd().split("\n"), Array.from({ length: 20 }, (_, i) => `line ${i + 1}`));
  const tail = await kubectl(cluster, ["logs", "-n", ns, "web", "--tail=2", "--timestamps"]);
  assert.equal(tail.stdout, "2026-01-01T00:00:19.000000000Z line 19\n2026-01-01T00:00:20.000000000Z line 20\n");

  const ok = await kubectl(cluster, ["exec", "-n", ns, "web", "--", "sh", "-c", "echo out; echo err >&2"]);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, "out\n", "err\n"]);
  const failed = await kubectl(cluster, ["exec", "-n", ns, "web", "--", "sh", "-c", "exit 3"]);
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr, /exit status 3/);
  const stdin = await kubectl(cluster, ["exec", "-i", "-n", ns, "web", "--", "sh", "-c", "read l; echo got:$l"], { input: "hello\n" });
  assert.equal(stdin.stdout, "got:hello\n");

  // Port-forward reaches kwok's forward target, `cat`: whatever is sent comes back.
  const forward = spawn(cluster.kubectlPath, ["--kubeconfig", cluster.kubeconfig, "port-forward", "-n", ns, "pod/web", ":80"]);
  t.after(() => forward.kill());
  const localPort = await new Promise<number>((resolve, reject) => {
    forward.stdout.on("data", (chunk: Buffer) => {
      const m = /127\.0\.0\.1:(\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
    forward.on("exit", (code) => reject(new Error(`kubectl port-forward exited ${code}`)));
  });
  const echoed = await new Promise<string>((resolve, reject) => {
    const socket = connect(localPort, "127.0.0.1", () => socket.write("ping through port-forward\n"));
    let got = "";
    socket.on("data", (d: Buffer) => {
      got += d.toString();
      if (got.endsWith("\n")) { socket.end(); resolve(got); }
    });
    socket.on("error", reject);
  });
  assert.equal(echoed, "ping through port-forward\n");
});
