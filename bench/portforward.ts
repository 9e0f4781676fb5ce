// Port-forward throughput: kubex's `portforward.listen` against `kubectl port-forward` on the same kwok pod.
// Each contender echoes `--mib` MiB through its loopback listener (kwok's port-forward target echoes),
// `--rounds` times; the best round counts. Prints MiB/s per contender and kubex/kubectl as a ratio.
//   node --import tsx bench/portforward.ts [--mib 32] [--rounds 3]
// Needs the local control plane (`scripts/cluster/up.sh`); reads .cluster/env unless KUBEX_E2E_KUBECONFIG is set.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Api, createClient, loadKubeconfig, type Backend } from "../runtime/index.js";
import { Namespace, Pod } from "../generated/k8s/v1_35/core/v1/index.js";

const { values } = parseArgs({ options: { mib: { type: "string", default: "32" }, rounds: { type: "string", default: "3" }, backend: { type: "string", default: "undici" } } });
const MiB = 1024 * 1024;
const payload = randomBytes(Number(values.mib) * MiB);
const rounds = Number(values.rounds);

function clusterEnv(): Record<string, string | undefined> {
  const file = resolve(".cluster/env");
  if (process.env.KUBEX_E2E_KUBECONFIG || !existsSync(file)) return process.env;
  const env: Record<string, string | undefined> = { ...process.env };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^(\w+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2];
  }
  return env;
}

/** Sends the payload through a local port and reads the echo back; returns MiB/s (both directions at once). */
function echoThroughput(port: number): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const hash = createHash("sha256");
    let got = 0;
    const socket = connect(port, "127.0.0.1", () => socket.write(payload));
    socket.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      got += chunk.length;
      if (got < payload.length) return;
      const seconds = (performance.now() - started) / 1000;
      socket.destroy();
      if (hash.digest("hex") !== createHash("sha256").update(payload).digest("hex")) return fail(new Error("echo differs from payload"));
      done(payload.length / MiB / seconds);
    });
    socket.on("error", fail);
    socket.on("close", () => got < payload.length && fail(new Error(`connection closed after ${got} of ${payload.length} bytes`)));
  });
}

async function best(port: number): Promise<number> {
  let top = 0;
  for (let i = 0; i < rounds; i++) top = Math.max(top, await echoThroughput(port));
  return top;
}

function kubectlPortForward(kubectl: string, kubeconfig: string, ns: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(kubectl, ["--kubeconfig", kubeconfig, "-n", ns, "port-forward", "pod/bench", ":8080"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((ready, fail) => {
    let text = "";
    const timer = setTimeout(() => fail(new Error(`kubectl port-forward did not start: ${text}`)), 20_000);
    const onOutput = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        ready({ port: Number(match[1]), child });
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.on("exit", (code) => fail(new Error(`kubectl port-forward exited with ${code}: ${text}`)));
  });
}

const env = clusterEnv();
const kubeconfig = env.KUBEX_E2E_KUBECONFIG;
const node = env.KUBEX_E2E_NODE;
if (!kubeconfig || !node) throw new Error("no local cluster: run scripts/cluster/up.sh (or set KUBEX_E2E_KUBECONFIG and KUBEX_E2E_NODE)");
const kubectl = env.KUBEX_E2E_KUBECTL ?? "kubectl";

await using client = await createClient({ configuration: loadKubeconfig({ path: kubeconfig }), backend: values.backend as Backend, options: { warningHandler: () => {} } });
const ns = `bench-portforward-${Date.now().toString(36)}`;
const namespaces = new Api(Namespace, { client });
await namespaces.create({ metadata: { name: ns } });
try {
  const pods = new Api(Pod, { client, namespace: ns });
  await pods.create({ metadata: { name: "bench" }, spec: { nodeName: node, containers: [{ name: "main", image: "busybox" }] } });
  for (let i = 0; (await pods.get("bench")).status?.phase !== "Running"; i++) {
    if (i > 300) throw new Error("pod bench not Running after 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }

  let kubex: number;
  {
    await using listener = await pods.portforward.listen("bench", { portMap: { 8080: 0 } });
    await echoThroughput(listener.ports[8080]!); // warm-up
    kubex = await best(listener.ports[8080]!);
  }

  const { port, child } = await kubectlPortForward(kubectl, kubeconfig, ns);
  let reference: number;
  try {
    await echoThroughput(port); // warm-up
    reference = await best(port);
  } finally {
    child.removeAllListeners("exit");
    child.kill();
  }

  console.log(`payload ${values.mib} MiB echoed, best of ${rounds} rounds (MiB/s counts one direction; both run at once)`);
  console.log(`kubex listen (${values.backend}): ${kubex.toFixed(1)} MiB/s`);
  console.log(`kubectl port-forward:    ${reference.toFixed(1)} MiB/s`);
  console.log(`ratio kubex/kubectl:     ${(kubex / reference).toFixed(2)}`);
} finally {
  await namespaces.delete(ns).catch(() => undefined);
}
